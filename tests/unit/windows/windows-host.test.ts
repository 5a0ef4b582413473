import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError, type SqlHost, type StepIo } from '../../../src/main/host/types';
import type { PowerShellExecutor } from '../../../src/main/host/windows/powershell-runner';
import { createWindowsHost } from '../../../src/main/host/windows/windows-host';

const scriptsDir = path.resolve(__dirname, '../../../assets/scripts');

interface Invoked {
  script: string;
  payload: Record<string, unknown>;
}

/** Answers each script with a canned result and records the script and decoded payload it was sent. */
function scriptedExecutor(
  answers: Record<string, unknown>,
): PowerShellExecutor & { invoked: Invoked[]; disposed: number } {
  const invoked: Invoked[] = [];
  const executor = {
    invoked,
    disposed: 0,
    async invoke(command: string) {
      const match = /^& '(.*)' -Payload ([A-Za-z0-9+/=]+)$/.exec(command);
      if (!match?.[1] || !match[2]) throw new Error(`unexpected command ${command}`);
      const script = path.basename(match[1]);
      invoked.push({
        script,
        payload: JSON.parse(Buffer.from(match[2], 'base64').toString('utf8')) as Record<string, unknown>,
      });
      const answer = answers[script];
      return { stdout: answer === undefined ? '' : JSON.stringify(answer), stderr: '', hadErrors: false };
    },
    async dispose() {
      executor.disposed += 1;
    },
  };
  return executor;
}

const noSql: SqlHost = {
  execute: () => Promise.reject(new Error('no SQL in these tests')),
};

function recordingIo(): StepIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
}

