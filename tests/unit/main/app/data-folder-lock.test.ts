import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATA_FOLDER_LOCK_FILE,
  describeDataFolderHolder,
  lockDataFolder,
  type DataFolderHolder,
} from '../../../../src/main/app/data-folder-lock';
import { tempDirectory } from '../../support/harness';

function writeHolder(folder: string, holder: Partial<DataFolderHolder> & { pid: number }): string {
  const path = join(folder, DATA_FOLDER_LOCK_FILE);
  writeFileSync(
    path,
    JSON.stringify({
      host: 'browser',
      computer: hostname(),
      startedAt: '2025-05-01T08:00:00.000Z',
      claim: 'someone-else',
      ...holder,
    }),
  );
  return path;
}

/** A process id that was a real process and is gone now. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('the data folder lock', () => {
  it('is taken in a fresh folder, names this wizard, and is let go on release', () => {
    const folder = join(tempDirectory('lock'), 'not-yet-there');
    const lock = lockDataFolder(folder, 'browser');
    expect(lock.held).toBe(true);
    const written = JSON.parse(readFileSync(join(folder, DATA_FOLDER_LOCK_FILE), 'utf8')) as DataFolderHolder;
    expect(written).toMatchObject({ pid: process.pid, host: 'browser', computer: hostname() });
    expect(Date.parse(written.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    if (lock.held) lock.release();
    expect(readdirSync(folder)).toEqual([]);
  });

  // Windows has no modes: the profile's AppData is the operator's own.
  it.skipIf(process.platform === 'win32')('makes a folder only its operator can open', () => {
    const folder = join(tempDirectory('lock'), 'not-yet-there');
    const lock = lockDataFolder(folder, 'browser');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    if (lock.held) lock.release();
  });

  it('is refused while the wizard named in it runs, with a message naming it, and the lock is left alone', () => {
    const folder = tempDirectory('lock');
    const path = writeHolder(folder, { pid: process.ppid, host: 'electron', startedAt: '2025-05-01T08:15:00.000Z' });
    const before = readFileSync(path, 'utf8');
    const lock = lockDataFolder(folder, 'browser');
    expect(lock.held).toBe(false);
    if (lock.held) return;
    expect(lock.holder).toMatchObject({ pid: process.ppid, host: 'electron' });
    expect(lock.message).toContain(`process ${process.ppid}`);
    expect(lock.message).toContain('the desktop wizard');
    // In this computer's zone, with the zone said: the holder's ISO time is not what an operator reads.
    expect(lock.message).toMatch(/started 2025-05-01 \d\d:\d\d:00 \S+ \(UTC[+-]\d\d:\d\d\)\./);
    expect(lock.message).toContain(folder);
    expect(lock.message).toContain(path);
    expect(describeDataFolderHolder(folder)).toBe(lock.message);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('is taken over from a wizard that crashed', () => {
    const folder = tempDirectory('lock');
    writeHolder(folder, { pid: deadPid() });
    expect(describeDataFolderHolder(folder)).toBeNull();
    const lock = lockDataFolder(folder, 'electron');
    expect(lock.held).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, DATA_FOLDER_LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: 'electron',
    });
    expect(readdirSync(folder)).toEqual([DATA_FOLDER_LOCK_FILE]);
  });

  it('is taken over from a lock file a crash left empty or torn', () => {
    for (const text of ['', '{"pid": 12']) {
      const folder = tempDirectory('lock');
      writeFileSync(join(folder, DATA_FOLDER_LOCK_FILE), text);
      expect(lockDataFolder(folder, 'browser').held, JSON.stringify(text)).toBe(true);
    }
  });

  it('treats our own process id in a file we did not write as a crashed wizard whose id came round again', () => {
    const folder = tempDirectory('lock');
    writeHolder(folder, { pid: process.pid });
    expect(lockDataFolder(folder, 'browser').held).toBe(true);
  });

  it('counts a wizard on another computer as running, since its process cannot be looked at', () => {
    const folder = tempDirectory('lock');
    writeHolder(folder, { pid: deadPid(), computer: 'OTHER-PC' });
    const lock = lockDataFolder(folder, 'browser');
    expect(lock.held).toBe(false);
    if (!lock.held) expect(lock.message).toContain('on OTHER-PC');
  });

  it('releases only its own lock, not one another wizard took since', () => {
    const folder = tempDirectory('lock');
    const lock = lockDataFolder(folder, 'browser');
    const path = writeHolder(folder, { pid: process.ppid });
    if (lock.held) lock.release();
    expect(existsSync(path)).toBe(true);
  });
});
