import { sqlServerDisplayName, type ManifestServer } from '../../../shared/manifest';
import {
  managementServer,
  recoverOrchestratorDatabasePages,
  runbookServers,
  webComponentServers,
  type KeySituation,
} from '../../../shared/procedures/recover-orchestrator-database';
import type { CheckResult } from '../../../shared/run-contract';
import type { CheckDefinition, CheckOutcome, FlowContext, FlowDefinition } from '../../engine/flow-types';
import { ORCHESTRATOR_SERVICES } from '../../knowledge/orchestrator/facts';
import { describeError } from '../../engine/errors';
import { KIT_DATABASE_FOLDER, kitBackupFile } from '../../knowledge/recovery-kit/layout';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { backupContentCheck, readBackupHeader, type BackupHeader } from '../common/backup-files';
import { findDatabaseState, readDatabaseStates } from '../common/database-states';
import { kitFileOutcome } from '../common/kit-files';
import { sysadminDefinition } from '../common/sql-connection';
import {
  dataStoreTool,
  findWebComponents,
  orchestratorDatabase,
  probeRunbookServer,
  requireManagementServer,
  type Answers,
  type RunbookServerProbe,
} from './site';
import {
  keyFileAccount,
  keyFilePasswordWords,
  rememberedPasswordOutcome,
  SERVICE_MASTER_KEY_ROLE,
} from '../common/key-accounts';
import { readOnce } from '../common/read-once';
import { recoverySteps } from './steps';
import {
  describeAuthentication,
  readServerFacts,
  signInSecrets,
  sqlConnectionDefaults,
  sysadminCheck,
  targetOf,
  type ServerFacts,
} from '../common/sql-connection';
import { mapInPool } from '../../engine/pool';
import { readingAnswer } from '../common/answer-reads';
import { takenAt } from '../common/taken-at';

/**
 * Orchestrator's "Recover a database", "Restore the database": the service master key is restored first when the database
 * lands on another server or the key changed; then the database; then DBSetup points the
 * management server and every runbook server at it, each restarted; the web components, which
 * DBSetup does not touch, get their web.config edited. Runbook servers are handled side by side.
 */

const PROBE_BATCH = 10;

/** The last backups this wizard made of the Orchestrator database and key, to offer them again. */
function lastBackup(ctx: FlowContext) {
  const runs = ctx.history.succeeded('backup-orchestrator', ctx.mode);
  const withKey = runs.filter((run) => run.answers.backupMasterKey === true).at(-1);
  return {
    backupFile: runs.at(-1)?.answers.backupFile,
    keyFile: withKey?.answers.keyFile,
  };
}

/** Whether the key situation the operator chose fits where the backup was taken. */
function keySituationOutcome(situation: KeySituation, header: BackupHeader, facts: ServerFacts): CheckOutcome {
  const sameServer = header.serverName.toUpperCase() === facts.serverName.toUpperCase();
  if (situation === 'restore-key') {
    return {
      status: 'pass',
      expected: 'the service master key restored from its file first',
      found: sameServer
        ? `the backup is from this server (${header.serverName}); its key is restored as you said it changed`
        : `the backup is from ${header.serverName}; this is ${facts.serverName}`,
    };
  }
  return sameServer
    ? {
        status: 'pass',
        expected: 'a backup taken on this server',
        found: `taken on ${header.serverName}`,
      }
    : {
        status: 'fail',
        expected: `a backup taken on ${facts.serverName}`,
        found: `taken on ${header.serverName}`,
        remedy:
          'This server’s service master key cannot open the database’s key: choose "Another server, or the same server with a changed service master key" on the Service master key page and give the key file of the server the backup came from.',
      };
}

function runbookOutcome(probes: RunbookServerProbe[]): CheckOutcome {
  const troubled = probes.filter((probe) => probe.problem !== null);
  const expected = `${probes.length} runbook server${probes.length === 1 ? '' : 's'} answering, with their Runbook Service`;
  if (troubled.length === 0) return { status: 'pass', expected, found: 'all answer' };
  return {
    status: 'warn',
    expected,
    found: troubled.map((probe) => `${probe.server.netbiosName}: ${probe.problem ?? ''}`).join('; '),
    remedy:
      'Those servers’ steps will fail while the others go on; bring them back and choose Retry, which runs only the failed ones.',
  };
}

