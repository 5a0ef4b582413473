import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { psCalls, type PowerShellCall } from '../../src/main/knowledge/commands';
import type { SqlHost } from '../../src/main/host/types';
import { createNodePowerShellExecutor, runPowerShell } from '../../src/main/host/windows/powershell-runner';
import { createWindowsHost } from '../../src/main/host/windows/windows-host';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools, recordMetric } from '../support/parser-tools';

/**
 * The wizard's own PowerShell runner (node-powershell, the session pool, the base64 payload)
 * driving a real PowerShell 7.6.9: every hostile string goes from a TypeScript call into a
 * script's parameters and comes back in its JSON result unchanged.
 */

const tools = parserTools();
if (!tools.ok) console.warn(`Skipped: the hostile round trips through real PowerShell, because ${tools.reason}`);

const repository = path.resolve(__dirname, '../..');
const fixturesDir = path.join(repository, 'tests', 'fixtures', 'powershell');
const scriptsDir = path.join(repository, 'assets', 'scripts');

// Values per call: the whole corpus is about 41,000 characters, so a batch stays small next to
// the 10,000-character strings, and a failing batch still names its strings.
const batchSize = 40;

interface Echoed {
  value: string;
  length: number;
  sha256: string;
}

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

const noSql: SqlHost = { execute: () => Promise.reject(new Error('no SQL in these tests')) };

describe.skipIf(!tools.ok)('hostile strings through the wizard runner and real PowerShell 7.6.9', () => {
  const executor = createNodePowerShellExecutor({ size: 2, executable: tools.ok ? tools.tools.pwsh : '' });
  afterAll(() => executor.dispose());
  const verified = { echo: new Set<number>(), shipped: new Set<number>() };

  it('carries each string into a script parameter and back, byte for byte', async () => {
    const indexed = hostileStrings.map((value, index) => ({ value, index }));
    await Promise.all(
      batches(indexed, batchSize).map(async (batch) => {
        const args = Object.fromEntries(batch.map(({ value, index }) => [`Value${index}`, value]));
        const call: PowerShellCall = { computer: os.hostname(), script: 'Write-PayloadEcho.ps1', args };
        const result = await runPowerShell(call, { scriptsDir: fixturesDir, executor });
        const echo = result.echo as Record<string, Echoed>;
        expect(Object.keys(echo)).toEqual(Object.keys(args));
        for (const { value, index } of batch) {
          const seen = echo[`Value${index}`];
          // What PowerShell held: the same UTF-16 length and the same UTF-8 bytes as the original.
          expect({ index, length: seen?.length, sha256: seen?.sha256 }).toEqual({
            index,
            length: value.length,
            sha256: sha256(value),
          });
          // What came back: the same string.
          expect({ index, value: seen?.value }).toEqual({ index, value });
          verified.echo.add(index);
        }
      }),
    );
    expect(verified.echo.size).toBe(hostileStrings.length);
  });

  // Shaped like dates: PowerShell 7's ConvertFrom-Json reads the first, second and fourth as DateTime
  // unless told otherwise (Windows PowerShell only reads an escaped \/Date(0)\/, which JSON.stringify never writes).
  it.each(['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.1234567+02:00', '2024-01-02', '/Date(0)/', '\\/Date(0)\\/'])(
    'keeps %j a string',
    async (value) => {
      const call: PowerShellCall = { computer: os.hostname(), script: 'Write-PayloadEcho.ps1', args: { Value: value } };
      const result = await runPowerShell(call, { scriptsDir: fixturesDir, executor });
      expect(result.echo).toEqual({ Value: { value, length: value.length, sha256: sha256(value) } });
    },
  );

  it('carries each string through Test-DomainCredential, which repeats the domain and user it was given', async () => {
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    // With an empty password the script answers before asking any domain, on any platform.
    await Promise.all(
      hostileStrings.map(async (domain, index) => {
        const user = hostileStrings[(index + 1) % hostileStrings.length] ?? '';
        const answer = await host.system.testCredentials(domain, user, '');
        expect({ index, answer }).toEqual({
          index,
          answer: { accepted: false, reason: `The password for ${domain}\\${user} is empty.` },
        });
        verified.shipped.add(index);
      }),
    );
    expect(verified.shipped.size).toBe(hostileStrings.length);
  });

  afterAll(() => {
    const both = [...verified.echo].filter((index) => verified.shipped.has(index)).length;
    recordMetric('powershell-hostile-round-trips', 'hostile strings round-tripped through real pwsh', both);
  });
});

describe.skipIf(!tools.ok)('a script folder whose name is not ASCII', () => {
  // Windows PowerShell reads the commands on its stdin in the console's code page, not UTF-8; pwsh
  // does the same under a Latin-1 locale. The wizard may run from such a folder: a portable
  // Electron app unpacks under the user's profile, C:\Users\José\AppData\Local\Temp\...
  it('still runs its scripts when PowerShell does not read its input as UTF-8', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'Jos\u00e9 \u670d\u52a1 '));
    for (const name of ['WizardScript.psm1', 'Test-PathExists.ps1']) {
      copyFileSync(path.join(scriptsDir, name), path.join(folder, name));
    }
    const locale = process.env.LC_ALL;
    process.env.LC_ALL = 'en_US.ISO-8859-1';
    const latin1 = createNodePowerShellExecutor({ size: 1, executable: tools.ok ? tools.tools.pwsh : '' });
    try {
      const result = await runPowerShell(psCalls.testPath(os.hostname(), folder), {
        scriptsDir: folder,
        executor: latin1,
      });
      expect(result.exists).toBe(true);
    } finally {
      if (locale === undefined) delete process.env.LC_ALL;
      else process.env.LC_ALL = locale;
      await latin1.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
