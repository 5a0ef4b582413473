import {
  findDatabase,
  findServer,
  siteDomain,
  sqlServerDisplayName,
  type ManifestServer,
  type SiteManifest,
} from '../../../shared/manifest';
import {
  setupAnswersSchema,
  setupPages,
  type SetupFlowVariant,
} from '../../../shared/procedures/management-server-setup';
import { keyServers } from '../../../shared/procedures/encryption-key';
import { AnswerError, OperatorError } from '../../engine/errors';
import type { CheckDefinition, FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import {
  SETUP_RELATIVE_PATH,
  SM_DATABASE_REGISTRY_KEY,
  SM_SERVICES,
  WINDOWS_REGISTRATION_KEY,
} from '../../knowledge/service-manager/facts';
import { installationMediaDefault } from '../common/installation-media';
import { describeSetupExit } from '../../knowledge/service-manager/setup-exit-codes';
import { serverSetupArguments, unlistedSwitches } from '../../knowledge/service-manager/setup-command-line';
import { maskedSecret, type CommandArgument } from '../../knowledge/windows/command-line';
import type { SetupResult, StepIo } from '../../host/types';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { encryptionKeyRestoredCheck } from '../common/encryption-keys';
import {
  VARIANTS,
  isServiceManagerInstalled,
  pass,
  readManagementGroup,
  rememberedSecrets,
  workflowAccount,
  type Answers,
  type Variant,
} from './site';
import {
  productKeyRemembered,
  rememberedAccount,
  rememberedSecretChecks,
  typedSecrets,
  withRememberedSecrets,
} from '../common/setup-secrets';
import { lookups, prerequisiteChecks } from './lookups';
import { excerpt } from '../../../shared/validation/display-escape';
import { readingAnswer } from '../common/answer-reads';
import { guideLines, setupGuide } from './setup-guide';

/**
 * "Implement Service Manager disaster recovery", "Disaster recovery for System Center 2016 - Service
 * Manager" and "Backing Up Service Manager Management Servers": a lost management server is rebuilt under its old name, its encryption key is
 * restored, and Setup.exe runs against the EXISTING database; after a promotion, a replacement
 * computer joins as an additional management server. The pages mirror Setup's, prefilled from
 * the manifest; Setup runs unattended where its `/?` lists every switch needed, and otherwise
 * opens its own wizard with the values to enter listed page by page.
 */

const DEFAULT_INSTALL_PATH = 'C:\\Program Files\\Microsoft System Center\\Service Manager';
const LOG_LINES_IN_MESSAGE = 1;

function setupPath(answers: Answers): string {
  return joinWindowsPath(answers.mediaPath.trim(), SETUP_RELATIVE_PATH);
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

interface SetupMode {
  unattended: boolean;
  reason: string;
  args: CommandArgument[];
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
  const listed = await readingAnswer('mediaPath', () => ctx.host.setup.listSwitches(setupPath(answers)));
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

/** The log line that names why Setup failed: one saying what failed, else the last error. */
function withoutTimestamp(line: string): string {
  return line.replace(/^\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?\s+/, '');
}

function setupLogCause(tail: readonly string[]): string[] {
  const lines = tail.map(withoutTimestamp);
  const named = lines.filter((line) => /(failed|error)\s*:/i.test(line));
  const any = lines.filter((line) => /fail|error/i.test(line));
  return (named.length > 0 ? named : any).slice(-LOG_LINES_IN_MESSAGE);
}

/** Setup's end in the operator's terms; the end of its log goes with a failure. */
function concludeSetup(result: SetupResult, io: StepIo): void {
  const exit = describeSetupExit(result.exitCode);
  const tail = result.logTail.join('\n');
  if (exit.outcome === 'failure') {
    if (result.failure) {
      // "Troubleshoot Service Manager deployment": the failed action is the "Return Value 3" line; its cause is just above.
      const lines = result.failure.lines.map(withoutTimestamp);
      throw new OperatorError(
        `${exit.message} Setup's log ${result.failure.logPath} marks where it failed: ${lines.slice(-2).join(' ')}`,
        [...lines, '', tail].join('\n'),
      );
    }
    const cause = setupLogCause(result.logTail);
    const logNote = result.logPath ? ` Setup's log: ${result.logPath}.` : '';
    throw new OperatorError(
      `${exit.message}${cause.length > 0 ? ` The log says: ${cause.join(' ')}` : ''}${logNote}`,
      tail,
    );
  }
  io.output(exit.message);
}

function lostServer(variant: Variant, answers: Answers, manifest: SiteManifest): ManifestServer {
  const server = findServer(manifest, answers.server ?? '');
  if (!server || !variant.candidates(manifest).includes(server)) {
    throw new AnswerError(
      'server',
      `${excerpt(answers.server ?? '')} is not a server this flow can restore on this site.`,
    );
  }
  return server;
}

function checks(variant: Variant, answers: Answers): CheckDefinition[] {
  const list: CheckDefinition[] = [];
  const prerequisite = (id: string): CheckDefinition => {
    const check = prerequisiteChecks(answers).find((candidate) => candidate.id === id);
    if (!check) throw new Error(`no prerequisite check ${id}`);
    return check;
  };
  // Reading `Setup.exe /?` starts Setup: the two checks that need its answer share one reading.
  let mode: Promise<SetupMode> | undefined;
  const modeOnce = (ctx: FlowContext): Promise<SetupMode> =>
    (mode ??= withRememberedSecrets(answers, rememberedSecrets(variant), ctx).then((full) =>
      setupMode(variant, full, ctx),
    ));
  if (variant.variant === 'additional') {
    list.push({
      id: 'new-computer',
      title: 'This computer is not one of the site’s management servers',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const taken = keyServers(ctx.manifest).find(
          (server) => server.netbiosName.toUpperCase() === here.toUpperCase(),
        );
        // The first start of the run found the name free; this run has since installed the server and recorded it.
        if (taken && ctx.run?.resumed && (await isServiceManagerInstalled(ctx, here))) {
          return pass('a new name', `${here}, recorded by this run before it was interrupted`);
        }
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
  list.push(prerequisite('elevated'));
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
  list.push(prerequisite('disk-space'));
  list.push({
    id: 'database',
    title: `The ${variant.database} database is reachable and belongs to the site’s management group`,
    run: async (ctx) => {
      const expected = variant.managementGroup(ctx.manifest);
      const found = (await readManagementGroup(ctx, answers)).name;
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
  list.push(
    ...rememberedSecretChecks(answers, rememberedSecrets(variant), (secret) =>
      secret.field === 'productKey' ? 'Product registration' : secretPage(secret.field),
    ),
  );
  list.push({
    id: 'evaluation-edition',
    title: 'The edition Setup installs',
    run: async () =>
      answers.productKeyUseRemembered
        ? pass('a product key', 'the one remembered in the OS keychain')
        : answers.productKey.trim() === ''
          ? {
              status: 'warn',
              expected: 'a product key',
              found: 'none: Setup installs the evaluation edition, which expires after 180 days',
              remedy:
                'Type the product key on the Product registration page, unless this server is a drill or a stopgap you will license before it expires.',
            }
          : pass('a product key', 'typed on the Product registration page'),
  });
  list.push({
    id: 'setup-mode',
    title: 'How Setup runs',
    run: async (ctx) => {
      const { unattended, reason } = await modeOnce(ctx);
      if (unattended) return pass('unattended', reason);
      // The data warehouse always uses Setup's wizard, as the recovery guide does: nothing to decide.
      // A management server's Setup that lacks the switches is unexpected: perhaps the wrong media.
      return variant.variant === 'data-warehouse'
        ? pass(
            'Setup’s own wizard, as the recovery guide does',
            `${reason} Progress lists the values to enter, one Setup page at a time.`,
          )
        : {
            status: 'warn',
            expected: 'unattended',
            found: reason,
            remedy:
              'Check that the media is the Service Manager release the site runs; otherwise Setup’s wizard opens on this computer: enter the values Progress lists, page by page.',
          };
    },
  });
  if (variant.variant !== 'data-warehouse') {
    list.push({
      id: 'passwords-on-command-line',
      title: 'Account passwords reach Setup on its command line',
      run: async (ctx) =>
        (await modeOnce(ctx)).unattended
          ? pass(
              'no one else signed in while Setup runs',
              'confirmed on the services account page: no one else is signed in until Setup has finished',
            )
          : pass('passwords typed into Setup', 'you type them into Setup’s own pages'),
    });
  }
  return list;
}

/** The page where a remembered password would be typed instead. */
function secretPage(field: string): string {
  return field === 'reportingPassword'
    ? 'Configure the reporting account'
    : 'Configure the account for Service Manager services';
}

async function steps(variant: Variant, typed: Answers, ctx: FlowContext): Promise<StepDefinition[]> {
  const remembered = rememberedSecrets(variant);
  const answers = await withRememberedSecrets(typed, remembered, ctx);
  const here = await ctx.host.system.computerName();
  const program = setupPath(answers);
  const mode = await setupMode(variant, answers, ctx);
  const pages = setupGuide(variant, answers, ctx.manifest);
  const lines = guideLines(pages);
  const runSetup: StepDefinition = mode.unattended
    ? {
        id: 'run-setup',
        title: 'Run Setup against the existing database',
        commands: [{ kind: 'program', computer: here, commandLine: ctx.host.setup.describe(program, mode.args) }],
        usesSecrets: typedSecrets(typed, remembered, [
          'productKey',
          'servicePassword',
          ...(answers.workflowSameAccount ? [] : ['workflowPassword']),
        ]),
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
            commandLine: ctx.host.setup.describe(program, []),
            guidance: lines,
            setupPages: pages,
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
      // Done only in a resumed run (the restart it asked for happened); in a first run it runs and
      // says what it found, rather than showing "already done" when no restart was ever asked for.
      isDone: async (c) => c.run?.resumed === true && !(await c.host.system.restartPending()),
      run: async (c, io) => {
        if (!(await c.host.system.restartPending())) {
          io.output('Setup asked for no restart: nothing to do.');
          return;
        }
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

function summarize(variant: Variant, answers: Answers, manifest: SiteManifest): { label: string; value: string }[] {
  const workflow = workflowAccount(answers);
  const rows = [
    ...(answers.server ? [{ label: 'Lost server', value: answers.server }] : []),
    { label: 'Setup', value: setupPath(answers) },
    { label: 'Registered to', value: `${answers.registeredOwner}, ${answers.registeredOrganization}` },
    {
      label: 'Product key',
      value: answers.productKeyUseRemembered
        ? 'the one remembered in the OS keychain'
        : answers.productKey
          ? maskedSecret(answers.productKey, 'product-key')
          : 'none: evaluation edition',
    },
    { label: 'Installation folder', value: answers.installPath },
    { label: `${variant.database} database`, value: `${answers.sqlServer} / ${answers.database} (existing)` },
    { label: 'Management group', value: answers.managementGroupName },
    ...(answers.administrators ? [{ label: 'Management group administrators', value: answers.administrators }] : []),
    ...manifestAdministratorsRow(answers.administrators, variant.administrators(manifest)),
    {
      label: 'Services account',
      value: accountRow(answers.serviceDomain, answers.serviceUser, answers.serviceUseRemembered),
    },
  ];
  if (variant.variant === 'data-warehouse') {
    rows.push(
      { label: 'Report server URL', value: answers.reportingServerUrl ?? '' },
      {
        label: 'Reporting account',
        value: accountRow(answers.reportingDomain ?? '', answers.reportingUser ?? '', answers.reportingUseRemembered),
      },
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

function accountRow(domain: string, user: string, remembered: boolean | undefined): string {
  return `${domain}\\${user}${remembered ? ', password remembered in the OS keychain' : ''}`;
}

/** The manifest's group, where it records another than the one read from the database. */
function manifestAdministratorsRow(
  fromDatabase: string,
  recorded: string | undefined,
): { label: string; value: string }[] {
  return fromDatabase === '' || recorded === undefined || recorded.toLowerCase() === fromDatabase.toLowerCase()
    ? []
    : [{ label: 'Administrators in the manifest (Setup keeps the database’s)', value: recorded }];
}

/** What Windows was registered to, as Setup's own registration page offers it; empty when unreadable. */
async function windowsRegistration(ctx: FlowContext, here: string, valueName: string): Promise<string> {
  const value = await ctx.host.registry.readValue(here, WINDOWS_REGISTRATION_KEY, valueName).catch(() => null);
  return typeof value === 'string' ? value.trim() : '';
}

async function defaults(variant: Variant, ctx: FlowContext) {
  const here = (await ctx.host.system.computerName()).toUpperCase();
  const lost = variant.candidates(ctx.manifest).find((server) => server.netbiosName.toUpperCase() === here);
  const db = findDatabase(ctx.manifest, variant.database);
  // What "Prepare the recovery kit" remembered for this site answers Setup's secrets.
  const service = await rememberedAccount(ctx, 'Services account');
  const reporting = variant.variant === 'data-warehouse' ? await rememberedAccount(ctx, 'Reporting account') : null;
  return {
    server: lost?.netbiosName ?? '',
    mediaPath: await installationMediaDefault(ctx, SETUP_RELATIVE_PATH),
    registeredOwner: await windowsRegistration(ctx, here, 'RegisteredOwner'),
    registeredOrganization: await windowsRegistration(ctx, here, 'RegisteredOrganization'),
    productKeyUseRemembered: await productKeyRemembered(ctx),
    productKey: '',
    acceptLicense: false,
    installPath: lost?.installDirectory ?? DEFAULT_INSTALL_PATH,
    sqlServer: db ? sqlServerDisplayName(db) : '',
    useExistingDatabase: 'existing',
    database: db?.name ?? variant.database,
    managementGroupName: '',
    administrators: '',
    serviceDomain: service?.domain ?? siteDomain(ctx.manifest).netbios,
    serviceUser: service?.user ?? '',
    serviceUseRemembered: service !== null,
    servicePassword: '',
    workflowSameAccount: true,
    workflowDomain: '',
    workflowUser: '',
    workflowPassword: '',
    ...(variant.variant === 'data-warehouse'
      ? {
          reportingServerUrl: ctx.manifest.reportingServerUrl ?? '',
          reportingDomain: reporting?.domain ?? siteDomain(ctx.manifest).netbios,
          reportingUser: reporting?.user ?? '',
          reportingUseRemembered: reporting !== null,
          reportingPassword: '',
          useMicrosoftUpdate: false,
        }
      : { passwordsOnCommandLine: false }),
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
    secretFields: setupPages[key].secretFields,
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
        : key === 'data-warehouse'
          ? 'Setup completed successfully. In the Service Manager console, check under Data Warehouse > Data Warehouse Jobs that the jobs run again on their schedule.'
          : 'Setup completed successfully. Next, import the unsealed management packs from the recovery kit if the database lost any.',
    pages: setupPages[key].pages,
    lookups: lookups(variant),
    defaults: (ctx) => defaults(variant, ctx),
    summarize: (answers, manifest) => summarize(variant, answers, manifest),
    checks: (answers) => checks(variant, answers),
    steps: (answers, ctx) => steps(variant, answers, ctx),
    verify: (answers) => verify(variant, answers),
  };
}

export const restoreManagementServerFlow = setupFlow('management-server');
export const restoreDataWarehouseServerFlow = setupFlow('data-warehouse');
export const installAdditionalManagementServerFlow = setupFlow('additional');