const lookups: NonNullable<FlowDefinition['lookups']> = {
  connect: async (raw, ctx) => {
    const answers = recoverOrchestratorDatabasePages.pageSchemas.database.parse(raw);
    const facts = await readServerFacts(ctx, answers);
    const sysadmin = sysadminCheck(answers, facts);
    const state = findDatabaseState(await readDatabaseStates(ctx, answers), answers.database);
    const where = state
      ? `${answers.database} exists (${state.state}): restoring replaces it after you type its name on the plan.`
      : `${answers.database} is not on this server yet.`;
    return {
      ok: sysadmin.status === 'pass',
      message:
        sysadmin.status === 'pass'
          ? `Connected to ${answers.sqlServer} (@@SERVERNAME ${facts.serverName}): SQL Server ${facts.productVersion} ${facts.edition}, as ${describeAuthentication(answers)}. ${where}`
          : `${sysadmin.found ?? ''}: ${sysadmin.remedy ?? ''}`,
      checks: [sysadmin],
    };
  },
  backup: async (raw, ctx) => {
    const answers = recoverOrchestratorDatabasePages.pageSchemas.database.parse(raw);
    const file = String(raw.backupFile ?? '').trim();
    try {
      const header = await readBackupHeader(ctx, answers, file);
      const full = header.backupType === 1;
      return {
        ok: full,
        message: full
          ? `A full backup of ${header.databaseName} from ${header.serverName}, ${takenAt(ctx, header.finished)}.`
          : `This is not a full database backup (BackupType ${header.backupType}); start from the full backup.`,
      };
    } catch (error) {
      return { ok: false, message: `${file} cannot be read by ${answers.sqlServer}: ${describeError(error).message}` };
    }
  },
  'key-origin': async (raw, ctx) => {
    const connection = recoverOrchestratorDatabasePages.pageSchemas.database.parse({ ...raw, database: 'master' });
    const situation: KeySituation = raw.keySituation === 'restore-key' ? 'restore-key' : 'same-server';
    const keyFile = String(raw.keyFile ?? '').trim();
    const facts = await readServerFacts(ctx, connection);
    const header = await readBackupHeader(ctx, connection, String(raw.backupFile ?? '').trim());
    const outcome = keySituationOutcome(situation, header, facts);
    const checks: CheckResult[] = [{ id: 'key-situation', title: 'Where the backup was taken', ...outcome }];
    // A typed password needs nothing from the keychain: only a choice to use the remembered one is checked.
    if (situation === 'restore-key' && keyFile && raw.useRemembered === true) {
      const account = await keyFileAccount(ctx, SERVICE_MASTER_KEY_ROLE, keyFile);
      checks.push({
        id: 'key-password',
        title: 'A password remembered for this key file',
        ...(account
          ? await rememberedPasswordOutcome(ctx, account, keyFilePasswordWords('Service master key'))
          : { status: 'fail', found: 'the key file cannot be read from this computer' }),
      });
    }
    const origin = `The backup of ${header.databaseName} was taken on ${header.serverName} (${takenAt(ctx, header.finished)}); this is ${facts.serverName}.`;
    return {
      ok: outcome.status !== 'fail',
      message: outcome.status === 'fail' ? `${origin} ${outcome.remedy ?? ''}` : origin,
      checks,
    };
  },
  'runbook-servers': async (_raw, ctx) => {
    const management = managementServer(ctx.manifest);
    const probes = await mapInPool(runbookServers(ctx.manifest), PROBE_BATCH, (server) =>
      probeRunbookServer(ctx, server, management),
    );
    const troubled = probes.filter((probe) => probe.problem !== null).length;
    return {
      ok: true,
      message:
        troubled === 0
          ? `All ${probes.length} runbook servers answer.`
          : `${troubled} of ${probes.length} runbook servers do not answer as expected; their steps will fail and can be retried alone.`,
      checks: probes.map((probe) => ({
        id: `runbook-${probe.server.netbiosName.toLowerCase()}`,
        title: probe.server.netbiosName,
        status: probe.problem ? 'warn' : 'pass',
        found: probe.problem ?? 'answers',
      })),
    };
  },
};

