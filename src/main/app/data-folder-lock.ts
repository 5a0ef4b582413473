import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/channels';
import { sleepSync } from '../host/sleep-sync';
import { formatMoment } from '../../shared/local-time';

/**
 * One wizard per data folder. Two wizards on one folder would resume the same journal twice and
 * overwrite each other's drill site, so each entry point (the desktop window and the browser host)
 * takes this lock before it opens the journals, and a second one is refused with the first named.
 * A wizard that crashed leaves its lock file behind; the next one sees that the process named in
 * it is gone and takes the lock over.
 */

export const DATA_FOLDER_LOCK_FILE = 'wizard.lock';

export interface DataFolderHolder {
  pid: number;
  host: AppInfo['host'];
  computer: string;
  startedAt: string;
}

export type DataFolderLock =
  | { held: true; path: string; release(): void }
  | { held: false; path: string; holder: DataFolderHolder; message: string };

interface LockRecord extends DataFolderHolder {
  claim: string;
}

const HOST_NAMES: Record<AppInfo['host'], string> = {
  electron: 'the desktop wizard',
  browser: 'the browser wizard (npm run drill)',
};

// A lock file is created empty and then written: a reader that finds it unreadable waits this long
// for the writer to finish before it takes the file for a crashed one's.
const UNREADABLE_PATIENCE_MS = 2_000;
const READ_RETRY_MS = 50;

export function lockDataFolder(dataDirectory: string, host: AppInfo['host']): DataFolderLock {
  // Journals, reports and the drill's site are the operator's: where the system has modes, a
  // folder the wizard makes is theirs alone (Windows gives a profile's AppData the same).
  mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  const path = join(dataDirectory, DATA_FOLDER_LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    host,
    computer: hostname(),
    startedAt: new Date().toISOString(),
    claim: randomBytes(12).toString('hex'),
  };
  const text = `${JSON.stringify(record)}\n`;

  // Each pass either creates the lock, finds it held, or removes a crashed holder's file; a few
  // passes cover another wizard taking over the same stale file at the same moment.
  for (let pass = 0; pass < 5; pass += 1) {
    if (createExclusive(path, text)) {
      return { held: true, path, release: () => releaseLock(path, record.claim) };
    }
    const found = readHolder(path);
    if (found === 'missing') continue;
    if (found !== 'unreadable' && holderIsAlive(found.record)) {
      return { held: false, path, holder: found.record, message: heldMessage(dataDirectory, path, found.record) };
    }
    removeIfUnchanged(path, found === 'unreadable' ? null : found.text);
  }
  throw new Error(`The lock ${path} could not be taken: other wizards kept claiming it at the same time.`);
}

/** Who holds the data folder's lock, in the words a refused wizard shows; null when no live wizard holds it. */
export function describeDataFolderHolder(dataDirectory: string): string | null {
  const path = join(dataDirectory, DATA_FOLDER_LOCK_FILE);
  const found = readHolder(path);
  if (found === 'missing' || found === 'unreadable' || !holderIsAlive(found.record)) return null;
  return heldMessage(dataDirectory, path, found.record);
}

function heldMessage(dataDirectory: string, path: string, holder: DataFolderHolder): string {
  const where = holder.computer === hostname() ? '' : ` on ${holder.computer}`;
  return (
    `Another wizard is using the data folder ${dataDirectory}: ${HOST_NAMES[holder.host]}, process ${holder.pid}${where}, ` +
    `started ${formatMoment(holder.startedAt)}. Two wizards on one folder would run the same journals twice, so this one stops. ` +
    `Use that wizard, or close it and start this one again. If no such process runs, delete ${path}.`
  );
}

function createExclusive(path: string, text: string): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

type ReadResult = 'missing' | 'unreadable' | { record: LockRecord; text: string };

function readHolder(path: string): ReadResult {
  const deadline = Date.now() + UNREADABLE_PATIENCE_MS;
  for (;;) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
    const record = parseRecord(text);
    if (record) return { record, text };
    if (Date.now() >= deadline) return 'unreadable';
    sleepSync(READ_RETRY_MS);
  }
}

function parseRecord(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    const valid =
      Number.isInteger(value.pid) &&
      (value.host === 'electron' || value.host === 'browser') &&
      typeof value.computer === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.claim === 'string';
    return valid ? (value as LockRecord) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the wizard named in a lock may still run. On another computer (a data folder on a
 * share) its process cannot be looked at, so it counts as running. Our own process id in a file we
 * did not write is a crashed wizard's whose id came round again (a container's first process).
 */
function holderIsAlive(holder: DataFolderHolder): boolean {
  if (holder.computer !== hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a crashed wizard's lock, and only that one: the file is first renamed to a name of our
 * own, so a lock another wizard created in the meantime is never deleted; that one is put back.
 */
function removeIfUnchanged(path: string, staleText: string | null): void {
  const aside = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  const isTheStaleOne = staleText === null ? parseRecord(moved) === null : moved === staleText;
  if (!isTheStaleOne) {
    try {
      writeFileSync(path, moved, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  rmSync(aside, { force: true });
}

function releaseLock(path: string, claim: string): void {
  const found = readHolderOnce(path);
  if (found?.claim === claim) rmSync(path, { force: true });
}

function readHolderOnce(path: string): LockRecord | null {
  try {
    return parseRecord(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
