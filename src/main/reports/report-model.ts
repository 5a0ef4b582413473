import type { z } from 'zod';
import type { StampedRecord } from '../engine/journal';
import type { reportEndingSchema } from '../../shared/channels';
import type { CheckResult, FlowId, PlannedStep, SiteMode } from '../../shared/run-contract';

/**
 * What a run's journal says, arranged for its report: who ran it from where, each time it was
 * started or resumed with the checks, the plan and the confirmations of that time, every step
 * with each of its attempts, the verification and how the run ended. Only the journal is read,
 * and the journal never holds a secret.
 */

export interface ReportSession {
  kind: 'started' | 'resumed';
  at: number;
  operatorAccount?: string;
  computer?: string;
  wizardVersion?: string;
  checks: CheckResult[];
  /** Ids of the warnings the operator acknowledged before the steps ran. */
  acknowledgedWarnings: string[];
  /** The destructive steps the operator confirmed by typing a word, with that word where the plan names it. */
  typedConfirmations: { stepId: string; title: string; word?: string; warning?: string }[];
  /** Absent in journals of older versions, which did not record the plan. */
  plan?: PlannedStep[];
  /** Whether the operator confirmed (the checks alone were journaled when the journal broke in between). */
  confirmed: boolean;
}

export type AttemptResult = 'done' | 'skipped' | 'failed' | 'interrupted' | 'running';

export interface ReportAttempt {
  start: number;
  /** When the attempt ended; for an interrupted or running one, the last record of its session. */
  end: number;
  result: AttemptResult;
  /** As the step measured it when it finished; otherwise from the journal's times. */
  durationMs: number;
  message?: string;
  details?: string;
  output: string[];
}

export type StepOutcome = AttemptResult | 'not-run';

export interface ReportStep {
  id: string;
  title: string;
  attempts: ReportAttempt[];
  outcome: StepOutcome;
}

export type EndingKind = z.infer<typeof reportEndingSchema>;

export interface ReportEnding {
  kind: EndingKind;
  at: number;
  message: string;
}

export interface ReportModel {
  runId: string;
  flowId: FlowId;
  flowTitle: string;
  mode: SiteMode;
  siteName: string;
  answers: { label: string; value: string }[];
  sessions: ReportSession[];
  steps: ReportStep[];
  verifications: { at: number; results: CheckResult[] }[];
  ending: ReportEnding;
  startedAt: number;
  lastAt: number;
}

export class UnreadableJournalError extends Error {}