async function managementOutcome(ctx: FlowContext, management: ManifestServer): Promise<CheckOutcome> {
  const name = management.netbiosName;
  const service = ORCHESTRATOR_SERVICES.management.displayName;
  try {
    const found = await ctx.host.services.find(name, service);
    if (!found) {
      return {
        status: 'fail',
        expected: service,
        found: `not on ${name}`,
        remedy: 'Install the management server first (Orchestrator Setup) or correct the manifest.',
      };
    }
    const tool = dataStoreTool(management);
    if (!(await ctx.host.files.exists(name, tool))) {
      return { status: 'fail', expected: tool, found: 'missing', remedy: 'Repair the Orchestrator installation.' };
    }
    return { status: 'pass', expected: `${service} and DBSetup`, found: `${found.status}; ${tool}` };
  } catch (error) {
    return {
      status: 'fail',
      expected: `${name} answering`,
      found: describeError(error).message,
      remedy: 'The management server must answer: DBSetup runs there first.',
    };
  }
}

function checks(answers: Answers, ctx: FlowContext): CheckDefinition[] {
  const facts = readOnce(() => readServerFacts(ctx, answers));
  const header = readOnce(() => readBackupHeader(ctx, answers, answers.backupFile.trim()));
  const management = requireManagementServer(ctx.manifest);
  const list: CheckDefinition[] = [
    sysadminDefinition(answers, facts),
    {
      id: 'backup-file',
      title: 'The backup file matches the kit',
      run: (c) => kitFileOutcome(c, answers.backupFile.trim()),
    },
    {
      id: 'backup-content',
      title: 'RESTORE VERIFYONLY and HEADERONLY',
      run: (c) =>
        backupContentCheck(c, answers, { name: answers.database.trim(), backupPath: answers.backupFile.trim() }),
    },
    {
      id: 'key-situation',
      title: 'The service master key fits the backup',
      run: async () => keySituationOutcome(answers.keySituation, await header(), await facts()),
    },
  ];
  if (answers.keySituation === 'restore-key') {
    list.push({
      id: 'key-file',
      title: 'The service master key file',
      run: async (c) => {
        const file = (answers.keyFile ?? '').trim();
        const found = await c.host.files.stat(await c.host.system.computerName(), file);
        if (!found.exists) {
          return {
            status: 'warn',
            expected: file,
            found: 'not seen from this computer',
            remedy:
              'SQL Server reads it as its service account: make sure it is there, or the first step fails without changing anything.',
          };
        }
        if (answers.useRemembered !== true) return { status: 'pass', expected: file, found: `${found.size} bytes` };
        return rememberedPasswordOutcome(
          c,
          await keyFileAccount(c, SERVICE_MASTER_KEY_ROLE, file),
          keyFilePasswordWords('Service master key'),
        );
      },
    });
  }
  list.push(
    {
      id: 'existing-database',
      title: `${answers.database} on ${answers.sqlServer}`,
      run: async (c) => {
        const state = findDatabaseState(await readDatabaseStates(c, answers), answers.database);
        return state
          ? {
              status: 'warn',
              expected: 'absent, or replaced after confirmation',
              found: `${state.state}`,
              remedy: `It will be replaced: type ${answers.database} on the plan to confirm.${state.state === 'ONLINE' ? ' A copy-only backup of it is taken first.' : ''}`,
            }
          : { status: 'pass', expected: 'absent, or replaced after confirmation', found: 'absent' };
      },
    },
    {
      id: 'management-server',
      title: `The management server ${management.netbiosName}`,
      run: (c) => managementOutcome(c, management),
    },
    {
      id: 'runbook-servers',
      title: 'The runbook servers answer',
      run: async (c) =>
        runbookOutcome(
          await mapInPool(runbookServers(c.manifest), PROBE_BATCH, (server) =>
            probeRunbookServer(c, server, management),
          ),
        ),
    },
  );
  if (answers.updateWebComponents) {
    for (const server of webComponentServers(ctx.manifest)) {
      list.push({
        id: `web-components-${server.netbiosName.toLowerCase()}`,
        title: `The web components on ${server.netbiosName}`,
        run: async (c) => {
          const web = await findWebComponents(c, server);
          return web
            ? {
                status: 'pass',
                expected: 'a web.config that names the database',
                found: `${web.kind === 'web-service' ? 'web service' : 'Web API'} ${web.productVersion}: ${web.configFile}, application pool ${web.appPool}`,
              }
            : {
                status: 'fail',
                expected: `web components under ${server.installDirectory ?? '(no installDirectory in the manifest)'}`,
                found: 'none found',
                remedy: 'Correct the manifest, or clear "Update the web components" and update them by hand.',
              };
        },
      });
    }
  }
  return list;
}

