import { openJournal, type JournalWriter } from '../../../src/main/engine/journal';

/** A journal that dies right after its Nth record reaches the disk, as a process would in a crash. */
export function crashingJournal(crashAfter: number) {
  let written = 0;
  return (directory: string, runId: string): JournalWriter => {
    const real = openJournal(directory, runId);
    return {
      path: real.path,
      append(record) {
        if (written >= crashAfter) throw new Error('simulated crash');
        real.append(record);
        written += 1;
        if (written === crashAfter) throw new Error('simulated crash');
      },
      close: () => real.close(),
    };
  };
}
