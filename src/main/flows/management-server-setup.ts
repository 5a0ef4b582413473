import {
  findDatabase,
  findServer,
  sqlServerDisplayName,
  type ManifestServer,
  type SiteManifest,
} from '../../shared/manifest';
import {
  SETUP_PAGE_IDS,
  SETUP_SECRET_FIELDS,
  setupAnswersSchema,
  type SetupAnswers,
  type SetupFlowVariant,
} from '../../shared/flows/management-server-setup';
import type { CheckResult, FlowId, LookupResult, PageDescriptor } from '../../shared/run-contract';
import { parseSqlServerName } from '../../shared/sql-server-name';
import { OperatorError } from '../engine/errors';
import type { CheckDefinition, CheckOutcome, FlowContext, FlowDefinition, StepDefinition } from '../engine/flow-types';
import {
  DOTNET_MINIMUM_RELEASE,
  DOTNET_RELEASE_KEY,
  SETUP_RELATIVE_PATH,
  SM_DATABASE_REGISTRY_KEY,
  SM_SERVICES,
  SM_SETUP_REGISTRY_KEY,
} from '../host/service-manager-facts';
import { sqlStatements } from '../host/sql-statements';
import { describeSetupExit } from '../host/tools/setup-exit-codes';
import { serverSetupArguments, setupSecrets, unlistedSwitches } from '../host/tools/setup-command-line';
import type { SetupResult, SqlTarget, StepIo } from '../host/types';
import { joinWindowsPath } from '../host/windows-path';
import { encryptionKeyRestoredCheck, keyServers } from './encryption-key';

/**
 * Seeds 000–003: a lost management server is rebuilt under its old name, its encryption key is
 * restored, and Setup.exe runs against the EXISTING database; after a promotion, a replacement
 * computer joins as an additional management server. The pages mirror Setup's, prefilled from
 * the manifest; Setup runs unattended where its `/?` lists every switch needed, and otherwise
 * opens its own wizard with the values to enter listed page by page.
 */

type Answers = SetupAnswers;

const DEFAULT_INSTALL_PATH = 'C:\\Program Files\\Microsoft System Center\\Service Manager';
/** The wizard's floor for the install drive; Setup's own check has the last word. */
const REQUIRED_BYTES = 2 * 1024 ** 3;
const LOG_LINES_IN_MESSAGE = 1;

interface Variant {
  id: FlowId;
  variant: SetupFlowVariant;
  title: string;
  scenario: string;
  summary: string;
  source: string;
  /** Which database Setup reuses, and the registry values that must name it afterwards. */
  database: 'ServiceManager' | 'DWStagingAndConfig';
  registryServerValue: string;
  registryDatabaseValue: string;
  /** The servers a restore may rebuild; empty for a new additional server. */
  candidates(manifest: SiteManifest): ManifestServer[];
  managementGroup(manifest: SiteManifest): string | undefined;
}

const VARIANTS: Record<SetupFlowVariant, Variant> = {
  'management-server': {
    id: 'restore-management-server',
    variant: 'management-server',
    title: 'Restore a Service Manager management server',
    scenario: 'A Service Manager management server is lost and is rebuilt under the same name.',
    summary:
      'Checks that this computer has the lost server’s name and its restored encryption key, then runs Setup against the existing ServiceManager database.',
    source: 'Disaster recovery for Service Manager: "Service Manager management server" (seeds 000–002)',
    database: 'ServiceManager',
    registryServerValue: 'DatabaseServerName',
    registryDatabaseValue: 'DatabaseName',
    candidates: (manifest) => keyServers(manifest).filter((server) => !server.roles.includes('dw-management-server')),
    managementGroup: (manifest) => manifest.managementGroupName,
  },
  'data-warehouse': {
    id: 'restore-dw-management-server',
    variant: 'data-warehouse',
    title: 'Restore the data warehouse management server',
    scenario: 'The data warehouse management server is lost and is rebuilt under the same name.',
    summary:
      'Checks this computer’s name and restored key, then guides Setup against the existing DWStagingAndConfig database with the original reporting server URL.',
    source: 'Disaster recovery for Service Manager: "Data Warehouse management server" (seeds 000–002)',
    database: 'DWStagingAndConfig',
    registryServerValue: 'StagingSQLInstance',
    registryDatabaseValue: 'StagingDatabaseName',
    candidates: (manifest) => keyServers(manifest).filter((server) => server.roles.includes('dw-management-server')),
    managementGroup: (manifest) => manifest.dataWarehouseManagementGroupName,
  },
  additional: {
    id: 'install-additional-management-server',
    variant: 'additional',
    title: 'Install an additional management server',
    scenario: 'After a promotion: a replacement computer joins the management group under a new name.',
    summary:
      'Runs Setup on this computer against the existing ServiceManager database and records the new server in the manifest.',
    source:
      'Disaster recovery for Service Manager: promoting a secondary server, then adding a management server (seeds 001, 002)',
    database: 'ServiceManager',
    registryServerValue: 'DatabaseServerName',
    registryDatabaseValue: 'DatabaseName',
    candidates: () => [],
    managementGroup: (manifest) => manifest.managementGroupName,
  },
};

