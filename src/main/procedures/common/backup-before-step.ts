import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import { fileNamePart } from '../../../shared/validation/windows-path';
import { describeError } from '../../engine/errors';
import type { FlowContext, StepDefinition } from '../../engine/flow-types';
import { describeSql } from '../../knowledge/commands';
import { sqlStatements } from '../../knowledge/sql/statements';
import type { StepIo } from '../../host/types';
import { backedUpByStep, backupDescription, runOf } from './run-evidence';
import { signInSecrets, targetOf } from './sql-connection';
import { joinWindowsPath } from '../../knowledge/windows/paths';

async function reopen(ctx: FlowContext, answers: SqlConnectionAnswers, database: string, io: StepIo): Promise<void> {
  try {
    await ctx.host.sql.execute(targetOf(answers), sqlStatements.setDatabaseMultiUser(database), io);
    io.output(`${database} is open to every session again (MULTI_USER).`);
  } catch (error) {
    io.output(`${database} may still be in single-user mode: ${describeError(error).message}`);
  }
}

/**
 * A backup of a database the run is about to replace or drop: copy-only, or the tail of its log.
 * A file name without a folder lands in the instance's default backup folder, which exists on
 * every instance, rebuilt or not. The file and the backup's description in msdb name the run, so
 * a resumed run rebuilds the same statement and finds the backup it took before a crash.
 */
export function backupBeforeStep(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  options: {
    id: string;
    database: string;
    before: 'restore' | 'recreate';
    preparesFor: string;
    tailLog?: boolean;
    /** The instance's default backup folder, where SQL Server writes the file, when it reports one. */
    backupFolder?: string;
  },
): StepDefinition {
  const { database, before, tailLog = false } = options;
  const file = `${fileNamePart(database)}-before-${before}-${runOf(ctx).id}${tailLog ? '.trn' : '.bak'}`;
  const where = options.backupFolder
    ? joinWindowsPath(options.backupFolder, file)
    : `${file} in the default backup folder of ${answers.sqlServer}`;
  const description = backupDescription(ctx, options.id);
  const statement = tailLog
    ? sqlStatements.tailLogBackup(database, file, { description })
    : sqlStatements.copyOnlyBackup(database, file, { description });
  const what = tailLog ? 'Back up the tail of the log of' : 'Take a copy-only backup of';
  return {
    id: options.id,
    title: `${what} ${database} ${before === 'restore' ? 'before replacing it' : 'before it is dropped'}${
      options.backupFolder ? `, to ${where}` : ''
    }`,
    commands: [describeSql(targetOf(answers), statement)],
    usesSecrets: signInSecrets(answers),
    preparesFor: options.preparesFor,
    isDone: (c) => backedUpByStep(c, answers, database, options.id),
    run: async (ctx, io) => {
      try {
        await ctx.host.sql.execute(targetOf(answers), statement, io);
      } catch (error) {
        // The batch may have ended the sessions and left the database single-user; the services get it back.
        if (tailLog) await reopen(ctx, answers, database, io);
        throw error;
      }
      io.output(`Saved as ${where}.`);
    },
  };
}
