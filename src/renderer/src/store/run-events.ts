import type { RunEvent, RunSnapshot, StepStatus } from '../../../shared/run-contract';

function updateStep(snapshot: RunSnapshot, stepId: string, change: (step: StepStatus) => StepStatus): RunSnapshot {
  // An event for a step the snapshot does not list yet is dropped: run:get on the Progress page fills the gap.
  if (!snapshot.steps.some((step) => step.id === stepId)) return snapshot;
  return { ...snapshot, steps: snapshot.steps.map((step) => (step.id === stepId ? change(step) : step)) };
}

/** Folds one run event into the snapshot the renderer holds; events of another run leave it untouched. */
export function applyRunEvent(snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  if (event.runId !== snapshot.runId || event.revision <= snapshot.revision) return snapshot;
  return { ...foldEvent(snapshot, event), revision: event.revision };
}

function foldEvent(snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  switch (event.type) {
    case 'phase':
      return {
        ...snapshot,
        phase: event.phase,
        outcomeMessage: event.message ?? snapshot.outcomeMessage,
      };
    case 'step-started':
      return updateStep(snapshot, event.stepId, (step) => ({
        ...step,
        state: 'running',
        startedAt: event.at,
        durationMs: undefined,
        percent: undefined,
        progressMessage: undefined,
        error: undefined,
      }));
    case 'step-output':
      return updateStep(snapshot, event.stepId, (step) => ({ ...step, output: [...step.output, event.line] }));
    case 'step-progress':
      return updateStep(snapshot, event.stepId, (step) => ({
        ...step,
        percent: event.percent ?? step.percent,
        progressMessage: event.message ?? step.progressMessage,
      }));
    case 'step-finished':
      return updateStep(snapshot, event.stepId, (step) => ({
        ...step,
        state: event.skipped ? 'skipped' : 'done',
        durationMs: event.durationMs,
        percent: event.skipped ? step.percent : 100,
      }));
    case 'step-failed':
      return updateStep(snapshot, event.stepId, (step) => ({
        ...step,
        state: 'failed',
        error: { message: event.message, details: event.details },
      }));
    case 'verification':
      return { ...snapshot, verification: event.checks };
    case 'run-finished':
      return event.snapshot;
  }
}

/**
 * A run belongs on the Completion page once nothing more can happen to it: it succeeded, was
 * abandoned, or every step went through and only the verification afterwards failed.
 */
export function isRunConcluded(snapshot: RunSnapshot): boolean {
  if (snapshot.phase === 'succeeded' || snapshot.phase === 'abandoned') return true;
  if (snapshot.phase !== 'failed') return false;
  const stepFailed = snapshot.steps.some((step) => step.state === 'failed');
  return !stepFailed && snapshot.verification.some((check) => check.status === 'fail');
}
