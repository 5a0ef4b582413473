import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type {
  Answers,
  CheckResult,
  FlowId,
  LookupResult,
  PlannedStep,
  RunEvent,
  RunPhase,
  RunSnapshot,
  StepStatus,
  UnfinishedRun,
} from '../../shared/run-contract';
import type { StepIo } from '../host/types';
import { AnswerError, describeError, describeWithField, OperatorError } from './errors';
import type { AnyFlowDefinition, CheckDefinition, FlowContext, StepDefinition } from './flow-types';
import {
  journalPath,
  listJournals,
  openJournal,
  readJournal,
  summarizeJournal,
  type JournalRecord,
  type JournalSummary,
  type JournalWriter,
  type RunOrigin,
} from './journal';
import { formatPlanText } from '../../shared/plan-format';
import { checkAnswers, describeAnswerProblems } from '../../shared/validation/answer-messages';
import { createRedactor, type Redactor } from './redact';
import { redactingContext } from './redacting-context';
import { inPool, neverStop } from './pool';

/**
 * Runs flows: checks → plan → confirm → steps → verify. Every state change is journaled before
 * it is announced, so what the operator sees never runs ahead of what would survive a crash.
 */

export interface CurrentSite {
  ctx: FlowContext;
  siteName: string;
}

export interface RunManagerOptions {
  journalDirectory: string;
  flows: readonly AnyFlowDefinition[];
  site(): CurrentSite;
  emit(event: RunEvent): void;
  /** Opens a run's journal; replaced in tests to simulate a crash at a chosen record. */
  openJournal?: (directory: string, runId: string) => JournalWriter;
  /** Who runs the wizard and which version, journaled at each start and resume for the run's report. */
  runner?: { operatorAccount: string; wizardVersion: string };
}

const MAX_OUTPUT_LINES = 400;

interface Run {
  id: string;
  flow: AnyFlowDefinition;
  answers: Answers;
  /** The secret answers this run was given, by field: all of them when prepared, those asked for when resumed. */
  heldSecrets: Record<string, string>;
  redactor: Redactor;
  site: CurrentSite;
  /** The site's context as this run's checks and steps see it: what they read from the keychain is redacted. */
  ctx: FlowContext;
  answersSummary: { label: string; value: string }[];
  checks: CheckResult[];
  steps: StepDefinition[];
  blocks: StepBlock[];
  plan: PlannedStep[];
  statuses: StepStatus[];
  verification: CheckResult[];
  phase: RunPhase;
  resumed: boolean;
  journal: JournalWriter | null;
  startedAt: string;
  finishedAt?: string;
  outcomeMessage?: string;
  cancelRequested: boolean;
  execution: Promise<void> | null;
  revision: number;
}

/** Steps that run together: a step on its own, or the consecutive steps of one parallel group. */
interface StepBlock {
  steps: { index: number; step: StepDefinition }[];
  limit: number;
}

type UnrevisedRunEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'revision'> : never) : never;

/** Thrown when the journal cannot be written: the run stops, since it could no longer be resumed. */
class JournalBrokenError extends Error {}

export class RunManager {
  private readonly runs = new Map<string, Run>();
  private readonly flows = new Map<FlowId, AnyFlowDefinition>();

  constructor(private readonly options: RunManagerOptions) {
    for (const flow of options.flows) this.flows.set(flow.id, flow);
  }

  flow(flowId: FlowId): AnyFlowDefinition {
    const flow = this.flows.get(flowId);
    if (!flow) throw new OperatorError(`There is no flow called ${flowId}.`);
    return flow;
  }

  listFlows(): AnyFlowDefinition[] {
    return [...this.flows.values()];
  }

  hasActiveRun(): boolean {
    return [...this.runs.values()].some((run) => run.phase === 'running' || run.phase === 'verifying');
  }

