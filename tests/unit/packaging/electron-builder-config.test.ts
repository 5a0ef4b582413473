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
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('decides every security fuse electron-builder knows, so a new one is not left at Electron’s default', () => {
    const schema = require('app-builder-lib/scheme.json') as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    // Neither changes what the app may do: one picks a V8 snapshot file, the other is macOS signing.
    const notSecurity = ['loadBrowserProcessSpecificV8Snapshot', 'resetAdHocDarwinSignature'];
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).filter(
      (fuse) => !notSecurity.includes(fuse),
    );
    expect(known).toContain('grantFileProtocolExtraPrivileges');
    expect(Object.keys(config.electronFuses).sort()).toEqual(known.sort());
  });
});