/** The journal's records as a report: refuses a journal that does not begin with the run's start. */
export function reportModel(records: readonly StampedRecord[]): ReportModel {
  const first = records[0];
  if (!first || first.type !== 'run-started') {
    throw new UnreadableJournalError('The journal does not begin with the start of a run, so no report can be made.');
  }
  const time = (record: StampedRecord) => {
    const parsed = Date.parse(record.at);
    return Number.isNaN(parsed) ? Date.parse(first.at) : parsed;
  };
  const steps = new Map<string, ReportStep>(
    first.steps.map((step) => [step.id, { id: step.id, title: step.title, attempts: [], outcome: 'not-run' }]),
  );
  const stepOf = (id: string): ReportStep => {
    let step = steps.get(id);
    if (!step) {
      step = { id, title: id, attempts: [], outcome: 'not-run' };
      steps.set(id, step);
    }
    return step;
  };
  /** The attempt of each step still open: output lines and its end belong to it. */
  const open = new Map<string, ReportAttempt>();
  const sessions: ReportSession[] = [];
  const verifications: ReportModel['verifications'] = [];
  let ending: ReportEnding | null = null;
  let lastAt = time(first);

  /** A new session, or a cancel, ends the attempts still open: they were cut short. */
  const closeOpen = (result: AttemptResult) => {
    for (const attempt of open.values()) {
      attempt.result = result;
      attempt.end = Math.max(attempt.start, lastAt);
      attempt.durationMs = attempt.end - attempt.start;
    }
    open.clear();
  };

  for (const record of records) {
    const at = time(record);
    switch (record.type) {
      case 'run-started':
      case 'run-resumed':
        if (record.type === 'run-resumed') closeOpen('interrupted');
        ending = null;
        sessions.push({
          kind: record.type === 'run-started' ? 'started' : 'resumed',
          at,
          operatorAccount: record.operatorAccount,
          computer: record.computer,
          wizardVersion: record.wizardVersion,
          checks: [],
          acknowledgedWarnings: [],
          typedConfirmations: [],
          confirmed: false,
        });
        break;
      case 'checks': {
        const session = sessions.at(-1);
        if (session) session.checks = record.results;
        break;
      }
      case 'confirmed': {
        const session = sessions.at(-1);
        if (!session) break;
        session.confirmed = true;
        session.acknowledgedWarnings = record.acknowledgedWarnings;
        session.plan = record.plan;
        session.typedConfirmations = record.confirmedSteps.map((stepId) => {
          const planned = record.plan?.find((step) => step.id === stepId);
          return {
            stepId,
            title: planned?.title ?? stepOf(stepId).title,
            word: planned?.destructive?.confirmWord,
            warning: planned?.destructive?.warning,
          };
        });
        break;
      }
      case 'step-started': {
        const attempt: ReportAttempt = { start: at, end: at, result: 'running', durationMs: 0, output: [] };
        stepOf(record.stepId).attempts.push(attempt);
        open.set(record.stepId, attempt);
        break;
      }
      case 'step-output': {
        const attempt = open.get(record.stepId);
        if (attempt) attempt.output.push(record.line);
        break;
      }
      case 'step-finished':
      case 'step-failed': {
        const attempt = open.get(record.stepId) ?? startedUnrecorded(stepOf(record.stepId), at);
        attempt.end = at;
        if (record.type === 'step-finished') {
          attempt.result = 'done';
          attempt.durationMs = record.durationMs;
        } else {
          attempt.result = 'failed';
          attempt.durationMs = at - attempt.start;
          attempt.message = record.message;
          attempt.details = record.details;
        }
        open.delete(record.stepId);
        break;
      }
      case 'step-skipped':
        stepOf(record.stepId).attempts.push({
          start: at,
          end: at,
          result: 'skipped',
          durationMs: 0,
          message: record.reason,
          output: [],
        });
        break;
      case 'verification':
        verifications.push({ at, results: record.results });
        break;
      case 'run-cancelled':
        closeOpen('interrupted');
        ending = {
          kind: 'cancelled',
          at,
          message: 'Cancelled by the operator. Steps already done stay done; the run can be resumed or abandoned.',
        };
        break;
      case 'run-finished':
        ending = { kind: 'succeeded', at, message: record.message };
        break;
      case 'run-abandoned':
        closeOpen('interrupted');
        ending = { kind: 'abandoned', at, message: `Abandoned: ${record.reason}` };
        break;
    }
    lastAt = Math.max(lastAt, at);
  }
  // Attempts the journal leaves open ran until its last record, as far as anyone can tell.
  for (const attempt of open.values()) {
    attempt.end = Math.max(attempt.start, lastAt);
    attempt.durationMs = attempt.end - attempt.start;
  }

  const stepList = [...steps.values()];
  for (const step of stepList) step.outcome = step.attempts.at(-1)?.result ?? 'not-run';
  return {
    runId: first.runId,
    flowId: first.flowId,
    flowTitle: first.flowTitle,
    mode: first.mode,
    siteName: first.siteName,
    answers:
      first.answersSummary ?? Object.entries(first.answers).map(([label, value]) => ({ label, value: String(value) })),
    sessions,
    steps: stepList,
    verifications,
    ending: ending ?? unendedRun(stepList, verifications, sessions, lastAt),
    startedAt: time(first),
    lastAt,
  };
}

/** A step whose end is journaled without its start (a record lost to a crash): it began at its end, as far as is known. */
function startedUnrecorded(step: ReportStep, at: number): ReportAttempt {
  const attempt: ReportAttempt = { start: at, end: at, result: 'running', durationMs: 0, output: [] };
  step.attempts.push(attempt);
  return attempt;
}

/** How a run without an ending record stands, from what its last session did. */
function unendedRun(
  steps: readonly ReportStep[],
  verifications: ReportModel['verifications'],
  sessions: readonly ReportSession[],
  lastAt: number,
): ReportEnding {
  const sessionStart = sessions.at(-1)?.at ?? 0;
  const running = steps.filter((step) => step.outcome === 'running');
  if (running.length > 0) {
    return {
      kind: 'interrupted',
      at: lastAt,
      message: `The journal ends while ${titles(running)} ${running.length === 1 ? 'was' : 'were'} running: the run is still going, or the wizard stopped before ${running.length === 1 ? 'it' : 'they'} finished. Resume it from the start page.`,
    };
  }
  const failed = steps.filter((step) => step.outcome === 'failed');
  if (failed.length > 0) {
    return {
      kind: 'failed',
      at: lastAt,
      message: `Stopped: ${failed.length} of ${steps.length} steps failed (${titles(failed)}). Fix what each failure names, then retry, or resume the run from the start page.`,
    };
  }
  const verification = verifications.at(-1);
  const problems = verification && verification.at >= sessionStart ? verification.results.filter(isFailed) : [];
  if (problems.length > 0) {
    return {
      kind: 'verification-failed',
      at: lastAt,
      message: `The steps finished, but the checks afterwards found problems: ${problems.map((check) => check.title).join('; ')}.`,
    };
  }
  return {
    kind: 'unfinished',
    at: lastAt,
    message: 'The journal ends before the run finished. Resume it from the start page, or abandon it there.',
  };
}

function isFailed(check: CheckResult): boolean {
  return check.status === 'fail';
}

function titles(steps: readonly ReportStep[]): string {
  return steps.map((step) => `“${step.title}”`).join(', ');
}
