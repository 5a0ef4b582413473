import { describe, expect, it } from 'vitest';
import type { FlowId } from '../../../../src/shared/run-contract';
import { CRASH_SCENARIOS } from '../../support/crash-scenarios';
import { createHarness } from '../../support/harness';

/**
 * A warning asks the operator to look and decide. One that shows on every ordinary run teaches
 * them to tick without reading, so each procedure's normal drill path may raise only the warnings
 * listed here, each with the decision it puts to the operator.
 */
const ALLOWED: readonly { flowId: FlowId; check: RegExp; decision: string }[] = [
  ...(
    ['restore-management-server', 'restore-dw-management-server', 'install-additional-management-server'] as const
  ).map((flowId) => ({
    flowId,
    check: /^evaluation-edition$/,
    decision: 'no product key installs an evaluation edition that expires: licensed server, or a stopgap?',
  })),
  {
    flowId: 'restore-databases',
    check: /^existing-/,
    decision: 'the database on the server is replaced, and whatever it holds that the backup lacks is lost',
  },
  {
    flowId: 'restore-databases',
    check: /^server-name$/,
    decision: 'renaming @@SERVERNAME restarts SQL Server: every database of the instance is unavailable meanwhile',
  },
  {
    flowId: 'restore-databases',
    check: /^placement-/,
    decision: 'the files go to other folders than the backup had: only the operator knows the disks are right',
  },
  {
    flowId: 'recreate-dw-databases',
    check: /^dw-databases$/,
    decision: 'the data warehouse databases are dropped with their history',
  },
  {
    flowId: 'recover-orchestrator-database',
    check: /^existing-database$/,
    decision: 'the Orchestrator database on the server is replaced with the backup',
  },
  {
    flowId: 'prepare-recovery-kit',
    check: /^keys-here$/,
    decision: 'the kit made here lacks the other servers’ keys: make it now and add them at each server later?',
  },
];

describe('warnings on the normal drill path of every procedure', () => {
  it('covers every procedure', () => {
    expect(new Set(CRASH_SCENARIOS.map((scenario) => scenario.flowId)).size).toBe(11);
  });

  for (const scenario of CRASH_SCENARIOS) {
    it(`${scenario.name}: only warnings that put a decision to the operator`, async () => {
      const harness = createHarness();
      await scenario.prepare(harness);
      const prepared = await harness.runs.prepare(scenario.flowId, await scenario.answers(harness));
      const unexplained = prepared.checks
        .filter((check) => check.status === 'warn')
        .filter(
          (check) => !ALLOWED.some((allowed) => allowed.flowId === scenario.flowId && allowed.check.test(check.id)),
        )
        .map((check) => `${check.id}: ${check.title} (${check.found ?? ''})`);
      expect(unexplained).toEqual([]);
    });
  }
});
