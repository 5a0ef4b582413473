import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { DATA_FOLDER_LOCK_FILE } from '../../src/main/app/data-folder-lock';

function electronBinary(): string | null {
  try {
    // The electron package's main export is the path of its binary.
    const path = createRequire(__filename)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary
  ? 'the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the same renderer and handlers are tested through the browser host'
  : !hasDisplay
    ? 'no display to open an Electron window on (set DISPLAY, e.g. under xvfb-run)'
    : '';
if (skipReason) console.warn(`Skipping the Electron window tests: ${skipReason}.`);

test.describe('the desktop window', () => {
  test.skip(Boolean(skipReason), skipReason);

  test('opens the wizard with the page cut off from Node and the outside world', async () => {
    const app = await electron.launch({ executablePath: binary ?? undefined, args: [resolve(__dirname, '..', '..')] });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();
      // Node gives an app: URL the origin "null": the page's address is compared as text.
      expect(page.url()).toMatch(/^app:\/\/wizard\//);
      const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
      const lock = JSON.parse(readFileSync(join(userData, DATA_FOLDER_LOCK_FILE), 'utf8')) as {
        pid: number;
        host: string;
      };
      expect(lock).toMatchObject({ pid: app.process().pid, host: 'electron' });
      const exposure = await page.evaluate(() => ({
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
        api: Object.keys((globalThis as unknown as { recoveryWizard: object }).recoveryWizard).sort(),
      }));
      expect(exposure).toEqual({ require: 'undefined', process: 'undefined', api: ['call', 'on'] });
      const info = await page.evaluate(() =>
        (
          globalThis as unknown as { recoveryWizard: { call(c: string): Promise<{ host: string }> } }
        ).recoveryWizard.call('app:info'),
      );
      expect(info.host).toBe('electron');
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as { open(url: string): unknown }).open('https://example.com'),
        ),
      ).toBeNull();
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/wizard\//);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  // Reports of runs (issue 16): Electron's printToPDF of the saved report, for real.
  test('saves the report of a drill run as a PDF beside its journal', async () => {
    const app = await electron.launch({ executablePath: binary ?? undefined, args: [resolve(__dirname, '..', '..')] });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();
      const saved = await page.evaluate(async () => {
        type Snapshot = { runId: string; phase: string; checks: { id: string; status: string }[] };
        const api = (
          globalThis as unknown as { recoveryWizard: { call(channel: string, payload?: unknown): Promise<unknown> } }
        ).recoveryWizard;
        const prepared = (await api.call('run:prepare', {
          flowId: 'promote-management-server',
          answers: { server: 'SCSM02', sqlServer: 'SQLSM01\\SCSM', database: 'ServiceManager' },
        })) as Snapshot;
        await api.call('run:start', {
          runId: prepared.runId,
          acknowledgedWarnings: prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id),
          confirmations: { 'delete-health-service-state': 'DELETE' },
        });
        let phase = 'running';
        for (let attempt = 0; attempt < 600 && ['ready', 'running', 'verifying'].includes(phase); attempt += 1) {
          await new Promise((done) => setTimeout(done, 100));
          phase = ((await api.call('run:get', { runId: prepared.runId })) as Snapshot).phase;
        }
        const pdf = (await api.call('report:save-pdf', { runId: prepared.runId })) as { path: string };
        return { phase, path: pdf.path, runId: prepared.runId };
      });
      expect(saved.phase).toBe('succeeded');
      expect(saved.path.endsWith(`${saved.runId}.pdf`)).toBe(true);
      const pdf = readFileSync(saved.path);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // A report of eight steps with its timeline is several pages, not an empty sheet.
      expect(pdf.length).toBeGreaterThan(20_000);
      test.info().annotations.push({ type: 'figure', description: `report PDF: ${pdf.length} bytes` });
      // The hidden window that printed it is gone.
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