  async prepare(flowId: FlowId, rawAnswers: Answers): Promise<RunSnapshot> {
    const flow = this.flow(flowId);
    const answers = this.validateAnswers(flow, rawAnswers);
    const site = this.options.site();
    const run = this.refusingByField(flow, () =>
      newRun({
        id: newRunId(),
        flow,
        answers,
        site,
        resumed: false,
        startedAt: new Date().toISOString(),
        heldSecrets: pickSecrets(answers, flow.secretFields),
      }),
    );
    await this.evaluate(run, new Set());
    // A Summary checked again replaces the one before it: a prepared run never started has no
    // journal and nothing on the site, and keeping it would keep its passwords in memory for as
    // long as the window is open (one per visit to the Summary).
    for (const [id, earlier] of this.runs) {
      if (earlier.phase === 'ready' && !earlier.resumed && earlier.journal === null) this.runs.delete(id);
    }
    this.runs.set(run.id, run);
    return this.snapshot(run);
  }

  async start(
    runId: string,
    acknowledgedWarnings: string[],
    confirmations: Record<string, string>,
  ): Promise<RunSnapshot> {
    const run = this.require(runId);
    // Read before the run is judged: from the phase check to the launch nothing waits, so two starts cannot both pass.
    const origin = await this.origin(run);
    if (run.phase !== 'ready') throw new OperatorError(`This run is ${run.phase}; it cannot be started again.`);
    const failed = run.checks.filter((check) => check.status === 'fail');
    if (failed.length > 0) {
      throw new OperatorError(`A failed check blocks the run: ${failed.map((check) => check.title).join('; ')}.`);
    }
    const unacknowledged = run.checks.filter(
      (check) => check.status === 'warn' && !acknowledgedWarnings.includes(check.id),
    );
    if (unacknowledged.length > 0) {
      throw new OperatorError(
        `Read and acknowledge each warning first: ${unacknowledged.map((check) => check.title).join('; ')}.`,
      );
    }
    const confirmedSteps: string[] = [];
    run.steps.forEach((step, index) => {
      if (!step.destructive || run.plan[index]?.alreadyDone) return;
      if ((confirmations[step.id] ?? '').trim() !== step.destructive.confirmWord) {
        throw new OperatorError(`Type ${step.destructive.confirmWord} to confirm "${step.title}".`);
      }
      confirmedSteps.push(step.id);
    });

    if (!run.journal) {
      const open = this.options.openJournal ?? openJournal;
      run.journal = open(this.options.journalDirectory, run.id);
    }
    try {
      if (run.resumed) {
        this.record(run, { type: 'run-resumed', ...origin });
      } else {
        this.record(run, {
          type: 'run-started',
          runId: run.id,
          flowId: run.flow.id,
          flowTitle: run.flow.title,
          mode: run.site.ctx.mode,
          siteName: run.site.siteName,
          ...origin,
          answers: withoutSecrets(run.answers, run.flow.secretFields),
          answersSummary: run.answersSummary,
          steps: run.steps.map((step) => ({
            id: step.id,
            title: step.title,
            ...(step.usesSecrets && step.usesSecrets.length > 0 ? { usesSecrets: [...step.usesSecrets] } : {}),
          })),
        });
      }
      this.record(run, { type: 'checks', results: run.checks });
      this.record(run, { type: 'confirmed', acknowledgedWarnings, confirmedSteps, plan: run.plan });
    } catch (error) {
      this.stopOnBrokenJournal(run, error);
      return this.snapshot(run);
    }
    this.launch(run);
    return this.snapshot(run);
  }

  get(runId: string): RunSnapshot {
    return this.snapshot(this.require(runId));
  }

  /** Cancel takes effect between steps: steps that have started are allowed to finish. */
  cancel(runId: string): RunSnapshot {
    const run = this.require(runId);
    if (run.phase === 'running') {
      run.cancelRequested = true;
      const running = run.statuses.filter((status) => status.state === 'running').length;
      this.emit(run, {
        runId,
        type: 'phase',
        phase: 'running',
        message:
          running > 1
            ? `Cancelling: the ${running} running steps finish first; no more start.`
            : 'Cancelling: the current step finishes first.',
      });
    } else if (run.phase === 'ready') {
      run.phase = 'cancelled';
    }
    return this.snapshot(run);
  }

