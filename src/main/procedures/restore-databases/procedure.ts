import { createHash } from 'node:crypto';
import {
  databaseFields,
  originalInstances,
  restoreDatabasesPages,
  type OriginalInstance,
} from '../../../shared/procedures/restore-databases';
import type { CheckResult } from '../../../shared/run-contract';
import { describeError, OperatorError } from '../../engine/errors';
import type {
  CheckDefinition,
  CheckOutcome,
  FlowContext,
  FlowDefinition,
  StepDefinition,
} from '../../engine/flow-types';
import { describePowerShell, describeSql, psCalls } from '../../knowledge/commands';
import { KIT_DATABASE_FOLDER, kitBackupFile, kitPermissionsScript } from '../../knowledge/recovery-kit/layout';
import { SERVICE_TIMEOUT_SECONDS } from '../../knowledge/service-manager/facts';
import { splitSqlBatches, type SqlBatch } from '../../knowledge/sql/batch-splitter';
import { sqlAgentDisplayName, sqlServiceDisplayName } from '../../knowledge/sql/server-facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import type { StepIo } from '../../host/types';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { backupBeforeStep } from '../common/backup-before-step';
import { offlineBeforeRestoreStep } from '../common/offline-before-restore-step';
import { readOnce } from '../common/read-once';
import { restoredByRun, runOf } from '../common/run-evidence';
import {
  answersAsOriginal,
  connectLookup,
  serverChecks,
  expectedServerName,
  identityChecks,
  onlyServerNameStale,
  originalInstance,
  selectedDatabases,
  type Answers,
  type SelectedDatabase,
} from '../common/original-instance';
import { backupContentCheck, readBackupFiles } from '../common/backup-files';
import {
  bytesByDrive,
  freeSpaceByDrive,
  moveFolders,
  movesOf,
  placeFiles,
  type FilePlacement,
} from '../common/file-placement';
import { checkOutcome } from '../../engine/flow-types';
import { findDatabaseState, readDatabaseStates, type DatabaseState } from '../common/database-states';
import { kitFileOutcome } from '../common/kit-files';
import {
  describeAuthentication,
  readServerFacts,
  targetOf,
  type ServerFacts,
  signInSecrets,
  sqlConnectionDefaults,
} from '../common/sql-connection';
import { readingAnswer } from '../common/answer-reads';
import { gigabytes } from '../common/byte-sizes';

/**
 * "Implement Service Manager disaster recovery" ("Restore a database") and "Disaster Recovery Scenarios
 * Overview": the database server is rebuilt under the same
 * computer name with the same SQL Server instance name, each database is restored from its full
 * backup, and the permissions script made at preparation runs against it. The checks refuse a
 * server that is not the original by name, and a backup that does not match the kit or does not
 * verify, before anything is touched.
 */

const MAX_SCRIPT_BYTES = 32 * 1024 * 1024;

async function scriptOutcome(ctx: FlowContext, database: SelectedDatabase): Promise<CheckOutcome> {
  const file = await kitFileOutcome(ctx, database.scriptPath);
  if (file.status === 'fail') return file;
  try {
    const batches = splitSqlBatches(await readScriptText(ctx, database.scriptPath));
    return { ...file, found: `${file.found ?? ''}; ${batches.length} batches` };
  } catch (error) {
    return {
      status: 'fail',
      found: describeError(error).message,
      remedy: 'The script is cut off or malformed; take it from an intact copy of the kit.',
    };
  }
}

async function placementsOf(ctx: FlowContext, answers: Answers, facts: ServerFacts, database: SelectedDatabase) {
  const files = await readBackupFiles(ctx, answers, database.backupPath);
  return placeFiles(ctx, answers, files, moveFolders(answers, facts));
}

function placementFound(placements: FilePlacement[]): string {
  return placements
    .map((placement) =>
      placement.moved
        ? `${placement.file.logicalName}: MOVE to ${placement.target} (${placement.file.physicalName} has no folder here)`
        : `${placement.file.logicalName}: ${placement.target}`,
    )
    .join('; ');
}

