import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATA_FOLDER_LOCK_FILE } from '../../../../src/main/app/data-folder-lock';
import { formatMoment } from '../../../../src/shared/local-time';
import type { RunSnapshot } from '../../../../src/shared/run-contract';
import { tempDirectory } from '../../support/harness';
import type { StandInBrowserWindow } from '../../support/electron-stand-in';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

/**
 * src/main/electron/index.ts as Electron starts it: module load before 'ready' (single-instance
 * lock, data folder lock, the app:// scheme), then the window once the app is ready.
 */

const ROOT = resolve(__dirname, '../../../..');
const originalResourcesPath = (process as { resourcesPath?: string }).resourcesPath;

let userData: string;

async function startDesktopWizard(): Promise<void> {
  vi.resetModules();
  await import('../../../../src/main/electron/index');
}

/** Electron becomes ready: the window the wizard opened then. */
async function openedWindow(): Promise<StandInBrowserWindow> {
  await electron.app.becomeReady();
  const [window] = electron.BrowserWindow.getAllWindows();
  if (!window) throw new Error('the wizard opened no window');
  return window;
}

async function startAndOpen(): Promise<StandInBrowserWindow> {
  await startDesktopWizard();
  return openedWindow();
}

function writeLock(holder: { pid: number; host: 'electron' | 'browser'; startedAt: string }): string {
  const path = join(userData, DATA_FOLDER_LOCK_FILE);
  writeFileSync(path, JSON.stringify({ ...holder, computer: hostname(), claim: 'another-wizard' }));
  return path;
}

