import type { Answers, FlowId, RunSnapshot } from '../../../src/shared/run-contract';
import type { Harness } from './harness';

/**
 * A whole run as an operator makes it on the Summary page: every warning acknowledged, every
 * destructive step confirmed with its word, then Run, waited for until it stops.
 */
export async function runToEnd(harness: Harness, flowId: FlowId, answers: Answers): Promise<RunSnapshot> {
  const prepared = await harness.runs.prepare(flowId, answers);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  const confirmations = Object.fromEntries(
    prepared.plan.flatMap((step) => (step.destructive ? [[step.id, step.destructive.confirmWord]] : [])),
  );
  await harness.runs.start(prepared.runId, warnings, confirmations);
  return harness.runs.settled(prepared.runId);
}
