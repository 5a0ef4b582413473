import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../src/main/knowledge/failures';
import type { SqlHost, StepIo } from '../../src/main/host/types';
import { createNodePowerShellExecutor } from '../../src/main/host/windows/powershell-runner';
import { createWindowsHost } from '../../src/main/host/windows/windows-host';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools } from '../support/parser-tools';

/**
 * The Windows host as the wizard builds it, its runner driving a real PowerShell 7.6.9, against the
 * scripts that need nothing of Windows: what each script answers is what windows-host.ts reads.
 */

const tools = parserTools();
if (!tools.ok) console.warn(`Skipped: the Windows host over real PowerShell, because ${tools.reason}`);

const scriptsDir = path.resolve(__dirname, '../../assets/scripts');
const here = os.hostname();
const noSql: SqlHost = { execute: () => Promise.reject(new Error('no SQL in these tests')) };

function recordingIo(): StepIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
}

describe.skipIf(!tools.ok)('the Windows host over real PowerShell 7.6.9', () => {
  const executor = createNodePowerShellExecutor({ size: 1, executable: tools.ok ? tools.tools.pwsh : '' });
  const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wizard-windows-host-'));
  let server: Server;
  let answer = { status: 200, body: '' };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(answer.body);
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  });

  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
    await executor.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const url = (): string =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/Orchestrator2012/Orchestrator.svc`;

  it('tells whether a path exists', async () => {
    const file = path.join(folder, 'exists.txt');
    writeFileSync(file, 'x');
    expect(await host.files.exists(here, file)).toBe(true);
    expect(await host.files.exists(here, path.join(folder, 'missing.txt'))).toBe(false);
  });

  it('copies, writes and reads back a configuration file byte for byte, byte order mark and hostile text included', async () => {
    const file = path.join(folder, 'web.config');
    writeFileSync(file, '\uFEFF<configuration />\r\n', 'utf8');
    const io = recordingIo();
    await host.orchestrator.copyConfig(here, file, `${file}.before-wizard`, io);
    const text = `\uFEFF<configuration>\r\n${hostileStrings.join('\r\n')}\r\n</configuration>\r\n`;
    await host.orchestrator.writeConfig(here, file, text, io);
    expect(readFileSync(file)).toEqual(Buffer.from(text, 'utf8'));
    expect(await host.orchestrator.readConfig(here, file)).toBe(text);
    expect(readFileSync(`${file}.before-wizard`, 'utf8')).toBe('\uFEFF<configuration />\r\n');
    expect(io.lines).toEqual([
      `Copied ${file} to ${file}.before-wizard on ${process.env.COMPUTERNAME ?? ''}.`,
      `Wrote ${file} on ${process.env.COMPUTERNAME ?? ''} (${Buffer.byteLength(text, 'utf8')} bytes).`,
    ]);
  });

  it('refuses to overwrite an earlier copy, as a script failure with the script words', async () => {
    const file = path.join(folder, 'copied.config');
    writeFileSync(file, 'new');
    writeFileSync(`${file}.old`, 'old');
    const failure = await host.orchestrator
      .copyConfig(here, file, `${file}.old`, recordingIo())
      .catch((error) => error);
    expect(failure).toBeInstanceOf(HostError);
    expect((failure as HostError).code).toBe('script');
    expect((failure as HostError).message).toMatch(/already exists on .*the wizard does not overwrite a copy/);
  });

  it('answers not-found for a configuration file that does not exist', async () => {
    const failure = await host.orchestrator.readConfig(here, path.join(folder, 'none.config')).catch((error) => error);
    expect((failure as HostError).code).toBe('not-found');
  });

  it('finds this test runner among the processes of its name', async () => {
    const found = await host.processes.find(here, 'node');
    expect(found).toContainEqual(expect.objectContaining({ id: process.pid, name: 'node' }));
  });

  it('answers no web components where the install folder has none', async () => {
    expect(await host.orchestrator.findWebComponents(here, folder)).toBeNull();
  });

  it('refuses a registry key written as a PowerShell drive', async () => {
    const failure = await host.registry.readValue(here, 'HKLM:\\SOFTWARE\\Microsoft', 'x').catch((error) => error);
    expect((failure as HostError).code).toBe('script');
    expect((failure as HostError).message).toBe(
      'HKLM:\\SOFTWARE\\Microsoft is not a registry key path such as HKLM\\SOFTWARE\\Microsoft.',
    );
  });

  it('probes a web service that answers, asks for credentials, fails, or is not there', async () => {
    answer = { status: 200, body: '{}' };
    expect(await host.orchestrator.probeWebService(url())).toEqual({
      answered: true,
      status: 200,
      detail: `${url()} answered HTTP 200 OK.`,
    });
    answer = { status: 401, body: '' };
    expect(await host.orchestrator.probeWebService(url())).toEqual({
      answered: true,
      status: 401,
      detail: `${url()} answered HTTP 401 Unauthorized. It is running and asks for credentials.`,
    });
    answer = { status: 500, body: "Login failed for user 'CONTOSO\\svc-orch'." };
    expect(await host.orchestrator.probeWebService(url())).toEqual({
      answered: false,
      status: 500,
      detail: `${url()} answered HTTP 500 Internal Server Error. Login failed for user 'CONTOSO\\svc-orch'.`,
    });
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((done) => closed.close(done));
    const probe = await host.orchestrator.probeWebService(nowhere);
    expect(probe).toEqual({ answered: false, status: null, detail: expect.stringMatching(/did not answer/) });
  });
});