function setupPath(answers: Answers): string {
  return joinWindowsPath(answers.mediaPath.trim(), SETUP_RELATIVE_PATH);
}

function sqlTarget(sqlServer: string, database: string): SqlTarget {
  const server = parseSqlServerName(sqlServer);
  if (typeof server === 'string') throw new OperatorError(`Database server: ${server}`);
  return { server, database: database.trim() };
}

function workflowAccount(answers: Answers) {
  return answers.workflowSameAccount
    ? { domain: answers.serviceDomain, user: answers.serviceUser, password: answers.servicePassword }
    : { domain: answers.workflowDomain, user: answers.workflowUser, password: answers.workflowPassword };
}

function setupOptions(answers: Answers) {
  return {
    registeredOwner: answers.registeredOwner.trim(),
    registeredOrganization: answers.registeredOrganization.trim(),
    productKey: answers.productKey.trim(),
    installPath: answers.installPath.trim(),
    existingDatabase: { server: answers.sqlServer.trim(), database: answers.database.trim() },
    serviceAccount: { domain: answers.serviceDomain, user: answers.serviceUser, password: answers.servicePassword },
    workflowAccount: workflowAccount(answers),
    ceip: answers.ceip,
    errorReporting: answers.errorReporting,
  };
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function driveOf(path: string): string {
  return `${path.trim().slice(0, 2).toUpperCase()}\\`;
}

function pass(expected: string, found: string): CheckOutcome {
  return { status: 'pass', expected, found };
}

/** Setup's pages with the values to type, for the operator following Setup's own wizard. */
function guidance(variant: Variant, answers: Answers, manifest: SiteManifest): string[] {
  const account = (domain = '', user = '') => `${domain}\\${user} (type its password)`;
  const lines = [
    `Product registration: Name "${answers.registeredOwner}", Organization "${answers.registeredOrganization}", ${answers.productKey ? 'the product key you typed on the wizard’s page' : 'no product key (evaluation)'}, accept the license terms.`,
    `Installation location: ${answers.installPath}.`,
  ];
  if (variant.variant === 'data-warehouse') {
    lines.push(
      `Configure the data warehouse databases: Staging and Configuration on ${answers.sqlServer}, "Use an existing database", ${answers.database}.`,
    );
    for (const role of ['DWRepository', 'DWDataMart', 'OMDWDataMart', 'CMDWDataMart'] as const) {
      const db = findDatabase(manifest, role);
      if (db) lines.push(`  ${role}: ${sqlServerDisplayName(db)}, "Use an existing database", ${db.name}.`);
    }
    lines.push(
      `Configure the reporting server for the data warehouse: ${answers.reportingServerUrl ?? ''}.`,
      `Configure the account for Service Manager services: ${account(answers.serviceDomain, answers.serviceUser)}.`,
      `Configure the reporting account: ${account(answers.reportingDomain, answers.reportingUser)}.`,
    );
  } else {
    lines.push(
      `Configure the Service Manager database: ${answers.sqlServer}, "Use an existing database", ${answers.database}.`,
      `Configure the account for Service Manager services: ${account(answers.serviceDomain, answers.serviceUser)}.`,
    );
    const workflow = workflowAccount(answers);
    lines.push(`Configure the Service Manager workflow account: ${account(workflow.domain, workflow.user)}.`);
  }
  lines.push(
    `Help improve System Center: Customer Experience Improvement Program ${answers.ceip ? 'Yes' : 'No'}, error reporting ${answers.errorReporting ? 'Yes' : 'No'}.`,
  );
  if (variant.variant === 'data-warehouse') {
    lines.push(`Use Microsoft Update: ${answers.useMicrosoftUpdate ? 'Yes' : 'No'}.`);
  }
  return lines;
}

interface SetupMode {
  unattended: boolean;
  reason: string;
  args: string[];
}

/** Unattended only where this Setup's `/?` lists every switch the command line needs. */
async function setupMode(variant: Variant, answers: Answers, ctx: FlowContext): Promise<SetupMode> {
  if (variant.variant === 'data-warehouse') {
    return {
      unattended: false,
      reason:
        'No documented unattended switch reuses an existing data warehouse database, so Setup’s own wizard is used, as the recovery guide does.',
      args: [],
    };
  }
  const args = serverSetupArguments(setupOptions(answers));
  const listed = await ctx.host.setup.listSwitches(setupPath(answers));
  if (!listed) {
    return {
      unattended: false,
      reason: 'This Setup.exe lists no parameters for /?, so its own wizard is used.',
      args: [],
    };
  }
  const missing = unlistedSwitches(args, listed);
  if (missing.length > 0) {
    return {
      unattended: false,
      reason: `This Setup.exe does not list ${missing.map((name) => `/${name}`).join(', ')}, so its own wizard is used.`,
      args: [],
    };
  }
  return { unattended: true, reason: 'This Setup.exe lists every parameter of the command line.', args };
}

async function isServiceManagerInstalled(ctx: FlowContext, computer: string): Promise<boolean> {
  const directory = await ctx.host.registry.readValue(computer, SM_SETUP_REGISTRY_KEY, 'InstallDirectory');
  const sdk = await ctx.host.services.find(computer, SM_SERVICES[0].displayName);
  return typeof directory === 'string' && directory.length > 0 && sdk !== null;
}

/** The log line that names why Setup failed: one saying what failed, else the last error. */
function setupLogCause(tail: readonly string[]): string[] {
  const lines = tail.map((line) => line.replace(/^\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?\s+/, ''));
  const named = lines.filter((line) => /(failed|error)\s*:/i.test(line));
  const any = lines.filter((line) => /fail|error/i.test(line));
  return (named.length > 0 ? named : any).slice(-LOG_LINES_IN_MESSAGE);
}

/** Setup's end in the operator's terms; the end of its log goes with a failure. */
function concludeSetup(result: SetupResult, io: StepIo): void {
  const exit = describeSetupExit(result.exitCode);
  const tail = result.logTail.join('\n');
  if (exit.outcome === 'failure') {
    const cause = setupLogCause(result.logTail);
    const logNote = result.logPath ? ` Setup's log: ${result.logPath}.` : '';
    throw new OperatorError(
      `${exit.message}${cause.length > 0 ? ` The log says: ${cause.join(' ')}` : ''}${logNote}`,
      tail,
    );
  }
  io.output(exit.message);
}

function lookups(variant: Variant): NonNullable<FlowDefinition['lookups']> {
  return {
    'install-space': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const here = await ctx.host.system.computerName();
      const free = await ctx.host.system.freeDiskBytes(here, driveOf(answers.installPath));
      const ok = free >= REQUIRED_BYTES;
      return {
        ok,
        message: `${driveOf(answers.installPath)} on ${here}: ${gib(free)} free, ${gib(REQUIRED_BYTES)} required.${ok ? '' : ' Free some space or choose another drive.'}`,
      };
    },
    'system-check': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const checks = await Promise.all(prerequisiteChecks(answers).map((check) => runOne(check, ctx)));
      const failed = checks.filter((check) => check.status === 'fail').length;
      const warned = checks.filter((check) => check.status === 'warn').length;
      return {
        ok: failed === 0,
        message:
          failed > 0
            ? `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} before Setup can run.`
            : `All checks passed${warned > 0 ? `, ${warned} with a warning` : ''}.`,
        checks,
      };
    },
    databases: async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const target = sqlTarget(answers.sqlServer, 'master');
      const result = await ctx.host.sql.execute(target, sqlStatements.listDatabases());
      const names = result.rows.map((row) => String(row.name)).filter((name) => !SYSTEM_DATABASES.includes(name));
      const chosen = names.find((name) => name.toLowerCase() === answers.database.trim().toLowerCase());
      return {
        ok: chosen !== undefined,
        message: chosen
          ? `Connected to ${answers.sqlServer}: ${names.length} databases; ${chosen} is there.`
          : `Connected to ${answers.sqlServer}, but it has no database ${answers.database}: choose the existing ${variant.database} database.`,
        options: { database: names.map((name) => ({ value: name, label: name })) },
      };
    },
    'management-group': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const found = await readManagementGroup(ctx, answers);
      const expected = variant.managementGroup(ctx.manifest);
      const administrators = ctx.manifest.managementGroupAdministrators ?? 'not recorded in the manifest';
      if (expected && found.toLowerCase() !== expected.toLowerCase()) {
        return {
          ok: false,
          message: `${answers.database} on ${answers.sqlServer} belongs to the management group ${found}, but the manifest says ${expected}. Go back and choose the site’s own database.`,
          values: { managementGroupName: found, administrators },
        };
      }
      return {
        ok: true,
        message: `${answers.database} belongs to the management group ${found}.`,
        values: { managementGroupName: found, administrators },
      };
    },
    'service-account': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const accounts = [
        { domain: answers.serviceDomain, user: answers.serviceUser, password: answers.servicePassword },
      ];
      if (answers.workflowSameAccount === false) accounts.push(workflowAccount(answers));
      return testAccounts(ctx, accounts);
    },
    'reporting-account': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      return testAccounts(ctx, [
        {
          domain: answers.reportingDomain ?? '',
          user: answers.reportingUser ?? '',
          password: answers.reportingPassword ?? '',
        },
      ]);
    },
  };
}

