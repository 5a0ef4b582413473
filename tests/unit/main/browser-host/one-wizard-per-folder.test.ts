import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FOLDER_LOCK_FILE } from '../../../../src/main/app/data-folder-lock';
import { formatMoment } from '../../../../src/shared/local-time';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';
import { bundleEnvironment, bundleForNode } from '../../support/node-bundle';

/** Browser hosts as real processes, as `npm run drill` starts them, on one data folder. */

interface Host {
  child: ChildProcess;
  /** Resolves with the printed address once the host listens, or with its exit code and stderr. */
  outcome: Promise<{ url: string } | { exitCode: number | null; stderr: string }>;
}

let script: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  script = bundleForNode('src/main/browser-host/index.ts');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stop(child, 'SIGKILL')));
});

function startHost(dataDirectory: string): Host {
  const child = spawn(
    process.execPath,
    [script, '--data-dir', dataDirectory, '--manifest', SAMPLE_MANIFEST_PATH, '--port', '0', '--speed', '1000'],
    { env: bundleEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.push(child);
  let stdout = '';
  let stderr = '';
  const outcome = new Promise<{ url: string } | { exitCode: number | null; stderr: string }>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Drill wizard: (\S+)\n/.exec(stdout);
      if (match?.[1]) resolve({ url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (exitCode) => resolve({ exitCode, stderr }));
  });
  return { child, outcome };
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function appInfo(url: string): Promise<unknown> {
  const address = new URL(url);
  const response = await fetch(`${address.origin}/api/invoke/app:info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wizard-token': address.searchParams.get('token') ?? '' },
    body: '{}',
  });
  return response.json();
}

function lockHolder(dataDirectory: string): { pid: number; host: string; startedAt: string } {
  return JSON.parse(readFileSync(join(dataDirectory, DATA_FOLDER_LOCK_FILE), 'utf8')) as never;
}

describe('one browser host per data folder', () => {
  it('refuses a second host with a message naming the first, which goes on answering', async () => {
    const folder = tempDirectory('one-wizard');
    const first = startHost(folder);
    const started = await first.outcome;
    expect(started).toHaveProperty('url');
    const holder = lockHolder(folder);
    expect(holder).toMatchObject({ pid: first.child.pid, host: 'browser' });

    const second = await startHost(folder).outcome;
    expect(second).toMatchObject({ exitCode: 3 });
    const message = 'stderr' in second ? second.stderr : '';
    expect(message).toContain(`process ${first.child.pid}`);
    expect(message).toContain('the browser wizard (npm run drill)');
    expect(message).toContain(formatMoment(holder.startedAt));
    expect(message).toContain(folder);

    expect(await appInfo((started as { url: string }).url)).toMatchObject({ ok: true, value: { host: 'browser' } });
    expect(lockHolder(folder).pid).toBe(first.child.pid);
  }, 60_000);

  it('lets exactly one of two hosts started at the same moment run', async () => {
    const folder = tempDirectory('one-wizard');
    const outcomes = await Promise.all([startHost(folder).outcome, startHost(folder).outcome]);
    expect(outcomes.filter((outcome) => 'url' in outcome)).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'exitCode' in outcome && outcome.exitCode === 3)).toHaveLength(1);
  }, 60_000);

  it('takes over the lock of a host that was killed', async () => {
    const folder = tempDirectory('one-wizard');
    const crashed = startHost(folder);
    await crashed.outcome;
    await stop(crashed.child, 'SIGKILL');
    expect(lockHolder(folder).pid).toBe(crashed.child.pid);

    const next = startHost(folder);
    const started = await next.outcome;
    expect(started).toHaveProperty('url');
    expect(lockHolder(folder).pid).toBe(next.child.pid);
  }, 60_000);

  // Windows has no SIGTERM to catch: kill() ends the process at once, as a crash would.
  it.skipIf(process.platform === 'win32')(
    'lets the lock go when stopped with SIGTERM or SIGINT',
    async () => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const folder = tempDirectory('one-wizard');
        const host = startHost(folder);
        expect(await host.outcome).toHaveProperty('url');
        await stop(host.child, signal);
        expect(existsSync(join(folder, DATA_FOLDER_LOCK_FILE)), signal).toBe(false);
      }
    },
    60_000,
  );
});
