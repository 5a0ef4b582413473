import type { PlannedCommand } from '../../shared/run-contract';
import { formatSqlServerName } from '../../shared/sql-server-name';
import type { SqlStatement, SqlTarget } from './types';

/**
 * The PowerShell calls the Windows host makes, built in one place so that the plan the operator
 * approves and the call that runs are the same object. Each script lives in assets/scripts,
 * takes one base64-encoded JSON payload and returns one JSON object.
 */

export type PowerShellArgs = Record<string, string | number | boolean>;

export interface PowerShellCall {
  computer: string;
  script: string;
  args: PowerShellArgs;
  /** Names of args whose values are masked wherever the call is shown or recorded. */
  secretArgs?: readonly string[];
}

export const SECRET_MASK = '********';

export const psCalls = {
  systemInfo: (computer: string): PowerShellCall => ({ computer, script: 'Get-SystemInfo.ps1', args: {} }),
  freeDisk: (computer: string, path: string): PowerShellCall => ({
    computer,
    script: 'Get-FreeDiskSpace.ps1',
    args: { Path: path },
  }),
  findService: (computer: string, displayName: string): PowerShellCall => ({
    computer,
    script: 'Find-ServiceByDisplayName.ps1',
    args: { DisplayName: displayName },
  }),
  stopService: (computer: string, displayName: string, timeoutSeconds: number): PowerShellCall => ({
    computer,
    script: 'Stop-ServiceAndWait.ps1',
    args: { DisplayName: displayName, TimeoutSeconds: timeoutSeconds },
  }),
  startService: (computer: string, displayName: string, timeoutSeconds: number): PowerShellCall => ({
    computer,
    script: 'Start-ServiceAndWait.ps1',
    args: { DisplayName: displayName, TimeoutSeconds: timeoutSeconds },
  }),
  testPath: (computer: string, path: string): PowerShellCall => ({
    computer,
    script: 'Test-PathExists.ps1',
    args: { Path: path },
  }),
  removeDirectory: (computer: string, path: string): PowerShellCall => ({
    computer,
    script: 'Remove-DirectoryTree.ps1',
    args: { Path: path },
  }),
  readRegistryValue: (computer: string, key: string, valueName: string): PowerShellCall => ({
    computer,
    script: 'Read-RegistryValue.ps1',
    args: { Key: key, ValueName: valueName },
  }),
  findProcess: (computer: string, processName: string): PowerShellCall => ({
    computer,
    script: 'Find-Process.ps1',
    args: { ProcessName: processName },
  }),
  restartPending: (computer: string): PowerShellCall => ({ computer, script: 'Get-RestartPending.ps1', args: {} }),
  testCredentials: (computer: string, domain: string, user: string, password: string): PowerShellCall => ({
    computer,
    script: 'Test-DomainCredential.ps1',
    args: { Domain: domain, User: user, Password: password },
    secretArgs: ['Password'],
  }),
  listManagementPacks: (computer: string): PowerShellCall => ({
    computer,
    script: 'Get-ManagementPackList.ps1',
    args: {},
  }),
  importManagementPack: (computer: string, file: string): PowerShellCall => ({
    computer,
    script: 'Import-ManagementPackFile.ps1',
    args: { Path: file },
  }),
};

export function describePowerShell(call: PowerShellCall): PlannedCommand {
  const args: PowerShellArgs = {};
  for (const [name, value] of Object.entries(call.args)) {
    args[name] = call.secretArgs?.includes(name) ? SECRET_MASK : value;
  }
  return { kind: 'powershell', computer: call.computer, script: call.script, args };
}

export function describeSql(target: SqlTarget, statement: SqlStatement): PlannedCommand {
  return {
    kind: 'sql',
    server: formatSqlServerName(target.server),
    database: target.database,
    text: statement.display ?? statement.text,
    params: statement.params.map((param) => ({
      name: param.name,
      type: param.type,
      value: param.secret ? SECRET_MASK : String(param.value),
    })),
  };
}