const SYSTEM_DATABASES = ['master', 'model', 'msdb', 'tempdb'];

async function readManagementGroup(ctx: FlowContext, answers: Answers): Promise<string> {
  const result = await ctx.host.sql.execute(
    sqlTarget(answers.sqlServer, answers.database),
    sqlStatements.managementGroupName(),
  );
  const name = result.rows[0]?.managementGroupName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new OperatorError(`${answers.database} on ${answers.sqlServer} names no management group.`);
  }
  return name;
}

async function testAccounts(
  ctx: FlowContext,
  accounts: { domain: string; user: string; password: string }[],
): Promise<LookupResult> {
  for (const account of accounts) {
    const result = await ctx.host.system.testCredentials(account.domain.trim(), account.user.trim(), account.password);
    if (!result.accepted) {
      return { ok: false, message: `${account.domain}\\${account.user}: ${result.reason}` };
    }
  }
  return { ok: true, message: 'The credentials were accepted.' };
}

async function runOne(check: CheckDefinition, ctx: FlowContext): Promise<CheckResult> {
  try {
    return { id: check.id, title: check.title, ...(await check.run(ctx)) };
  } catch (error) {
    return {
      id: check.id,
      title: check.title,
      status: 'fail',
      found: `The check could not be completed: ${(error as Error).message}`,
    };
  }
}