  async retry(runId: string): Promise<RunSnapshot> {
    const run = this.require(runId);
    if (run.phase !== 'failed' || !run.journal) {
      throw new OperatorError('Only a failed run can be retried.');
    }
    for (const status of run.statuses) {
      if (status.state === 'failed' || status.state === 'cancelled') {
        status.state = 'pending';
        status.error = undefined;
      }
    }
    run.outcomeMessage = undefined;
    this.launch(run);
    return this.snapshot(run);
  }

  abandon(runId: string, reason: string): RunSnapshot {
    const run = this.runs.get(runId) ?? this.loadForAbandon(runId);
    if (run.phase === 'running' || run.phase === 'verifying') {
      throw new OperatorError('Cancel the run and wait for the current step to finish before abandoning it.');
    }
    if (run.journal) {
      try {
        this.record(run, { type: 'run-abandoned', reason });
      } catch (error) {
        throw new OperatorError(
          'The journal could not be written, so the run was not marked abandoned.',
          describeError(error).details,
        );
      }
      run.journal.close();
      run.journal = null;
    }
    run.phase = 'abandoned';
    run.finishedAt = new Date().toISOString();
    run.outcomeMessage = `Abandoned: ${reason}`;
    this.emit(run, { runId, type: 'phase', phase: 'abandoned', message: run.outcomeMessage });
    return this.snapshot(run);
  }

  planText(runId: string): string {
    const run = this.require(runId);
    return formatPlanText(this.snapshot(run), run.site.siteName);
  }

  unfinished(): UnfinishedRun[] {
    const result: UnfinishedRun[] = [];
    for (const path of listJournals(this.options.journalDirectory)) {
      const summary = summarizeJournal(readJournal(path));
      if (!summary || summary.ended) continue;
      const live = this.runs.get(summary.runId);
      if (live && (live.phase === 'running' || live.phase === 'verifying' || live.phase === 'abandoned')) continue;
      const flow = this.flow(summary.flowId);
      result.push({
        runId: summary.runId,
        flowId: summary.flowId,
        flowTitle: summary.flowTitle,
        mode: summary.mode,
        startedAt: summary.startedAt,
        lastActivity: summary.lastActivity,
        stepsDone: summary.finishedSteps.size,
        stepsTotal: summary.steps.length,
        failedStep: summary.steps.find((step) => step.id === summary.failedStep)?.title,
        secretsNeeded: this.secretLabels(flow, secretsNeeded(flow, summary)),
      });
    }
    return result.sort((a, b) => b.lastActivity.localeCompare(a.lastActivity));
  }

