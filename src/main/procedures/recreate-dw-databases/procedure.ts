import type { SiteManifest } from '../../../shared/manifest';
import {
  dataWarehouseInstances,
  isRecreatedRole,
  recreateDwDatabasesPages,
  type RecreateDwDatabasesAnswers,
} from '../../../shared/procedures/recreate-dw-databases';
import type { OriginalInstance, SqlServerAnswers } from '../../../shared/procedures/restore-databases';
import type { CheckDefinition, FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import { describeSql } from '../../knowledge/commands';
import { sqlStatements } from '../../knowledge/sql/statements';
import { backupBeforeStep } from '../common/backup-before-step';
import { readOnce } from '../common/read-once';
import { connectLookup, originalInstance, serverChecks } from '../common/original-instance';
import { findDatabaseState, readDatabaseStates, type DatabaseState } from '../common/database-states';
import {
  describeAuthentication,
  readServerFacts,
  signInSecrets,
  sqlConnectionDefaults,
  targetOf,
} from '../common/sql-connection';
import { readingAnswer } from '../common/answer-reads';
import { backupDescription } from '../common/run-evidence';

/**
 * "Implement Service Manager disaster recovery" names this the last resort: when the data warehouse databases cannot be restored, new ones are
 * created and the data warehouse refills itself from the ServiceManager database, without the
 * history that only it held. The wizard's part is to back up what is left of the old databases
 * and drop them, so that the data warehouse's Setup can create new ones under the same names.
 */

type Answers = RecreateDwDatabasesAnswers;

const RECREATE_WORD = 'RECREATE';

/** The SQL Server page's answers as the restore reads them: recreating never offers to fix the server's name. */
function asLostInstance(answers: Answers): SqlServerAnswers {
  return { ...answers, fixServerName: false };
}

function dataWarehouseInstance(answers: Answers, manifest: SiteManifest): OriginalInstance {
  const original = originalInstance(asLostInstance(answers), manifest);
  return { ...original, databases: original.databases.filter((db) => isRecreatedRole(db.role)) };
}

function present(states: DatabaseState[], original: OriginalInstance) {
  return original.databases.flatMap((database) => {
    const state = findDatabaseState(states, database.name);
    return state ? [{ name: database.name, state }] : [];
  });
}

const DROP_STEP = 'drop-dw-databases';

function dropStep(answers: Answers, names: string[]): StepDefinition {
  const statements = names.map((name) => sqlStatements.dropDatabase(name));
  return {
    id: DROP_STEP,
    title: `Drop the data warehouse databases: ${names.join(', ')}`,
    commands: statements.map((statement) => describeSql(targetOf(answers), statement)),
    usesSecrets: signInSecrets(answers),
    destructive: {
      warning: `Drops ${names.join(', ')} on ${answers.sqlServer}, ending every session in them. The data warehouse’s history goes with them; only the backups taken just before remain.`,
      confirmWord: RECREATE_WORD,
    },
    isDone: async (ctx) => {
      const states = await readDatabaseStates(ctx, answers);
      return names.every((name) => !findDatabaseState(states, name));
    },
    run: async (ctx, io) => {
      for (const [index, statement] of statements.entries()) {
        await ctx.host.sql.execute(targetOf(answers), statement, io);
        io.output(`Dropped ${names[index] ?? ''}.`);
        io.progress(((index + 1) / statements.length) * 100);
      }
    },
  };
}

/** Completion names the copy-only backups by their full paths, as msdb records them: all that is left of the history. */
function keptBackupsCheck(answers: Answers, ctx: FlowContext): CheckDefinition {
  const names = dataWarehouseInstance(answers, ctx.manifest).databases.map((database) => database.name);
  return {
    id: 'kept-backups',
    title: 'The copy-only backups taken before the drop',
    run: async (c) => {
      const paths: string[] = [];
      for (const name of names) {
        const statement = sqlStatements.backupsDescribed(name, backupDescription(c, `backup-${name}`));
        const row = (await c.host.sql.execute(targetOf(answers), statement)).rows[0];
        if (row) paths.push(String(row.path ?? ''));
      }
      return paths.length > 0
        ? { status: 'pass', expected: 'a backup of each database that was online', found: paths.join('; ') }
        : {
            status: 'warn',
            expected: 'a backup of each database that was online',
            found: 'none recorded in msdb for this run',
            remedy:
              'Nothing was online to back up, or the backups ran in another run: look in msdb before relying on them.',
          };
    },
  };
}

export const recreateDwDatabasesFlow: FlowDefinition<Answers> = {
  id: 'recreate-dw-databases',
  title: 'Recreate the data warehouse databases (last resort: history is lost)',
  scenario: 'The data warehouse databases are lost and no usable backup of them exists.',
  summary:
    'Backs up what is left of the data warehouse databases and drops them, so that the data warehouse’s Setup can create new, empty ones that refill from the ServiceManager database.',
  source:
    'Implement Service Manager disaster recovery: "Restore a database", the warning on recreating the data warehouse databases',
  answers: recreateDwDatabasesPages.answers,
  secretFields: recreateDwDatabasesPages.secretFields,
  planSecrets: signInSecrets,

  completionNote: (answers) =>
    `Next, reinstall the data warehouse management server and let its Setup create new databases on ${answers.sqlServer} under the same names (on the data warehouse databases page, choose to create a new database for each), then register Service Manager with the data warehouse again from the Service Manager console. This wizard does not run that Setup: its Setup flows reuse existing databases only. Reports show nothing from before today.`,

  unavailableReason: (manifest) =>
    dataWarehouseInstances(manifest).length === 0 ? 'The manifest lists no data warehouse databases.' : null,

  pages: recreateDwDatabasesPages.pages,

  lookups: { connect: connectLookup },

  defaults: async (ctx) => {
    const first = dataWarehouseInstances(ctx.manifest)[0];
    return {
      acknowledgeLoss: false,
      originalServer: first?.name ?? '',
      ...sqlConnectionDefaults(first?.name ?? ''),
      backupFirst: true,
    };
  },

  summarize: (answers, manifest) => [
    { label: 'Data warehouse instance', value: answers.originalServer },
    { label: 'Connect to', value: answers.sqlServer },
    { label: 'Sign in as', value: describeAuthentication(answers) },
    {
      label: 'Databases to drop and recreate',
      value: dataWarehouseInstance(answers, manifest)
        .databases.map((database) => database.name)
        .join(', '),
    },
    { label: 'Copy-only backup first', value: answers.backupFirst ? 'yes' : 'no' },
  ],

  checks: (answers, ctx) => {
    const original = dataWarehouseInstance(answers, ctx.manifest);
    const facts = readOnce(() => readServerFacts(ctx, answers));
    return [
      ...serverChecks(asLostInstance(answers), original, facts),
      {
        id: 'dw-databases',
        title: 'Data warehouse databases on the server',
        run: async (c: FlowContext) => {
          const found = present(await readDatabaseStates(c, answers), original);
          return {
            status: found.length > 0 ? 'warn' : 'pass',
            expected: 'absent before Setup creates them anew',
            found:
              found.length > 0
                ? found.map((entry) => `${entry.name} (${entry.state.state})`).join(', ')
                : 'none: there is nothing to drop',
            ...(found.length > 0 ? { remedy: `They are dropped after you type ${RECREATE_WORD} on the plan.` } : {}),
          };
        },
      } satisfies CheckDefinition,
    ];
  },

  steps: async (answers, ctx) => {
    const states = await readingAnswer('sqlServer', () => readDatabaseStates(ctx, answers));
    const found = present(states, dataWarehouseInstance(answers, ctx.manifest));
    if (found.length === 0) return [];
    const backupFolder = answers.backupFirst
      ? (await readingAnswer('sqlServer', () => readServerFacts(ctx, answers))).defaultBackupPath
      : '';
    const backups = answers.backupFirst
      ? found
          .filter((entry) => entry.state.state === 'ONLINE')
          .map((entry) =>
            backupBeforeStep(ctx, answers, {
              id: `backup-${entry.name}`,
              database: entry.name,
              before: 'recreate',
              preparesFor: DROP_STEP,
              backupFolder,
            }),
          )
      : [];
    return [
      ...backups,
      dropStep(
        answers,
        found.map((entry) => entry.name),
      ),
    ];
  },

  verify: (answers, ctx) => [
    ...(answers.backupFirst ? [keptBackupsCheck(answers, ctx)] : []),
    {
      id: 'dw-databases-absent',
      title: 'The data warehouse databases are gone, ready for Setup to create them',
      run: async (c) => {
        const found = present(await readDatabaseStates(c, answers), dataWarehouseInstance(answers, ctx.manifest));
        return found.length === 0
          ? { status: 'pass', expected: 'none', found: 'none' }
          : {
              status: 'fail',
              expected: 'none',
              found: found.map((entry) => entry.name).join(', '),
              remedy: 'Read the failed step’s message; a database in use can be dropped once its sessions end.',
            };
      },
    },
  ],
};