function spaceOutcome(needed: Map<string, number>, free: Map<string, number>, replacing: boolean) {
  const short = [...needed].filter(([drive, bytes]) => (free.get(drive) ?? 0) < bytes);
  const found = [...needed.keys()].map((drive) => `${drive}: ${gigabytes(free.get(drive) ?? 0)} free`).join('; ');
  const expected = [...needed].map(([drive, bytes]) => `${drive}: ${gigabytes(bytes)}`).join('; ');
  if (short.length === 0) return { status: 'pass' as const, expected, found };
  return {
    status: replacing ? ('warn' as const) : ('fail' as const),
    expected,
    found,
    remedy: replacing
      ? 'The databases being replaced free their own files first, so this may still fit; make room if you can.'
      : 'Free space on those drives, or choose folders on a larger drive on the Restore options page.',
  };
}

/** Everything the Summary reads from the SQL Server and the kit, read once. */
function summaryReads(answers: Answers, ctx: FlowContext) {
  const databases = selectedDatabases(answers, ctx.manifest);
  const facts = readOnce(() => readServerFacts(ctx, answers));
  const states = readOnce(() => readDatabaseStates(ctx, answers));
  const placements = new Map(
    databases.map((database) => [
      database.role,
      readOnce(async () => placementsOf(ctx, answers, await facts(), database)),
    ]),
  );
  return { databases, facts, states, placements };
}

function checks(answers: Answers, ctx: FlowContext): CheckDefinition[] {
  const original = originalInstance(answers, ctx.manifest);
  const reads = summaryReads(answers, ctx);
  const perDatabase = reads.databases.flatMap((database): CheckDefinition[] => [
    {
      id: `backup-file-${database.role}`,
      title: `${database.name}: backup file matches the kit`,
      run: (c) => kitFileOutcome(c, database.backupPath),
    },
    {
      id: `backup-content-${database.role}`,
      title: `${database.name}: RESTORE VERIFYONLY and HEADERONLY`,
      run: (c) => backupContentCheck(c, answers, database),
    },
    {
      id: `script-${database.role}`,
      title: `${database.name}: permissions script`,
      run: (c) => scriptOutcome(c, database),
    },
    {
      id: `placement-${database.role}`,
      title: `${database.name}: where its files go (RESTORE FILELISTONLY)`,
      run: async () => {
        const placements = await (reads.placements.get(database.role) ?? (async () => []))();
        const moved = placements.some((placement) => placement.moved);
        return {
          status: moved ? 'warn' : 'pass',
          expected: 'the original file paths, or MOVE where their folder is missing',
          found: placementFound(placements),
          ...(moved ? { remedy: 'Change the folders on the Restore options page if these are not right.' } : {}),
        };
      },
    },
    {
      id: `existing-${database.role}`,
      title: `${database.name}: already on the server?`,
      run: async () => {
        const state = findDatabaseState(await reads.states(), database.name);
        if (!state) return { status: 'pass', expected: 'absent, or replaced after confirmation', found: 'absent' };
        if (answers.existingBackup === 'tail-log' && state.state === 'ONLINE' && state.recoveryModel !== 'FULL') {
          return {
            status: 'fail',
            expected: 'the FULL recovery model, for a tail-log backup',
            found: `${state.state}, ${state.recoveryModel} recovery`,
            remedy: 'Choose a copy-only backup on the Restore options page.',
          };
        }
        return {
          status: 'warn',
          expected: 'absent, or replaced after confirmation',
          found: `${state.state}, ${state.recoveryModel} recovery`,
          remedy: `It will be replaced: type ${database.name} on the plan to confirm. ${safetyBackupNote(answers, state)}`,
        };
      },
    },
  ]);
  return [
    ...(answers.fixServerName && ctx.run?.resumed ? [sqlServiceCheck(original)] : []),
    ...serverChecks(answers, original, reads.facts),
    {
      id: 'clr',
      title: 'CLR integration is enabled',
      run: async () => {
        const facts = await reads.facts();
        return facts.clrEnabled
          ? { status: 'pass', expected: "'clr enabled' = 1", found: '1' }
          : {
              // Nothing to decide: the plan's first steps turn it on, as Service Manager's databases need.
              status: 'pass',
              expected: "'clr enabled' = 1",
              found: '0 now: the plan enables it (step "Enable CLR integration") before any restore',
            };
      },
    },
    ...perDatabase,
    {
      id: 'disk-space',
      title: 'Free space for the restored files (xp_fixeddrives)',
      run: async () => {
        const placements: FilePlacement[] = [];
        for (const read of reads.placements.values()) placements.push(...(await read()));
        const states = await reads.states();
        const replacing = reads.databases.some((database) => findDatabaseState(states, database.name));
        return spaceOutcome(bytesByDrive(placements), await freeSpaceByDrive(ctx, answers), replacing);
      },
    },
  ];
}

