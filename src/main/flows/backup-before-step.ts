import type { SqlConnectionAnswers } from '../../shared/flows/sql-connection';
import type { StepDefinition } from '../engine/flow-types';
import { describeSql } from '../host/commands';
import { sqlStatements } from '../host/sql-statements';
import { fileStamp, signInUsesSecret, targetOf } from './sql-connection';

/**
 * A backup of a database the run is about to replace or drop: copy-only, or the tail of its log.
 * A file name without a folder lands in the instance's default backup folder, which exists on
 * every instance, rebuilt or not.
 */
export function backupBeforeStep(
  answers: SqlConnectionAnswers,
  options: { id: string; database: string; before: 'restore' | 'recreate'; tailLog?: boolean },
): StepDefinition {
  const { database, before, tailLog = false } = options;
  const file = `${database}-before-${before}-${fileStamp()}${tailLog ? '.trn' : '.bak'}`;
  const statement = tailLog
    ? sqlStatements.tailLogBackup(database, file)
    : sqlStatements.copyOnlyBackup(database, file);
  const what = tailLog ? 'Back up the tail of the log of' : 'Take a copy-only backup of';
  return {
    id: options.id,
    title: `${what} ${database} ${before === 'restore' ? 'before replacing it' : 'before it is dropped'}`,
    commands: [describeSql(targetOf(answers), statement)],
    usesSecrets: signInUsesSecret(answers),
    isDone: async () => false,
    run: async (ctx, io) => {
      await ctx.host.sql.execute(targetOf(answers), statement, io);
      io.output(`Saved as ${file} in the default backup folder of ${answers.sqlServer}.`);
    },
  };
}