  /**
   * Rebuilds a run from its journal: finished steps stay finished, everything else is checked
   * again. Secret answers are never journaled, so `secrets` brings exactly those the remaining
   * steps need (as the unfinished-run listing names them); a run this window still holds keeps its own.
   */
  async resume(runId: string, secrets: Record<string, string> = {}): Promise<RunSnapshot> {
    const live = this.runs.get(runId);
    if (live && (live.phase === 'running' || live.phase === 'verifying')) {
      throw new OperatorError('This run is still running.');
    }
    const path = journalPath(this.options.journalDirectory, runId);
    if (!existsSync(path)) throw new OperatorError(`No journal was found for run ${runId}.`);
    const summary = summarizeJournal(readJournal(path));
    if (!summary) throw new OperatorError(`The journal of run ${runId} is unreadable.`);
    if (summary.ended) throw new OperatorError('This run has already ended.');
    const site = this.options.site();
    if (summary.mode !== site.ctx.mode) {
      throw new OperatorError(
        summary.mode === 'drill'
          ? 'This run was a drill. Switch to the drill site to resume it.'
          : 'This run was against the real site. Load the site manifest to resume it.',
      );
    }
    const flow = this.flow(summary.flowId);
    const needed = secretsNeeded(flow, summary);
    const unasked = Object.keys(secrets).filter((field) => !needed.includes(field));
    if (unasked.length > 0) {
      throw new OperatorError(
        `Resuming this run does not need ${this.secretLabels(flow, unasked)
          .map((field) => field.label)
          .join(', ')}: give only what it asks for.`,
      );
    }
    const given = { ...(live?.heldSecrets ?? {}), ...secrets };
    const missing = needed.filter((field) => given[field] === undefined);
    if (missing.length > 0) {
      throw new OperatorError(
        `The steps left need ${this.secretLabels(flow, missing)
          .map((field) => field.label)
          .join(', ')} again: the wizard never stores them. Type them to resume.`,
      );
    }
    const heldSecrets = pickSecrets(given, needed);
    const answers = this.validateAnswers(
      flow,
      { ...summary.answers, ...heldSecrets },
      {
        absentSecrets: flow.secretFields.filter((field) => !needed.includes(field)),
      },
    );
    live?.journal?.close();
    const run = newRun({ id: runId, flow, answers, site, resumed: true, startedAt: summary.startedAt, heldSecrets });
    // Revisions go on from the run this window knew, so nothing it received before looks newer.
    run.revision = live?.revision ?? 0;
    await this.evaluate(run, summary.finishedSteps);
    const open = this.options.openJournal ?? openJournal;
    run.journal = open(this.options.journalDirectory, runId);
    this.runs.set(runId, run);
    return this.snapshot(run);
  }

  /** Resolves when the run stops executing (finished, failed or cancelled). */
  async settled(runId: string): Promise<RunSnapshot> {
    const run = this.require(runId);
    await run.execution;
    return this.snapshot(run);
  }

  /** A page's lookup; its failure is an answer for the page to show, not an error. */
  async lookup(flowId: FlowId, lookupId: string, answers: Answers): Promise<LookupResult> {
    const lookup = this.flow(flowId).lookups?.[lookupId];
    if (!lookup) throw new OperatorError(`The flow ${flowId} has no lookup called ${lookupId}.`);
    try {
      return await lookup(answers, this.options.site().ctx);
    } catch (error) {
      return { ok: false, message: describeError(error).message };
    }
  }

  /** Who starts the run, from where: a computer that cannot name itself leaves its name out, never the run. */
  private async origin(run: Run): Promise<RunOrigin> {
    let computer: string | undefined;
    try {
      computer = await run.ctx.host.system.computerName();
    } catch {
      computer = undefined;
    }
    const { runner } = this.options;
    return { operatorAccount: runner?.operatorAccount, computer, wizardVersion: runner?.wizardVersion };
  }

  /** The fields as the flow's pages label them, for the operator. */
  private secretLabels(flow: AnyFlowDefinition, fields: readonly string[]): { name: string; label: string }[] {
    const labels = new Map<string, string>();
    for (const page of flow.pages(this.options.site().ctx.manifest)) {
      for (const field of page.fields) labels.set(field.name, field.label);
    }
    return fields.map((name) => ({ name, label: labels.get(name) ?? name }));
  }

  /**
   * With `absentSecrets`, answers read back from a journal lack those secret answers: they stand
   * empty, and only a rule about one of them may fail. Every other answer must be valid. A refusal
   * names each field by the label its page gives it, in the words of answer-messages.ts, and never
   * quotes more of a value than an excerpt.
   */
  private validateAnswers(
    flow: AnyFlowDefinition,
    raw: Answers,
    options: { absentSecrets?: readonly string[] } = {},
  ): Answers {
    const absent = options.absentSecrets ?? [];
    const filled = { ...raw, ...Object.fromEntries(absent.map((field) => [field, ''])) };
    const checked = checkAnswers(flow.answers, filled);
    if (checked.ok) return checked.value as Answers;
    if (checked.problems.every((problem) => absent.includes(problem.field))) return filled;
    throw new OperatorError(describeAnswerProblems(checked.problems, this.fieldLabels(flow)));
  }