function safetyBackupNote(answers: Answers, state: DatabaseState): string {
  if (state.state !== 'ONLINE') return 'It is not online, so no backup of it can be taken first.';
  if (answers.existingBackup === 'copy-only') return 'A copy-only backup of it is taken first.';
  if (answers.existingBackup === 'tail-log') return 'The tail of its log is backed up first.';
  return 'No backup of it is taken first.';
}

const lookups: NonNullable<FlowDefinition['lookups']> = {
  connect: connectLookup,
  existing: async (raw, ctx) => {
    const answers = restoreDatabasesPages.answers.parse(raw);
    const states = await readDatabaseStates(ctx, answers);
    const checks = selectedDatabases(answers, ctx.manifest).map((database): CheckResult => {
      const state = findDatabaseState(states, database.name);
      return {
        id: `existing-${database.role}`,
        title: database.name,
        status: state ? 'warn' : 'pass',
        found: state ? `exists, ${state.state}: it will be replaced after a typed confirmation` : 'not on the server',
      };
    });
    const replaced = checks.filter((check) => check.status === 'warn').length;
    return {
      ok: true,
      message:
        replaced > 0
          ? `${replaced} of these databases already exist on ${answers.sqlServer}. Restoring replaces them.`
          : `None of these databases exist on ${answers.sqlServer} yet.`,
      checks,
    };
  },
  placement: async (raw, ctx) => {
    const answers = restoreDatabasesPages.answers.parse(raw);
    const facts = await readServerFacts(ctx, answers);
    const checks: CheckResult[] = [];
    for (const database of selectedDatabases(answers, ctx.manifest)) {
      const placements = await placementsOf(ctx, answers, facts, database);
      checks.push({
        id: `placement-${database.role}`,
        title: database.name,
        status: placements.some((placement) => placement.moved) ? 'warn' : 'pass',
        found: placementFound(placements),
      });
    }
    const moved = checks.filter((check) => check.status === 'warn').length;
    return {
      ok: true,
      message:
        moved > 0
          ? `${moved} database${moved === 1 ? '' : 's'} cannot go back to the original folders; MOVE targets are proposed below.`
          : 'Every file goes back to its original path.',
      checks,
    };
  },
};

/**
 * Fixing @@SERVERNAME restarts the SQL Server service, so a resumed run may find it stopped by the
 * restart the interruption cut short; nothing can be read from the server until it runs. Said
 * first, before the checks that would only find the server unreachable.
 */
function sqlServiceCheck(original: OriginalInstance): CheckDefinition {
  const service = sqlServiceDisplayName(original.instance);
  const agent = sqlAgentDisplayName(original.instance);
  return {
    id: 'sql-service-running',
    title: `${service} runs on ${original.computer}`,
    run: async (ctx) => {
      const found = (await ctx.host.services.find(original.computer, service))?.status ?? 'not installed';
      return found === 'Running'
        ? { status: 'pass', expected: 'Running', found }
        : {
            status: 'fail',
            expected: 'Running',
            found,
            remedy: `This run restarts it to fix @@SERVERNAME and was interrupted while it did. Start ${service} and ${agent} on ${original.computer} (services.msc), or restart ${original.computer}, then select Check again.`,
          };
    },
  };
}

