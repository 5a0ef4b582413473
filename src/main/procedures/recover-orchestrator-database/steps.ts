import type { ManifestServer } from '../../../shared/manifest';
import type { PlannedCommand } from '../../../shared/run-contract';
import { describeError, OperatorError } from '../../engine/errors';
import type { FlowContext, StepDefinition } from '../../engine/flow-types';
import { describePowerShell, describeSql, psCalls } from '../../knowledge/commands';
import { ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS, ORCHESTRATOR_SERVICES } from '../../knowledge/orchestrator/facts';
import {
  isConnectionStringsEncrypted,
  readWebApiDatabase,
  setOrchestratorContext,
  setWebApiDatabase,
} from '../../knowledge/orchestrator/web-config';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath, windowsBaseName, windowsParentFolder } from '../../knowledge/windows/paths';
import { HostError, SqlError } from '../../knowledge/failures';
import type { OrchestratorWebComponents, StepIo } from '../../host/types';
import { backupBeforeStep } from '../common/backup-before-step';
import { offlineBeforeRestoreStep } from '../common/offline-before-restore-step';
import { movesOf, placeFiles } from '../common/file-placement';
import { readBackupFiles } from '../common/backup-files';
import type { DatabaseState } from '../common/database-states';
import { dataStoreEntries, dataStoreGuidance, keyPassword, sameComputer, type Answers } from './site';
import { restoredByRun, runAgeMilliseconds } from '../common/run-evidence';
import { fileStamp, signInSecrets, targetOf, type ServerFacts } from '../common/sql-connection';
import { readingAnswer } from '../common/answer-reads';

/**
 * The run of "Recover the Orchestrator database", in the order of Orchestrator's "Recover a database": the service master
 * key where it changed, the database, DBSetup and the Management Service on the management
 * server, then every runbook server side by side, then the web components DBSetup leaves alone.
 */

const RUNBOOK_GROUP = 'runbook-servers';

function restartCommands(computer: string, displayName: string): PlannedCommand[] {
  return [
    describePowerShell(psCalls.stopService(computer, displayName, ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS)),
    describePowerShell(psCalls.startService(computer, displayName, ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS)),
  ];
}

async function restartService(ctx: FlowContext, computer: string, displayName: string, io: StepIo) {
  io.progress(undefined, `Restarting ${displayName} on ${computer}…`);
  await ctx.host.services.stop(computer, displayName, ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS, io);
  await ctx.host.services.start(computer, displayName, ORCHESTRATOR_SERVICE_TIMEOUT_SECONDS, io);
}

function dataStoreCommand(ctx: FlowContext, answers: Answers, server: ManifestServer): PlannedCommand {
  const entries = dataStoreEntries(answers, server);
  return {
    kind: 'program',
    computer: server.netbiosName,
    commandLine: ctx.host.orchestrator.describeDataStoreConfiguration(server.netbiosName, entries.toolPath),
    guidance: dataStoreGuidance(entries),
  };
}

async function configureDataStore(ctx: FlowContext, answers: Answers, server: ManifestServer, io: StepIo) {
  const entries = dataStoreEntries(answers, server);
  io.progress(undefined, `DBSetup on ${server.netbiosName}: waiting until it is closed…`);
  for (const line of dataStoreGuidance(entries)) io.output(line);
  const { exitCode } = await ctx.host.orchestrator.configureDataStore(server.netbiosName, entries, io);
  if (exitCode !== 0) {
    throw new OperatorError(
      `DBSetup on ${server.netbiosName} ended with exit code ${exitCode}; its data store may be unchanged. Run it again.`,
    );
  }
  // DBSetup says nothing about what was saved: the checks afterwards look for the server's sessions.
  io.output(
    `DBSetup on ${server.netbiosName} was closed; the checks afterwards show whether it connects to ${entries.database}.`,
  );
}

/**
 * DBSetup where the host can open it; where it cannot (another computer, on a real site), the
 * step fails saying what to enter there, and its Retry is the operator's word that it was done.
 */
