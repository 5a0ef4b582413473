import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers, CheckResult, FlowId, SiteMode } from '../../shared/run-contract';

/**
 * One JSON-lines file per run. Each record is flushed to disk before the engine moves on, so a
 * crash loses at most the record being written, and the file alone is enough to resume.
 */

export type JournalRecord =
  | {
      type: 'run-started';
      runId: string;
      flowId: FlowId;
      flowTitle: string;
      mode: SiteMode;
      siteName: string;
      answers: Answers;
      steps: JournalStep[];
    }
  | { type: 'checks'; results: CheckResult[] }
  | { type: 'confirmed'; acknowledgedWarnings: string[]; confirmedSteps: string[] }
  | { type: 'run-resumed' }
  | { type: 'step-started'; stepId: string }
  | { type: 'step-output'; stepId: string; line: string }
  | { type: 'step-finished'; stepId: string; durationMs: number }
  | { type: 'step-skipped'; stepId: string; reason: string }
  | { type: 'step-failed'; stepId: string; message: string; details?: string }
  | { type: 'verification'; results: CheckResult[] }
  | { type: 'run-cancelled' }
  | { type: 'run-finished'; message: string }
  | { type: 'run-abandoned'; reason: string };

/** `usesSecrets` tells whether a step needs a password that the journal never holds. */
export interface JournalStep {
  id: string;
  title: string;
  usesSecrets?: boolean;
}

export type StampedRecord = JournalRecord & { at: string };

export interface JournalWriter {
  readonly path: string;
  append(record: JournalRecord): void;
  close(): void;
}

export function journalPath(directory: string, runId: string): string {
  return join(directory, `${runId}.jsonl`);
}

export function openJournal(directory: string, runId: string): JournalWriter {
  mkdirSync(directory, { recursive: true });
  const path = journalPath(directory, runId);
  const fd = openSync(path, 'a');
  return {
    path,
    append(record) {
      const line = `${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`;
      writeSync(fd, line);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

/** Reads a journal, ignoring a torn last line left by a crash in the middle of a write. */
export function readJournal(path: string): StampedRecord[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: StampedRecord[] = [];
  for (const line of lines) {
    if (line.trim().length === 0) continue;
    try {
      records.push(JSON.parse(line) as StampedRecord);
    } catch {
      break;
    }
  }
  return records;
}

export function listJournals(directory: string): string[] {
  try {
    return readdirSync(directory)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => join(directory, name));
  } catch {
    return [];
  }
}

export interface JournalSummary {
  runId: string;
  flowId: FlowId;
  flowTitle: string;
  mode: SiteMode;
  answers: Answers;
  startedAt: string;
  lastActivity: string;
  steps: JournalStep[];
  finishedSteps: Set<string>;
  /** The step that failed last and has not finished since. */
  failedStep?: string;
  ended: boolean;
}

export function summarizeJournal(records: StampedRecord[]): JournalSummary | null {
  const start = records[0];
  if (!start || start.type !== 'run-started') return null;
  const finishedSteps = new Set<string>();
  // Steps that run at the same time interleave their records, so a step that finishes after
  // another failed must not hide that failure: every failure counts until its own step finishes.
  const failedSteps = new Set<string>();
  let ended = false;
  for (const record of records) {
    if (record.type === 'step-finished' || record.type === 'step-skipped') {
      finishedSteps.add(record.stepId);
      failedSteps.delete(record.stepId);
    }
    if (record.type === 'step-failed') {
      failedSteps.delete(record.stepId);
      failedSteps.add(record.stepId);
    }
    if (record.type === 'run-finished' || record.type === 'run-abandoned') ended = true;
  }
  const failedStep = [...failedSteps].at(-1);
  return {
    runId: start.runId,
    flowId: start.flowId,
    flowTitle: start.flowTitle,
    mode: start.mode,
    answers: start.answers,
    startedAt: start.at,
    lastActivity: records[records.length - 1]?.at ?? start.at,
    steps: start.steps,
    finishedSteps,
    failedStep,
    ended,
  };
}
