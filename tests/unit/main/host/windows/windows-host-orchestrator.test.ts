import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePowerShell, psCalls } from '../../../../../src/main/knowledge/commands';
import {
  DATA_STORE_TOOL_TIMEOUT_MS,
  WEB_COMPONENTS_FOLDER,
} from '../../../../../src/main/knowledge/orchestrator/facts';
import { HostError } from '../../../../../src/main/knowledge/failures';
import type { DataStoreEntries, SqlHost, StepIo } from '../../../../../src/main/host/types';
import { createWindowsHost } from '../../../../../src/main/host/windows/windows-host';
import { tempDirectory } from '../../../support/harness';
import { scriptedExecutor } from '../../../support/scripted-executor';
import { failure } from '../../../support/rejection';

const scriptsDir = path.resolve(__dirname, '../../../../../assets/scripts');

const thisComputer = {
  ok: true,
  computerName: 'ORCH01',
  fqdn: 'orch01.contoso.com',
  isElevated: true,
  osVersion: 'Windows Server 2022',
  log: [],
};

const noSql: SqlHost = {
  execute: () => Promise.reject(new Error('no SQL in these tests')),
};

function recordingIo(): StepIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
}

function hostAnswering(answers: Record<string, unknown>) {
  const executor = scriptedExecutor({ 'Get-SystemInfo.ps1': thisComputer, ...answers });
  return { executor, host: createWindowsHost({ scriptsDir, executor, sql: noSql }).orchestrator };
}

const installDirectory = 'C:\\Program Files\\Microsoft System Center\\Orchestrator';
const toolPath = `${installDirectory}\\Management Server\\DBSetup.exe`;
const entries: DataStoreEntries = { toolPath, server: 'SQL02\\ORCH', database: 'Orchestrator' };