/** A process id that was a real process and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

beforeEach(() => {
  electron.reset();
  userData = tempDirectory('desktop-data');
  electron.app.paths.set('userData', userData);
  // Packaged, so the drill manifest is found under resources, as in the installed app.
  electron.app.isPackaged = true;
  Object.assign(process, { resourcesPath: ROOT });
});

afterAll(() => {
  Object.assign(process, { resourcesPath: originalResourcesPath });
});

describe('the desktop wizard starting', () => {
  it('registers the app:// scheme before the app is ready and opens one sandboxed window on it', async () => {
    await startDesktopWizard();
    expect(electron.protocol.privileged.map((entry) => entry.scheme)).toEqual(['app']);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);
    const window = await openedWindow();
    expect(window.webContents.getURL()).toBe('app://wizard/index.html');
    expect(window.webContents.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    });
    expect(window.webContents.webPreferences.preload).toMatch(/preload[\\/]index\.js$/);
    expect(window.isVisible()).toBe(true);
  });

  it('answers the calls of its own window (the app:// origin is "null" to Node, which once refused them all)', async () => {
    const window = await startAndOpen();
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
  });

  it('keeps its window on the wizard: no navigation away, no new window, no permission', async () => {
    const window = await startAndOpen();
    await expect(window.webContents.navigateFromPage('https://example.com/')).resolves.toBe(false);
    expect(window.webContents.openWindow('https://example.com/')).toBeNull();
    await expect(electron.session.defaultSession.requestPermission(window.webContents, 'media')).resolves.toBe(false);
    expect(window.webContents.getURL()).toBe('app://wizard/index.html');
    expect(electron.BrowserWindow.getAllWindows()).toEqual([window]);
  });

  it('brings its window to the front when a second instance starts', async () => {
    const window = await startAndOpen();
    window.minimize();
    electron.app.startSecondInstance();
    expect(window.isMinimized()).toBe(false);
    expect(window.focusCount).toBe(1);
  });

  it('holds the data folder while it runs and lets it go when it quits', async () => {
    const window = await startAndOpen();
    const lock = JSON.parse(readFileSync(join(userData, DATA_FOLDER_LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toMatchObject({ pid: process.pid, host: 'electron', computer: hostname() });
    expect(window.close()).toBe(true);
    expect(electron.app.quitCount).toBe(1);
    expect(existsSync(join(userData, DATA_FOLDER_LOCK_FILE))).toBe(false);
  });

  it('lets go of the site it drives when it quits', async () => {
    const disposed = vi.fn();
    vi.doMock('../../../../src/main/app/wizard-core', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../../../src/main/app/wizard-core')>();
      return {
        ...actual,
        createWizardCore: (options: Parameters<typeof actual.createWizardCore>[0]) => {
          const core = actual.createWizardCore(options);
          return {
            ...core,
            dispose: async () => {
              disposed();
              await core.dispose();
            },
          };
        },
      };
    });
    try {
      const window = await startAndOpen();
      expect(disposed).not.toHaveBeenCalled();
      window.close();
      expect(disposed).toHaveBeenCalledTimes(1);
    } finally {
      vi.doUnmock('../../../../src/main/app/wizard-core');
    }
  });

  it('asks before closing during a run, and stays open when told to', async () => {
    const window = await startAndOpen();
    const keyPassword = 'Drill-Key-Passw0rd!';
    const prepared = (await window.webContents.invoke('run:prepare', [
      {
        flowId: 'backup-orchestrator',
        answers: {
          sqlServer: 'SQLORCH01',
          authentication: 'integrated',
          trustServerCertificate: false,
          database: 'Orchestrator',
          backupMasterKey: true,
          keyFile: '\\\\FS01\\RecoveryKit\\Orchestrator\\SQLORCH01-service-master-key.key',
          keyPassword,
          confirmKeyPassword: keyPassword,
          remember: false,
          backupFile: '\\\\FS01\\RecoveryKit\\Databases\\Orchestrator-drill.bak',
          checkedIn: true,
        },
      },
    ])) as { ok: boolean; value: RunSnapshot };
    expect(prepared.ok).toBe(true);
    const warnings = prepared.value.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    const started = (await window.webContents.invoke('run:start', [
      { runId: prepared.value.runId, acknowledgedWarnings: warnings, confirmations: {} },
    ])) as { ok: boolean };
    expect(started.ok).toBe(true);

    electron.dialog.nextChoice = 0;
    expect(window.close()).toBe(false);
    expect(electron.dialog.messageBoxes[0]?.options).toMatchObject({ message: 'A recovery run is in progress.' });
    expect(electron.app.quitCount).toBe(0);
  });
});

describe('a second desktop wizard', () => {
  it('stops before opening anything, naming the wizard that holds the data folder', async () => {
    const startedAt = '2025-05-01T08:00:00.000Z';
    writeLock({ pid: process.ppid, host: 'electron', startedAt });
    electron.app.singleInstanceLockFree = false;
    await startDesktopWizard();
    await electron.app.becomeReady();
    expect(electron.app.quitCount).toBe(1);
    expect(electron.protocol.privileged).toEqual([]);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);
    expect(electron.dialog.errorBoxes).toHaveLength(1);
    const message = electron.dialog.errorBoxes[0]?.content ?? '';
    expect(message).toContain(`process ${process.ppid}`);
    expect(message).toContain('the desktop wizard');
    expect(message).toContain(formatMoment(startedAt));
  });

  it('says that the first one was brought to the front when no lock file names it', async () => {
    electron.app.singleInstanceLockFree = false;
    await startDesktopWizard();
    expect(electron.app.quitCount).toBe(1);
    expect(electron.dialog.errorBoxes[0]?.content).toMatch(/already open on this computer/);
  });
});

describe('the desktop wizard on a data folder another wizard uses', () => {
  it('is refused when a running browser host holds the folder, and leaves its lock alone', async () => {
    const startedAt = '2025-05-01T09:30:00.000Z';
    const path = writeLock({ pid: process.ppid, host: 'browser', startedAt });
    const before = readFileSync(path, 'utf8');
    await startDesktopWizard();
    await electron.app.becomeReady();
    expect(electron.app.quitCount).toBe(1);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);
    const message = electron.dialog.errorBoxes[0]?.content ?? '';
    expect(message).toContain(`process ${process.ppid}`);
    expect(message).toContain('the browser wizard (npm run drill)');
    expect(message).toContain(formatMoment(startedAt));
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('takes over the lock of a wizard that crashed', async () => {
    const pid = deadPid();
    writeLock({ pid, host: 'browser', startedAt: '2025-05-01T07:00:00.000Z' });
    const window = await startAndOpen();
    expect(electron.dialog.errorBoxes).toEqual([]);
    expect(window.webContents.getURL()).toBe('app://wizard/index.html');
    expect(JSON.parse(readFileSync(join(userData, DATA_FOLDER_LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
  });
});
