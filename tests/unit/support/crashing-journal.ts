import { openJournal, type JournalRecord, type JournalWriter } from '../../../src/main/engine/journal';

/**
 * A journal that dies right after its Nth record reaches the disk, as a process would in a crash.
 * `onCrash` sees that moment, to keep what else the process had on disk then.
 */
export function crashingJournal(crashAfter: number, onCrash: () => void = () => undefined) {
  let written = 0;
  return (directory: string, runId: string): JournalWriter => {
    const real = openJournal(directory, runId);
    return {
      path: real.path,
      append(record) {
        if (written >= crashAfter) throw new Error('simulated crash');
        real.append(record);
        written += 1;
        if (written === crashAfter) {
          onCrash();
          throw new Error('simulated crash');
        }
      },
      close: () => real.close(),
    };
  };
}

/**
 * A journal that dies just before it writes the first record `matches` picks, such as a step's
 * "finished" record once the step's effect is on the site; nothing is written after that.
 */
export function journalDyingBefore(matches: (record: JournalRecord) => boolean, onCrash: () => void = () => undefined) {
  let dead = false;
  return (directory: string, runId: string): JournalWriter => {
    const real = openJournal(directory, runId);
    return {
      path: real.path,
      append(record) {
        if (dead) throw new Error('simulated crash');
        if (matches(record)) {
          dead = true;
          onCrash();
          throw new Error('simulated crash');
        }
        real.append(record);
      },
      close: () => real.close(),
    };
  };
}

/** Just before the step's "finished" record: the step did all it does, the journal does not know. */
export const beforeFinished =
  (stepId: string) =>
  (record: JournalRecord): boolean =>
    record.type === 'step-finished' && record.stepId === stepId;
