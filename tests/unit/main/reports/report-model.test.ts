import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../../src/main/engine/journal';
import { reportModel, UnreadableJournalError } from '../../../../src/main/reports/report-model';
import type { PlannedStep } from '../../../../src/shared/run-contract';
import { runStarted, stamped } from '../../support/journal-records';

const START = '2026-12-02T08:14:00Z';
const HOUR = 3_600_000;

const PLAN: PlannedStep[] = [
  { id: 'stop', title: 'Stop the services', commands: [], alreadyDone: false },
  {
    id: 'delete',
    title: 'Delete the Health Service State folder',
    commands: [],
    alreadyDone: false,
    destructive: { warning: 'Deletes the folder and everything in it.', confirmWord: 'DELETE' },
  },
  { id: 'start', title: 'Start the services', commands: [], alreadyDone: false },
];

const confirmed: JournalRecord = {
  type: 'confirmed',
  acknowledgedWarnings: ['console'],
  confirmedSteps: ['delete'],
  plan: PLAN,
};
const checks: JournalRecord = {
  type: 'checks',
  results: [
    { id: 'services', title: 'The services are installed', status: 'pass' },
    { id: 'console', title: 'The console is closed', status: 'warn', found: 'open' },
  ],
};

function at(iso: string): number {
  return Date.parse(iso);
}