function dataStoreOrHandOver(answers: Answers, server: ManifestServer) {
  let handedOver = false;
  return async (ctx: FlowContext, io: StepIo) => {
    if (handedOver) {
      io.output(`DBSetup on ${server.netbiosName} was left to you; going on as you chose Retry.`);
      return;
    }
    try {
      await configureDataStore(ctx, answers, server, io);
    } catch (error) {
      if (error instanceof HostError && error.code === 'unsupported') handedOver = true;
      throw error;
    }
  };
}

function masterKeyStep(answers: Answers): StepDefinition[] {
  if (answers.keySituation !== 'restore-key') return [];
  const keyFile = (answers.keyFile ?? '').trim();
  const force = answers.force === true;
  // The plan shows the statement with the password masked; the run builds it with the password.
  const shown = sqlStatements.restoreServiceMasterKey(keyFile, '', force);
  return [
    {
      id: 'restore-service-master-key',
      title: `Restore the service master key of ${answers.sqlServer} from ${keyFile}${force ? ' (FORCE)' : ''}`,
      commands: [describeSql(targetOf(answers), shown)],
      usesSecrets: answers.useRemembered === true ? signInSecrets(answers) : [...signInSecrets(answers), 'keyPassword'],
      ...(force
        ? {
            destructive: {
              warning: `FORCE replaces the service master key of ${answers.sqlServer} even where data protected by the current key cannot be decrypted: that data is lost, in every database of this server.`,
              confirmWord: 'FORCE',
            },
          }
        : {}),
      // Replacing the key sets its modify_date; restoring the key the server already holds
      // changes nothing, so running that again is harmless.
      isDone: async (c) => {
        const statement = sqlStatements.serviceMasterKeyChangedSince(runAgeMilliseconds(c));
        return Number((await c.host.sql.execute(targetOf(answers), statement)).rows[0]?.changed) === 1;
      },
      run: async (c, io) => {
        const statement = sqlStatements.restoreServiceMasterKey(keyFile, await keyPassword(c, answers), force);
        let result;
        try {
          result = await c.host.sql.execute(targetOf(answers), statement, io);
        } catch (error) {
          // 15329: the current key cannot decrypt what it protects; only FORCE goes on, and it loses that data.
          if (error instanceof SqlError && error.number === 15329 && !force) {
            throw new OperatorError(
              `${error.message} Nothing was changed. To replace the key anyway, consult the DBA, abandon this run and start again with "Use FORCE" ticked: data only the current key can decrypt is lost, in every database on ${answers.sqlServer}.`,
              error.details,
            );
          }
          throw error;
        }
        for (const message of result.messages) io.output(message);
        io.output(`${answers.sqlServer} now holds the service master key of ${keyFile}.`);
      },
    },
  ];
}

const RESTORE_STEP = 'restore-database';

async function databaseSteps(
  answers: Answers,
  ctx: FlowContext,
  facts: ServerFacts,
  existing: DatabaseState | undefined,
): Promise<StepDefinition[]> {
  const database = answers.database.trim();
  const backupFile = answers.backupFile.trim();
  const files = await readingAnswer('backupFile', () => readBackupFiles(ctx, answers, backupFile));
  const placements = await placeFiles(ctx, answers, files, {
    dataFolder: facts.defaultDataPath,
    logFolder: facts.defaultLogPath,
  });
  const restore = sqlStatements.restoreDatabase(database, backupFile, {
    replace: existing !== undefined,
    moves: movesOf(placements),
  });
  const steps: StepDefinition[] = [];
  if (existing?.state === 'ONLINE') {
    steps.push(
      backupBeforeStep(ctx, answers, { id: 'safety-backup', database, before: 'restore', preparesFor: RESTORE_STEP }),
      offlineBeforeRestoreStep(answers, { id: 'database-offline', database, preparesFor: RESTORE_STEP }),
    );
  }
  steps.push({
    id: RESTORE_STEP,
    title: `Restore ${database} from ${backupFile}`,
    commands: [describeSql(targetOf(answers), restore)],
    usesSecrets: signInSecrets(answers),
    ...(existing
      ? {
          destructive: {
            warning: `${database} exists on ${answers.sqlServer} (${existing.state}). Restoring replaces it: runbooks, logs and settings it holds that are not in the backup are lost.`,
            confirmWord: database,
          },
        }
      : {}),
    isDone: (c) => restoredByRun(c, answers, database, backupFile),
    run: (c, io) => c.host.sql.execute(targetOf(answers), restore, io).then(() => undefined),
  });
  return steps;
}

