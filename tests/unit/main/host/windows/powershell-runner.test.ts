import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { psCalls, type PowerShellCall } from '../../../../../src/main/knowledge/commands';
import { HostError } from '../../../../../src/main/knowledge/failures';
import {
  buildInvocation,
  createNodePowerShellExecutor,
  logLines,
  runPowerShell,
  type PowerShellExecutor,
  type PowerShellOutput,
} from '../../../../../src/main/host/windows/powershell-runner';
import { failure } from '../../../support/rejection';

const scriptsDir = '/opt/wizard/resources/scripts';
const commandShape = /^& '.*' -Payload [A-Za-z0-9+/=]+$/;

const hostileValues = [
  "O'Brien's folder",
  '"; Remove-Item C:\\ -Recurse -Force; "',
  '`$(Stop-Computer -Force)`',
  '$(Remove-Item -Recurse C:\\Windows)',
  "'; & calc.exe; '",
  '%PATH%; del /s /q C:\\*',
  'first line\nsecond line\r\nthird',
  'Dienst für Überwachung – 服务 🚀',
  '\u2018typographic\u2019 quotes',
  'x'.repeat(200),
];

function decode(payload: string): unknown {
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

describe('buildInvocation', () => {
  it.each(hostileValues)('keeps %j out of the command text', (value) => {
    const invocation = buildInvocation(psCalls.removeDirectory('SCSM01', value), scriptsDir);
    expect(invocation.command).toMatch(commandShape);
    expect(invocation.command).not.toContain(value);
    expect(invocation.command.endsWith(` -Payload ${invocation.payload}`)).toBe(true);
    expect(decode(invocation.payload)).toEqual({ Path: value, ComputerName: 'SCSM01' });
  });

  it.each(hostileValues)('carries every argument and the computer as data: %j', (value) => {
    const invocation = buildInvocation(psCalls.readRegistryValue(value, value, value), scriptsDir);
    expect(invocation.command).toMatch(commandShape);
    expect(invocation.command).not.toContain(value);
    expect(decode(invocation.payload)).toEqual({ Key: value, ValueName: value, ComputerName: value });
  });

  it('keeps numbers and booleans typed in the payload', () => {
    const { payload } = buildInvocation(
      psCalls.stopService('SCSM01', 'System Center Data Access Service', 120),
      scriptsDir,
    );
    expect(decode(payload)).toEqual({
      DisplayName: 'System Center Data Access Service',
      TimeoutSeconds: 120,
      ComputerName: 'SCSM01',
    });
  });

  it('does not let an argument named ComputerName redirect the call', () => {
    const call: PowerShellCall = { computer: 'SCSM01', script: 'Test-PathExists.ps1', args: { ComputerName: 'EVIL' } };
    expect(decode(buildInvocation(call, scriptsDir).payload)).toEqual({ ComputerName: 'SCSM01' });
  });

  it('doubles straight single quotes in a script path of ASCII', () => {
    const { command } = buildInvocation(psCalls.systemInfo('SCSM01'), "C:\\Users\\O'Brien\\Temp");
    expect(command).toContain("O''Brien");
    expect(command).toMatch(commandShape);
  });

  // Windows PowerShell reads its commands in the console's code page: a command of ASCII alone
  // reaches it unchanged, whatever the folder the wizard runs from.
  it('carries a script path outside ASCII, typographic quotes included, as base64 of its UTF-8', () => {
    const folder = 'C:\\Users\\Jos\u00e9\\Temp\u2019s \u670d\u52a1 \u{1F680}';
    const { command, payload } = buildInvocation(psCalls.systemInfo('SCSM01'), folder);
    expect(command).toMatch(/^[\x20-\x7E]+$/);
    const parts =
      /^& \(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)\)\) -Payload ([A-Za-z0-9+/=]+)$/.exec(
        command,
      );
    expect(Buffer.from(parts?.[1] ?? '', 'base64').toString('utf8')).toBe(path.join(folder, 'Get-SystemInfo.ps1'));
    expect(parts?.[2]).toBe(payload);
  });

  it('refuses a script name that is not a bare .ps1 file name', () => {
    for (const script of ['..\\evil.ps1', 'a/b.ps1', "x';calc;'.ps1", 'Get-SystemInfo.ps1 ; calc']) {
      expect(() => buildInvocation({ computer: 'SCSM01', script, args: {} }, scriptsDir)).toThrow(HostError);
    }
  });
});

