import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { sleepSync } from './sleep-sync';

/**
 * Replaces a file's contents at once: they are written to a temporary file beside it and renamed
 * over it, so a reader finds the old contents or the new, never half of them. Each write has a
 * temporary file of its own (process id and random): with one shared name, two writers renamed
 * each other's file away and one of them failed.
 */
export function replaceFileContents(path: string, contents: string | Buffer): void {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, contents);
    renameOver(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * As replaceFileContents, and the new contents reach the disk before the rename: a computer that
 * loses power (or a drive pulled out) just after finds the old file or the whole new one, never a
 * renamed file whose contents were still in memory. For the recovery kit's index.
 */
export function replaceFileDurably(path: string, contents: string): void {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = openSync(temporary, 'wx');
    try {
      writeSync(handle, contents);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameOver(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// Windows refuses a rename onto a file while another one is being renamed onto it, for a moment.
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_ATTEMPTS = 40;
const RENAME_PAUSE_MS = 25;

function renameOver(from: string, to: string): void {
  for (let attempt = 1; ; attempt += 1) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!BUSY.has(code) || attempt === RENAME_ATTEMPTS) throw error;
      sleepSync(RENAME_PAUSE_MS);
    }
  }
}