function managementServerSteps(answers: Answers, ctx: FlowContext, management: ManifestServer): StepDefinition[] {
  const name = management.netbiosName;
  const service = ORCHESTRATOR_SERVICES.management.displayName;
  const dataStore = dataStoreOrHandOver(answers, management);
  return [
    {
      id: 'management-server-data-store',
      title: `Data Store Configuration (DBSetup) on the management server ${name}`,
      commands: [dataStoreCommand(ctx, answers, management)],
      isDone: async () => false,
      run: dataStore,
    },
    {
      id: 'restart-management-service',
      title: `Restart the ${service} on ${name}`,
      commands: restartCommands(name, service),
      isDone: async () => false,
      run: (c, io) => restartService(c, name, service, io),
    },
  ];
}

/** One step per runbook server, all in one parallel block: an unreachable one fails alone. */
function runbookServerSteps(
  answers: Answers,
  ctx: FlowContext,
  servers: readonly ManifestServer[],
  management: ManifestServer,
): StepDefinition[] {
  const service = ORCHESTRATOR_SERVICES.runbook.displayName;
  const limit = Number(answers.runbookServersAtOnce);
  return servers.map((server): StepDefinition => {
    const name = server.netbiosName;
    const onManagement = sameComputer(server, management);
    const dataStore = dataStoreOrHandOver(answers, server);
    return {
      id: `runbook-server-${name.toLowerCase()}`,
      title: onManagement
        ? `${name}: restart the ${service} (its data store is the management server’s)`
        : `${name}: Data Store Configuration, then restart the ${service}`,
      commands: [...(onManagement ? [] : [dataStoreCommand(ctx, answers, server)]), ...restartCommands(name, service)],
      continueOnFailure: true,
      parallel: { group: RUNBOOK_GROUP, limit },
      isDone: async () => false,
      run: async (c, io) => {
        if (!onManagement) await dataStore(c, io);
        await restartService(c, name, service, io);
        io.output(`${service} on ${name} is running again.`);
      },
    };
  });
}

function webConfigChanges(answers: Answers, web: OrchestratorWebComponents): string {
  return web.kind === 'web-service'
    ? `OrchestratorContext Data Source = ${answers.sqlServer.trim()}, Initial Catalog = ${answers.database.trim()}`
    : `Database__Address = ${answers.sqlServer.trim()}, Database__Database = ${answers.database.trim()}, Database__Trusted_Connection as the file has it (true where it is missing)`;
}

/** The Web API signs in to SQL Server as its application pool unless the file says otherwise. */
function trustedConnection(text: string): boolean {
  const current = readWebApiDatabase(text).trustedConnection;
  return current === undefined || !/^\s*(false|no)\s*$/i.test(current);
}

function editedConfig(answers: Answers, web: OrchestratorWebComponents, text: string, io: StepIo): string {
  const server = answers.sqlServer.trim();
  const database = answers.database.trim();
  if (web.kind === 'web-service') {
    const edit = setOrchestratorContext(text, { dataSource: server, initialCatalog: database });
    io.output(
      `OrchestratorContext: Data Source ${edit.before.dataSource ?? '(none)'} → ${server}, Initial Catalog ${edit.before.initialCatalog ?? '(none)'} → ${database}.`,
    );
    return edit.text;
  }
  const edit = setWebApiDatabase(text, { address: server, database, trustedConnection: trustedConnection(text) });
  io.output(
    `Database__Address ${edit.before.address ?? '(none)'} → ${edit.after.address ?? ''}, Database__Database ${edit.before.database ?? '(none)'} → ${edit.after.database ?? ''}, Database__Trusted_Connection ${edit.before.trustedConnection ?? '(none)'} → ${edit.after.trustedConnection ?? ''}.`,
  );
  return edit.text;
}

