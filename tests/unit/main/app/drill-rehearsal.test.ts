import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DrillHistoryEntry, DrillScenarios } from '../../../../src/shared/drill-contract';
import type { RunSnapshot } from '../../../../src/shared/run-contract';
import { keyAnswers } from '../../../support/setup-answers';
import { PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS, tempDirectory } from '../../support/harness';
import { testWizardCore } from '../../support/test-wizard-core';

type Core = ReturnType<typeof testWizardCore>;

/** A run as the wizard makes it: prepared, every warning acknowledged, the confirmations typed. */
async function run(
  core: Core,
  flowId: RunSnapshot['flowId'],
  answers: Record<string, unknown>,
  confirmations: Record<string, string> = {},
): Promise<RunSnapshot> {
  const prepared = await core.runs.prepare(flowId, answers as never);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await core.runs.start(prepared.runId, warnings, confirmations);
  return core.runs.settled(prepared.runId);
}

const scenarios = (core: Core) => core.handlers['drill:scenarios'](undefined) as DrillScenarios;
const history = (core: Core) => core.handlers['drill:history'](undefined) as DrillHistoryEntry[];

describe('a disaster scenario rehearsed on the drill site', () => {
  it('makes the failure happen, signs in where the next procedure runs, and ticks off the promotion', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);

    const started = (await core.handlers['drill:scenario-start']({
      scenarioId: 'primary-lost-promote',
    })) as DrillScenarios;
    // The failure is the scenario's first step: it has happened and is counted done.
    expect(started.active?.done).toHaveLength(1);
    const site = core.drill().snapshot();
    expect(site.computers.find((computer) => computer.name === 'SCSM01')?.reachable).toBe(false);
    expect(site.localComputer).toBe('SCSM02');

    const promoted = await run(core, 'promote-management-server', PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS);
    expect(promoted.phase).toBe('succeeded');
    const after = scenarios(core);
    expect(after.active?.done.map((step) => step.runId)).toEqual([undefined, promoted.runId]);
    const scenario = after.scenarios.find((candidate) => candidate.id === 'primary-lost-promote');
    expect(scenario?.steps[after.active?.done.length ?? 0]).toMatchObject({
      flowId: 'install-additional-management-server',
      signIn: 'SCSM04',
    });

    const [entry] = history(core);
    expect(entry).toMatchObject({ kind: 'scenario', scenarioId: 'primary-lost-promote', result: 'in progress' });
    expect(entry?.runs.map((recorded) => [recorded.flowId, recorded.result])).toEqual([
      ['promote-management-server', 'succeeded'],
    ]);
    // The drill runs 1000 times faster than real time: the recovery time is what the steps would take at real speed.
    expect(entry?.simulatedMs).toBeGreaterThan(10_000);
    expect(entry?.acceleratedMs).toBeLessThan(entry?.simulatedMs ?? 0);
    expect(entry?.runs[0]?.steps.reduce((sum, step) => sum + step.simulatedMs, 0)).toBeGreaterThan(0);
    expect(entry?.actions).toMatchObject({ typedConfirmations: 1, answers: 3, retries: 0, resumes: 0 });
  });

  it('counts only the key backup the scenario asks for first, and not as recovery time', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    await core.handlers['drill:scenario-start']({ scenarioId: 'primary-lost-rebuild' });
    expect(core.drill().snapshot().localComputer).toBe('SCSM01');

    // The first step is SCSM01's key backup: another server's backup succeeds but is not that step.
    core.handlers['drill:sign-in']({ computer: 'SCSM02' });
    const other = await run(core, 'encryption-key', keyAnswers('SCSM02', 'backup'));
    expect(other.phase).toBe('succeeded');
    expect(scenarios(core).active?.done).toEqual([]);
    core.handlers['drill:sign-in']({ computer: 'SCSM01' });
    const backup = await run(core, 'encryption-key', keyAnswers('SCSM01', 'backup'));
    expect(backup.phase).toBe('succeeded');
    expect(scenarios(core).active?.done.map((step) => step.runId)).toEqual([backup.runId]);

    // The failure waits for the operator, who makes it happen.
    await core.handlers['drill:scenario-continue']({ scenarioId: 'primary-lost-rebuild' });
    expect(scenarios(core).active?.done).toHaveLength(2);
    const scsm01 = core
      .drill()
      .snapshot()
      .computers.find((computer) => computer.name === 'SCSM01');
    expect(scsm01?.services).toEqual([]);

    const [entry] = history(core);
    const recorded = entry?.runs.find((candidate) => candidate.runId === backup.runId);
    expect(recorded?.beforeFailure).toBe(true);
    expect(recorded?.simulatedMs).toBeGreaterThan(0);
    // Only recovery counts: both backups were made while the failure was still to come.
    const recovery = entry?.runs.filter((candidate) => !candidate.beforeFailure) ?? [];
    expect(recovery).toEqual([]);
    expect(entry?.simulatedMs).toBe(0);
    // Two sign-ins and the failure made to happen.
    expect(entry?.actions.drillActions).toBe(3);
  });

  it('keeps the scenario and the history in the data folder, and ends the scenario when the site is reset', async () => {
    const dataDirectory = tempDirectory('rehearsal');
    const core = testWizardCore('browser', { dataDirectory });
    await core.handlers['site:use-drill'](undefined);
    await core.handlers['drill:scenario-start']({ scenarioId: 'dw-server-lost' });

    const reopened = testWizardCore('browser', { dataDirectory });
    await reopened.handlers['site:use-drill'](undefined);
    expect(scenarios(reopened).active?.scenarioId).toBe('dw-server-lost');

    reopened.handlers['drill:reset'](undefined);
    expect(scenarios(reopened).active).toBeNull();
    const file = JSON.parse(readFileSync(join(dataDirectory, 'drill-history.json'), 'utf8')) as {
      entries: DrillHistoryEntry[];
    };
    expect(file.entries.map((entry) => [entry.scenarioId, entry.result])).toEqual([['dw-server-lost', 'stopped']]);
  });

  it('refuses a scenario it does not know, and a failure when a procedure comes next', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    expect(() => core.handlers['drill:scenario-start']({ scenarioId: 'flood' })).toThrow(
      'There is no scenario called flood.',
    );
    await core.handlers['drill:scenario-start']({ scenarioId: 'sm-sql-lost' });
    expect(() => core.handlers['drill:scenario-continue']({ scenarioId: 'sm-sql-lost' })).toThrow(
      /The next step is a procedure: Restore ServiceManager/,
    );
  });
});
