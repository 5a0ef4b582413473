import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import {
  drillHistoryEntrySchema,
  type DrillHistoryEntry,
  type DrillHistoryRun,
  type DrillOperatorActions,
} from '../../shared/drill-contract';
import type { RunEvent, RunSnapshot } from '../../shared/run-contract';
import { readJournal, type StampedRecord } from '../engine/journal';
import { replaceFileContents } from '../host/replace-file';

/**
 * The drill history: every drill run, alone or within a scenario, with its result, what the
 * operator did, and the recovery time it simulated. The drill runs faster than real time, so
 * that time is read from the drill's own clock (what the simulation waited for, at real speed)
 * between a run's steps starting and its last step ending; a wait for the operator between two
 * attempts is not recovery time. Kept in the data folder, which the portable build keeps
 * beside the kit on the stick.
 */

const MAX_ENTRIES = 500;
const historyFileSchema = z.object({ schemaVersion: z.literal(1), entries: z.array(z.unknown()) });

/** What the journal can tell of the operator's part in a run. */
export function operatorActions(records: readonly StampedRecord[]): Omit<DrillOperatorActions, 'drillActions'> {
  const actions = { answers: 0, typedConfirmations: 0, acknowledgedWarnings: 0, retries: 0, resumes: 0 };
  const failed = new Set<string>();
  for (const record of records) {
    if (record.type === 'run-started') actions.answers = Object.keys(record.answers).length;
    if (record.type === 'confirmed') {
      actions.typedConfirmations += record.confirmedSteps.length;
      actions.acknowledgedWarnings += record.acknowledgedWarnings.length;
    }
    if (record.type === 'run-resumed') actions.resumes += 1;
    if (record.type === 'step-failed') failed.add(record.stepId);
    if (record.type === 'step-started' && failed.has(record.stepId)) actions.retries += 1;
  }
  return actions;
}

/** Where a run belongs: a scenario's entry, and whether it ran before the scenario's failure. */
export interface RunPlacement {
  entryId: string;
  beforeFailure: boolean;
}

export interface DrillHistoryOptions {
  path: string;
  speed: number;
  /** The drill's simulated clock, in milliseconds; null when the current site is not a drill. */
  simulatedNow(): number | null;
  /** The run as main knows it; null when it is not open. */
  snapshot(runId: string): RunSnapshot | null;
  siteName(): string;
  /** The scenario entry a run starting now belongs to, if a scenario is being rehearsed. */
  placement(): RunPlacement | null;
}

/** A run while it is open in this process: the spans of the drill clock its steps ran in. */
interface LiveRun {
  spanStart: { simulated: number; wall: number } | null;
  stepStarts: Map<string, number>;
}

const CONCLUDED = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', abandoned: 'abandoned' } as const;

const RUN_ACTIONS = ['answers', 'typedConfirmations', 'acknowledgedWarnings', 'retries', 'resumes'] as const;

const noActions = (): DrillOperatorActions => ({
  answers: 0,
  typedConfirmations: 0,
  acknowledgedWarnings: 0,
  retries: 0,
  resumes: 0,
  drillActions: 0,
});

export class DrillHistory {
  private entries: DrillHistoryEntry[];
  private readonly live = new Map<string, LiveRun>();

  constructor(private readonly options: DrillHistoryOptions) {
    this.entries = load(options.path);
  }

  /** Newest first. */
  list(): DrillHistoryEntry[] {
    return structuredClone([...this.entries].reverse());
  }

  openScenario(scenario: { id: string; title: string }): string {
    const entry = this.newEntry('scenario', scenario.title);
    entry.scenarioId = scenario.id;
    this.entries.push(entry);
    this.save();
    return entry.id;
  }

  closeScenario(entryId: string, result: 'succeeded' | 'stopped'): void {
    const entry = this.entry(entryId);
    if (!entry || entry.result !== 'in progress') return;
    entry.result = result;
    entry.endedAt = new Date().toISOString();
    this.save();
  }

  /** A fault injected, a sign-in, a restart or a failure made to happen, within a scenario. */
  countDrillAction(entryId: string): void {
    const entry = this.entry(entryId);
    if (!entry) return;
    entry.actions.drillActions += 1;
    this.save();
  }

  observe(event: RunEvent): void {
    const now = this.options.simulatedNow();
    if (now === null) return;
    if (event.type === 'step-started') {
      this.live.get(event.runId)?.stepStarts.set(event.stepId, now);
      return;
    }
    if (event.type === 'step-finished' || event.type === 'step-failed') {
      this.stepEnded(event.runId, event.stepId, now);
      return;
    }
    if (event.type !== 'phase') return;
    if (event.phase === 'running' || event.phase === 'verifying') {
      this.spanOpened(event.runId, now);
      return;
    }
    if (event.phase in CONCLUDED) this.concluded(event.runId, CONCLUDED[event.phase as keyof typeof CONCLUDED], now);
  }

