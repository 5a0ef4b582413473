import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Answers, CheckResult, FlowId, PlannedStep, SiteMode } from '../../shared/run-contract';

/**
 * One JSON-lines file per run. Each record is flushed to disk before the engine moves on, so a
 * crash loses at most the record being written, and the file alone is enough to resume. A crash
 * in the middle of a write leaves a torn last line: the next writer cuts it off before it appends
 * (or ends it, when only its line break was lost), so every later record starts on its own line.
 */

export type JournalRecord =
  | ({
      type: 'run-started';
      runId: string;
      flowId: FlowId;
      flowTitle: string;
      mode: SiteMode;
      siteName: string;
      answers: Answers;
      /** The answers as the Summary page labels them, secrets masked; absent in journals of older versions. */
      answersSummary?: { label: string; value: string }[];
      steps: JournalStep[];
    } & RunOrigin)
  | { type: 'checks'; results: CheckResult[] }
  | {
      type: 'confirmed';
      acknowledgedWarnings: string[];
      confirmedSteps: string[];
      /** The plan the operator confirmed, as the Summary page showed it; absent in journals of older versions. */
      plan?: PlannedStep[];
    }
  | ({ type: 'run-resumed' } & RunOrigin)
  | { type: 'step-started'; stepId: string }
  | { type: 'step-output'; stepId: string; line: string }
  | { type: 'step-finished'; stepId: string; durationMs: number }
  | { type: 'step-skipped'; stepId: string; reason: string }
  | { type: 'step-failed'; stepId: string; message: string; details?: string }
  | { type: 'verification'; results: CheckResult[] }
  | { type: 'run-cancelled' }
  | { type: 'run-finished'; message: string }
  | { type: 'run-abandoned'; reason: string };

/**
 * Who ran the wizard, where, and which version of it, as the report of the run states them: each
 * start and each resume records its own, since a run may be resumed by another operator on
 * another computer. Journals of older versions lack them.
 */
export interface RunOrigin {
  /** The account the wizard runs under, as the computer names it (DOMAIN\user on Windows). */
  operatorAccount?: string;
  /** The computer the run acts from: in a drill, the simulated computer signed in on. */
  computer?: string;
  wizardVersion?: string;
}

/**
 * `usesSecrets` names the secret answers a step reads, which the journal never holds; journals of
 * older versions say only `true`, meaning any of the flow's secret answers.
 */
export interface JournalStep {
  id: string;
  title: string;
  usesSecrets?: boolean | string[];
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
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w');
  let end = endOfLastRecord(fd, readFileSync(path));
  return {
    path,
    append(record) {
      const line = Buffer.from(`${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`, 'utf8');
      writeSync(fd, line, 0, line.length, end);
      fsyncSync(fd);
      end += line.length;
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Where the next record goes: after the last complete line. A torn last line (a crash in the
 * middle of a write) is cut off, since the record it held is the one the crash lost; a last line
 * that lacks only its line break is a whole record and is ended instead.
 */
function endOfLastRecord(fd: number, content: Buffer): number {
  const lastBreak = content.lastIndexOf(0x0a);
  const tailStart = lastBreak + 1;
  if (tailStart === content.length) return content.length;
  if (parseRecord(content.subarray(tailStart).toString('utf8')) !== null) {
    writeSync(fd, '\n', content.length);
    fsyncSync(fd);
    return content.length + 1;
  }
  ftruncateSync(fd, tailStart);
  fsyncSync(fd);
  return tailStart;
}

/** A line as a record, or null when it is not one (torn by a crash, or damaged). */
function parseRecord(line: string): StampedRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const { at, type } = value as Record<string, unknown>;
    return typeof at === 'string' && typeof type === 'string' ? (value as StampedRecord) : null;
  } catch {
    return null;
  }
}

/** Where a record starts: `at` is written first, and JSON escapes the quotes of any string value. */
const RECORD_START = '{"at":"';

/**
 * Reads a journal. A line that is not a record is skipped, not taken for the end: it is a write
 * torn by a crash, and the records after it were written by the run resumed after that crash. An
 * older version of the wizard appended the first of them onto the torn fragment itself, so a
 * record found at the last record start of an unreadable line is kept.
 */
export function readJournal(path: string): StampedRecord[] {
  const records: StampedRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const record = parseRecord(line) ?? parseRecord(line.slice(Math.max(0, line.lastIndexOf(RECORD_START))));
    if (record) records.push(record);
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
