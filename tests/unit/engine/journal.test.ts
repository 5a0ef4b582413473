import { describe, expect, it } from 'vitest';
import { summarizeJournal, type JournalRecord, type StampedRecord } from '../../../src/main/engine/journal';

const at = '2026-11-22T00:00:00.000Z';
const stamped = (records: JournalRecord[]): StampedRecord[] => records.map((record) => ({ ...record, at }));

const start: JournalRecord = {
  type: 'run-started',
  runId: 'run-1',
  flowId: 'promote-management-server',
  flowTitle: 'Test',
  mode: 'drill',
  siteName: 'Contoso',
  answers: {},
  steps: ['a', 'b', 'c'].map((id) => ({ id, title: `Step ${id}` })),
};

describe('journal summary', () => {
  it('keeps a failure of a step running in parallel when another step finishes after it', () => {
    const summary = summarizeJournal(
      stamped([
        start,
        { type: 'step-started', stepId: 'a' },
        { type: 'step-started', stepId: 'b' },
        { type: 'step-started', stepId: 'c' },
        { type: 'step-failed', stepId: 'a', message: 'unreachable' },
        { type: 'step-failed', stepId: 'b', message: 'unreachable' },
        { type: 'step-finished', stepId: 'c', durationMs: 5 },
      ]),
    );
    expect(summary?.failedStep).toBe('b');
    expect([...(summary?.finishedSteps ?? [])]).toEqual(['c']);
  });

  it('names the failure still standing once a retried step finishes', () => {
    const summary = summarizeJournal(
      stamped([
        start,
        { type: 'step-failed', stepId: 'a', message: 'unreachable' },
        { type: 'step-failed', stepId: 'b', message: 'unreachable' },
        { type: 'step-started', stepId: 'b' },
        { type: 'step-finished', stepId: 'b', durationMs: 5 },
      ]),
    );
    expect(summary?.failedStep).toBe('a');
    const cleared = summarizeJournal([
      ...stamped([start, { type: 'step-failed', stepId: 'a', message: 'unreachable' }]),
      ...stamped([{ type: 'step-finished', stepId: 'a', durationMs: 5 }]),
    ]);
    expect(cleared?.failedStep).toBeUndefined();
  });
});