/** Whether SQL Server reports the service (by display name) as starting with Windows. */
async function startsWithWindows(ctx: FlowContext, answers: Answers, displayName: string): Promise<boolean> {
  const { rows } = await ctx.host.sql.execute(targetOf(answers), sqlStatements.serverServices());
  const service = rows.find((row) => String(row.serviceName ?? '').toLowerCase() === displayName.toLowerCase());
  return String(service?.startupType ?? '') === 'Automatic';
}

/**
 * sp_dropserver/sp_addserver and the restart of the SQL Server service, where only @@SERVERNAME is
 * stale. A resumed run plans them once the name is right too: a restart the crash cut short may
 * still owe its Agent a start, and each step reads from the server whether it is done.
 */
function serverNameSteps(
  answers: Answers,
  original: ReturnType<typeof originalInstance>,
  facts: ServerFacts,
  resumed: boolean,
) {
  if (!answers.fixServerName) return [];
  if (!onlyServerNameStale(facts, original) && !(resumed && answersAsOriginal(facts, original))) return [];
  const expected = expectedServerName(original);
  const computer = original.computer;
  const sqlService = sqlServiceDisplayName(original.instance);
  const agent = sqlAgentDisplayName(original.instance);
  const rename = sqlStatements.renameServer(facts.serverName, expected);
  const steps: StepDefinition[] = [
    {
      id: 'rename-server',
      title: `Rename the server in SQL Server: ${facts.serverName} → ${expected}`,
      commands: [describeSql(targetOf(answers), rename)],
      usesSecrets: signInSecrets(answers),
      isDone: async (c) => {
        const row = (await c.host.sql.execute(targetOf(answers), sqlStatements.localServerName())).rows[0];
        return String(row?.name ?? '').toUpperCase() === expected.toUpperCase();
      },
      run: async (c, io) => {
        await c.host.sql.execute(targetOf(answers), rename, io);
        io.output(`sys.servers now names the local server ${expected}; @@SERVERNAME follows after the restart.`);
      },
    },
    {
      id: 'restart-sql-server',
      title: `Restart ${sqlService} so @@SERVERNAME reads ${expected}`,
      commands: [
        describePowerShell(psCalls.stopService(computer, agent, SERVICE_TIMEOUT_SECONDS)),
        describePowerShell(psCalls.stopService(computer, sqlService, SERVICE_TIMEOUT_SECONDS)),
        describePowerShell(psCalls.startService(computer, sqlService, SERVICE_TIMEOUT_SECONDS)),
        describePowerShell(psCalls.startService(computer, agent, SERVICE_TIMEOUT_SECONDS)),
      ],
      usesSecrets: signInSecrets(answers),
      // Restarted, and its Agent running again unless it is not meant to start with Windows.
      isDone: async (c) => {
        if ((await readServerFacts(c, answers)).serverName.toUpperCase() !== expected.toUpperCase()) return false;
        if ((await c.host.services.find(computer, agent))?.status !== 'Stopped') return true;
        return !(await startsWithWindows(c, answers, agent));
      },
      run: async (c, io) => {
        const agentService = await c.host.services.find(computer, agent);
        const agentWasRunning = agentService?.status === 'Running';
        if (agentWasRunning) await c.host.services.stop(computer, agent, SERVICE_TIMEOUT_SECONDS, io);
        await c.host.services.stop(computer, sqlService, SERVICE_TIMEOUT_SECONDS, io);
        await c.host.services.start(computer, sqlService, SERVICE_TIMEOUT_SECONDS, io);
        // An attempt cut short after stopping the Agent leaves it stopped: its startup type says it runs.
        if (agentWasRunning || (await startsWithWindows(c, answers, agent))) {
          await c.host.services.start(computer, agent, SERVICE_TIMEOUT_SECONDS, io);
        }
        const now = (await readServerFacts(c, answers)).serverName;
        if (now.toUpperCase() !== expected.toUpperCase()) {
          throw new OperatorError(`After the restart @@SERVERNAME still reads ${now}, not ${expected}.`);
        }
        io.output(`@@SERVERNAME is ${now}.`);
      },
    },
  ];
  return steps;
}