describe('orchestrator.configureDataStore on Windows', () => {
  it('shows DBSetup in the plan as the quoted program', () => {
    const { host } = hostAnswering({});
    expect(host.describeDataStoreConfiguration('ORCH01', toolPath)).toBe(`"${toolPath}"`);
  });

  it.each(['localhost', '.', '(local)', 'LOCALHOST\\ORCH', '.\\SQLEXPRESS', '(local),1433', ' localhost '])(
    'refuses the server %j before anything runs',
    async (server) => {
      const { host, executor } = hostAnswering({});
      const error = await failure(host.configureDataStore('ORCH01', { ...entries, server }, recordingIo()), HostError);
      expect(error.code).toBe('script');
      expect(error.message).toContain('computer name');
      expect(executor.invoked).toEqual([]);
    },
  );

  it('refuses an empty server or database', async () => {
    const { host } = hostAnswering({});
    expect(
      (await failure(host.configureDataStore('ORCH01', { ...entries, server: ' ' }, recordingIo()), HostError)).code,
    ).toBe('script');
    expect(
      (await failure(host.configureDataStore('ORCH01', { ...entries, database: '' }, recordingIo()), HostError)).code,
    ).toBe('script');
  });

  it('tells the administrator what to do on another computer, where no window can be opened', async () => {
    const { host } = hostAnswering({});
    const io = recordingIo();
    const error = await failure(host.configureDataStore('ORCH02', entries, io), HostError);
    expect(error.code).toBe('unsupported');
    expect(error.message).toBe(
      "DBSetup cannot be opened on ORCH02 from here: Windows does not show a program started through PowerShell remoting on anyone's desktop. " +
        `Sign in to ORCH02, run "${toolPath}", enter the server SQL02\\ORCH and the database Orchestrator, then choose Retry for this server.`,
    );
    expect(io.lines).toEqual([]);
  });

  it('says where DBSetup belongs when it is missing on this computer', async () => {
    const { host } = hostAnswering({});
    const missing = path.join(tempDirectory('no-dbsetup'), 'DBSetup.exe');
    const error = await failure(
      host.configureDataStore('orch01.CONTOSO.com', { ...entries, toolPath: missing }, recordingIo()),
      HostError,
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(missing);
  });

  const onWindows = process.platform === 'win32';
  if (onWindows)
    console.warn('Skipped: the DBSetup stand-in is a shell script, which Windows cannot run as a program.');

  it.skipIf(onWindows)(
    'opens DBSetup on this computer after saying what to enter, and returns its exit code',
    async () => {
      const { host, executor } = hostAnswering({});
      const standIn = path.join(tempDirectory('Management Server'), 'DBSetup');
      writeFileSync(standIn, '#!/bin/sh\necho "Data Store Configuration"\nexit 3\n', { mode: 0o755 });
      const io = recordingIo();
      expect(await host.configureDataStore('ORCH01', { ...entries, toolPath: standIn }, io)).toEqual({ exitCode: 3 });
      expect(io.lines).toEqual([
        'Data Store Configuration (DBSetup) opens on this computer. Enter exactly:',
        '  Server: SQL02\\ORCH (as written here, never localhost or "."; every Orchestrator server uses it)',
        '  Database: Orchestrator (the existing database; do not create a new one)',
        `Finish DBSetup and close it; the wizard waits up to ${DATA_STORE_TOOL_TIMEOUT_MS / 60_000} minutes.`,
        'Data Store Configuration',
      ]);
      // Only the local facts were asked for: DBSetup itself is not a PowerShell call.
      expect(executor.invoked.map((call) => call.script)).toEqual(['Get-SystemInfo.ps1']);
    },
  );
});

describe('orchestrator.findWebComponents on Windows', () => {
  const found = {
    ok: true,
    found: true,
    kind: 'web-service',
    productVersion: '10.19.40.0',
    folder: `${installDirectory}\\Web Service`,
    configFile: `${installDirectory}\\Web Service\\web.config`,
    appPool: 'OrchestratorAppPool',
    applicationUrl: 'http://orch01.contoso.com:81/Orchestrator2012/',
    log: ['Found the Orchestrator web-service 10.19.40.0 ...'],
  };

  it('asks the computer it names and builds the address of the service from the application', async () => {
    const { host, executor } = hostAnswering({ 'Find-OrchestratorWebComponents.ps1': found });
    expect(await host.findWebComponents('ORCH02', installDirectory)).toEqual({
      kind: 'web-service',
      productVersion: '10.19.40.0',
      folder: found.folder,
      configFile: found.configFile,
      appPool: 'OrchestratorAppPool',
      serviceUrl: 'http://orch01.contoso.com:81/Orchestrator2012/Orchestrator.svc/Runbooks?$top=1',
    });
    expect(executor.invoked).toEqual([
      {
        script: 'Find-OrchestratorWebComponents.ps1',
        payload: { InstallDirectory: installDirectory, ComputerName: 'ORCH02' },
      },
    ]);
  });

  it('asks the 2022 Web API for its runbooks, at a site root without a trailing slash too', async () => {
    const { host } = hostAnswering({
      'Find-OrchestratorWebComponents.ps1': {
        ...found,
        kind: 'web-api',
        productVersion: '10.22.1.0',
        applicationUrl: 'https://orch01.contoso.com',
      },
    });
    expect(await host.findWebComponents('ORCH01', installDirectory)).toMatchObject({
      kind: 'web-api',
      serviceUrl: 'https://orch01.contoso.com/api/Runbooks',
    });
  });

  it('answers null when there are no web components', async () => {
    const { host } = hostAnswering({ 'Find-OrchestratorWebComponents.ps1': { ok: true, found: false, log: [] } });
    expect(await host.findWebComponents('ORCH01', installDirectory)).toBeNull();
  });

  it('rejects a kind it does not know and a missing field', async () => {
    for (const answer of [
      { ...found, kind: 'silverlight' },
      { ...found, kind: 'toString' },
      { ...found, appPool: undefined },
    ]) {
      const { host } = hostAnswering({ 'Find-OrchestratorWebComponents.ps1': answer });
      const error = await failure(host.findWebComponents('ORCH01', installDirectory), HostError);
      expect(error.code).toBe('script');
      expect(error.message).toBe('PowerShell script Find-OrchestratorWebComponents.ps1 returned an unexpected result');
    }
  });

  it('passes on a folder no IIS application serves as not-found', async () => {
    const { host } = hostAnswering({
      'Find-OrchestratorWebComponents.ps1': {
        ok: false,
        code: 'not-found',
        message: 'C:\\...\\web.config exists on ORCH01, but no IIS site or application serves C:\\...\\Web Service.',
        details: '',
      },
    });
    expect((await failure(host.findWebComponents('ORCH01', installDirectory), HostError)).code).toBe('not-found');
  });
});

describe('orchestrator config files on Windows', () => {
  const configFile = `${installDirectory}\\Web Service\\web.config`;
  // A byte order mark, CRLF line ends and a character beyond ASCII, as a web.config may have.
  const original = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n  <!-- Übersicht -->\r\n</configuration>\r\n',
      'utf8',
    ),
  ]);
  const readAnswer = { ok: true, size: original.length, contentBase64: original.toString('base64'), log: [] };

  it('reads the file byte for byte, BOM first, and writes the same bytes back', async () => {
    const { host, executor } = hostAnswering({
      'Read-ConfigFile.ps1': readAnswer,
      'Write-ConfigFile.ps1': { ok: true, log: [`Wrote ${configFile} on ORCH02 (${original.length} bytes).`] },
    });
    const text = await host.readConfig('ORCH02', configFile);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n  <!-- Übersicht -->\r\n');
    const io = recordingIo();
    await host.writeConfig('ORCH02', configFile, text, io);
    expect(executor.invoked.map((call) => call.script)).toEqual(['Read-ConfigFile.ps1', 'Write-ConfigFile.ps1']);
    expect(executor.invoked[0]?.payload).toEqual({ Path: configFile, ComputerName: 'ORCH02' });
    const written = executor.invoked[1]?.payload;
    expect(Object.keys(written ?? {}).sort()).toEqual(['ComputerName', 'ContentBase64', 'Path']);
    expect(written).toMatchObject({ Path: configFile, ComputerName: 'ORCH02' });
    expect(Buffer.from(String(written?.ContentBase64), 'base64').equals(original)).toBe(true);
    expect(io.lines).toEqual([`Wrote ${configFile} on ORCH02 (${original.length} bytes).`]);
  });

  it('keeps the new content out of the plan', () => {
    const planned = describePowerShell(
      psCalls.writeConfigFile('ORCH02', configFile, '<configuration />', 'OrchestratorContext names SQL02\\ORCH'),
    );
    expect(planned.kind === 'powershell' && planned.args.ContentBase64).toBe(
      '(the file with these changes: OrchestratorContext names SQL02\\ORCH)',
    );
  });

  it('refuses a file too large to be a configuration file', async () => {
    const { host } = hostAnswering({
      'Read-ConfigFile.ps1': { ok: true, size: 5 * 1024 * 1024, contentBase64: null, log: [] },
    });
    const error = await failure(host.readConfig('ORCH02', configFile), HostError);
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('5242880 bytes');
  });

  it('refuses a file that is not UTF-8 rather than rewrite it in another encoding', async () => {
    const utf16 = Buffer.from('\ufeff<configuration />', 'utf16le');
    const { host } = hostAnswering({
      'Read-ConfigFile.ps1': { ok: true, size: utf16.length, contentBase64: utf16.toString('base64'), log: [] },
    });
    expect((await failure(host.readConfig('ORCH02', configFile), HostError)).code).toBe('unsupported');
  });

  it('rejects content that does not match the size the script reported', async () => {
    const { host } = hostAnswering({ 'Read-ConfigFile.ps1': { ...readAnswer, size: original.length + 1 } });
    expect((await failure(host.readConfig('ORCH02', configFile), HostError)).code).toBe('script');
  });

  it('passes on a missing file as not-found', async () => {
    const { host } = hostAnswering({
      'Read-ConfigFile.ps1': { ok: false, code: 'not-found', message: 'The file does not exist on ORCH02.' },
    });
    expect((await failure(host.readConfig('ORCH02', configFile), HostError)).code).toBe('not-found');
  });

  it('copies the file before it changes and passes on a refusal to overwrite an existing copy', async () => {
    const copyPath = `${configFile}.before-recovery`;
    const { host, executor } = hostAnswering({
      'Copy-ConfigFile.ps1': { ok: true, log: [`Copied ${configFile} to ${copyPath} on ORCH02.`] },
    });
    const io = recordingIo();
    await host.copyConfig('ORCH02', configFile, copyPath, io);
    expect(executor.invoked).toEqual([
      { script: 'Copy-ConfigFile.ps1', payload: { Path: configFile, CopyPath: copyPath, ComputerName: 'ORCH02' } },
    ]);
    expect(io.lines).toEqual([`Copied ${configFile} to ${copyPath} on ORCH02.`]);

    const refused = hostAnswering({
      'Copy-ConfigFile.ps1': { ok: false, code: 'script', message: `${copyPath} already exists on ORCH02.` },
    });
    const error = await failure(refused.host.copyConfig('ORCH02', configFile, copyPath, recordingIo()), HostError);
    expect(error).toMatchObject({ code: 'script', message: `${copyPath} already exists on ORCH02.` });
  });
});

