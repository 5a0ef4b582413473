import { SECRET_MASK } from './secret-text';
import type { PlannedCommand } from '../../shared/run-contract';
import { formatSqlServerName } from '../../shared/sql-server-name';
import { quotedArguments } from './windows/command-line';
import type { SqlStatement, SqlTarget } from './sql/statement';

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
  /** What the plan shows in place of an argument too long to read, such as a file's new content. */
  shownArgs?: Readonly<PowerShellArgs>;
}

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
  exportUnsealedManagementPacks: (computer: string, folder: string): PowerShellCall => ({
    computer,
    script: 'Export-ManagementPacks.ps1',
    args: { Folder: folder },
  }),
  findOrchestratorWebComponents: (computer: string, installDirectory: string): PowerShellCall => ({
    computer,
    script: 'Find-OrchestratorWebComponents.ps1',
    args: { InstallDirectory: installDirectory },
  }),
  readConfigFile: (computer: string, path: string): PowerShellCall => ({
    computer,
    script: 'Read-ConfigFile.ps1',
    args: { Path: path },
  }),
  copyConfigFile: (computer: string, path: string, copyPath: string): PowerShellCall => ({
    computer,
    script: 'Copy-ConfigFile.ps1',
    args: { Path: path, CopyPath: copyPath },
  }),
  /** `content` is the whole new text; `changes` says in a line what differs, for the plan. */
  writeConfigFile: (computer: string, path: string, content: string, changes?: string): PowerShellCall => ({
    computer,
    script: 'Write-ConfigFile.ps1',
    args: { Path: path, ContentBase64: Buffer.from(content, 'utf8').toString('base64') },
    ...(changes ? { shownArgs: { ContentBase64: `(the file with these changes: ${changes})` } } : {}),
  }),
  /**
   * `Arguments` is aspnet_regiis.exe's command line after its name, quoted by the wizard's one
   * command-line writer, which the script hands to the process as it is: Windows PowerShell 5.1
   * would otherwise quote the folder by rules of its own.
   */
  protectConnectionStrings: (computer: string, folder: string, action: 'decrypt' | 'encrypt'): PowerShellCall => ({
    computer,
    script: 'Set-ConnectionStringsProtection.ps1',
    args: {
      Folder: folder,
      Action: action,
      Arguments: quotedArguments([action === 'decrypt' ? '-pdf' : '-pef', 'connectionStrings', folder]),
    },
  }),
  recycleAppPool: (computer: string, appPool: string): PowerShellCall => ({
    computer,
    script: 'Restart-WebAppPool.ps1',
    args: { AppPool: appPool },
  }),
  testWebService: (computer: string, url: string): PowerShellCall => ({
    computer,
    script: 'Test-WebService.ps1',
    args: { Url: url },
  }),
};

export function describePowerShell(call: PowerShellCall): PlannedCommand {
  const args: PowerShellArgs = {};
  for (const [name, value] of Object.entries(call.args)) {
    args[name] = call.secretArgs?.includes(name) ? SECRET_MASK : (call.shownArgs?.[name] ?? value);
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