  private spanOpened(runId: string, now: number): void {
    const live = this.live.get(runId) ?? { spanStart: null, stepStarts: new Map() };
    this.live.set(runId, live);
    live.spanStart ??= { simulated: now, wall: Date.now() };
    if (!this.recorded(runId)) this.record(runId);
  }

  private stepEnded(runId: string, stepId: string, now: number): void {
    const live = this.live.get(runId);
    const started = live?.stepStarts.get(stepId);
    const found = this.recorded(runId);
    if (!live || started === undefined || !found) return;
    live.stepStarts.delete(stepId);
    const step = found.run.steps.find((candidate) => candidate.id === stepId);
    if (step) step.simulatedMs += now - started;
  }

  private concluded(runId: string, result: DrillHistoryRun['result'], now: number): void {
    const found = this.recorded(runId) ?? this.record(runId);
    if (!found) return;
    const { entry, run } = found;
    const live = this.live.get(runId);
    if (live?.spanStart) {
      run.simulatedMs += now - live.spanStart.simulated;
      run.acceleratedMs += Date.now() - live.spanStart.wall;
      live.spanStart = null;
    }
    const snapshot = this.options.snapshot(runId);
    run.result = result;
    run.endedAt = snapshot?.finishedAt ?? new Date().toISOString();
    // The drill panel's actions belong to the scenario, not to one of its runs.
    if (snapshot) run.actions = { ...operatorActions(readJournal(snapshot.journalPath)), drillActions: 0 };
    if (entry.kind === 'procedure') {
      entry.result = result;
      entry.endedAt = run.endedAt;
    }
    this.total(entry);
    this.save();
  }

  /** Puts a run the history has not seen into its scenario's entry, or an entry of its own. */
  private record(runId: string): { entry: DrillHistoryEntry; run: DrillHistoryRun } | null {
    const snapshot = this.options.snapshot(runId);
    if (!snapshot || snapshot.mode !== 'drill') return null;
    const placement = this.options.placement();
    const scenarioEntry = placement ? this.entry(placement.entryId) : undefined;
    const entry = scenarioEntry ?? this.newEntry('procedure', snapshot.flowTitle);
    if (!scenarioEntry) this.entries.push(entry);
    const run: DrillHistoryRun = {
      runId,
      flowId: snapshot.flowId,
      title: snapshot.flowTitle,
      startedAt: snapshot.startedAt,
      result: 'in progress',
      beforeFailure: scenarioEntry ? (placement?.beforeFailure ?? false) : false,
      simulatedMs: 0,
      acceleratedMs: 0,
      steps: snapshot.steps.map((step) => ({ id: step.id, title: step.title, simulatedMs: 0 })),
      actions: noActions(),
    };
    entry.runs.push(run);
    this.total(entry);
    this.save();
    return { entry, run };
  }

  private recorded(runId: string): { entry: DrillHistoryEntry; run: DrillHistoryRun } | null {
    for (const entry of this.entries) {
      const run = entry.runs.find((candidate) => candidate.runId === runId);
      if (run) return { entry, run };
    }
    return null;
  }

  /** An entry's figures from its runs: preparation before a scenario's failure is not recovery time. */
  private total(entry: DrillHistoryEntry): void {
    const recovery = entry.runs.filter((run) => !run.beforeFailure);
    entry.simulatedMs = recovery.reduce((sum, run) => sum + run.simulatedMs, 0);
    entry.acceleratedMs = recovery.reduce((sum, run) => sum + run.acceleratedMs, 0);
    const actions = { ...noActions(), drillActions: entry.actions.drillActions };
    for (const run of entry.runs) for (const key of RUN_ACTIONS) actions[key] += run.actions[key];
    entry.actions = actions;
  }

  private newEntry(kind: DrillHistoryEntry['kind'], title: string): DrillHistoryEntry {
    const startedAt = new Date().toISOString();
    return {
      id: randomUUID(),
      kind,
      title,
      siteName: this.options.siteName(),
      startedAt,
      result: 'in progress',
      speed: this.options.speed,
      simulatedMs: 0,
      acceleratedMs: 0,
      actions: noActions(),
      runs: [],
    };
  }

  private entry(id: string): DrillHistoryEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  private save(): void {
    this.entries = this.entries.slice(-MAX_ENTRIES);
    mkdirSync(dirname(this.options.path), { recursive: true });
    replaceFileContents(this.options.path, `${JSON.stringify({ schemaVersion: 1, entries: this.entries }, null, 2)}\n`);
  }
}

/** The entries of the history file; one that cannot be read is left out rather than losing the rest. */
function load(path: string): DrillHistoryEntry[] {
  if (!existsSync(path)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const file = historyFileSchema.safeParse(raw);
  if (!file.success) return [];
  return file.data.entries.flatMap((entry) => {
    const parsed = drillHistoryEntrySchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}