/** The System check results page: what Setup's own prerequisite check will look at first. */
function prerequisiteChecks(answers: Answers): CheckDefinition[] {
  return [
    {
      id: 'elevated',
      title: 'The wizard runs with administrator rights',
      run: async (ctx) =>
        (await ctx.host.system.isElevated())
          ? pass('elevated', 'elevated')
          : {
              status: 'fail',
              expected: 'elevated',
              found: 'not elevated',
              remedy: 'Close the wizard and start it again with "Run as administrator".',
            },
    },
    {
      id: 'dotnet',
      title: '.NET Framework 4.7.2 or later',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const release = Number(await ctx.host.registry.readValue(here, DOTNET_RELEASE_KEY, 'Release'));
        return Number.isFinite(release) && release >= DOTNET_MINIMUM_RELEASE
          ? pass(`release ${DOTNET_MINIMUM_RELEASE} or later`, `release ${release}`)
          : {
              status: 'warn',
              expected: `release ${DOTNET_MINIMUM_RELEASE} or later`,
              found: Number.isFinite(release) && release > 0 ? `release ${release}` : 'not installed',
              remedy: 'Install the .NET Framework your Service Manager version needs; Setup’s own check decides.',
            };
      },
    },
    {
      id: 'no-restart-pending',
      title: 'Windows is not waiting for a restart',
      run: async (ctx) =>
        (await ctx.host.system.restartPending())
          ? {
              status: 'fail',
              expected: 'no restart pending',
              found: 'a restart is pending',
              remedy: 'Restart this computer first, then come back to this page.',
            }
          : pass('no restart pending', 'none'),
    },
    {
      id: 'not-installed',
      title: 'Service Manager is not installed on this computer yet',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        return (await isServiceManagerInstalled(ctx, here))
          ? {
              status: 'fail',
              expected: 'no Service Manager',
              found: 'Service Manager is installed',
              remedy:
                'This is for a rebuilt or new computer. If Setup already ran here, resume that run from the Start page.',
            }
          : pass('no Service Manager', 'not installed');
      },
    },
    {
      id: 'disk-space',
      title: 'Space on the installation drive',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const free = await ctx.host.system.freeDiskBytes(here, driveOf(answers.installPath));
        return free >= REQUIRED_BYTES
          ? pass(`${gib(REQUIRED_BYTES)} free`, `${gib(free)} free`)
          : {
              status: 'fail',
              expected: `${gib(REQUIRED_BYTES)} free`,
              found: `${gib(free)} free`,
              remedy: 'Free space on the drive or choose another installation folder.',
            };
      },
    },
  ];
}

