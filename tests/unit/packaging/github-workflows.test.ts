import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = resolve(__dirname, '../../..');
const workflowsDirectory = join(root, '.github', 'workflows');

// action-validator checks a workflow against GitHub's schema for it and resolves `needs`, so a
// broken workflow fails here instead of on GitHub, where nobody sees the run that never started.
const { validateWorkflow } = require('@action-validator/core') as {
  validateWorkflow(source: string): { errors: unknown[] };
};
const { load } = require('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

const workflowFiles = readdirSync(workflowsDirectory).filter((name) => /\.ya?ml$/.test(name));
const windowsSource = readFileSync(join(workflowsDirectory, 'windows.yml'), 'utf8');
const windows = load(windowsSource) as Workflow;
const job = windows.jobs.test;
if (!job) throw new Error('windows.yml has no "test" job');
const steps = job.steps;

describe('the GitHub workflows', () => {
  it.each(workflowFiles)('%s passes action-validator', (name) => {
    const result = validateWorkflow(readFileSync(join(workflowsDirectory, name), 'utf8'));
    expect(result.errors).toEqual([]);
  });

  it('are refused by action-validator when broken, so the check above can fail', () => {
    expect(validateWorkflow(windowsSource.replace('runs-on:', 'runs_on:')).errors).not.toEqual([]);
    expect(validateWorkflow(windowsSource.replace('    steps:', '    needs: build\n    steps:')).errors).not.toEqual(
      [],
    );
  });
});

describe('the Windows workflow', () => {
  it('runs the install and the whole npm test on a Windows runner', () => {
    expect(job['runs-on']).toMatch(/^windows-/);
    const commands = steps.map((step) => step.run?.trim());
    expect(commands).toContain('npm ci');
    expect(commands).toContain('npm test');
    expect(commands.indexOf('npm ci')).toBeLessThan(commands.indexOf('npm test'));
  });

  it('installs Electron’s binary, so the desktop window test runs instead of skipping', () => {
    for (const env of [windows.env, job.env, ...steps.map((step) => step.env)]) {
      expect(Object.keys(env ?? {})).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    }
    const check = steps.findIndex((step) => step.run?.includes("require('electron')"));
    expect(check).toBeGreaterThan(steps.findIndex((step) => step.run?.trim() === 'npm ci'));
    expect(check).toBeLessThan(steps.findIndex((step) => step.run?.trim() === 'npm test'));
  });

  it('has the .NET SDK for the parser suites, Windows PowerShell 5.1, and Chrome for the browser tests', () => {
    const dotnet = steps.find((step) => step.uses?.startsWith('actions/setup-dotnet@'));
    expect(String(dotnet?.with?.['dotnet-version'])).toMatch(/^(8|9|10)\./);
    expect(steps.some((step) => step.shell === 'powershell' && step.run?.includes('$PSVersionTable'))).toBe(true);
    expect(job.env?.CHROMIUM_PATH).toMatch(/chrome\.exe$/);
  });

  it('sets every variable the live SQL Server tests read, against a SQL Server it installs', () => {
    const liveTest = readFileSync(
      join(root, 'tests', 'unit', 'main', 'host', 'windows', 'sql-server-live.test.ts'),
      'utf8',
    );
    const read = [...new Set([...liveTest.matchAll(/process\.env\.(WIZARD_TEST_SQL_\w+)/g)].map((match) => match[1]))];
    expect(read.length).toBeGreaterThanOrEqual(3);
    const setByStep = steps
      .filter((step) => step.run?.includes('GITHUB_ENV'))
      .flatMap((step) => [...(step.run ?? '').matchAll(/(WIZARD_TEST_SQL_\w+)=/g)].map((match) => match[1]));
    for (const name of read) {
      expect(name && (job.env?.[name] !== undefined || setByStep.includes(name)), name).toBe(true);
    }
    const sqlServer = steps.find((step) => step.uses?.startsWith('tediousjs/setup-sqlserver@'));
    expect(sqlServer?.with?.['sa-password']).toBe('${{ env.WIZARD_TEST_SQL_PASSWORD }}');
    expect(job.env?.WIZARD_TEST_SQL_USER).toBe('sa');
    const sqlIndex = steps.indexOf(sqlServer as Step);
    expect(sqlIndex).toBeLessThan(steps.findIndex((step) => step.run?.trim() === 'npm test'));
  });
});