function verify(answers: Answers, ctx: FlowContext): CheckDefinition[] {
  const management = requireManagementServer(ctx.manifest);
  const running = async (c: FlowContext, computer: string, displayName: string) => {
    try {
      return (await c.host.services.find(computer, displayName))?.status ?? 'not installed';
    } catch (error) {
      return describeError(error).message;
    }
  };
  const list: CheckDefinition[] = [
    {
      id: 'database-online',
      title: `${answers.database} is ONLINE on ${answers.sqlServer}`,
      run: async (c) => {
        const row = (await c.host.sql.execute(targetOf(answers), sqlStatements.databaseState(answers.database.trim())))
          .rows[0];
        const state = row ? String(row.state) : 'absent';
        return state === 'ONLINE'
          ? { status: 'pass', expected: 'ONLINE', found: state }
          : { status: 'fail', expected: 'ONLINE', found: state, remedy: 'Run the restore again.' };
      },
    },
    {
      id: 'management-service',
      title: `The ${ORCHESTRATOR_SERVICES.management.displayName} runs on ${management.netbiosName}`,
      run: async (c) => {
        const status = await running(c, management.netbiosName, ORCHESTRATOR_SERVICES.management.displayName);
        return status === 'Running'
          ? { status: 'pass', expected: 'Running', found: status }
          : { status: 'fail', expected: 'Running', found: status, remedy: 'Start it, and read its event log.' };
      },
    },
    {
      id: 'runbook-services',
      title: 'Every runbook server’s Runbook Service runs',
      run: async (c) => {
        const servers = runbookServers(c.manifest);
        const statuses = await mapInPool(servers, PROBE_BATCH, async (server) => ({
          name: server.netbiosName,
          status: await running(c, server.netbiosName, ORCHESTRATOR_SERVICES.runbook.displayName),
        }));
        const stopped = statuses.filter((entry) => entry.status !== 'Running');
        return stopped.length === 0
          ? { status: 'pass', expected: `${servers.length} running`, found: `${servers.length} running` }
          : {
              status: 'fail',
              expected: `${servers.length} running`,
              found: stopped.map((entry) => `${entry.name}: ${entry.status}`).join('; '),
              remedy: 'Retry the failed runbook servers once they answer.',
            };
      },
    },
  ];
  list.push({
    id: 'database-sessions',
    title: `The Orchestrator servers hold sessions in ${answers.database} on ${answers.sqlServer}`,
    run: async (c) => {
      const { rows } = await c.host.sql.execute(
        targetOf(answers),
        sqlStatements.databaseSessionHosts(answers.database.trim()),
      );
      const hosts = new Set(rows.map((row) => String(row.hostName ?? '').toUpperCase()));
      const expected = [management, ...runbookServers(c.manifest)].map((server) => server.netbiosName.toUpperCase());
      const missing = [...new Set(expected)].filter((name) => !hosts.has(name));
      return missing.length === 0
        ? { status: 'pass', expected: `${new Set(expected).size} servers`, found: 'every one connected' }
        : {
            status: 'warn',
            expected: `${new Set(expected).size} servers connected`,
            found: `no session from ${missing.join(', ')}`,
            remedy:
              'Their DBSetup may still name the old database: run it there again with the values of the plan, then restart their service. A service with nothing to do may also connect later.',
          };
    },
  });
  if (answers.updateWebComponents) {
    for (const server of webComponentServers(ctx.manifest)) {
      list.push({
        id: `web-service-${server.netbiosName.toLowerCase()}`,
        title: `The web service on ${server.netbiosName} answers`,
        run: async (c) => {
          const web = await findWebComponents(c, server);
          if (!web) return { status: 'fail', expected: 'web components', found: 'none found' };
          const probe = await c.host.orchestrator.probeWebService(web.serviceUrl);
          return probe.answered
            ? { status: 'pass', expected: web.serviceUrl, found: probe.detail }
            : {
                status: 'fail',
                expected: `${web.serviceUrl} answering`,
                found: probe.detail,
                remedy: `Compare ${web.configFile} with the copy the run kept, and read the web server’s event log.`,
              };
        },
      });
    }
  }
  return list;
}