describe('orchestrator web application upkeep on Windows', () => {
  const folder = `${installDirectory}\\Web Service`;

  it('changes the protection of connectionStrings in the folder and shows what aspnet_regiis said', async () => {
    const log = ['Decrypting configuration section...', 'Succeeded!'];
    const { host, executor } = hostAnswering({ 'Set-ConnectionStringsProtection.ps1': { ok: true, log } });
    const io = recordingIo();
    await host.protectConnectionStrings('ORCH02', folder, 'decrypt', io);
    await host.protectConnectionStrings('ORCH02', folder, 'encrypt', io);
    expect(executor.invoked.map((call) => call.payload)).toEqual([
      { Folder: folder, Action: 'decrypt', Arguments: `-pdf connectionStrings "${folder}"`, ComputerName: 'ORCH02' },
      { Folder: folder, Action: 'encrypt', Arguments: `-pef connectionStrings "${folder}"`, ComputerName: 'ORCH02' },
    ]);
    expect(io.lines).toEqual([...log, ...log]);
  });

  it('fails with what aspnet_regiis said when it fails', async () => {
    const { host } = hostAnswering({
      'Set-ConnectionStringsProtection.ps1': {
        ok: false,
        code: 'script',
        message: 'aspnet_regiis -pef connectionStrings failed for C:\\x on ORCH02 (exit code 1): Failed!',
        details: 'Encrypting configuration section...\nFailed!',
      },
    });
    const error = await failure(host.protectConnectionStrings('ORCH02', folder, 'encrypt', recordingIo()), HostError);
    expect(error).toMatchObject({ code: 'script', details: 'Encrypting configuration section...\nFailed!' });
  });

  it('recycles the application pool on the computer it names, and passes on a missing pool as not-found', async () => {
    const { host, executor } = hostAnswering({
      'Restart-WebAppPool.ps1': { ok: true, log: ['Recycled the application pool OrchestratorAppPool on ORCH02.'] },
    });
    const io = recordingIo();
    await host.recycleAppPool('ORCH02', 'OrchestratorAppPool', io);
    expect(executor.invoked).toEqual([
      { script: 'Restart-WebAppPool.ps1', payload: { AppPool: 'OrchestratorAppPool', ComputerName: 'ORCH02' } },
    ]);
    expect(io.lines).toEqual(['Recycled the application pool OrchestratorAppPool on ORCH02.']);

    const missing = hostAnswering({
      'Restart-WebAppPool.ps1': {
        ok: false,
        code: 'not-found',
        message: "There is no IIS application pool named 'x'.",
      },
    });
    expect((await failure(missing.host.recycleAppPool('ORCH02', 'x', recordingIo()), HostError)).code).toBe(
      'not-found',
    );
  });

  it('asks the web service from this computer and passes on its answer', async () => {
    const url = 'http://orch01.contoso.com:81/Orchestrator2012/Orchestrator.svc/';
    const { host, executor } = hostAnswering({
      'Test-WebService.ps1': {
        ok: true,
        answered: true,
        status: 401,
        detail: `${url} answered HTTP 401 Unauthorized. It is running and asks for credentials.`,
        log: [],
      },
    });
    expect(await host.probeWebService(url)).toEqual({
      answered: true,
      status: 401,
      detail: `${url} answered HTTP 401 Unauthorized. It is running and asks for credentials.`,
    });
    expect(executor.invoked).toEqual([
      { script: 'Test-WebService.ps1', payload: { Url: url, ComputerName: os.hostname() } },
    ]);
  });

  it('reports a service that does not answer, and rejects an answer of the wrong shape', async () => {
    const url = 'http://orch01.contoso.com:81/Orchestrator2012/Orchestrator.svc/';
    const silent = hostAnswering({
      'Test-WebService.ps1': { ok: true, answered: false, status: null, detail: `${url} did not answer (Timeout).` },
    });
    expect(await silent.host.probeWebService(url)).toEqual({
      answered: false,
      status: null,
      detail: `${url} did not answer (Timeout).`,
    });
    const odd = hostAnswering({ 'Test-WebService.ps1': { ok: true, answered: false, status: '500', detail: 'x' } });
    expect((await failure(odd.host.probeWebService(url), HostError)).code).toBe('script');
  });
});

