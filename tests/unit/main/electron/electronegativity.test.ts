import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Electronegativity (Doyensec's checker for Electron's security checklist) over the wizard's
 * sources, through its runner API: its command line breaks on the project's newer `commander`.
 * Each finding must be justified in src/main/electron/electronegativity-justifications.json.
 */

const require = createRequire(import.meta.url);
const ROOT = resolve(__dirname, '../../../..');
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;
const JUSTIFICATIONS = join(ROOT, 'src', 'main', 'electron', 'electronegativity-justifications.json');

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
}

interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
}

const run = require('@doyensec/electronegativity') as (options: Record<string, unknown>) => Promise<RunResult>;

function scan(input: string): Promise<RunResult> {
  return run({
    input,
    electronVersionOverride: ELECTRON_VERSION,
    isRelative: true,
    // That check reads the Electron version from a package.json in the scanned folder (src/ has
    // none: the version is given above) and downloads Electron's release list to compare it with.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
}

/** A finding by check and file (with / on Windows too): line numbers move with every edit, these do not. */
function findingKey(issue: Issue): string {
  return `${issue.id} in ${issue.file.replaceAll('\\', '/')}`;
}

function countFindings(issues: Issue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of issues) counts.set(findingKey(issue), (counts.get(findingKey(issue)) ?? 0) + 1);
  return counts;
}

interface Justification {
  check: string;
  file: string;
  occurrences: number;
  why: string;
}

describe('Electronegativity', () => {
  // Both scans run at once: each first waits for the tool's translation download, which fails
  // after a few seconds where there is no connection.
  let scans: Promise<[RunResult, RunResult]>;
  beforeAll(() => {
    scans = Promise.all([scan(join(ROOT, 'src')), scan(join(__dirname, 'fixtures', 'insecure-app'))]);
  });

  it('finds the insecure settings of a window written to have them, so its silence means something', async () => {
    const [, insecure] = await scans;
    const found = new Set(insecure.issues.map((issue) => issue.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) {
      expect(found, id).toContain(id);
    }
  }, 120_000);

  it(`reads every source file and reports nothing on src/ that is not justified, for Electron ${ELECTRON_VERSION}`, async () => {
    const [result] = await scans;
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);

    const justifications = (JSON.parse(readFileSync(JUSTIFICATIONS, 'utf8')) as { findings: Justification[] }).findings;
    for (const entry of justifications) expect(entry.why.length, `${entry.check} in ${entry.file}`).toBeGreaterThan(40);
    const justified = new Map(justifications.map((entry) => [`${entry.check} in ${entry.file}`, entry.occurrences]));
    const found = countFindings(result.issues);

    const unjustified = result.issues
      .filter((issue) => found.get(`${issue.id} in ${issue.file}`) !== justified.get(`${issue.id} in ${issue.file}`))
      .map(
        (issue) => `${issue.id} in ${issue.file}:${issue.location.line}:${issue.location.column}: ${issue.description}`,
      );
    expect(unjustified, 'findings without a justification (or more of them than justified)').toEqual([]);
    const stale = [...justified.keys()].filter((key) => !found.has(key));
    expect(stale, 'justifications whose finding is gone: remove them').toEqual([]);

    console.log(
      `Electronegativity ${(require('@doyensec/electronegativity/package.json') as { version: string }).version} on src/ ` +
        `(Electron ${ELECTRON_VERSION}, ${result.globalChecks} global and ${result.atomicChecks} atomic checks): ` +
        `${result.issues.length} findings, each justified`,
    );
  }, 120_000);
});