const restoreStepId = (database: SelectedDatabase) => `restore-${database.role}`;

/**
 * What happens to an online database before it is replaced: a backup unless the operator chose
 * none, then offline, which ends the services' sessions. A tail-log backup leaves it RESTORING
 * already, where no session can be.
 */
function beforeReplacingSteps(
  ctx: FlowContext,
  answers: Answers,
  database: SelectedDatabase,
  state: DatabaseState,
): StepDefinition[] {
  if (state.state !== 'ONLINE') return [];
  const tailLog = answers.existingBackup === 'tail-log';
  return [
    ...(answers.existingBackup === 'none'
      ? []
      : [
          backupBeforeStep(ctx, answers, {
            id: `safety-backup-${database.role}`,
            database: database.name,
            before: 'restore',
            preparesFor: restoreStepId(database),
            tailLog,
          }),
        ]),
    ...(tailLog
      ? []
      : [
          offlineBeforeRestoreStep(answers, {
            id: `offline-${database.role}`,
            database: database.name,
            preparesFor: restoreStepId(database),
          }),
        ]),
  ];
}

/** Where the permissions step records how far it got, in the database the script runs in. */
const PERMISSIONS_MARKER = 'System Center Recovery Wizard: permissions script';

/**
 * How far a kit script got, as its marker reads: "sha256=…; run=…; done=k/n". Each batch (each
 * round of a `GO n` batch) and the marker commit together, so k batches are in the database.
 */
function scriptProgress(sha256: string, runId: string, done: number, total: number): string {
  return `sha256=${sha256}; run=${runId}; done=${done}/${total}`;
}

async function batchesDone(ctx: FlowContext, answers: Answers, database: SelectedDatabase, script: KitScript) {
  const { rows } = await ctx.host.sql.execute(
    targetOf(answers, database.name),
    sqlStatements.scriptProgress(PERMISSIONS_MARKER),
  );
  const found = /^sha256=(\w+); run=(\S+); done=(\d+)\/(\d+)$/.exec(String(rows[0]?.progress ?? ''));
  // A marker of another script, or of another run (a backup taken after an earlier one), is not this run's progress.
  if (!found || found[1] !== script.sha256 || found[2] !== runOf(ctx).id || Number(found[4]) !== script.rounds) {
    return 0;
  }
  return Math.min(Number(found[3]), script.rounds);
}

interface KitScript {
  batches: SqlBatch[];
  sha256: string;
  /** Executions in all: a batch followed by `GO n` runs n times. */
  rounds: number;
}

async function runScript(
  ctx: FlowContext,
  answers: Answers,
  database: SelectedDatabase,
  script: KitScript,
  io: StepIo,
) {
  const target = targetOf(answers, database.name);
  const { batches, rounds } = script;
  const before = await batchesDone(ctx, answers, database, script);
  if (before > 0) io.output(`${before} of ${rounds} batches ran before the interruption; going on from there.`);
  let done = 0;
  for (const [index, batch] of batches.entries()) {
    for (let round = 0; round < batch.repeat; round += 1) {
      done += 1;
      if (done <= before) continue;
      const progress = scriptProgress(script.sha256, runOf(ctx).id, done, rounds);
      try {
        await ctx.host.sql.execute(
          target,
          sqlStatements.recordedScriptBatch(batch.text, PERMISSIONS_MARKER, progress),
          io,
        );
      } catch (error) {
        throw new OperatorError(
          `Batch ${index + 1} of ${batches.length} (line ${batch.firstLine} of ${database.scriptPath}) failed: ${describeError(error).message}`,
          batch.text.slice(0, 2000),
        );
      }
    }
    io.progress((done / rounds) * 100, `Batch ${index + 1} of ${batches.length}`);
  }
  io.output(`Ran ${batches.length} batches of ${database.scriptPath} in ${database.name}.`);
}

