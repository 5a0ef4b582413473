// What `npm test` and `npm run test:parsers` share: running a stage in the project folder and
// reading vitest's JSON report into counts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How far scripts/test-e2e-lane.mjs got, as its exit code. */
export const E2E_LANE = { ran: 0, buildFailed: 2, noChromium: 3 };

export function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Runs a command with its output shown; true when it exits 0. */
export function run(title, command, args, options = {}) {
  console.log(`\n=== ${title}\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
  return result.status === 0;
}

/**
 * Runs vitest with a JSON report; its counts, or null when it wrote no report. `wrap` may run the
 * command inside another (a D-Bus session of its own), giving the program, its arguments and env.
 */
export function vitestStage(
  title,
  args,
  reportFile,
  { env = {}, wrap = (command) => [command[0], command.slice(1), {}] } = {},
) {
  const command = [
    npx,
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${reportFile}`,
  ];
  const [program, programArgs, wrapEnv] = wrap(command);
  run(title, program, programArgs, { env: { ...process.env, ...env, ...wrapEnv } });
  const report = readJson(reportFile);
  if (!report) return null;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
  };
}

/** Adds a stage's counts to the totals. */
export function addCounts(totals, counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}
