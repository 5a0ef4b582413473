import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePowerShell, psCalls } from '../../../../../src/main/knowledge/commands';
import { SECRET_MASK } from '../../../../../src/main/knowledge/secret-text';
import { HostError } from '../../../../../src/main/knowledge/failures';
import type { SqlHost, StepIo } from '../../../../../src/main/host/types';
import { createWindowsHost } from '../../../../../src/main/host/windows/windows-host';
import { tempDirectory } from '../../../support/harness';
import { scriptedExecutor } from '../../../support/scripted-executor';

const scriptsDir = path.resolve(__dirname, '../../../../../assets/scripts');

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

  it('asks Get-RestartPending on this computer whether Windows waits for a restart', async () => {
    const executor = scriptedExecutor({
      'Get-RestartPending.ps1': {
        ok: true,
        pending: true,
        reasons: ['Windows Update waits for a restart.'],
        log: ['Windows Update waits for a restart.'],
      },
    });
    expect(await createWindowsHost({ scriptsDir, executor, sql: noSql }).system.restartPending()).toBe(true);
    expect(executor.invoked).toEqual([{ script: 'Get-RestartPending.ps1', payload: { ComputerName: os.hostname() } }]);
  });

  it('tests an account against the domain and passes on the reason for a refusal', async () => {
    const accepted = scriptedExecutor({ 'Test-DomainCredential.ps1': { ok: true, accepted: true, log: [] } });
    const refused = scriptedExecutor({
      'Test-DomainCredential.ps1': { ok: true, accepted: false, reason: 'The account CONTOSO\\svc is locked out.' },
    });
    const password = 'Pa\'ss"wo`rd $(x)';
    expect(
      await createWindowsHost({ scriptsDir, executor: accepted, sql: noSql }).system.testCredentials(
        'CONTOSO',
        'svc',
        password,
      ),
    ).toEqual({ accepted: true });
    expect(
      await createWindowsHost({ scriptsDir, executor: refused, sql: noSql }).system.testCredentials(
        'CONTOSO',
        'svc',
        password,
      ),
    ).toEqual({ accepted: false, reason: 'The account CONTOSO\\svc is locked out.' });
    // The password travels only in the payload, and the plan shows it masked.
    expect(accepted.invoked[0]?.payload).toEqual({
      Domain: 'CONTOSO',
      User: 'svc',
      Password: password,
      ComputerName: os.hostname(),
    });
    const planned = describePowerShell(psCalls.testCredentials('SCSM02', 'CONTOSO', 'svc', password));
    expect(JSON.stringify(planned)).not.toContain('wo`rd');
    expect(planned).toMatchObject({ args: { Domain: 'CONTOSO', User: 'svc', Password: SECRET_MASK } });
  });

  it('keeps the password out of the error when the credential test answers oddly', async () => {
    const executor = scriptedExecutor({ 'Test-DomainCredential.ps1': { ok: true, accepted: 'maybe', log: [] } });
    const error = await createWindowsHost({ scriptsDir, executor, sql: noSql })
      .system.testCredentials('CONTOSO', 'svc', 'secret-password-1')
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'script' });
    expect(`${(error as HostError).message}${(error as HostError).details ?? ''}`).not.toContain('secret-password-1');
  });

  it('lists management packs whether PowerShell returns a list or a single object', async () => {
    const pack = { id: 'Microsoft.SystemCenter.Library', version: '7.5.7487.0', sealed: true };
    const custom = { id: 'Contoso.Incident.Customisations', version: '1.0.0.3', sealed: false };
    const list = scriptedExecutor({
      'Get-ManagementPackList.ps1': { ok: true, managementPacks: [pack, custom], log: [] },
    });
    const single = scriptedExecutor({ 'Get-ManagementPackList.ps1': { ok: true, managementPacks: pack, log: [] } });
    const host = createWindowsHost({ scriptsDir, executor: list, sql: noSql });
    expect(await host.serviceManager.listManagementPacks('SCSM01')).toEqual([pack, custom]);
    expect(list.invoked[0]?.payload).toEqual({ ComputerName: 'SCSM01' });
    expect(
      await createWindowsHost({ scriptsDir, executor: single, sql: noSql }).serviceManager.listManagementPacks(
        'SCSM01',
      ),
    ).toEqual([pack]);
  });

  it('rejects a management pack entry of the wrong shape', async () => {
    const executor = scriptedExecutor({
      'Get-ManagementPackList.ps1': { ok: true, managementPacks: [{ id: 'x', version: 1, sealed: true }], log: [] },
    });
    await expect(
      createWindowsHost({ scriptsDir, executor, sql: noSql }).serviceManager.listManagementPacks('SCSM01'),
    ).rejects.toMatchObject({ code: 'script', message: expect.stringContaining('Get-ManagementPackList.ps1') });
  });

  it('imports a management pack file on the computer it names and forwards the script log', async () => {
    const file = 'D:\\Recovery\\Management Packs\\Contoso.Incident.Customisations.xml';
    const executor = scriptedExecutor({
      'Import-ManagementPackFile.ps1': { ok: true, log: [`Imported ${file} into Service Manager on SCSM02.`] },
    });
    const io = recordingIo();
    await createWindowsHost({ scriptsDir, executor, sql: noSql }).serviceManager.importManagementPack(
      'SCSM02',
      file,
      io,
    );
    expect(executor.invoked[0]?.payload).toEqual({ Path: file, ComputerName: 'SCSM02' });
    expect(io.lines).toEqual([`Imported ${file} into Service Manager on SCSM02.`]);
  });

  it('lists and reads files on this computer only', async () => {
    const executor = scriptedExecutor({
      'Get-SystemInfo.ps1': { ok: true, computerName: 'SCSM02', fqdn: 'scsm02.contoso.com', isElevated: true, log: [] },
    });
    const host = createWindowsHost({ scriptsDir, executor, sql: noSql });
    const folder = tempDirectory('host-files');
    writeFileSync(path.join(folder, 'SCSMSetupWizard01.txt'), 'Setup completed successfully.');
    expect((await host.files.list('scsm02.contoso.com', folder)).map((file) => path.basename(file.path))).toEqual([
      'SCSMSetupWizard01.txt',
    ]);
    expect(await host.files.readText('SCSM02', path.join(folder, 'SCSMSetupWizard01.txt'), 1_000)).toBe(
      'Setup completed successfully.',
    );
    await expect(host.files.list('SCSM01', folder)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(host.files.readText('SCSM01', folder, 10)).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('shows the Setup command line of the plan with the passwords masked', () => {
    const host = createWindowsHost({ scriptsDir, executor: scriptedExecutor({}), sql: noSql });
    expect(
      host.setup.describe('D:\\SCSM 2019\\Setup.exe', [
        '/Install:Server',
        [{ text: '/WorkflowAccount:CONTOSO\\wf\\' }, { text: 'p a"ss', secret: 'password' }],
        '/Silent',
      ]),
    ).toBe(`"D:\\SCSM 2019\\Setup.exe" /Install:Server /WorkflowAccount:CONTOSO\\wf\\${SECRET_MASK} /Silent`);
  });

  it('leaves an executor it was given open on dispose', async () => {
    const executor = scriptedExecutor({});
    await createWindowsHost({ scriptsDir, executor, sql: noSql }).dispose();
    expect(executor.disposed).toBe(0);
  });
});

describe('createWindowsHost running Setup', () => {
  const onWindows = process.platform === 'win32';
  if (onWindows)
    console.warn(
      'Skipped: the Setup stand-in is started here through a shell script, which Windows cannot run as a program; ' +
        'tests/unit/main/host/windows/tools/setup-driver.test.ts runs it on Windows.',
    );

  /** A program at a path, as Setup.exe is, that runs the stand-in. */
  function standInSetup(): string {
    const standIn = path.resolve(__dirname, '../../../../fixtures/setup/setup.mjs');
    const setupPath = path.join(tempDirectory('setup media'), 'Setup');
    writeFileSync(setupPath, `#!/bin/sh\nexec "${process.execPath}" "${standIn}" "$@"\n`, { mode: 0o755 });
    return setupPath;
  }

  it.skipIf(onWindows)('lists the switches, and runs Setup unattended and as its wizard', async () => {
    const host = createWindowsHost({ scriptsDir, executor: scriptedExecutor({}), sql: noSql });
    const setupPath = standInSetup();
    // The stand-in also appends to Setup's installer log, which keeps its name from run to run.
    const created: string[] = [path.join(os.tmpdir(), 'SCSMInstall.log')];
    try {
      expect(await host.setup.listSwitches(setupPath)).toContain('UseExistingDatabase');
      const io = recordingIo();
      const unattended = await host.setup.run(
        setupPath,
        ['/Install:Server', '/AcceptEula:YES', '/WorkflowAccount:CONTOSO\\wf\\secret pw', '/Silent'],
        io,
      );
      if (unattended.logPath) created.push(unattended.logPath);
      expect(unattended.exitCode).toBe(0);
      // Setup writes its log to the temp folder, which is where the host looks.
      expect(path.dirname(unattended.logPath ?? '')).toBe(os.tmpdir());
      expect(unattended.logTail.some((line) => line.endsWith('Argument[2]: /WorkflowAccount:CONTOSO\\wf\\***'))).toBe(
        true,
      );
      expect(io.lines.join('\n')).not.toContain('secret pw');

      const wizard = await host.setup.runInteractive(setupPath, recordingIo());
      if (wizard.logPath) created.push(wizard.logPath);
      expect(wizard.exitCode).toBe(0);
      expect(wizard.logTail.some((line) => line.endsWith('Mode: wizard'))).toBe(true);
    } finally {
      for (const file of created) rmSync(file, { force: true });
    }
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