async function databaseSteps(
  answers: Answers,
  ctx: FlowContext,
  facts: ServerFacts,
  states: DatabaseState[],
  database: SelectedDatabase,
): Promise<StepDefinition[]> {
  const state = findDatabaseState(states, database.name);
  const fields = databaseFields(answers.originalServer, database.role);
  const placements = await readingAnswer(fields.backup, () => placementsOf(ctx, answers, facts, database));
  const restore = sqlStatements.restoreDatabase(database.name, database.backupPath, {
    replace: state !== undefined,
    moves: movesOf(placements),
  });
  const scriptText = await readingAnswer(fields.script, () => readScriptText(ctx, database.scriptPath));
  const batches = splitSqlBatches(scriptText);
  const script: KitScript = {
    batches,
    sha256: createHash('sha256').update(scriptText, 'utf8').digest('hex'),
    rounds: batches.reduce((total, batch) => total + batch.repeat, 0),
  };
  const steps: StepDefinition[] = [
    ...(state ? beforeReplacingSteps(ctx, answers, database, state) : []),
    {
      id: restoreStepId(database),
      title: `Restore ${database.name} from ${database.backupPath}`,
      commands: [describeSql(targetOf(answers), restore)],
      usesSecrets: signInSecrets(answers),
      ...(state
        ? {
            destructive: {
              warning: `${database.name} exists on ${answers.sqlServer} (${state.state}). Restoring replaces it: whatever it holds now and is not in the backup is lost.`,
              confirmWord: database.name,
            },
          }
        : {}),
      isDone: (c) => restoredByRun(c, answers, database.name, database.backupPath),
      run: (c, io) => c.host.sql.execute(targetOf(answers), restore, io).then(() => undefined),
    },
    {
      id: `permissions-${database.role}`,
      title: `Run the permissions script of ${database.name} (${batches.length} batches)`,
      commands: [
        {
          kind: 'sql',
          server: answers.sqlServer,
          database: database.name,
          text: scriptText,
          params: [],
        },
      ],
      usesSecrets: signInSecrets(answers),
      isDone: async (c) => (await batchesDone(c, answers, database, script)) === script.rounds,
      run: (c, io) => runScript(c, answers, database, script, io),
    },
  ];
  if (answers.checkDatabase) {
    const check = sqlStatements.checkDatabase(database.name);
    steps.push({
      id: `checkdb-${database.role}`,
      title: `DBCC CHECKDB on ${database.name}`,
      commands: [describeSql(targetOf(answers), check)],
      usesSecrets: signInSecrets(answers),
      isDone: async () => false,
      run: async (c, io) => {
        io.progress(undefined, 'Reading every page of the database…');
        await c.host.sql.execute(targetOf(answers), check, io);
        io.output(`DBCC CHECKDB found no errors in ${database.name}.`);
      },
    });
  }
  return steps;
}

async function readScriptText(ctx: FlowContext, path: string): Promise<string> {
  const here = await ctx.host.system.computerName();
  return ctx.host.files.readText(here, path, MAX_SCRIPT_BYTES);
}