  /** Runs `work`; an answer the flow refuses on the way (summarising it, say) is refused under its field's label. */
  private refusingByField<T>(flow: AnyFlowDefinition, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof AnswerError)) throw error;
      throw new OperatorError(describeWithField(error, this.fieldLabels(flow)), error.details);
    }
  }

  /** What the pages call each answer; an answer of no single field goes by its page's title, else its name. */
  private fieldLabels(flow: AnyFlowDefinition): (field: string) => string {
    const pages = flow.pages(this.options.site().ctx.manifest);
    return (field) => {
      for (const page of pages) {
        const found = page.fields.find((candidate) => candidate.name === field);
        if (found) return found.label;
      }
      return pages.find((page) => page.id === field)?.title ?? (field || 'The answers');
    };
  }

  /** Runs the checks and builds the plan; `finished` holds steps the journal says are done. */
  private async evaluate(run: Run, finished: Set<string>): Promise<void> {
    const { ctx } = run;
    run.checks = await runChecks(run.flow.checks(run.answers, ctx), ctx, this.fieldLabels(run.flow));
    try {
      const built = await run.flow.steps(run.answers, ctx);
      // A step prepared for is done when the journal says so, or when the site shows its effect:
      // a restore that finished just before a crash left no record, but SQL Server recorded it.
      const preparedFor = new Set(built.flatMap((step) => (step.preparesFor ? [step.preparesFor] : [])));
      const targetsDone = new Set(finished);
      for (const step of built) {
        if (preparedFor.has(step.id) && !finished.has(step.id) && (await isDoneSafely(step, ctx))) {
          targetsDone.add(step.id);
        }
      }
      const pointless = (step: StepDefinition) =>
        step.preparesFor !== undefined && targetsDone.has(step.preparesFor) && !finished.has(step.id);
      run.steps = built.filter((step) => !pointless(step));
      const leftOut = built.filter(pointless);
      if (leftOut.length > 0) {
        run.checks.push({
          id: 'prepared-already',
          title: 'Steps that only prepare for a step already done are left out',
          status: 'pass',
          found: leftOut.map((step) => step.title).join('; '),
        });
      }
      run.blocks = stepBlocks(run.steps);
    } catch (error) {
      run.steps = [];
      run.blocks = [];
      run.checks.push({
        id: 'plan',
        title: 'The plan could be built',
        status: 'fail',
        found: describeWithField(error, this.fieldLabels(run.flow)),
        remedy: 'Fix what the message names, then select Check again.',
      });
    }
    // Only the leading steps can be judged now: once a step still has to run, it changes the
    // state that later steps would be judged on (a service running now is stopped first). The
    // steps of a block leave each other's state alone, so each is judged on the state before it.
    const alreadyDone = new Set<StepDefinition>();
    let leading = true;
    for (const block of run.blocks) {
      const judged = leading;
      await inPool(block.steps, block.limit, neverStop, async ({ step }) => {
        if (finished.has(step.id) || (judged && (await isDoneSafely(step, ctx)))) alreadyDone.add(step);
      });
      leading = block.steps.every(({ step }) => alreadyDone.has(step));
    }
    run.plan = run.steps.map((step) => ({
      id: step.id,
      title: step.title,
      commands: step.commands,
      destructive: step.destructive,
      alreadyDone: alreadyDone.has(step),
    }));
    run.statuses = run.steps.map((step): StepStatus => ({
      id: step.id,
      title: step.title,
      state: finished.has(step.id) ? 'done' : 'pending',
      output: [],
    }));
  }

  private launch(run: Run): void {
    run.cancelRequested = false;
    run.execution = this.execute(run).catch((error: unknown) => this.stopOnBrokenJournal(run, error));
  }

  private async execute(run: Run): Promise<void> {
    this.setPhase(run, 'running');
    for (const block of run.blocks) {
      const remaining = block.steps.flatMap(({ index, step }) => {
        const status = run.statuses[index];
        return status && status.state !== 'done' && status.state !== 'skipped' ? [{ step, status }] : [];
      });
      let stopReason: string | undefined;
      const allStarted = await inPool(
        remaining,
        block.limit,
        () => stopReason !== undefined || run.cancelRequested,
        async ({ step, status }) => {
          const reason = await this.runStep(run, step, status);
          stopReason ??= reason;
        },
      );
      if (stopReason !== undefined) {
        run.outcomeMessage = stopReason;
        this.setPhase(run, 'failed', run.outcomeMessage);
        return;
      }
      if (!allStarted) {
        this.cancelRemaining(run);
        return;
      }
    }
    const failed = run.statuses.filter((status) => status.state === 'failed');
    if (failed.length > 0) {
      run.outcomeMessage = `${failed.length} of ${run.statuses.length} steps failed: ${failed
        .map((status) => status.title)
        .join('; ')}. The others are done; fix what each failure names and select Retry to run the failed ones again.`;
      this.setPhase(run, 'failed', run.outcomeMessage);
      return;
    }
    await this.verify(run);
  }

  /**
   * Runs one step, or skips it when its effect is already in place. Returns why the run must stop
   * when the step fails without `continueOnFailure`; the caller stops it once no step is running.
   */
  private async runStep(run: Run, step: StepDefinition, status: StepStatus): Promise<string | undefined> {
    const { ctx } = run;
    if (await isDoneSafely(step, ctx)) {
      this.record(run, { type: 'step-skipped', stepId: step.id, reason: 'already done' });
      status.state = 'skipped';
      this.emit(run, { runId: run.id, type: 'step-finished', stepId: step.id, durationMs: 0, skipped: true });
      return undefined;
    }
    this.record(run, { type: 'step-started', stepId: step.id });
    const started = Date.now();
    status.state = 'running';
    status.startedAt = new Date(started).toISOString();
    status.output = [];
    status.percent = undefined;
    this.emit(run, { runId: run.id, type: 'step-started', stepId: step.id, at: status.startedAt });
    try {
      await step.run(ctx, this.stepIo(run, status));
    } catch (error) {
      if (error instanceof JournalBrokenError) throw error;
      const { message, details } = describeError(error);
      const safeMessage = run.redactor(message);
      const safeDetails = details === undefined ? undefined : run.redactor(details);
      this.record(run, { type: 'step-failed', stepId: step.id, message: safeMessage, details: safeDetails });
      status.state = 'failed';
      status.durationMs = Date.now() - started;
      status.error = { message: safeMessage, details: safeDetails };
      this.emit(run, {
        runId: run.id,
        type: 'step-failed',
        stepId: step.id,
        message: safeMessage,
        details: safeDetails,
      });
      return step.continueOnFailure ? undefined : `Step failed: ${step.title}. ${safeMessage}`;
    }
    status.durationMs = Date.now() - started;
    status.state = 'done';
    status.percent = 100;
    this.record(run, { type: 'step-finished', stepId: step.id, durationMs: status.durationMs });
    this.emit(run, {
      runId: run.id,
      type: 'step-finished',
      stepId: step.id,
      durationMs: status.durationMs,
      skipped: false,
    });
    return undefined;
  }

  private async verify(run: Run): Promise<void> {
    this.setPhase(run, 'verifying');
    run.verification = await runChecks(
      run.flow.verify(run.answers, run.ctx, { startedAt: run.startedAt }),
      run.ctx,
      this.fieldLabels(run.flow),
    );
    this.record(run, { type: 'verification', results: run.verification });
    this.emit(run, { runId: run.id, type: 'verification', checks: run.verification });
    const failures = run.verification.filter((check) => check.status === 'fail');
    if (failures.length > 0) {
      run.outcomeMessage = `The steps finished, but verification found problems: ${failures
        .map((check) => check.title)
        .join('; ')}. Fix them and select Retry to verify again.`;
      this.setPhase(run, 'failed', run.outcomeMessage);
      return;
    }
    const note = run.flow.completionNote?.(run.answers);
    run.outcomeMessage = `${run.flow.title}: completed and verified.${note ? ` ${note}` : ''}`;
    this.record(run, { type: 'run-finished', message: run.outcomeMessage });
    run.finishedAt = new Date().toISOString();
    run.journal?.close();
    run.journal = null;
    this.setPhase(run, 'succeeded', run.outcomeMessage);
    this.emit(run, { runId: run.id, type: 'run-finished', snapshot: this.snapshot(run) });
  }

  private cancelRemaining(run: Run): void {
    this.record(run, { type: 'run-cancelled' });
    run.cancelRequested = false;
    run.outcomeMessage = 'Cancelled. Steps already done stay done; resume the run or abandon it.';
    this.setPhase(run, 'cancelled', run.outcomeMessage);
  }

  private stepIo(run: Run, status: StepStatus): StepIo {
    return {
      output: (rawLine) => {
        const line = run.redactor(rawLine);
        status.output.push(line);
        if (status.output.length > MAX_OUTPUT_LINES) status.output.shift();
        this.record(run, { type: 'step-output', stepId: status.id, line });
        this.emit(run, { runId: run.id, type: 'step-output', stepId: status.id, line });
      },
      progress: (percent, message) => {
        status.percent = percent;
        status.progressMessage = message === undefined ? undefined : run.redactor(message);
        this.emit(run, {
          runId: run.id,
          type: 'step-progress',
          stepId: status.id,
          percent,
          message: status.progressMessage,
        });
      },
    };
  }

  private record(run: Run, record: JournalRecord): void {
    if (!run.journal) throw new JournalBrokenError('the run has no open journal');
    try {
      run.journal.append(run.redactor.deep(record));
    } catch (error) {
      throw new JournalBrokenError(describeError(error).message);
    }
  }

  private stopOnBrokenJournal(run: Run, error: unknown): void {
    const { message } = describeError(error);
    run.outcomeMessage = `The run journal could not be written (${message}), so the run was stopped. Resume it from the start page once the data folder is writable.`;
    for (const status of run.statuses) {
      if (status.state === 'running') status.state = 'cancelled';
    }
    run.journal = null;
    run.phase = 'failed';
    this.emit(run, { runId: run.id, type: 'phase', phase: 'failed', message: run.outcomeMessage });
  }

  private setPhase(run: Run, phase: RunPhase, message?: string): void {
    run.phase = phase;
    this.emit(run, { runId: run.id, type: 'phase', phase, message });
  }

  /** Every event carries the run's next revision, so a renderer can tell new state from old. */
  private emit(run: Run, event: UnrevisedRunEvent): void {
    run.revision += 1;
    this.options.emit({ ...event, revision: run.revision } as RunEvent);
  }

  private require(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new OperatorError(`Run ${runId} is not open in this window. Resume it from the start page.`);
    return run;
  }

  private loadForAbandon(runId: string): Run {
    const path = journalPath(this.options.journalDirectory, runId);
    if (!existsSync(path)) throw new OperatorError(`No journal was found for run ${runId}.`);
    const summary = summarizeJournal(readJournal(path));
    if (!summary || summary.ended) throw new OperatorError('This run has already ended.');
    const flow = this.flow(summary.flowId);
    const site = this.options.site();
    const open = this.options.openJournal ?? openJournal;
    const run = newRun({
      id: runId,
      flow,
      answers: summary.answers,
      site,
      resumed: true,
      startedAt: summary.startedAt,
      heldSecrets: {},
    });
    run.phase = 'cancelled';
    run.journal = open(this.options.journalDirectory, runId);
    this.runs.set(runId, run);
    return run;
  }

  private snapshot(run: Run): RunSnapshot {
    return {
      runId: run.id,
      flowId: run.flow.id,
      flowTitle: run.flow.title,
      mode: run.site.ctx.mode,
      phase: run.phase,
      resumed: run.resumed,
      answersSummary: run.answersSummary,
      checks: run.checks,
      plan: run.plan,
      steps: run.statuses.map((status) => ({ ...status, output: [...status.output] })),
      verification: run.verification,
      journalPath: journalPath(this.options.journalDirectory, run.id),
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      outcomeMessage: run.outcomeMessage,
      revision: run.revision,
    };
  }
}

