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
});
