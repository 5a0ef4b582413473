import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { DrillFault, DrillSiteState } from '../../../src/shared/drill-contract';
import type { SiteManifest } from '../../../src/shared/manifest';
import type { RunSnapshot } from '../../../src/shared/run-contract';

const ROOT = resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIRECTORY = join(ROOT, 'test-results', 'screenshots');

/** A running `out/main/browser-host.js` (what `npm run drill` starts), with its own data folder. */
export interface DrillWizard {
  url: string;
  token: string;
  origin: string;
  dataDirectory: string;
  call<T>(channel: string, payload?: unknown): Promise<T>;
  state(): Promise<DrillSiteState>;
  inject(fault: DrillFault): Promise<void>;
  restart(): Promise<void>;
}

async function startHost(
  dataDirectory: string,
  speed: number,
  manifest: string | undefined,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      'out/main/browser-host.js',
      '--data-dir',
      dataDirectory,
      '--speed',
      String(speed),
      ...(manifest ? ['--manifest', manifest] : []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`browser host did not start: ${stderr}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Drill wizard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`browser host exited (${code}): ${stderr}`)));
  });
  return { child, url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

/** The drill's own site, changed by `change` (another version, fifty runbook servers), written where the host reads it. */
export function siteManifest(change: (manifest: SiteManifest) => void): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'assets', 'drill', 'contoso-site.json'), 'utf8')) as SiteManifest;
  change(manifest);
  const path = join(mkdtempSync(join(tmpdir(), 'drill-manifest-')), 'site.json');
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return path;
}

export const test = base.extend<{ wizard: DrillWizard; drillSpeed: number; drillManifest: string | undefined }>({
  drillSpeed: [40, { option: true }],
  drillManifest: [undefined, { option: true }],
  wizard: async ({ drillSpeed, drillManifest }, use) => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'drill-e2e-'));
    let running = await startHost(dataDirectory, drillSpeed, drillManifest);
    const wizard: DrillWizard = {
      get url() {
        return running.url;
      },
      get token() {
        return new URL(running.url).searchParams.get('token') ?? '';
      },
      get origin() {
        return new URL(running.url).origin;
      },
      dataDirectory,
      async call<T>(channel: string, payload?: unknown): Promise<T> {
        const response = await fetch(`${wizard.origin}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-wizard-token': wizard.token },
          body: JSON.stringify({ payload }),
        });
        const envelope = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
        if (!envelope.ok) throw new Error(envelope.error?.message);
        return envelope.value as T;
      },
      state: () => wizard.call<DrillSiteState>('drill:state'),
      inject: async (fault) => {
        await wizard.call('drill:inject-fault', fault);
      },
      async restart() {
        await stop(running.child);
        running = await startHost(dataDirectory, drillSpeed, drillManifest);
      },
    };
    await use(wizard);
    await stop(running.child);
  },
});

export { expect };

/** Runs a flow through the API, for the preconditions a test is not about (each flow's pages have their own tests). */
export async function runFlow(wizard: DrillWizard, flowId: string, answers: Record<string, string | boolean>) {
  const prepared = await wizard.call<RunSnapshot>('run:prepare', { flowId, answers });
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await wizard.call('run:start', { runId: prepared.runId, acknowledgedWarnings: warnings, confirmations: {} });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const snapshot = await wizard.call<RunSnapshot>('run:get', { runId: prepared.runId });
    if (!['ready', 'running', 'verifying'].includes(snapshot.phase)) return snapshot;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${flowId} did not finish`);
}

/** Saves a full-page screenshot under test-results/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
}
