import type { CheckDefinition } from '../../engine/flow-types';
import { takenAt } from './taken-at';

/**
 * The order rule of the recovery guides ("Implement Service Manager disaster recovery": restore the
 * encryption key before you start the management server setup): Setup may run on a management server only after its
 * encryption key was restored on this very computer. Evidence is a successful restore in a
 * journal of this wizard for this server, signed in on it.
 */
export function encryptionKeyRestoredCheck(server: string): CheckDefinition {
  return {
    id: 'encryption-key-restored',
    title: `The encryption key of ${server} was restored on this computer`,
    run: async (ctx) => {
      const here = await ctx.host.system.computerName();
      const restores = ctx.history
        .succeeded('encryption-key', ctx.mode)
        .filter(
          (run) =>
            run.answers.action === 'restore' &&
            String(run.answers.server).toLowerCase() === server.toLowerCase() &&
            here.toLowerCase() === server.toLowerCase(),
        );
      const last = restores.at(-1);
      if (last)
        return {
          status: 'pass',
          expected: 'a successful key restore',
          found: takenAt(ctx, last.finishedAt, 'restored'),
        };
      return {
        status: 'fail',
        expected: 'a successful key restore on this computer',
        found: 'no restore of this key is recorded here',
        remedy: `Restore the encryption key of ${server} first (Start → Back up or restore an encryption key → Restore), on ${server} itself. Setup must not run before it.`,
      };
    },
  };
}