function pages(variant: Variant, manifest: SiteManifest): PageDescriptor[] {
  const account = (prefix: string, who: string) => [
    { name: `${prefix}User`, label: `${who}: user name`, kind: 'text' as const, placeholder: 'svc-scsm' },
    { name: `${prefix}Password`, label: `${who}: password`, kind: 'password' as const, secret: true },
    { name: `${prefix}Domain`, label: `${who}: domain`, kind: 'text' as const, placeholder: 'CONTOSO' },
  ];
  const byId: Record<string, PageDescriptor> = {
    [SETUP_PAGE_IDS.server]: {
      id: SETUP_PAGE_IDS.server,
      title: 'Server to restore',
      description:
        'The management server that was lost. This computer must carry its name, and its encryption key must already be restored here.',
      fields: [
        {
          name: 'server',
          label: 'Lost management server',
          kind: 'select',
          options: variant.candidates(manifest).map((server) => ({
            value: server.netbiosName,
            label: server.netbiosName,
            detail: server.fqdn,
          })),
        },
      ],
    },
    [SETUP_PAGE_IDS.media]: {
      id: SETUP_PAGE_IDS.media,
      title: 'Installation media',
      description: 'The Service Manager installation media of the same version as the lost server.',
      fields: [
        {
          name: 'mediaPath',
          label: 'Service Manager media (drive or folder)',
          kind: 'text',
          placeholder: 'D:\\',
          help: `It must contain ${SETUP_RELATIVE_PATH}.`,
        },
      ],
    },
    [SETUP_PAGE_IDS.registration]: {
      id: SETUP_PAGE_IDS.registration,
      title: 'Product registration',
      description: 'As on Setup’s first page. Leave the product key empty to install the evaluation edition.',
      fields: [
        { name: 'registeredOwner', label: 'Name', kind: 'text' },
        { name: 'registeredOrganization', label: 'Organization', kind: 'text' },
        {
          name: 'productKey',
          label: 'Product key',
          kind: 'text',
          secret: true,
          placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
          help: 'Empty installs the evaluation edition, which expires after 180 days: only for a drill or a stopgap.',
        },
        {
          name: 'acceptLicense',
          label: 'I have read, understood, and agree with the terms of the license agreement',
          kind: 'checkbox',
        },
      ],
    },
    [SETUP_PAGE_IDS.location]: {
      id: SETUP_PAGE_IDS.location,
      title: 'Installation location',
      description: 'Where Setup installs Service Manager on this computer.',
      fields: [{ name: 'installPath', label: 'Folder', kind: 'text' }],
      lookup: {
        id: 'install-space',
        inputs: ['installPath'],
        required: true,
        pendingMessage: 'Reading the free space of the drive…',
      },
    },
    'system-check': {
      id: 'system-check',
      title: 'System check results',
      description: 'What this computer offers Setup. A failed check blocks Next; a warning is for you to judge.',
      fields: [],
      lookup: {
        id: 'system-check',
        inputs: ['installPath'],
        required: true,
        pendingMessage: 'Checking this computer…',
      },
    },
    [SETUP_PAGE_IDS.database]: {
      id: SETUP_PAGE_IDS.database,
      title:
        variant.variant === 'data-warehouse'
          ? 'Configure the data warehouse databases'
          : 'Configure the Service Manager database',
      description:
        variant.variant === 'data-warehouse'
          ? 'The Staging and Configuration database that survived (or was restored). DWRepository must be on the same instance.'
          : 'The ServiceManager database that survived (or was restored). Setup joins it; it never creates a new one in a recovery.',
      fields: [
        {
          name: 'sqlServer',
          label:
            variant.variant === 'data-warehouse' ? 'Staging and Configuration: database server' : 'Database server',
          kind: 'text',
          placeholder: 'SQLSM01\\SCSM',
          help: 'computer\\instance, computer,port, or computer for the default instance.',
        },
        {
          name: 'useExistingDatabase',
          label: 'Database',
          kind: 'select',
          options: [
            {
              value: 'existing',
              label: 'Use an existing database',
              detail: 'Creating a new database would start an empty management group: a recovery never does that.',
            },
          ],
        },
        {
          name: 'database',
          label: 'Database name',
          kind: 'select',
          options: [{ value: variant.database, label: variant.database }],
        },
      ],
      lookup: {
        id: 'databases',
        inputs: ['sqlServer', 'database'],
        required: true,
        pendingMessage: 'Connecting to the database server…',
      },
    },
    [SETUP_PAGE_IDS.managementGroup]: {
      id: SETUP_PAGE_IDS.managementGroup,
      title:
        variant.variant === 'data-warehouse'
          ? 'Configure the data warehouse management group'
          : 'Configure the Service Manager management group',
      description: 'Read from the existing database: Setup keeps the management group it finds there.',
      fields: [
        { name: 'managementGroupName', label: 'Management group name', kind: 'text', readOnly: true },
        {
          name: 'administrators',
          label: 'Management group administrators',
          kind: 'text',
          readOnly: true,
          help: 'As recorded in the recovery kit’s manifest when the site was prepared.',
        },
      ],
      lookup: {
        id: 'management-group',
        inputs: ['sqlServer', 'database'],
        required: true,
        pendingMessage: 'Reading the management group from the database…',
      },
    },
    [SETUP_PAGE_IDS.reporting]: {
      id: SETUP_PAGE_IDS.reporting,
      title: 'Configure the reporting server for the data warehouse',
      description: 'The ORIGINAL report server URL: the data warehouse’s reports are deployed there.',
      fields: [
        {
          name: 'reportingServerUrl',
          label: 'Report server URL',
          kind: 'text',
          changeWarning:
            'This is not the URL the manifest records. Only change it if the report server itself moved: the reports of the data warehouse live on the original one.',
        },
      ],
    },
    [SETUP_PAGE_IDS.serviceAccount]: {
      id: SETUP_PAGE_IDS.serviceAccount,
      title: 'Configure the account for Service Manager services',
      description:
        'A domain account, as on the lost server. Setup receives the passwords on its command line, where local administrators can see them while it runs.',
      fields: [
        ...account('service', 'Services account'),
        ...(variant.variant === 'data-warehouse'
          ? []
          : [
              {
                name: 'workflowSameAccount',
                label: 'Use the same account for workflows',
                kind: 'checkbox' as const,
              },
              ...account('workflow', 'Workflow account').map((field) => ({
                ...field,
                visibleWhen: { field: 'workflowSameAccount', equals: false },
              })),
            ]),
      ],
      lookup: {
        id: 'service-account',
        buttonLabel: 'Test Credentials',
        inputs: [
          'serviceDomain',
          'serviceUser',
          'servicePassword',
          'workflowSameAccount',
          'workflowDomain',
          'workflowUser',
          'workflowPassword',
        ],
        required: true,
        pendingMessage: 'Select Test Credentials: Next waits until the credentials are accepted.',
      },
    },
    [SETUP_PAGE_IDS.reportingAccount]: {
      id: SETUP_PAGE_IDS.reportingAccount,
      title: 'Configure the reporting account',
      description: 'The account the data warehouse uses to reach the report server.',
      fields: account('reporting', 'Reporting account'),
      lookup: {
        id: 'reporting-account',
        buttonLabel: 'Test Credentials',
        inputs: ['reportingDomain', 'reportingUser', 'reportingPassword'],
        required: true,
        pendingMessage: 'Select Test Credentials: Next waits until the credentials are accepted.',
      },
    },
    [SETUP_PAGE_IDS.improvement]: {
      id: SETUP_PAGE_IDS.improvement,
      title: 'Help improve System Center',
      description: 'Whether this server sends usage data and error reports to Microsoft.',
      fields: [
        { name: 'ceip', label: 'Join the Customer Experience Improvement Program', kind: 'checkbox' },
        { name: 'errorReporting', label: 'Send error reports', kind: 'checkbox' },
      ],
    },
    [SETUP_PAGE_IDS.updates]: {
      id: SETUP_PAGE_IDS.updates,
      title: 'Use Microsoft Update',
      description: 'Whether Windows Update also offers updates for Service Manager.',
      fields: [{ name: 'useMicrosoftUpdate', label: 'Use Microsoft Update', kind: 'checkbox' }],
    },
  };
  const order: string[] = [
    ...(variant.variant === 'additional' ? [] : [SETUP_PAGE_IDS.server]),
    SETUP_PAGE_IDS.media,
    SETUP_PAGE_IDS.registration,
    SETUP_PAGE_IDS.location,
    'system-check',
    SETUP_PAGE_IDS.database,
    SETUP_PAGE_IDS.managementGroup,
    ...(variant.variant === 'data-warehouse' ? [SETUP_PAGE_IDS.reporting] : []),
    SETUP_PAGE_IDS.serviceAccount,
    ...(variant.variant === 'data-warehouse' ? [SETUP_PAGE_IDS.reportingAccount] : []),
    SETUP_PAGE_IDS.improvement,
    ...(variant.variant === 'data-warehouse' ? [SETUP_PAGE_IDS.updates] : []),
  ];
  return order.flatMap((id) => (byId[id] ? [byId[id]] : []));
}

