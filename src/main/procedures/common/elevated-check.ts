import type { CheckDefinition } from '../../engine/flow-types';

/** Stopping services, running Setup and writing under Program Files need an elevated token. */
export function elevatedCheck(): CheckDefinition {
  return {
    id: 'elevated',
    title: 'The wizard runs with administrator rights',
    run: async (ctx) =>
      (await ctx.host.system.isElevated())
        ? { status: 'pass', expected: 'elevated', found: 'elevated' }
        : {
            status: 'fail',
            expected: 'elevated',
            found: 'not elevated',
            remedy: 'Close the wizard and start it again with "Run as administrator".',
          },
  };
}
