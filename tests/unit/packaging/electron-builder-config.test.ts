import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = resolve(__dirname, '../../..');

// electron-builder validates its configuration against its JSON schema before building; this is
// the same function, so a typo in electron-builder.yml fails here instead of on the build machine.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { load } = require('js-yaml') as { load(text: string): Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8'));

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects a mistyped key, so the check above can fail', async () => {
    await expect(validateConfiguration({ ...config, portabel: {} }, new DebugLogger(false))).rejects.toThrow(
      /portabel/,
    );
  });

  it('builds a Windows portable exe and an installer that both ask for elevation', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['portable', 'nsis']);
    expect(config.win.requestedExecutionLevel).toBe('requireAdministrator');
    expect(config.portable.requestExecutionLevel).toBe('admin');
  });

  it('ships the PowerShell scripts outside the asar archive and locks the fuses', () => {
    expect(config.extraResources).toContainEqual({ from: 'assets/scripts', to: 'assets/scripts' });
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });
});