describe('a run read from its journal', () => {
  it('keeps who ran it from where, the checks, what was acknowledged and typed, and the plan', () => {
    const model = reportModel(
      stamped(START, [
        [0, runStarted()],
        [10, checks],
        [20, confirmed],
        [100, { type: 'step-started', stepId: 'stop' }],
        [150, { type: 'step-output', stepId: 'stop', line: 'Stopping OMSDK' }],
        [1100, { type: 'step-finished', stepId: 'stop', durationMs: 1000 }],
        [1200, { type: 'step-skipped', stepId: 'delete', reason: 'already done' }],
        [1300, { type: 'step-started', stepId: 'start' }],
        [2300, { type: 'step-finished', stepId: 'start', durationMs: 998 }],
        [2400, { type: 'verification', results: [{ id: 'up', title: 'The services run', status: 'pass' }] }],
        [2500, { type: 'run-finished', message: 'Promote: completed and verified.' }],
      ]),
    );
    expect(model.sessions).toEqual([
      expect.objectContaining({
        kind: 'started',
        operatorAccount: 'CONTOSO\\operator',
        computer: 'SCSM02',
        wizardVersion: '0.1.0',
        acknowledgedWarnings: ['console'],
        typedConfirmations: [
          {
            stepId: 'delete',
            title: 'Delete the Health Service State folder',
            word: 'DELETE',
            warning: 'Deletes the folder and everything in it.',
          },
        ],
        plan: PLAN,
        confirmed: true,
      }),
    ]);
    expect(model.sessions[0]?.checks).toHaveLength(2);
    expect(model.answers).toEqual([{ label: 'Server to promote', value: 'SCSM02 (scsm02.contoso.local)' }]);
    expect(model.steps.map((step) => [step.id, step.outcome, step.attempts.map((a) => a.durationMs)])).toEqual([
      ['stop', 'done', [1000]],
      ['delete', 'skipped', [0]],
      ['start', 'done', [998]],
    ]);
    expect(model.steps[0]?.attempts[0]?.output).toEqual(['Stopping OMSDK']);
    expect(model.ending).toEqual({
      kind: 'succeeded',
      at: at('2026-12-02T08:14:02.500Z'),
      message: 'Promote: completed and verified.',
    });
  });

  it('shows a step cut short by a crash as interrupted, ending at the last record before the resume', () => {
    const model = reportModel(
      stamped(START, [
        [0, runStarted()],
        [10, checks],
        [20, confirmed],
        [100, { type: 'step-started', stepId: 'stop' }],
        [900, { type: 'step-output', stepId: 'stop', line: 'Stopping OMSDK' }],
        [
          2 * HOUR,
          { type: 'run-resumed', operatorAccount: 'CONTOSO\\second', computer: 'SCSM03', wizardVersion: '0.2.0' },
        ],
        [2 * HOUR + 10, checks],
        [2 * HOUR + 20, { ...confirmed, confirmedSteps: [] }],
        [2 * HOUR + 100, { type: 'step-started', stepId: 'stop' }],
        [2 * HOUR + 600, { type: 'step-finished', stepId: 'stop', durationMs: 500 }],
      ]),
    );
    expect(model.sessions.map((session) => [session.kind, session.operatorAccount, session.computer])).toEqual([
      ['started', 'CONTOSO\\operator', 'SCSM02'],
      ['resumed', 'CONTOSO\\second', 'SCSM03'],
    ]);
    const stop = model.steps[0];
    expect(stop?.attempts.map((attempt) => [attempt.result, attempt.durationMs])).toEqual([
      ['interrupted', 800],
      ['done', 500],
    ]);
    expect(stop?.outcome).toBe('done');
    // Two steps never started in the resumed session: the journal ends before the run finished.
    expect(model.ending.kind).toBe('unfinished');
    expect(model.ending.at).toBe(at(START) + 2 * HOUR + 600);
  });

  it('keeps each attempt of a step that failed and was retried, with its message and details', () => {
    const model = reportModel(
      stamped(START, [
        [0, runStarted()],
        [10, checks],
        [20, confirmed],
        [100, { type: 'step-started', stepId: 'stop' }],
        [
          4100,
          {
            type: 'step-failed',
            stepId: 'stop',
            message: 'HealthService did not stop within 120 seconds.',
            details: 'line 1\r\nline 2',
          },
        ],
        [60_000, { type: 'step-started', stepId: 'stop' }],
        [61_000, { type: 'step-finished', stepId: 'stop', durationMs: 1000 }],
      ]),
    );
    const attempts = model.steps[0]?.attempts ?? [];
    expect(attempts.map((attempt) => [attempt.result, attempt.durationMs, attempt.message])).toEqual([
      ['failed', 4000, 'HealthService did not stop within 120 seconds.'],
      ['done', 1000, undefined],
    ]);
    expect(attempts[0]?.details).toBe('line 1\r\nline 2');
  });

  it('says how a run without an ending record stands: failed steps, failed verification, a step still running', () => {
    const base: [number, JournalRecord][] = [
      [0, runStarted()],
      [10, checks],
      [20, confirmed],
      [100, { type: 'step-started', stepId: 'stop' }],
    ];
    const failed = reportModel(
      stamped(START, [...base, [200, { type: 'step-failed', stepId: 'stop', message: 'no' }]]),
    );
    expect(failed.ending.kind).toBe('failed');
    expect(failed.ending.message).toContain('1 of 3 steps failed (“Stop the services”)');

    const running = reportModel(stamped(START, base));
    expect(running.ending.kind).toBe('interrupted');
    expect(running.ending.message).toContain('“Stop the services” was running');
    expect(running.steps[0]?.outcome).toBe('running');

    const unverified = reportModel(
      stamped(START, [
        [0, runStarted({ steps: [{ id: 'stop', title: 'Stop the services' }] })],
        [10, checks],
        [20, confirmed],
        [100, { type: 'step-started', stepId: 'stop' }],
        [200, { type: 'step-finished', stepId: 'stop', durationMs: 100 }],
        [300, { type: 'verification', results: [{ id: 'up', title: 'The services run', status: 'fail' }] }],
      ]),
    );
    expect(unverified.ending).toMatchObject({ kind: 'verification-failed' });
    expect(unverified.ending.message).toContain('The services run');
  });

  it('ends with the cancel or the abandonment the journal records', () => {
    const cancelled = reportModel(
      stamped(START, [
        [0, runStarted()],
        [10, checks],
        [20, confirmed],
        [100, { type: 'step-started', stepId: 'stop' }],
        [200, { type: 'step-finished', stepId: 'stop', durationMs: 100 }],
        [300, { type: 'run-cancelled' }],
      ]),
    );
    expect(cancelled.ending.kind).toBe('cancelled');
    const abandoned = reportModel(
      stamped(START, [
        [0, runStarted()],
        [10, checks],
        [20, confirmed],
        [300, { type: 'run-abandoned', reason: 'the server was rebuilt instead' }],
      ]),
    );
    expect(abandoned.ending).toMatchObject({ kind: 'abandoned', message: 'Abandoned: the server was rebuilt instead' });
  });

  it('reads a journal of an older version, which has no origin, plan nor labelled answers', () => {
    const { operatorAccount: _a, computer: _c, wizardVersion: _w, answersSummary: _s, ...older } = runStarted();
    const model = reportModel(
      stamped(START, [
        [0, older],
        [10, checks],
        [20, { type: 'confirmed', acknowledgedWarnings: [], confirmedSteps: ['delete'] }],
      ]),
    );
    expect(model.sessions[0]).toMatchObject({ operatorAccount: undefined, computer: undefined, plan: undefined });
    expect(model.sessions[0]?.typedConfirmations).toEqual([
      { stepId: 'delete', title: 'Delete the Health Service State folder', word: undefined, warning: undefined },
    ]);
    expect(model.answers).toEqual([{ label: 'server', value: 'SCSM02' }]);
  });

  it('refuses a journal that does not begin with the start of a run', () => {
    expect(() => reportModel(stamped(START, [[0, checks]]))).toThrow(UnreadableJournalError);
    expect(() => reportModel([])).toThrow(UnreadableJournalError);
  });
});
