import { findDatabase, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import {
  backupOrchestratorPages,
  NO_CHECK_OUTS,
  type BackupOrchestratorAnswers,
} from '../../../shared/procedures/backup-orchestrator';
import type { CheckDefinition, FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import { OperatorError } from '../../engine/errors';
import { describeSql } from '../../knowledge/commands';
import { KIT_DATABASE_FOLDER } from '../../knowledge/recovery-kit/layout';
import { sqlStatements } from '../../knowledge/sql/statements';
import { supportsCompression } from '../../knowledge/sql/server-facts';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { keyFileAccount, keychainCheck, passwordRemembered, SERVICE_MASTER_KEY_ROLE } from '../common/key-accounts';
import { readOnce } from '../common/read-once';
import { backedUpByStep, backupDescription } from '../common/run-evidence';
import { serviceMasterKeyBackupStep } from '../common/service-master-key';
import { findDatabaseState, readDatabaseStates } from '../common/database-states';
import { sysadminDefinition } from '../common/sql-connection';
import {
  describeAuthentication,
  fileStamp,
  readServerFacts,
  signInSecrets,
  targetOf,
  type ServerFacts,
  sqlConnectionDefaults,
} from '../common/sql-connection';
import { readingAnswer } from '../common/answer-reads';
import { takenAt } from '../common/taken-at';
import { checkOutsOutcome, describeCheckOut, describeCheckOuts, readCheckOuts } from './check-outs';
import { keyBackups, type KeyBackups } from './key-backups';
import type { SqlTarget } from '../../knowledge/sql/statement';

/**
 * Orchestrator's "Recover a database", "Run a backup": the SQL Server's service master key is backed up once per server
 * (the Orchestrator database's own key is paired with it), then the Orchestrator database. The
 * recovery kit's index and the wizard's journals say on which servers the key was backed up; the
 * Orchestrator database says which runbooks are checked out.
 */

type Answers = BackupOrchestratorAnswers;

const KIT_ORCHESTRATOR_FOLDER = 'Orchestrator';

function manifestDatabase(manifest: SiteManifest) {
  return findDatabase(manifest, 'Orchestrator');
}

/** What the pages and the Summary say of the key's earlier backups, and of files that no longer count. */
function keyHistoryMessage(ctx: FlowContext, sqlServer: string, backups: KeyBackups): string {
  const gone =
    backups.gone.length > 0
      ? ` Not counted, since they are gone, changed or not readable from here: ${backups.gone.join(', ')}.`
      : '';
  const { last, outdated, unverified } = backups;
  if (outdated) {
    return `${outdated.by} backed up the service master key of ${sqlServer} to ${outdated.file} (${takenAt(ctx, outdated.at)}), but the server's key was restored or regenerated after that: the file holds a key the server no longer has, so this run backs it up again.${gone}`;
  }
  if (!last) {
    return `Neither the recovery kit nor this wizard's journals hold a backup of the service master key of ${sqlServer}.${gone}`;
  }
  const since = unverified
    ? `Whether the server's key changed since could not be read (${unverified}): if it was restored or regenerated, back it up again.`
    : `The server has had the same key since.`;
  return `${last.by} backed up the service master key of ${sqlServer} to ${last.file} (${takenAt(ctx, last.at)}). ${since}${gone}`;
}

/** How the key's history asks the server whether its key changed: with the sign-in answers when they are complete. */
function keyTarget(raw: Record<string, unknown>): SqlTarget | null {
  const signIn = backupOrchestratorPages.pageSchemas.database.safeParse(raw);
  if (!signIn.success) return null;
  try {
    return targetOf(signIn.data);
  } catch {
    return null;
  }
}

function compressionNote(facts: ServerFacts): string {
  return supportsCompression(facts.edition)
    ? `compressed (${facts.edition})`
    : `not compressed: ${facts.edition} cannot compress backups`;
}

export const backupOrchestratorFlow: FlowDefinition<Answers> = {
  id: 'backup-orchestrator',
  title: 'Back up Orchestrator',
  scenario: 'An ordinary day: prepare the recovery kit for Orchestrator.',
  summary:
    'Backs up the SQL Server’s service master key (once per server) and the Orchestrator database, with checksums and compression where the edition allows.',
  source: 'Orchestrator: "Recover a database", Run a backup',
  answers: backupOrchestratorPages.answers,
  secretFields: backupOrchestratorPages.secretFields,
  planSecrets: signInSecrets,

  completionNote: (answers) =>
    answers.backupMasterKey
      ? 'Keep the key file and its password apart and offline: without both, the database cannot be read on another SQL Server.'
      : 'The database backup holds its own key, which pairs with this server’s service master key.',

  unavailableReason: (manifest) => (manifestDatabase(manifest) ? null : 'The manifest lists no Orchestrator database.'),

  pages: backupOrchestratorPages.pages,

  lookups: {
    connect: async (raw, ctx) => {
      const answers = backupOrchestratorPages.pageSchemas.database.parse(raw);
      const facts = await readServerFacts(ctx, answers);
      const state = findDatabaseState(await readDatabaseStates(ctx, answers), answers.database);
      if (!state) {
        return { ok: false, message: `${answers.sqlServer} has no database ${answers.database}.` };
      }
      return {
        ok: state.state === 'ONLINE',
        message: `Connected to ${answers.sqlServer}: SQL Server ${facts.productVersion} ${facts.edition}, as ${describeAuthentication(answers)}. ${answers.database} is ${state.state}; its backup will be ${compressionNote(facts)}.`,
      };
    },
    'key-history': async (raw, ctx) => {
      const sqlServer = String(raw.sqlServer ?? '');
      const backups = await keyBackups(ctx, sqlServer, keyTarget(raw));
      return {
        ok: true,
        ...(backups.outdated || backups.unverified ? { needsAttention: true } : {}),
        // The defaults counted the backup without asking the server; it holds another key now.
        ...(backups.outdated ? { values: { backupMasterKey: true } } : {}),
        message: keyHistoryMessage(ctx, sqlServer, backups),
      };
    },
    'check-outs': async (raw, ctx) => {
      const answers = backupOrchestratorPages.pageSchemas.database.parse(raw);
      const where = `the Orchestrator database ${answers.database} on ${answers.sqlServer}`;
      const reading = await readCheckOuts(ctx, answers);
      if ('problem' in reading) {
        return {
          ok: true,
          needsAttention: true,
          message: `Which runbooks are checked out could not be read from ${where}: ${reading.problem}. Ask the runbook authors to check in their changes, then confirm below.`,
          values: { runbookCheckOuts: '' },
        };
      }
      const { checkOuts } = reading;
      if (checkOuts.length === 0) {
        return {
          ok: true,
          message: `No runbook is checked out (read from ${where}): every author's changes are in the database.`,
          values: { runbookCheckOuts: NO_CHECK_OUTS },
        };
      }
      return {
        ok: true,
        needsAttention: true,
        message: `${checkOuts.length === 1 ? 'A runbook is' : `${checkOuts.length} runbooks are`} checked out in the Runbook Designer (read from ${where}): changes not checked in are not in the database. Ask the authors to check them in, then confirm below.`,
        values: { runbookCheckOuts: describeCheckOuts(ctx, checkOuts) },
        checks: checkOuts.map((checkOut) => ({
          id: `check-out-${checkOut.runbook}`,
          title: checkOut.runbook,
          status: 'warn' as const,
          expected: 'checked in',
          found: describeCheckOut(ctx, checkOut),
          remedy: `Ask ${checkOut.user} to check it in from the Runbook Designer.`,
        })),
      };
    },
  },

  defaults: async (ctx) => {
    const database = manifestDatabase(ctx.manifest);
    const sqlServer = database ? sqlServerDisplayName(database) : '';
    const kit = ctx.manifest.recoveryKitPath;
    const connection = sqlConnectionDefaults(sqlServer);
    return {
      ...connection,
      database: database?.name ?? 'Orchestrator',
      // From the kit and the journals only: the procedure's description waits for its defaults,
      // and a server that does not answer would hold it for the connection timeout. Whether the
      // server's key changed since is the key page's lookup, shown as it asks.
      backupMasterKey: (await keyBackups(ctx, sqlServer, null)).last === undefined,
      keyFile: kit
        ? joinWindowsPath(
            kit,
            KIT_ORCHESTRATOR_FOLDER,
            `${sqlServer.replace(/\\/g, '-')}-service-master-key-${fileStamp()}.key`,
          )
        : '',
      keyPassword: '',
      confirmKeyPassword: '',
      remember: false,
      backupFile: kit
        ? joinWindowsPath(kit, KIT_DATABASE_FOLDER, `${database?.name ?? 'Orchestrator'}-${fileStamp()}.bak`)
        : '',
      runbookCheckOuts: '',
      checkedIn: false,
    };
  },

  summarize: (answers) => [
    { label: 'SQL Server', value: answers.sqlServer },
    { label: 'Sign in as', value: describeAuthentication(answers) },
    {
      label: 'Service master key',
      value: answers.backupMasterKey ? `backed up to ${answers.keyFile ?? ''}` : 'not in this run',
    },
    { label: 'Database', value: `${answers.database} → ${answers.backupFile}` },
    // As the page read them; the Summary's checks read them again.
    { label: 'Runbooks checked out, as the page read them', value: answers.runbookCheckOuts },
  ],

  checks: (answers, ctx) => {
    const read = readOnce(() => readServerFacts(ctx, answers));
    const checks: CheckDefinition[] = [
      sysadminDefinition(answers, read),
      {
        id: 'compression',
        title: 'Backup compression',
        run: async () => {
          const found = await read();
          return { status: 'pass', expected: 'compressed where the edition allows', found: compressionNote(found) };
        },
      },
      {
        id: 'runbooks-checked-in',
        title: 'No runbook is checked out in the Runbook Designer',
        run: async (c) =>
          checkOutsOutcome(c, await readCheckOuts(c, answers), answers.checkedIn, answers.database.trim()),
      },
    ];
    if (!answers.backupMasterKey) {
      checks.push({
        id: 'master-key-backed-up',
        title: 'The service master key of this server was backed up',
        run: async (c) => {
          const { last, outdated, unverified } = await keyBackups(c, answers.sqlServer, targetOf(answers));
          const expected =
            'a backup of the key the server holds now, in the recovery kit or by this wizard, its file still there';
          const remedy = 'Tick "Back up the service master key in this run" on the Service master key page.';
          if (outdated) {
            return {
              status: 'fail',
              expected,
              found: `${outdated.by}: ${outdated.file}, ${takenAt(c, outdated.at)}; the server's key was restored or regenerated after that`,
              remedy,
            };
          }
          if (!last) {
            return {
              status: 'warn',
              expected,
              found: 'none recorded here',
              remedy: `If nobody backed it up elsewhere: ${remedy}`,
            };
          }
          const found = `${last.by}: ${last.file}, ${takenAt(c, last.at)}`;
          return unverified
            ? {
                status: 'warn',
                expected,
                found: `${found}; whether the key changed since could not be read: ${unverified}`,
                remedy: `If the key may have been restored or regenerated since: ${remedy}`,
              }
            : { status: 'pass', expected, found: `${found}; the key has not changed since` };
        },
      });
    }
    if (answers.backupMasterKey && answers.remember) {
      checks.push(keychainCheck());
    }
    return checks;
  },

  steps: async (answers, ctx) => {
    const facts = await readingAnswer('sqlServer', () => readServerFacts(ctx, answers));
    const steps: StepDefinition[] = [];
    if (answers.backupMasterKey) {
      const keyFile = (answers.keyFile ?? '').trim();
      steps.push(
        serviceMasterKeyBackupStep({
          id: 'backup-service-master-key',
          title: `Back up the service master key of ${answers.sqlServer}`,
          target: targetOf(answers),
          keyFile,
          password: answers.keyPassword ?? '',
          usesSecrets: [...signInSecrets(answers), 'keyPassword', 'confirmKeyPassword'],
        }),
      );
      if (answers.remember && (await ctx.keychain.available()).state === 'available') {
        steps.push({
          id: 'remember-password',
          title: 'Remember the key file’s password in the OS keychain',
          commands: [],
          usesSecrets: ['keyPassword', 'confirmKeyPassword'],
          isDone: (c) => passwordRemembered(c, keyFile),
          run: async (c, io) => {
            const account = await keyFileAccount(c, SERVICE_MASTER_KEY_ROLE, keyFile);
            if (!account)
              throw new OperatorError(
                `${keyFile} cannot be read from ${await c.host.system.computerName()}, so its password cannot be filed under its fingerprint.`,
              );
            await c.keychain.set(account, answers.keyPassword ?? '');
            io.output(`Remembered in the OS keychain as "${account}".`);
          },
        });
      }
    }
    const backupStep = 'backup-orchestrator-database';
    const backup = sqlStatements.copyOnlyBackup(answers.database.trim(), answers.backupFile.trim(), {
      compression: supportsCompression(facts.edition),
      description: backupDescription(ctx, backupStep),
    });
    steps.push({
      id: backupStep,
      title: `Back up ${answers.database} to ${answers.backupFile}`,
      commands: [describeSql(targetOf(answers), backup)],
      usesSecrets: signInSecrets(answers),
      isDone: (c) => backedUpByStep(c, answers, answers.database.trim(), backupStep),
      run: (c, io) => c.host.sql.execute(targetOf(answers), backup, io).then(() => undefined),
    });
    return steps;
  },

  verify: (answers) => {
    const checks: CheckDefinition[] = [
      {
        id: 'database-backup',
        title: 'The backup is readable and holds the Orchestrator database',
        run: async (c) => {
          const row = (
            await c.host.sql.execute(targetOf(answers), sqlStatements.backupHeader(answers.backupFile.trim()))
          ).rows[0];
          const found = String(row?.DatabaseName ?? 'nothing');
          return found.toLowerCase() === answers.database.trim().toLowerCase()
            ? {
                status: 'pass',
                expected: answers.database,
                found: `${found}, ${takenAt(c, String(row?.BackupFinishDate ?? ''))}`,
              }
            : { status: 'fail', expected: answers.database, found, remedy: 'Run the backup again.' };
        },
      },
    ];
    if (answers.backupMasterKey) {
      checks.push({
        id: 'key-file',
        title: 'The service master key file was written',
        run: async (c) => {
          const file = (answers.keyFile ?? '').trim();
          const facts = await c.host.files.stat(await c.host.system.computerName(), file);
          return facts.exists && facts.size > 0
            ? { status: 'pass', expected: file, found: `${facts.size} bytes` }
            : {
                status: 'fail',
                expected: file,
                found: facts.exists ? 'empty' : 'not found from this computer',
                remedy:
                  'A path local to the SQL Server computer cannot be checked from here; copy the file into the kit.',
              };
        },
      });
    }
    return checks;
  },
};
