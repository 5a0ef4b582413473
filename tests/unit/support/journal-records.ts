import type { JournalRecord, StampedRecord } from '../../../src/main/engine/journal';

/** Records as a journal holds them, each stamped so many milliseconds after `start`. */
export function stamped(start: string, entries: readonly (readonly [number, JournalRecord])[]): StampedRecord[] {
  const origin = Date.parse(start);
  return entries.map(([offset, record]) => ({ ...record, at: new Date(origin + offset).toISOString() }));
}

/** A run's first record, as the run manager writes it, with three steps unless told otherwise. */
export function runStarted(
  overrides: Partial<Extract<JournalRecord, { type: 'run-started' }>> = {},
): Extract<JournalRecord, { type: 'run-started' }> {
  return {
    type: 'run-started',
    runId: '20261202-081400-0a1b2c3d',
    flowId: 'promote-management-server',
    flowTitle: 'Promote a Service Manager management server',
    mode: 'drill',
    siteName: 'Contoso production (drill)',
    operatorAccount: 'CONTOSO\\operator',
    computer: 'SCSM02',
    wizardVersion: '0.1.0',
    answers: { server: 'SCSM02' },
    answersSummary: [{ label: 'Server to promote', value: 'SCSM02 (scsm02.contoso.local)' }],
    steps: [
      { id: 'stop', title: 'Stop the services' },
      { id: 'delete', title: 'Delete the Health Service State folder' },
      { id: 'start', title: 'Start the services' },
    ],
    ...overrides,
  };
}