function lostServer(variant: Variant, answers: Answers, manifest: SiteManifest): ManifestServer {
  const server = findServer(manifest, answers.server ?? '');
  if (!server || !variant.candidates(manifest).includes(server)) {
    throw new OperatorError(`${answers.server ?? '(none)'} is not a server this flow can restore on this site.`);
  }
  return server;
}

function checks(variant: Variant, answers: Answers): CheckDefinition[] {
  const list: CheckDefinition[] = [];
  if (variant.variant === 'additional') {
    list.push({
      id: 'new-computer',
      title: 'This computer is not one of the site’s management servers',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const taken = keyServers(ctx.manifest).find(
          (server) => server.netbiosName.toUpperCase() === here.toUpperCase(),
        );
        return taken
          ? {
              status: 'fail',
              expected: `a name other than ${keyServers(ctx.manifest)
                .map((server) => server.netbiosName)
                .join(', ')}`,
              found: here,
              remedy: `${here} is already a management server of the site. To rebuild it, use "Restore a Service Manager management server" instead.`,
            }
          : pass('a new name', here);
      },
    });
  } else {
    list.push({
      id: 'same-computer',
      title: 'This computer has the lost server’s name',
      run: async (ctx) => {
        const server = lostServer(variant, answers, ctx.manifest);
        const here = await ctx.host.system.computerName();
        const fqdn = await ctx.host.system.fqdn();
        const same =
          here.toUpperCase() === server.netbiosName.toUpperCase() && fqdn.toLowerCase() === server.fqdn.toLowerCase();
        return same
          ? pass(`${server.netbiosName} (${server.fqdn})`, `${here} (${fqdn})`)
          : {
              status: 'fail',
              expected: `${server.netbiosName} (${server.fqdn})`,
              found: `${here} (${fqdn})`,
              remedy: `Setup must run on a computer named ${server.netbiosName}, joined to the same domain: rename this computer or sign in to the right one.`,
            };
      },
    });
    list.push(encryptionKeyRestoredCheck(answers.server ?? ''));
  }
  list.push(prerequisiteChecks(answers)[0] as CheckDefinition);
  list.push({
    id: 'media',
    title: 'The installation media has Setup.exe',
    run: async (ctx) => {
      const here = await ctx.host.system.computerName();
      const facts = await ctx.host.files.stat(here, setupPath(answers));
      return facts.exists && !facts.isDirectory
        ? pass(setupPath(answers), 'present')
        : {
            status: 'fail',
            expected: setupPath(answers),
            found: 'not there',
            remedy: 'Mount or copy the Service Manager installation media and give its drive or folder.',
          };
    },
  });
  list.push(prerequisiteChecks(answers)[4] as CheckDefinition);
  list.push({
    id: 'database',
    title: `The ${variant.database} database is reachable and belongs to the site’s management group`,
    run: async (ctx) => {
      const expected = variant.managementGroup(ctx.manifest);
      const found = await readManagementGroup(ctx, answers);
      return !expected || found.toLowerCase() === expected.toLowerCase()
        ? pass(expected ?? 'a management group', found)
        : {
            status: 'fail',
            expected: expected,
            found,
            remedy: `Choose the site’s own ${variant.database} database.`,
          };
    },
  });
  if (variant.variant === 'data-warehouse') {
    list.push({
      id: 'dw-same-instance',
      title: 'DWStagingAndConfig and DWRepository are on the same instance',
      run: async (ctx) => {
        const repository = findDatabase(ctx.manifest, 'DWRepository');
        if (!repository) return pass('DWRepository in the manifest', 'not listed');
        const repositoryServer = sqlServerDisplayName(repository);
        return repositoryServer.toLowerCase() === answers.sqlServer.trim().toLowerCase()
          ? pass(answers.sqlServer, repositoryServer)
          : {
              status: 'fail',
              expected: answers.sqlServer,
              found: repositoryServer,
              remedy: 'Setup needs both databases on one instance: restore DWRepository there first.',
            };
      },
    });
  }
  list.push({
    id: 'setup-mode',
    title: 'How Setup runs',
    run: async (ctx) => {
      const mode = await setupMode(variant, answers, ctx);
      return mode.unattended
        ? pass('unattended', mode.reason)
        : {
            status: 'warn',
            expected: 'unattended',
            found: mode.reason,
            remedy:
              'Setup’s wizard opens on this computer: enter the values the step lists, page by page. The wizard checks the result afterwards.',
          };
    },
  });
  list.push({
    id: 'passwords-on-command-line',
    title: 'Account passwords reach Setup on its command line',
    run: async (ctx) =>
      (await setupMode(variant, answers, ctx)).unattended
        ? {
            status: 'warn',
            expected: 'no one else signed in',
            found: 'local administrators can read Setup’s command line while it runs',
            remedy:
              'Make sure no one else is signed in to this computer until Setup has finished. The wizard writes the passwords nowhere.',
          }
        : pass('passwords typed into Setup', 'you type them into Setup’s own pages'),
  });
  return list;
}