describe('the Orchestrator scripts', () => {
  const script = (name: string) => readFileSync(path.join(scriptsDir, name), 'utf8');

  it('look for the web components in the folders the Orchestrator facts name, the Web API first', () => {
    const text = script('Find-OrchestratorWebComponents.ps1');
    const webApi = text.indexOf(`@{ kind = 'web-api'; name = '${WEB_COMPONENTS_FOLDER['web-api']}' }`);
    const webService = text.indexOf(`@{ kind = 'web-service'; name = '${WEB_COMPONENTS_FOLDER['web-service']}' }`);
    expect(webApi).toBeGreaterThan(0);
    expect(webService).toBeGreaterThan(webApi);
  });

  it('refuse a config file larger than the host accepts before sending it', () => {
    expect(script('Read-ConfigFile.ps1')).toContain('$maxBytes = 4MB');
  });

  it('write a config file beside it and swap it in, keeping its permissions', () => {
    const text = script('Write-ConfigFile.ps1');
    expect(text).toContain('[IO.File]::WriteAllBytes($temporary, $bytes)');
    expect(text).toContain('[IO.File]::Replace($temporary, $path, [NullString]::Value)');
  });

  it('ask the web service with the Windows credentials and a 30-second limit', () => {
    const text = script('Test-WebService.ps1');
    expect(text).toContain(
      '$request = @{ Uri = $url; UseDefaultCredentials = $true; UseBasicParsing = $true; TimeoutSec = 30 }',
    );
    expect(text).toContain('$response = Invoke-WebRequest @request');
  });
});
