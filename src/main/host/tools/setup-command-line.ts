import { SECRET_MASK } from '../commands';

/** Every switch facts.md names for Setup.exe, as the drill's Setup and the stand-in list them for `/?`. */
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
 * server using the command line"), and how it is quoted and shown. The plan shows, and the
 * driver runs, the same quoted text, so what the operator approves is what Windows receives.
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

/** One argv entry per switch, unquoted; `/Silent` last because Setup requires it there. */
export function serverSetupArguments(o: ServerSetupOptions): string[] {
  const args = [
    '/Install:Server',
    '/AcceptEula:YES',
    `/RegisteredOwner:${o.registeredOwner}`,
    `/RegisteredOrganization:${o.registeredOrganization}`,
  ];
  if (o.productKey !== '') args.push(`/ProductKey:${o.productKey}`);
  if (o.installPath !== '') args.push(`/InstallPath:${o.installPath}`);
  args.push(
    `/UseExistingDatabase:${o.existingDatabase.server}:${o.existingDatabase.database}`,
    `/ServiceRunUnderAccount:${account(o.serviceAccount)}`,
    `/WorkflowAccount:${account(o.workflowAccount)}`,
    `/CustomerExperienceImprovementProgram:${yesNo(o.ceip)}`,
    `/EnableErrorReporting:${yesNo(o.errorReporting)}`,
    '/Silent',
  );
  return args;
}

export function setupSecrets(o: ServerSetupOptions): string[] {
  return [o.serviceAccount.password, o.workflowAccount.password].filter((password) => password !== '');
}

/**
 * The passwords inside `/…Account:domain\user\password` arguments, for masking what Setup
 * writes back: a tool's log may echo its own command line.
 */
export function accountPasswords(args: readonly string[]): string[] {
  const passwords: string[] = [];
  for (const arg of args) {
    if (!/account$/i.test(switchName(arg))) continue;
    const value = arg.slice(arg.indexOf(':') + 1);
    const match = /^[^\\]*\\[^\\]*\\(.+)$/s.exec(value);
    if (match?.[1]) passwords.push(match[1]);
  }
  return passwords;
}

/** `/Install:Server` → `Install`, `/Silent` → `Silent`. */
export function switchName(arg: string): string {
  const body = arg.startsWith('/') ? arg.slice(1) : arg;
  const colon = body.indexOf(':');
  return colon < 0 ? body : body.slice(0, colon);
}

/** The switches of `args` that `listed` (what `Setup.exe /?` printed) does not name. */
export function unlistedSwitches(args: readonly string[], listed: readonly string[]): string[] {
  const known = new Set(listed.map((name) => name.toLowerCase()));
  const unlisted: string[] = [];
  for (const arg of args) {
    const name = switchName(arg);
    if (known.has(name.toLowerCase()) || unlisted.some((seen) => seen.toLowerCase() === name.toLowerCase())) continue;
    unlisted.push(name);
  }
  return unlisted;
}

/**
 * Quotes one argument so that CommandLineToArgvW and the Microsoft C runtime read back exactly
 * `arg`: backslashes are literal except in front of a double quote, where they are doubled.
 */
export function quoteWindowsArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let quoted = '"';
  let backslashes = 0;
  for (const character of arg) {
    if (character === '\\') {
      backslashes += 1;
      continue;
    }
    if (character === '"') {
      quoted += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      quoted += '\\'.repeat(backslashes) + character;
    }
    backslashes = 0;
  }
  // Backslashes before the closing quote would otherwise escape it.
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/**
 * The program as the first word of a command line. Windows reads it up to the next quote, with
 * no escapes, so it is only wrapped in quotes; a path cannot contain one.
 */
export function quoteWindowsProgram(program: string): string {
  return program !== '' && !/[\s"]/.test(program) ? program : `"${program}"`;
}

/**
 * The command line as the plan shows it. Secrets are masked in each raw argument before it is
 * quoted: quoting first would turn a quote or backslash inside a password into escapes that no
 * longer match the password, and quoting by the real value would tell whether it has a space.
 */
export function formatCommandLine(program: string, args: readonly string[], secrets: readonly string[]): string {
  return [
    quoteWindowsProgram(maskSecrets(program, secrets)),
    ...args.map((arg) => quoteWindowsArgument(maskSecrets(arg, secrets))),
  ].join(' ');
}

/**
 * Replaces every character covered by an occurrence of any secret with one mask per run, so
 * overlapping secrets cannot leave a piece of either in view.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const secret of secrets) {
    if (secret === '') continue;
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      covered.fill(true, at, at + secret.length);
    }
  }
  let masked = '';
  for (let index = 0; index < text.length; index += 1) {
    if (!covered[index]) masked += text[index];
    else if (index === 0 || !covered[index - 1]) masked += SECRET_MASK;
  }
  return masked;
}

function account(a: SetupAccount): string {
  return `${a.domain}\\${a.user}\\${a.password}`;
}

function yesNo(value: boolean): 'YES' | 'NO' {
  return value ? 'YES' : 'NO';
}