export const restoreDatabasesFlow: FlowDefinition<Answers> = {
  id: 'restore-databases',
  title: 'Restore Service Manager databases',
  scenario: 'A database server is lost.',
  summary:
    'On a rebuilt SQL Server with the same computer name and instance name: verify each backup against the kit, restore it, and run its permissions script.',
  source: 'Implement Service Manager disaster recovery: "Restore a database"; Disaster Recovery Scenarios Overview',
  answers: restoreDatabasesPages.answers,
  secretFields: restoreDatabasesPages.secretFields,
  planSecrets: signInSecrets,

  completionNote: () =>
    'Start the Service Manager services on the management servers (or restore them with their own flows), then check that the console connects. If a data warehouse database was restored, its jobs catch up from the ServiceManager database.',

  unavailableReason: (manifest) =>
    originalInstances(manifest).length === 0 ? 'The manifest lists no Service Manager databases.' : null,

  pages: restoreDatabasesPages.pages,
  lookups,

  defaults: async (ctx) => {
    const instances = originalInstances(ctx.manifest);
    const kit = ctx.manifest.recoveryKitPath;
    const values: Record<string, string | boolean> = {
      originalServer: instances[0]?.name ?? '',
      ...sqlConnectionDefaults(instances[0]?.name ?? ''),
      fixServerName: false,
      existingBackup: 'copy-only',
      dataFolder: '',
      logFolder: '',
      checkDatabase: false,
    };
    for (const original of instances) {
      for (const database of original.databases) {
        const fields = databaseFields(original.name, database.role);
        values[fields.include] = true;
        values[fields.backup] = kit ? joinWindowsPath(kit, KIT_DATABASE_FOLDER, kitBackupFile(database.name)) : '';
        values[fields.script] = kit
          ? joinWindowsPath(kit, KIT_DATABASE_FOLDER, kitPermissionsScript(database.name))
          : '';
      }
    }
    return values;
  },

  summarize: (answers, manifest) => [
    { label: 'Lost instance', value: answers.originalServer },
    { label: 'Restore onto', value: answers.sqlServer },
    { label: 'Sign in as', value: describeAuthentication(answers) },
    {
      label: 'Databases',
      value: selectedDatabases(answers, manifest)
        .map((database) => database.name)
        .join(', '),
    },
    {
      label: 'Before replacing an online database',
      value: { 'copy-only': 'copy-only backup', 'tail-log': 'tail-log backup', none: 'no backup' }[
        answers.existingBackup
      ],
    },
    { label: 'DBCC CHECKDB afterwards', value: answers.checkDatabase ? 'yes' : 'no' },
    {
      label: 'Where a file’s original folder is missing',
      value: `data files to ${answers.dataFolder || 'the instance’s default data folder'}, log files to ${
        answers.logFolder || 'the instance’s default log folder'
      }`,
    },
  ],

  checks,

  steps: async (answers, ctx) => {
    const original = originalInstance(answers, ctx.manifest);
    const facts = await readingAnswer('sqlServer', () => readServerFacts(ctx, answers));
    const states = await readingAnswer('sqlServer', () => readDatabaseStates(ctx, answers));
    const steps: StepDefinition[] = [...serverNameSteps(answers, original, facts, ctx.run?.resumed === true)];
    if (!facts.clrEnabled) {
      const enable = sqlStatements.enableClr();
      steps.push({
        id: 'enable-clr',
        title: 'Enable CLR integration (off on this server; Service Manager’s databases use CLR code)',
        commands: [describeSql(targetOf(answers), enable)],
        usesSecrets: signInSecrets(answers),
        isDone: async (c) => (await readServerFacts(c, answers)).clrEnabled,
        run: (c, io) => c.host.sql.execute(targetOf(answers), enable, io).then(() => undefined),
      });
    }
    for (const database of selectedDatabases(answers, ctx.manifest)) {
      steps.push(...(await databaseSteps(answers, ctx, facts, states, database)));
    }
    return steps;
  },

  verify: (answers, ctx) => {
    const original = originalInstance(answers, ctx.manifest);
    const online = selectedDatabases(answers, ctx.manifest).map((database): CheckDefinition => ({
      id: `online-${database.role}`,
      title: `${database.name} is ONLINE`,
      run: async (c) => {
        const row = (await c.host.sql.execute(targetOf(answers), sqlStatements.databaseState(database.name))).rows[0];
        const state = row ? String(row.state) : 'absent';
        return state === 'ONLINE'
          ? { status: 'pass', expected: 'ONLINE', found: state }
          : {
              status: 'fail',
              expected: 'ONLINE',
              found: state,
              remedy: 'Read the failed step’s message; a database left RESTORING needs its restore run again.',
            };
      },
    }));
    return [
      {
        id: 'server-identity',
        title: 'The server still answers as the original instance',
        run: async (c) => {
          const results = identityChecks(await readServerFacts(c, answers), original, false);
          const shown = results.find((result) => result.status !== 'pass') ?? results[results.length - 1];
          if (!shown) throw new Error('no identity checks');
          return checkOutcome(shown);
        },
      },
      ...online,
    ];
  },
};