function fakeExecutor(output: Partial<PowerShellOutput>): PowerShellExecutor & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    async invoke(command) {
      commands.push(command);
      return { stdout: output.stdout ?? '', stderr: output.stderr ?? '', hadErrors: output.hadErrors ?? false };
    },
    async dispose() {},
  };
}

describe('runPowerShell', () => {
  const call = psCalls.freeDisk('SCSM01', 'D:\\Backups');

  it('runs exactly the invocation the plan describes and returns the result', async () => {
    const executor = fakeExecutor({
      stdout: '\r\n  {"ok":true,"freeBytes":1234,"log":["D:\\\\Backups has 1234 bytes free."]}\r\n\r\n',
    });
    const result = await runPowerShell(call, { scriptsDir, executor });
    expect(executor.commands).toEqual([buildInvocation(call, scriptsDir).command]);
    expect(result.freeBytes).toBe(1234);
    expect(logLines(result)).toEqual(['D:\\Backups has 1234 bytes free.']);
  });

  it('throws the script failure as a HostError with its code, message and details', async () => {
    const executor = fakeExecutor({
      stdout:
        '{"ok":false,"code":"timeout","message":"System Center Data Access Service did not stop within 120 seconds (status: StopPending).","details":"Time out has expired"}',
    });
    const error = await failure(runPowerShell(call, { scriptsDir, executor }), HostError);
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      'System Center Data Access Service did not stop within 120 seconds (status: StopPending).',
    );
    expect(error.details).toBe('Time out has expired');
  });

  it('reports an unknown failure code as a script failure', async () => {
    const executor = fakeExecutor({ stdout: '{"ok":false,"code":"weird","message":"odd"}' });
    const error = await failure(runPowerShell(call, { scriptsDir, executor }), HostError);
    expect(error.code).toBe('script');
    expect(error.message).toBe('odd');
  });

  it.each([
    ['nothing', ''],
    ['text', 'WARNING: something happened'],
    ['two objects', '{"ok":true}\n{"ok":true}'],
    ['an array', '[{"ok":true}]'],
    ['an object without ok', '{"freeBytes":1}'],
  ])('turns %s on stdout into a script failure', async (_label, stdout) => {
    const executor = fakeExecutor({ stdout, stderr: 'The term is not recognized', hadErrors: true });
    const error = await failure(runPowerShell(call, { scriptsDir, executor }), HostError);
    expect(error.code).toBe('script');
    expect(error.message).toBe('PowerShell script Get-FreeDiskSpace.ps1 returned no result');
    expect(error.details).toContain('The term is not recognized');
  });

  it('does not copy the payload into the evidence it keeps', async () => {
    const { payload } = buildInvocation(call, scriptsDir);
    const executor = fakeExecutor({ stderr: `At line:1 char:1 & 'x.ps1' -Payload ${payload}`, hadErrors: true });
    const error = await failure(runPowerShell(call, { scriptsDir, executor }), HostError);
    expect(error.details).not.toContain(payload);
    expect(error.details).toContain('<payload>');
  });
});

describe('logLines', () => {
  it('accepts a list, a single line or nothing', () => {
    expect(logLines({ ok: true, log: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(logLines({ ok: true, log: 'only' })).toEqual(['only']);
    expect(logLines({ ok: true })).toEqual([]);
  });
});

describe('createNodePowerShellExecutor', () => {
  const skip = process.platform === 'win32';
  if (skip)
    console.warn('Skipped: the missing-PowerShell test only means something where powershell.exe does not exist.');

  it.skipIf(skip)('fails with a HostError, not a crash, where Windows PowerShell does not exist', async () => {
    const executor = createNodePowerShellExecutor();
    try {
      const error = await failure(executor.invoke('Get-Date'), HostError);
      expect(error.code).toBe('script');
    } finally {
      await executor.dispose();
    }
  });
});
