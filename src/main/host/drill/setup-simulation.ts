import { randomBytes } from 'node:crypto';
import type { DrillSiteState } from '../../../shared/drill-contract';
import { findDatabase, findServer, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import { SM_DATABASE_REGISTRY_KEY, SM_SERVICES, SM_SETUP_REGISTRY_KEY } from '../../knowledge/service-manager/facts';
import type { SetupResult, StepIo } from '../types';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { DOCUMENTED_SETUP_SWITCHES } from '../../knowledge/service-manager/setup-command-line';
import { databaseRegistry, setupRegistry } from './initial-state';

/**
 * Service Manager's Setup.exe as the drill plays it: it checks the unattended syntax, takes
 * minutes (divided by the drill's speed), writes a log, and leaves a management server behind:
 * services, registry values, folders. A test or trainer may force an exit code.
 */

const DEFAULT_INSTALL_DIRECTORY = 'C:\\Program Files\\Microsoft System Center\\Service Manager';
const LOG_TAIL_LINES = 40;

const TEMP_FOLDER = 'C:\\Users\\Administrator\\AppData\\Local\\Temp';

/** Setup's log of its Nth run on a computer: each run writes a new one beside the last. */
export function setupLogPath(run: number): string {
  return `${TEMP_FOLDER}\\SCSMSetupWizard${String(run).padStart(2, '0')}.txt`;
}

/** Windows Installer's log of Setup ("Troubleshoot Service Manager deployment"): one name, every run adds to it. */
export const SETUP_INSTALL_LOG_PATH = `${TEMP_FOLDER}\\SCSMInstall.log`;

type DrillComputer = DrillSiteState['computers'][number];

export interface SimulateSetupOptions {
  computer: DrillComputer;
  manifest: SiteManifest;
  /** Unattended arguments, or null for Setup's own wizard followed by the operator. */
  args: readonly string[] | null;
  forcedExitCode: number | null;
  /** Where this run writes its log (setupLogPath); `onLog` gets the whole log each time a line is added. */
  logPath: string;
  onLog(lines: readonly string[]): void;
  /** Adds a line to SETUP_INSTALL_LOG_PATH. */
  onInstallLog(line: string): void;
  databaseExists(server: string, database: string): boolean;
  sleep(simulatedMs: number): Promise<void>;
  io: StepIo;
}

interface Install {
  kind: 'server' | 'datawarehouse';
  installDirectory: string;
  database: { server: string; name: string } | null;
}

const FAILURE_LOG: Record<number, string[]> = {
  [-14]: [
    'Prerequisite check: Microsoft Report Viewer Redistributable ... failed',
    'Prerequisite check failed: Microsoft Report Viewer Redistributable 2015 is not installed.',
    'Setup cannot continue because one or more prerequisite checks failed.',
  ],
  [-1]: ['Error: Setup failed while configuring the Service Manager database connection.'],
  263: ['Error: The account running Setup is not a member of the sysadmin role on the SQL Server instance.'],
};

export async function simulateSetup(options: SimulateSetupOptions): Promise<SetupResult> {
  const log: string[] = [];
  const write = (line: string) => {
    log.push(`${new Date().toISOString()} ${line}`);
    options.onLog(log);
    options.io.output(line);
  };
  const end = (exitCode: number): SetupResult => {
    write(`Setup exited with code ${exitCode}.`);
    return { exitCode, logPath: options.logPath, logTail: log.slice(-LOG_TAIL_LINES) };
  };

  write(`Service Manager Setup started on ${options.computer.name}.`);
  const parsed = options.args ? parseArguments(options.args) : await followedWizard(options, write);
  if (typeof parsed === 'string') {
    write(`Error: ${parsed}`);
    return end(-15);
  }
  if (parsed.database && !options.databaseExists(parsed.database.server, parsed.database.name)) {
    write(
      `Error: The database ${parsed.database.name} was not found on the SQL Server instance ${parsed.database.server}.`,
    );
    return end(220);
  }

  const stages = [
    'Checking prerequisites',
    'Copying files',
    parsed.kind === 'server'
      ? 'Connecting to the existing Service Manager database'
      : 'Connecting to the data warehouse databases',
    'Configuring services',
    'Starting services',
  ];
  for (const [index, stage] of stages.entries()) {
    if (index === 1 && options.forcedExitCode === -14) break;
    options.io.progress(Math.round((index / stages.length) * 100), stage);
    write(`${stage}...`);
    await options.sleep(4000);
  }
  const forced = options.forcedExitCode;
  if (forced !== null && forced !== 0 && forced !== 3010) {
    for (const line of FAILURE_LOG[forced] ?? [`Error: Setup failed (simulated exit code ${forced}).`]) write(line);
    // A fatal error during installation is Windows Installer's: its log marks the action that failed.
    if (forced === -1) return { ...end(forced), logPath: SETUP_INSTALL_LOG_PATH, failure: installerFailure(options) };
    return end(forced);
  }
  installerLog(options, INSTALLER_SUCCESS);

  installManagementServer(options.computer, options.manifest, parsed);
  write('Setup completed successfully.');
  if (forced === 3010) {
    options.computer.restartPending = true;
    write('A restart is required to complete Setup.');
  }
  return end(forced ?? 0);
}

const INSTALLER_SUCCESS = [
  'Action ended: ConfigureServiceManagerDatabase. Return value 1.',
  'Installation of Microsoft System Center Service Manager completed successfully.',
];

const INSTALLER_FAILURE = [
  'ConfigureServiceManagerDatabase: the services account could not sign in to the SQL Server instance.',
  'Action ended: ConfigureServiceManagerDatabase. Return value 3.',
];

function installerLog(options: SimulateSetupOptions, lines: readonly string[]): string[] {
  const written = [
    `=== Logging started on ${options.computer.name} ===`,
    'Action start: ConfigureServiceManagerDatabase.',
    ...lines,
  ];
  for (const line of [...written, '=== Logging stopped ===']) {
    options.onInstallLog(line);
    options.io.output(line);
  }
  return written;
}

function installerFailure(options: SimulateSetupOptions): { logPath: string; lines: string[] } {
  return { logPath: SETUP_INSTALL_LOG_PATH, lines: installerLog(options, INSTALLER_FAILURE).slice(-6) };
}

async function followedWizard(options: SimulateSetupOptions, write: (line: string) => void): Promise<Install> {
  write("Setup's wizard is open: the operator enters the values the recovery wizard lists.");
  await options.sleep(20_000);
  const isDataWarehouse = findServer(options.manifest, options.computer.name)?.roles.includes('dw-management-server');
  const role = isDataWarehouse ? 'DWStagingAndConfig' : 'ServiceManager';
  const db = findDatabase(options.manifest, role);
  return {
    kind: isDataWarehouse ? 'datawarehouse' : 'server',
    installDirectory: DEFAULT_INSTALL_DIRECTORY,
    database: db ? { server: sqlServerDisplayName(db), name: db.name } : null,
  };
}

function parseArguments(args: readonly string[]): Install | string {
  if (args.at(-1)?.toLowerCase() !== '/silent') return '/Silent must be the last argument.';
  const values = new Map<string, string>();
  for (const arg of args.slice(0, -1)) {
    const match = /^\/([A-Za-z]+):(.+)$/.exec(arg);
    if (!match?.[1] || match[2] === undefined) return `"${arg.split(':')[0]}" is not of the form /Name:value.`;
    if (!DOCUMENTED_SETUP_SWITCHES.some((known) => known.toLowerCase() === match[1]?.toLowerCase())) {
      return `/${match[1]} is not a parameter of this Setup.`;
    }
    values.set(match[1].toLowerCase(), match[2]);
  }
  const install = values.get('install')?.toLowerCase();
  if (install !== 'server' && install !== 'datawarehouse') return '/Install must be Server or Datawarehouse.';
  if (values.get('accepteula')?.toUpperCase() !== 'YES') return 'The license terms must be accepted (/AcceptEula:YES).';
  for (const account of ['serviceRunUnderAccount', 'workflowAccount', 'datasourceAccount']) {
    const value = values.get(account.toLowerCase());
    if (value !== undefined && value.split('\\').length < 3) {
      return `/${account} must be domain\\user\\password.`;
    }
  }
  const existing = values.get('useexistingdatabase');
  const separator = existing?.lastIndexOf(':') ?? -1;
  return {
    kind: install === 'server' ? 'server' : 'datawarehouse',
    installDirectory: values.get('installpath') ?? DEFAULT_INSTALL_DIRECTORY,
    database:
      existing && separator > 0 ? { server: existing.slice(0, separator), name: existing.slice(separator + 1) } : null,
  };
}

function installManagementServer(computer: DrillComputer, manifest: SiteManifest, install: Install): void {
  const directory = install.installDirectory.replace(/\\+$/, '');
  computer.services = SM_SERVICES.map((service) => ({
    name: service.name,
    displayName: service.displayName,
    status: 'Running' as const,
  }));
  computer.registry[`${SM_SETUP_REGISTRY_KEY}\\InstallDirectory`] = `${directory}\\`;
  const roles = install.kind === 'datawarehouse' ? ['dw-management-server' as const] : [];
  Object.assign(
    computer.registry,
    databaseRegistry(manifest, { roles }),
    setupRegistry(manifest, { roles, productVersion: serviceManagerVersion(manifest) }),
  );
  if (install.kind === 'server' && install.database) {
    computer.registry[`${SM_DATABASE_REGISTRY_KEY}\\DatabaseServerName`] = install.database.server;
    computer.registry[`${SM_DATABASE_REGISTRY_KEY}\\DatabaseName`] = install.database.name;
  }
  const healthState = joinWindowsPath(directory, 'Health Service State');
  for (const folder of [directory, healthState]) {
    if (!computer.folders.some((existing) => existing.toLowerCase() === folder.toLowerCase()))
      computer.folders.push(folder);
  }
  // A new management server makes a key of its own; a restored one already holds the restored key.
  computer.encryptionKeyId ??= randomBytes(8).toString('hex');
}

/** The version the site's media installs: the one its other management servers run. */
function serviceManagerVersion(manifest: SiteManifest): string | undefined {
  const managementRoles: readonly string[] = [
    'sm-primary-management-server',
    'sm-additional-management-server',
    'dw-management-server',
  ];
  return manifest.servers.find(
    (server) => server.productVersion && server.roles.some((role) => managementRoles.includes(role)),
  )?.productVersion;
}