function newRun(init: {
  id: string;
  flow: AnyFlowDefinition;
  answers: Answers;
  site: CurrentSite;
  resumed: boolean;
  startedAt: string;
  heldSecrets: Record<string, string>;
}): Run {
  const redactor = createRedactor(Object.values(init.heldSecrets));
  return {
    id: init.id,
    flow: init.flow,
    answers: init.answers,
    heldSecrets: init.heldSecrets,
    redactor,
    site: init.site,
    ctx: redactingContext(init.site.ctx, redactor, { id: init.id, startedAt: init.startedAt, resumed: init.resumed }),
    answersSummary: init.flow.summarize(init.answers, init.site.ctx.manifest),
    checks: [],
    steps: [],
    blocks: [],
    plan: [],
    statuses: [],
    verification: [],
    phase: 'ready',
    resumed: init.resumed,
    journal: null,
    startedAt: init.startedAt,
    cancelRequested: false,
    execution: null,
    revision: 0,
  };
}

async function runChecks(
  checks: CheckDefinition[],
  ctx: FlowContext,
  labelOf: (field: string) => string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(ctx)) });
    } catch (error) {
      results.push({
        id: check.id,
        title: check.title,
        status: 'fail',
        found: `The check could not be completed: ${describeWithField(error, labelOf)}`,
        remedy: 'Fix what the message names, then select Check again.',
      });
    }
  }
  return results;
}