export const recoverOrchestratorDatabaseFlow: FlowDefinition<Answers> = {
  id: 'recover-orchestrator-database',
  title: 'Recover the Orchestrator database',
  scenario: 'The Orchestrator database or its SQL Server is lost.',
  summary:
    'Restores the service master key where needed and the database, then points the management server, every runbook server and the web components at it.',
  source: 'Orchestrator: "Recover a database", Restore the database',
  answers: recoverOrchestratorDatabasePages.answers,
  secretFields: recoverOrchestratorDatabasePages.secretFields,
  planSecrets: signInSecrets,

  completionNote: (answers) =>
    `Open the Runbook Designer and check that runbooks and their settings read correctly. If ${answers.database} moved to another server, record it in the site manifest and back it up with "Back up Orchestrator", key included.`,

  unavailableReason: (manifest) => {
    if (!orchestratorDatabase(manifest)) return 'The manifest lists no Orchestrator database.';
    return managementServer(manifest) ? null : 'The manifest names no Orchestrator management server.';
  },

  pages: recoverOrchestratorDatabasePages.pages,
  lookups,

  defaults: async (ctx) => {
    const database = orchestratorDatabase(ctx.manifest);
    const name = database?.name ?? 'Orchestrator';
    const kit = ctx.manifest.recoveryKitPath;
    const last = lastBackup(ctx);
    return {
      ...sqlConnectionDefaults(database ? sqlServerDisplayName(database) : ''),
      database: name,
      backupFile: String(
        last.backupFile ?? (kit ? joinWindowsPath(kit, KIT_DATABASE_FOLDER, kitBackupFile(name)) : ''),
      ),
      keySituation: 'same-server',
      keyFile: String(last.keyFile ?? ''),
      useRemembered: false,
      keyPassword: '',
      consultedDba: false,
      force: false,
      forceAccepted: false,
      runbookServersAtOnce: '10',
      updateWebComponents: webComponentServers(ctx.manifest).length > 0,
    };
  },

  summarize: (answers, manifest) => [
    { label: 'Restore onto', value: `${answers.database} on ${answers.sqlServer}` },
    { label: 'Sign in as', value: describeAuthentication(answers) },
    { label: 'Backup', value: answers.backupFile },
    {
      label: 'Service master key',
      value:
        answers.keySituation === 'restore-key'
          ? `restored from ${answers.keyFile ?? ''}${answers.force ? ' with FORCE' : ''}, password ${answers.useRemembered ? 'from the OS keychain' : 'typed (hidden)'}`
          : 'unchanged (same server, same key)',
    },
    { label: 'Management server', value: managementServer(manifest)?.netbiosName ?? '(none)' },
    {
      label: 'Runbook servers',
      value: `${runbookServers(manifest).length}, ${answers.runbookServersAtOnce} at once`,
    },
    {
      label: 'Web components',
      value: answers.updateWebComponents
        ? webComponentServers(manifest)
            .map((server) => server.netbiosName)
            .join(', ') || '(none)'
        : 'not updated in this run',
    },
  ],

  checks,

  steps: async (answers, ctx) => {
    const facts = await readingAnswer('sqlServer', () => readServerFacts(ctx, answers));
    const states = await readingAnswer('sqlServer', () => readDatabaseStates(ctx, answers));
    const existing = findDatabaseState(states, answers.database);
    const webComponents = [];
    if (answers.updateWebComponents) {
      for (const server of webComponentServers(ctx.manifest)) {
        const web = await findWebComponents(ctx, server);
        if (web) webComponents.push({ server, web });
      }
    }
    return recoverySteps(answers, ctx, {
      facts,
      existing,
      management: requireManagementServer(ctx.manifest),
      runbookServers: runbookServers(ctx.manifest),
      webComponents,
    });
  },

  verify,
};