async function steps(variant: Variant, answers: Answers, ctx: FlowContext): Promise<StepDefinition[]> {
  const here = await ctx.host.system.computerName();
  const program = setupPath(answers);
  const mode = await setupMode(variant, answers, ctx);
  const secrets = setupSecrets(setupOptions(answers));
  const lines = guidance(variant, answers, ctx.manifest);
  const runSetup: StepDefinition = mode.unattended
    ? {
        id: 'run-setup',
        title: 'Run Setup against the existing database',
        commands: [
          { kind: 'program', computer: here, commandLine: ctx.host.setup.describe(program, mode.args, secrets) },
        ],
        usesSecrets: true,
        isDone: (c) => isServiceManagerInstalled(c, here),
        run: async (c, io) => concludeSetup(await c.host.setup.run(program, mode.args, io), io),
      }
    : {
        id: 'run-setup',
        title: 'Run Setup’s own wizard with the values listed',
        commands: [
          {
            kind: 'program',
            computer: here,
            commandLine: ctx.host.setup.describe(program, [], []),
            guidance: lines,
          },
        ],
        isDone: (c) => isServiceManagerInstalled(c, here),
        run: async (c, io) => {
          io.output('Setup’s wizard opens now. Enter these values, page by page:');
          for (const line of lines) io.output(line);
          concludeSetup(await c.host.setup.runInteractive(program, io), io);
        },
      };
  const list: StepDefinition[] = [
    runSetup,
    {
      id: 'restart-if-asked',
      title: 'Restart Windows if Setup asked for it',
      commands: [],
      isDone: async (c) => !(await c.host.system.restartPending()),
      run: async () => {
        throw new OperatorError(
          'Setup finished and asks for a restart. Restart this computer, start the wizard again and choose Resume on the Start page: the run goes on from here.',
        );
      },
    },
  ];
  if (variant.variant === 'additional') {
    list.push({
      id: 'record-in-manifest',
      title: 'Record the new management server in the manifest',
      commands: [],
      isDone: async (c) => findServer(c.manifest, here)?.roles.includes('sm-additional-management-server') === true,
      run: async (c, io) => {
        await c.manifestStore.recordServer({
          netbiosName: here,
          fqdn: await c.host.system.fqdn(),
          roles: ['sm-additional-management-server'],
          installDirectory: answers.installPath.trim(),
        });
        io.output(`The manifest now lists ${here} as an additional management server.`);
      },
    });
  }
  return list;
}

function verify(variant: Variant, answers: Answers): CheckDefinition[] {
  return [
    ...SM_SERVICES.map((service): CheckDefinition => ({
      id: `service-${service.name.toLowerCase()}`,
      title: `${service.displayName} is running`,
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const found = await ctx.host.services.find(here, service.displayName);
        return found?.status === 'Running'
          ? pass('Running', 'Running')
          : {
              status: 'fail',
              expected: 'Running',
              found: found?.status ?? 'not installed',
              remedy: 'Read Setup’s log and the Application event log, start the service, then select Retry.',
            };
      },
    })),
    {
      id: 'registry-database',
      title: 'The server points at the original database',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const server = await ctx.host.registry.readValue(here, SM_DATABASE_REGISTRY_KEY, variant.registryServerValue);
        const database = await ctx.host.registry.readValue(
          here,
          SM_DATABASE_REGISTRY_KEY,
          variant.registryDatabaseValue,
        );
        const expected = `${answers.sqlServer.trim()} / ${answers.database.trim()}`;
        const found = `${String(server ?? '(none)')} / ${String(database ?? '(none)')}`;
        return expected.toLowerCase() === found.toLowerCase()
          ? pass(expected, found)
          : {
              status: 'fail',
              expected,
              found,
              remedy: `${SM_DATABASE_REGISTRY_KEY} names another database: Setup did not join the existing one. Read Setup's log before going on.`,
            };
      },
    },
  ];
}

