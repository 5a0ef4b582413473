import { describe, expect, it } from 'vitest';
import type { DrillHistoryEntry } from '../../../../src/shared/drill-contract';
import { PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS } from '../../support/harness';
import { testWizardCore } from '../../support/test-wizard-core';

describe('the drill history of a procedure run on its own', () => {
  it('records the run, its retry and the recovery time at real speed, not the accelerated one', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    core.drill().inject({ kind: 'service-will-not-stop', computer: 'SCSM02', service: 'HealthService', times: 1 });

    const prepared = await core.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await core.runs.start(prepared.runId, warnings, PROMOTE_CONFIRMATIONS);
    expect((await core.runs.settled(prepared.runId)).phase).toBe('failed');
    await core.runs.retry(prepared.runId);
    expect((await core.runs.settled(prepared.runId)).phase).toBe('succeeded');

    const entries = core.handlers['drill:history'](undefined) as DrillHistoryEntry[];
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ kind: 'procedure', result: 'succeeded', speed: 1000 });
    expect(entry?.runs).toHaveLength(1);
    expect(entry?.actions).toMatchObject({ answers: 3, typedConfirmations: 1, retries: 1, resumes: 0 });
    // The stuck service alone makes the drill wait 120 seconds of simulated time.
    expect(entry?.simulatedMs).toBeGreaterThanOrEqual(120_000);
    expect(entry?.acceleratedMs).toBeLessThan(entry?.simulatedMs ?? 0);
    const stuck = entry?.runs[0]?.steps.find((step) => step.id === 'stop-healthservice');
    expect(stuck?.simulatedMs).toBeGreaterThanOrEqual(120_000);
  });
});