describe('createWindowsHost with a scripted PowerShell', () => {
  it('asks Get-SystemInfo once for the local facts', async () => {
    const executor = scriptedExecutor({
      'Get-SystemInfo.ps1': {
        ok: true,
        computerName: 'SCSM02',
        fqdn: 'scsm02.contoso.com',
        isElevated: true,
        osVersion: 'x',
        log: [],
      },
    });
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    expect(await host.system.computerName()).toBe('SCSM02');
    expect(await host.system.fqdn()).toBe('scsm02.contoso.com');
    expect(await host.system.isElevated()).toBe(true);
    expect(executor.invoked.map((call) => call.script)).toEqual(['Get-SystemInfo.ps1']);
  });

  it('asks again after a failed Get-SystemInfo', async () => {
    const executor = scriptedExecutor({});
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    await expect(host.system.fqdn()).rejects.toBeInstanceOf(HostError);
    await expect(host.system.fqdn()).rejects.toBeInstanceOf(HostError);
    expect(executor.invoked).toHaveLength(2);
  });

  it('finds a service by display name on the computer it names', async () => {
    const executor = scriptedExecutor({
      'Find-ServiceByDisplayName.ps1': {
        ok: true,
        found: true,
        service: { name: 'OMSDK', displayName: 'System Center Data Access Service', status: 'Running' },
        log: [],
      },
    });
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    expect(await host.services.find('SCSM01', 'System Center Data Access Service')).toEqual({
      name: 'OMSDK',
      displayName: 'System Center Data Access Service',
      status: 'Running',
    });
    expect(executor.invoked[0]?.payload).toEqual({
      DisplayName: 'System Center Data Access Service',
      ComputerName: 'SCSM01',
    });
  });

  it('answers null for a service that does not exist', async () => {
    const executor = scriptedExecutor({ 'Find-ServiceByDisplayName.ps1': { ok: true, found: false, log: [] } });
    expect(await createWindowsHost({ scriptsDir, executor, sql: noSql }).services.find('SCSM01', 'Nope')).toBeNull();
  });

  it('forwards the script log to the step output', async () => {
    const executor = scriptedExecutor({
      'Stop-ServiceAndWait.ps1': {
        ok: true,
        log: ['Stopping Microsoft Monitoring Agent (HealthService).', 'Microsoft Monitoring Agent is stopped.'],
      },
    });
    const io = recordingIo();
    await createWindowsHost({ scriptsDir, executor, sql: noSql }).services.stop(
      'SCSM01',
      'Microsoft Monitoring Agent',
      120,
      io,
    );
    expect(io.lines).toEqual([
      'Stopping Microsoft Monitoring Agent (HealthService).',
      'Microsoft Monitoring Agent is stopped.',
    ]);
    expect(executor.invoked[0]?.payload).toEqual({
      DisplayName: 'Microsoft Monitoring Agent',
      TimeoutSeconds: 120,
      ComputerName: 'SCSM01',
    });
  });

  it('throws a stop timeout as HostError timeout', async () => {
    const executor = scriptedExecutor({
      'Stop-ServiceAndWait.ps1': {
        ok: false,
        code: 'timeout',
        message: 'System Center Data Access Service did not stop within 120 seconds (status: StopPending).',
        details: 'Time out has expired and the operation has not been completed.',
      },
    });
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    await expect(
      host.services.stop('SCSM01', 'System Center Data Access Service', 120, recordingIo()),
    ).rejects.toMatchObject({
      code: 'timeout',
      message: 'System Center Data Access Service did not stop within 120 seconds (status: StopPending).',
    });
  });

  it('reads registry values and answers null for a missing one', async () => {
    const found = scriptedExecutor({
      'Read-RegistryValue.ps1': {
        ok: true,
        found: true,
        value: 'C:\\Program Files\\Microsoft System Center\\Service Manager',
        log: [],
      },
    });
    const missing = scriptedExecutor({ 'Read-RegistryValue.ps1': { ok: true, found: false, value: null, log: [] } });
    const key = 'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup';
    expect(
      await createWindowsHost({ scriptsDir, executor: found, sql: noSql }).registry.readValue(
        'SCSM01',
        key,
        'InstallDirectory',
      ),
    ).toBe('C:\\Program Files\\Microsoft System Center\\Service Manager');
    expect(
      await createWindowsHost({ scriptsDir, executor: missing, sql: noSql }).registry.readValue(
        'SCSM01',
        key,
        'InstallDirectory',
      ),
    ).toBeNull();
  });

  it('lists processes whether PowerShell returns a list or a single object', async () => {
    const list = scriptedExecutor({
      'Find-Process.ps1': {
        ok: true,
        processes: [
          { id: 4, name: 'Setup', user: 'CONTOSO\\op' },
          { id: 5, name: 'Setup', user: null },
        ],
        log: [],
      },
    });
    const single = scriptedExecutor({ 'Find-Process.ps1': { ok: true, processes: { id: 4, name: 'Setup' }, log: [] } });
    expect(
      await createWindowsHost({ scriptsDir, executor: list, sql: noSql }).processes.find('SCSM01', 'Setup'),
    ).toEqual([
      { id: 4, name: 'Setup', user: 'CONTOSO\\op' },
      { id: 5, name: 'Setup' },
    ]);
    expect(
      await createWindowsHost({ scriptsDir, executor: single, sql: noSql }).processes.find('SCSM01', 'Setup'),
    ).toEqual([{ id: 4, name: 'Setup' }]);
  });

  it('checks paths, free space and folder removal through their scripts', async () => {
    const executor = scriptedExecutor({
      'Test-PathExists.ps1': { ok: true, exists: true, log: [] },
      'Get-FreeDiskSpace.ps1': { ok: true, freeBytes: 52_000_000_000, log: [] },
      'Remove-DirectoryTree.ps1': {
        ok: true,
        filesRemoved: 12,
        log: ['Deleted C:\\SM\\Health Service State on SCSM01 (12 files).'],
      },
    });
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    const io = recordingIo();
    expect(await host.files.exists('SCSM01', 'C:\\SM\\Health Service State')).toBe(true);
    expect(await host.system.freeDiskBytes('SCSM01', 'D:\\Backups')).toBe(52_000_000_000);
    await host.files.removeDirectory('SCSM01', 'C:\\SM\\Health Service State', io);
    expect(io.lines).toEqual(['Deleted C:\\SM\\Health Service State on SCSM01 (12 files).']);
  });

  it('rejects a result of the wrong shape instead of guessing', async () => {
    const executor = scriptedExecutor({ 'Test-PathExists.ps1': { ok: true, exists: 'yes', log: [] } });
    await expect(
      createWindowsHost({ scriptsDir, executor, sql: noSql }).files.exists('SCSM01', 'C:\\x'),
    ).rejects.toMatchObject({
      code: 'script',
      message: 'PowerShell script Test-PathExists.ps1 returned an unexpected result',
    });
  });

  it('leaves an executor it was given open on dispose', async () => {
    const executor = scriptedExecutor({});
    await createWindowsHost({ scriptsDir, executor, sql: noSql }).dispose();
    expect(executor.disposed).toBe(0);
  });
});

describe('createWindowsHost on Windows', () => {
  const onWindows = process.platform === 'win32';
  if (!onWindows)
    console.warn(
      `Skipped: running Get-SystemInfo.ps1 for real needs Windows PowerShell (this is ${process.platform}).`,
    );

  it.skipIf(!onWindows)(
    'runs Get-SystemInfo.ps1 through Windows PowerShell',
    async () => {
      const host = createWindowsHost({ scriptsDir, sql: noSql });
      try {
        const computerName = await host.system.computerName();
        expect(computerName.toUpperCase()).toBe((process.env.COMPUTERNAME ?? '').toUpperCase());
        expect((await host.system.fqdn()).toLowerCase().startsWith(computerName.toLowerCase())).toBe(true);
        expect(typeof (await host.system.isElevated())).toBe('boolean');
        expect(await host.files.exists(computerName, scriptsDir)).toBe(true);
      } finally {
        await host.dispose();
      }
    },
    60_000,
  );
});
