import { describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../../src/shared/run-contract';
import { applyRunEvent } from '../../../../src/renderer/src/store/run-events';

const snapshot: RunSnapshot = {
  runId: 'run-00000001',
  flowId: 'encryption-key',
  flowTitle: 'Back up or restore an encryption key',
  mode: 'drill',
  phase: 'running',
  resumed: false,
  answersSummary: [],
  checks: [],
  plan: [],
  steps: [{ id: 'back-up-key', title: 'Back up', state: 'pending', output: [] }],
  verification: [],
  journalPath: '/tmp/x.jsonl',
  startedAt: '2026-11-22T00:00:00.000Z',
  revision: 3,
};

describe('folding run events in the renderer', () => {
  it('applies a newer event and takes its revision', () => {
    const next = applyRunEvent(snapshot, {
      runId: snapshot.runId,
      revision: 4,
      type: 'step-output',
      stepId: 'back-up-key',
      line: 'hello',
    });
    expect(next.steps[0]?.output).toEqual(['hello']);
    expect(next.revision).toBe(4);
  });

  it('ignores an event it has already seen, and one of another run', () => {
    const old = { runId: snapshot.runId, revision: 3, type: 'phase' as const, phase: 'failed' as const };
    expect(applyRunEvent(snapshot, old)).toBe(snapshot);
    expect(applyRunEvent(snapshot, { ...old, runId: 'run-00000002', revision: 9 })).toBe(snapshot);
  });
});
