import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../src/shared/manifest';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';
import { bundleEnvironment, bundleForNode } from '../../support/node-bundle';

/**
 * Two wizards on one data folder once lost 124 of 6,000 saves to a shared temporary file name.
 * The lock now keeps a second wizard away; each write also has a temporary file of its own, and
 * here several processes save the same files at once, as fast as they can.
 */

const WRITERS = 4;

interface WriterResult {
  saves: number;
  failures: number;
  first: string | null;
}

function writer(
  script: string,
  kind: 'drill' | 'manifest' | 'file',
  path: string,
  count: number,
): Promise<WriterResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, kind, path, SAMPLE_MANIFEST_PATH, String(count)], {
      env: bundleEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`writer exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout) as WriterResult);
    });
  });
}

async function saveAtOnce(kind: 'drill' | 'manifest' | 'file', path: string, savesEach: number) {
  const results = await Promise.all(Array.from({ length: WRITERS }, () => writer(script, kind, path, savesEach)));
  const saves = results.reduce((sum, result) => sum + result.saves, 0);
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  console.log(`${kind}: ${saves} saves by ${WRITERS} processes at once, ${failures} failed`);
  return { saves, failures, first: results.find((result) => result.first)?.first ?? null };
}

let script: string;
beforeAll(() => {
  script = bundleForNode('tests/unit/support/concurrent-saves-worker.ts');
});

describe('saves from several processes at once', () => {
  it('lose none of 6,000 replacements of one file', async () => {
    const folder = tempDirectory('concurrent-file');
    const path = join(folder, 'state.json');
    const result = await saveAtOnce('file', path, 1500);
    expect(result).toEqual({ saves: WRITERS * 1500, failures: 0, first: null });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ save: 1499 });
    expect(readdirSync(folder)).toEqual(['state.json']);
  }, 120_000);

  it('lose none of the drill site’s state saves, and leave a whole file and no temporary one', async () => {
    const folder = tempDirectory('concurrent-drill');
    const path = join(folder, 'site-state.json');
    const result = await saveAtOnce('drill', path, 150);
    expect(result).toEqual({ saves: WRITERS * 150, failures: 0, first: null });
    expect(() => JSON.parse(readFileSync(path, 'utf8')) as unknown).not.toThrow();
    expect(readdirSync(folder)).toEqual(['site-state.json']);
  }, 120_000);

  it('lose none of the site manifest’s saves, and keep a readable manifest and previous copy', async () => {
    const folder = tempDirectory('concurrent-manifest');
    const path = join(folder, 'site-manifest.json');
    copyFileSync(SAMPLE_MANIFEST_PATH, path);
    const result = await saveAtOnce('manifest', path, 250);
    expect(result).toEqual({ saves: WRITERS * 250, failures: 0, first: null });
    expect(parseManifest(readFileSync(path, 'utf8')).ok).toBe(true);
    expect(parseManifest(readFileSync(`${path}.previous`, 'utf8')).ok).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['site-manifest.json', 'site-manifest.json.previous']);
  }, 120_000);
});
