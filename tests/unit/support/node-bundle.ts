import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Turns a TypeScript entry point into one JavaScript file that plain `node` runs, for tests that
 * need the wizard as real, separate processes (two hosts on one data folder, concurrent writers).
 * Packages stay outside the bundle and are found through NODE_PATH in the project's node_modules.
 */

const ROOT = resolve(__dirname, '../../..');

export function bundleForNode(entry: string): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'node-bundle-')), `${basename(entry, '.ts')}.js`);
  buildSync({
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

/** The environment a bundled entry runs in: this process's, with the project's packages on NODE_PATH. */
export function bundleEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), ...extra };
}

export const PROJECT_ROOT = ROOT;