function summarize(variant: Variant, answers: Answers): { label: string; value: string }[] {
  const workflow = workflowAccount(answers);
  const rows = [
    ...(answers.server ? [{ label: 'Lost server', value: answers.server }] : []),
    { label: 'Setup', value: setupPath(answers) },
    { label: 'Registered to', value: `${answers.registeredOwner}, ${answers.registeredOrganization}` },
    { label: 'Product key', value: answers.productKey ? 'given (hidden)' : 'none: evaluation edition' },
    { label: 'Installation folder', value: answers.installPath },
    { label: `${variant.database} database`, value: `${answers.sqlServer} / ${answers.database} (existing)` },
    { label: 'Management group', value: answers.managementGroupName },
    { label: 'Services account', value: `${answers.serviceDomain}\\${answers.serviceUser}` },
  ];
  if (variant.variant === 'data-warehouse') {
    rows.push(
      { label: 'Report server URL', value: answers.reportingServerUrl ?? '' },
      { label: 'Reporting account', value: `${answers.reportingDomain ?? ''}\\${answers.reportingUser ?? ''}` },
      { label: 'Use Microsoft Update', value: answers.useMicrosoftUpdate ? 'Yes' : 'No' },
    );
  } else {
    rows.push({ label: 'Workflow account', value: `${workflow.domain}\\${workflow.user}` });
  }
  rows.push({
    label: 'Help improve System Center',
    value: `CEIP ${answers.ceip ? 'Yes' : 'No'}, error reporting ${answers.errorReporting ? 'Yes' : 'No'}`,
  });
  return rows;
}

async function defaults(variant: Variant, ctx: FlowContext) {
  const here = (await ctx.host.system.computerName()).toUpperCase();
  const lost = variant.candidates(ctx.manifest).find((server) => server.netbiosName.toUpperCase() === here);
  const db = findDatabase(ctx.manifest, variant.database);
  return {
    server: lost?.netbiosName ?? '',
    mediaPath: '',
    registeredOwner: '',
    registeredOrganization: '',
    productKey: '',
    acceptLicense: false,
    installPath: lost?.installDirectory ?? DEFAULT_INSTALL_PATH,
    sqlServer: db ? sqlServerDisplayName(db) : '',
    useExistingDatabase: 'existing',
    database: db?.name ?? variant.database,
    managementGroupName: '',
    administrators: '',
    serviceDomain: ctx.manifest.servers[0]?.fqdn.split('.')[1]?.toUpperCase() ?? '',
    serviceUser: '',
    servicePassword: '',
    workflowSameAccount: true,
    workflowDomain: '',
    workflowUser: '',
    workflowPassword: '',
    ...(variant.variant === 'data-warehouse'
      ? {
          reportingServerUrl: ctx.manifest.reportingServerUrl ?? '',
          reportingDomain: ctx.manifest.servers[0]?.fqdn.split('.')[1]?.toUpperCase() ?? '',
          reportingUser: '',
          reportingPassword: '',
          useMicrosoftUpdate: false,
        }
      : {}),
    ceip: false,
    errorReporting: false,
  };
}

function setupFlow(key: SetupFlowVariant): FlowDefinition<Answers> {
  const variant = VARIANTS[key];
  return {
    id: variant.id,
    title: variant.title,
    scenario: variant.scenario,
    summary: variant.summary,
    source: variant.source,
    answers: setupAnswersSchema(key),
    secretFields: SETUP_SECRET_FIELDS,
    unavailableReason: (manifest) => {
      if (key !== 'additional' && variant.candidates(manifest).length === 0) {
        return key === 'data-warehouse'
          ? 'The manifest lists no data warehouse management server.'
          : 'The manifest lists no Service Manager management server.';
      }
      if (!findDatabase(manifest, variant.database)) return `The manifest lists no ${variant.database} database.`;
      return null;
    },
    completionNote: () =>
      key === 'additional'
        ? 'The new server is in the manifest: copy the manifest back into the recovery kit, and back up this server’s encryption key.'
        : 'Setup completed successfully. Next, import the unsealed management packs from the recovery kit if the database lost any.',
    pages: (manifest) => pages(variant, manifest),
    lookups: lookups(variant),
    defaults: (ctx) => defaults(variant, ctx),
    summarize: (answers) => summarize(variant, answers),
    checks: (answers) => checks(variant, answers),
    steps: (answers, ctx) => steps(variant, answers, ctx),
    verify: (answers) => verify(variant, answers),
  };
}

export const restoreManagementServerFlow = setupFlow('management-server');
export const restoreDataWarehouseServerFlow = setupFlow('data-warehouse');
export const installAdditionalManagementServerFlow = setupFlow('additional');
