import { appendFileSync, readFileSync, truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  openJournal,
  readJournal,
  summarizeJournal,
  type JournalRecord,
  type StampedRecord,
} from '../../../../src/main/engine/journal';
import { tempDirectory } from '../../support/harness';

const at = '2026-11-22T00:00:00.000Z';
const stamped = (records: JournalRecord[]): StampedRecord[] => records.map((record) => ({ ...record, at }));

const start: JournalRecord = {
  type: 'run-started',
  runId: 'run-1',
  flowId: 'promote-management-server',
  flowTitle: 'Test',
  mode: 'drill',
  siteName: 'Contoso',
  answers: {},
  steps: ['a', 'b', 'c'].map((id) => ({ id, title: `Step ${id}` })),
};

describe('journal summary', () => {
  it('keeps a failure of a step running in parallel when another step finishes after it', () => {
    const summary = summarizeJournal(
      stamped([
        start,
        { type: 'step-started', stepId: 'a' },
        { type: 'step-started', stepId: 'b' },
        { type: 'step-started', stepId: 'c' },
        { type: 'step-failed', stepId: 'a', message: 'unreachable' },
        { type: 'step-failed', stepId: 'b', message: 'unreachable' },
        { type: 'step-finished', stepId: 'c', durationMs: 5 },
      ]),
    );
    expect(summary?.failedStep).toBe('b');
    expect([...(summary?.finishedSteps ?? [])]).toEqual(['c']);
  });

  it('names the failure still standing once a retried step finishes', () => {
    const summary = summarizeJournal(
      stamped([
        start,
        { type: 'step-failed', stepId: 'a', message: 'unreachable' },
        { type: 'step-failed', stepId: 'b', message: 'unreachable' },
        { type: 'step-started', stepId: 'b' },
        { type: 'step-finished', stepId: 'b', durationMs: 5 },
      ]),
    );
    expect(summary?.failedStep).toBe('a');
    const cleared = summarizeJournal([
      ...stamped([start, { type: 'step-failed', stepId: 'a', message: 'unreachable' }]),
      ...stamped([{ type: 'step-finished', stepId: 'a', durationMs: 5 }]),
    ]);
    expect(cleared?.failedStep).toBeUndefined();
  });
});

describe('a journal torn by a crash in the middle of a write', () => {
  const record = (stepId: string): JournalRecord => ({ type: 'step-started', stepId });
  const written = (directory: string, records: JournalRecord[]) => {
    const writer = openJournal(directory, 'run-1');
    for (const each of records) writer.append(each);
    writer.close();
    return writer.path;
  };
  /** Cuts the file inside its last line, as a process killed during the write leaves it. */
  const tear = (path: string, keepOfLastLine: number) => {
    const content = readFileSync(path);
    const lastLineStart = content.lastIndexOf(0x0a, content.length - 2) + 1;
    truncateSync(path, lastLineStart + keepOfLastLine);
  };

  it('is cut back to its last whole record when opened again, so the next record starts its own line', () => {
    const directory = tempDirectory('journal');
    const path = written(directory, [start, record('a'), record('b')]);
    tear(path, 20);
    expect(readJournal(path).map((r) => ('stepId' in r ? r.stepId : r.type))).toEqual(['run-started', 'a']);

    const resumed = openJournal(directory, 'run-1');
    resumed.append({ type: 'run-resumed' });
    resumed.append(record('c'));
    resumed.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).every((line) => JSON.parse(line) !== null)).toBe(true);
    expect(readJournal(path).map((r) => ('stepId' in r ? r.stepId : r.type))).toEqual([
      'run-started',
      'a',
      'run-resumed',
      'c',
    ]);
  });

  it('keeps a last record that lost only its line break, and ends it', () => {
    const directory = tempDirectory('journal');
    const path = written(directory, [start, record('a')]);
    truncateSync(path, readFileSync(path).length - 1);
    const resumed = openJournal(directory, 'run-1');
    resumed.append(record('b'));
    resumed.close();
    expect(readJournal(path).map((r) => ('stepId' in r ? r.stepId : r.type))).toEqual(['run-started', 'a', 'b']);
  });

  it('skips an unreadable line instead of ending there, keeping every record written after it', () => {
    const directory = tempDirectory('journal');
    const path = written(directory, [start, record('a')]);
    // As an older version left it: the resumed run's first record appended onto the torn fragment.
    const torn = JSON.stringify({ at, ...record('b') }).slice(0, 25);
    appendFileSync(path, `${torn}${JSON.stringify({ at, type: 'run-resumed' })}\n`);
    appendFileSync(path, `${JSON.stringify({ at, ...record('c') })}\n{"at":"broken\n`);
    appendFileSync(path, `${JSON.stringify({ at, type: 'run-finished', message: 'done' })}\n`);
    expect(readJournal(path).map((r) => ('stepId' in r ? r.stepId : r.type))).toEqual([
      'run-started',
      'a',
      'run-resumed',
      'c',
      'run-finished',
    ]);
    expect(summarizeJournal(readJournal(path))?.ended).toBe(true);
  });
});
