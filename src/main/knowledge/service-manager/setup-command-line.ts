import { argumentText, type CommandArgument } from '../windows/command-line';

/** Every switch "Deploy a Service Manager management server using the command line" names for Setup.exe, as the
 * drill's Setup and the stand-in list them for `/?`. */
export const DOCUMENTED_SETUP_SWITCHES = [
  'Install',
  'AcceptEula',
  'RegisteredOwner',
  'RegisteredOrganization',
  'ProductKey',
  'InstallPath',
  'CreateNewDatabase',
  'UseExistingDatabase',
  'ManagementGroupName',
  'AdminRoleGroup',
  'ServiceRunUnderAccount',
  'WorkflowAccount',
  'CustomerExperienceImprovementProgram',
  'EnableErrorReporting',
  'StgConfigSqlServerInstance',
  'RepositorySqlServerInstance',
  'DataMartSqlServerInstance',
  'OMDataMartSqlServerInstance',
  'CMDataMartSqlServerInstance',
  'ReportingServer',
  'ReportingWebServiceURL',
  'DatasourceAccount',
  'AnalysisServerInstance',
  'Silent',
] as const;

/**
 * Service Manager Setup.exe's unattended command line ("Deploy a Service Manager management
 * server using the command line"). windowsCommandLine quotes it, for the plan and for the run.
 */

export interface SetupAccount {
  domain: string;
  user: string;
  password: string;
}

export interface ServerSetupOptions {
  registeredOwner: string;
  registeredOrganization: string;
  /** Empty: an evaluation installation, and the switch is left out. */
  productKey: string;
  /** Empty: Setup's default folder, and the switch is left out. */
  installPath: string;
  existingDatabase: {
    /** `computer\instance`, or `computer` for the default instance. */
    server: string;
    database: string;
  };
  serviceAccount: SetupAccount;
  workflowAccount: SetupAccount;
  ceip: boolean;
  errorReporting: boolean;
}

/**
 * One argument per switch, unquoted; `/Silent` last because Setup requires it there. The account
 * passwords and the product key are secret parts, masked in the plan by their position.
 */
export function serverSetupArguments(o: ServerSetupOptions): CommandArgument[] {
  const args: CommandArgument[] = [
    '/Install:Server',
    '/AcceptEula:YES',
    `/RegisteredOwner:${o.registeredOwner}`,
    `/RegisteredOrganization:${o.registeredOrganization}`,
  ];
  if (o.productKey !== '') args.push([{ text: '/ProductKey:' }, { text: o.productKey, secret: 'product-key' }]);
  if (o.installPath !== '') args.push(`/InstallPath:${o.installPath}`);
  args.push(
    `/UseExistingDatabase:${o.existingDatabase.server}:${o.existingDatabase.database}`,
    account('ServiceRunUnderAccount', o.serviceAccount),
    account('WorkflowAccount', o.workflowAccount),
    `/CustomerExperienceImprovementProgram:${yesNo(o.ceip)}`,
    `/EnableErrorReporting:${yesNo(o.errorReporting)}`,
    '/Silent',
  );
  return args;
}

/** `/Install:Server` → `Install`, `/Silent` → `Silent`. */
export function switchName(arg: CommandArgument): string {
  const text = argumentText(arg);
  const body = text.startsWith('/') ? text.slice(1) : text;
  const colon = body.indexOf(':');
  return colon < 0 ? body : body.slice(0, colon);
}

/** The switches of `args` that `listed` (what `Setup.exe /?` printed) does not name. */
export function unlistedSwitches(args: readonly CommandArgument[], listed: readonly string[]): string[] {
  const known = new Set(listed.map((name) => name.toLowerCase()));
  const unlisted: string[] = [];
  for (const arg of args) {
    const name = switchName(arg);
    if (known.has(name.toLowerCase()) || unlisted.some((seen) => seen.toLowerCase() === name.toLowerCase())) continue;
    unlisted.push(name);
  }
  return unlisted;
}

/** `/Switch:DOMAIN\user\password`, the password a secret part of it. */
function account(name: string, a: SetupAccount): CommandArgument {
  return [{ text: `/${name}:${a.domain}\\${a.user}\\` }, { text: a.password, secret: 'password' }];
}

function yesNo(value: boolean): 'YES' | 'NO' {
  return value ? 'YES' : 'NO';
}