/** Groups the steps into blocks; a parallel limit that is not a whole number of at least 1 is a flaw in the flow. */
function stepBlocks(steps: readonly StepDefinition[]): StepBlock[] {
  const blocks: StepBlock[] = [];
  let group: string | undefined;
  steps.forEach((step, index) => {
    const { parallel } = step;
    if (parallel && !(Number.isInteger(parallel.limit) && parallel.limit >= 1)) {
      throw new Error(
        `The step "${step.title}" runs in parallel at most ${parallel.limit} at once; the limit must be a whole number of at least 1.`,
      );
    }
    const last = blocks.at(-1);
    if (parallel && last && parallel.group === group) {
      last.steps.push({ index, step });
      last.limit = Math.min(last.limit, parallel.limit);
    } else {
      blocks.push({ steps: [{ index, step }], limit: parallel?.limit ?? 1 });
    }
    group = parallel?.group;
  });
  return blocks;
}

async function isDoneSafely(step: StepDefinition, ctx: FlowContext): Promise<boolean> {
  try {
    return await step.isDone(ctx);
  } catch {
    // If the step cannot tell, running it again is the safe choice: steps are written to be repeatable.
    return false;
  }
}

/**
 * The secret answers a resumed run needs: those its checks, plan and verification read, and
 * those its remaining steps name, in the order the flow declares them.
 */
function secretsNeeded(flow: AnyFlowDefinition, summary: JournalSummary): string[] {
  const needed = new Set<string>(flow.planSecrets?.(summary.answers) ?? []);
  for (const step of summary.steps) {
    if (summary.finishedSteps.has(step.id) || !step.usesSecrets) continue;
    for (const field of step.usesSecrets === true ? flow.secretFields : step.usesSecrets) needed.add(field);
  }
  return flow.secretFields.filter((field) => needed.has(field));
}

function pickSecrets(values: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((field) => (typeof values[field] === 'string' ? [[field, values[field] as string]] : [])),
  );
}

function withoutSecrets(answers: Answers, secretFields: readonly string[]): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([name]) => !secretFields.includes(name)));
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}