async function updateWebConfig(
  ctx: FlowContext,
  answers: Answers,
  computer: string,
  web: OrchestratorWebComponents,
  copyPath: string,
  io: StepIo,
) {
  const orchestrator = ctx.host.orchestrator;
  // A retried or resumed step keeps the copy its first attempt made: that one is the file as it was.
  if (await ctx.host.files.exists(computer, copyPath)) {
    io.output(`${copyPath} is kept from an earlier attempt; it stays the copy of the original.`);
  } else {
    await orchestrator.copyConfig(computer, web.configFile, copyPath, io);
    io.output(`Kept a copy of ${web.configFile} as ${copyPath}.`);
  }
  // Whether to encrypt again is the original's state, not the file's now: an attempt that died
  // between -pdf and -pef left it readable.
  const protect = isConnectionStringsEncrypted(await orchestrator.readConfig(computer, copyPath));
  if (protect) await orchestrator.protectConnectionStrings(computer, web.folder, 'decrypt', io);
  let failure: unknown;
  try {
    const text = await orchestrator.readConfig(computer, web.configFile);
    const edited = editedConfig(answers, web, text, io);
    if (edited === text) io.output(`${web.configFile} already names ${answers.database} on ${answers.sqlServer}.`);
    else await orchestrator.writeConfig(computer, web.configFile, edited, io);
  } catch (error) {
    failure = error;
  }
  // Never leave the connection strings readable, whatever happened to the edit.
  if (protect) {
    try {
      await orchestrator.protectConnectionStrings(computer, web.folder, 'encrypt', io);
    } catch (error) {
      const edit = failure === undefined ? '' : ` The edit had failed as well: ${describeError(failure).message}`;
      throw new OperatorError(
        `The connectionStrings section of ${web.configFile} could not be encrypted again and is readable now: ${describeError(error).message}.${edit} Retry encrypts it.`,
      );
    }
  }
  if (failure !== undefined) throw failure;
}

/** Beside the web folder, not in it: IIS serves that folder, and the copy holds the connection string. */
function configCopyPath(web: OrchestratorWebComponents): string {
  const day = fileStamp().slice(0, 8);
  return joinWindowsPath(
    windowsParentFolder(web.folder),
    `${windowsBaseName(web.folder).replace(/\s+/g, '')}-web.config.before-recovery-${day}`,
  );
}

function webComponentSteps(answers: Answers, server: ManifestServer, web: OrchestratorWebComponents): StepDefinition[] {
  const name = server.netbiosName;
  const copyPath = configCopyPath(web);
  const changes = webConfigChanges(answers, web);
  const protection =
    web.kind === 'web-service'
      ? (action: 'decrypt' | 'encrypt') => [
          describePowerShell(psCalls.protectConnectionStrings(name, web.folder, action)),
        ]
      : () => [];
  return [
    {
      id: `web-config-${name.toLowerCase()}`,
      title: `${name}: point the ${web.kind === 'web-service' ? 'web service' : 'Web API'} (${web.productVersion}) at ${answers.database} on ${answers.sqlServer}`,
      commands: [
        describePowerShell(psCalls.copyConfigFile(name, web.configFile, copyPath)),
        ...protection('decrypt'),
        describePowerShell(psCalls.writeConfigFile(name, web.configFile, '', changes)),
        ...protection('encrypt'),
      ],
      isDone: async () => false,
      run: (c, io) => updateWebConfig(c, answers, name, web, copyPath, io),
    },
    {
      id: `web-recycle-${name.toLowerCase()}`,
      title: `${name}: recycle the application pool ${web.appPool}`,
      commands: [describePowerShell(psCalls.recycleAppPool(name, web.appPool))],
      isDone: async () => false,
      run: async (c, io) => {
        await c.host.orchestrator.recycleAppPool(name, web.appPool, io);
        io.output(`${web.appPool} recycled: the service reads its new settings on the next request.`);
      },
    },
  ];
}

export interface RecoveryPlanInput {
  facts: ServerFacts;
  existing: DatabaseState | undefined;
  management: ManifestServer;
  runbookServers: readonly ManifestServer[];
  webComponents: readonly { server: ManifestServer; web: OrchestratorWebComponents }[];
}

export async function recoverySteps(answers: Answers, ctx: FlowContext, input: RecoveryPlanInput) {
  return [
    ...masterKeyStep(answers),
    ...(await databaseSteps(answers, ctx, input.facts, input.existing)),
    ...managementServerSteps(answers, ctx, input.management),
    ...runbookServerSteps(answers, ctx, input.runbookServers, input.management),
    ...input.webComponents.flatMap(({ server, web }) => webComponentSteps(answers, server, web)),
  ];
}
