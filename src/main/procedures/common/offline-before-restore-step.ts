import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import type { StepDefinition } from '../../engine/flow-types';
import { describeSql } from '../../knowledge/commands';
import { sqlStatements } from '../../knowledge/sql/statements';
import { databaseNotOnline } from './run-evidence';
import { signInSecrets, targetOf } from './sql-connection';

/**
 * RESTORE ... REPLACE needs the database to itself, and the services that use it (the Data Access
 * Service, the Orchestrator services and web service) keep sessions open and reconnect. Taking it
 * offline ends those sessions; the restore brings it back online.
 */
export function offlineBeforeRestoreStep(
  answers: SqlConnectionAnswers,
  options: { id: string; database: string; preparesFor: string },
): StepDefinition {
  const { database } = options;
  const offline = sqlStatements.setDatabaseOffline(database);
  return {
    id: options.id,
    title: `Take ${database} offline, ending the sessions of the services still using it`,
    commands: [describeSql(targetOf(answers), offline)],
    usesSecrets: signInSecrets(answers),
    preparesFor: options.preparesFor,
    isDone: (ctx) => databaseNotOnline(ctx, answers, database),
    run: async (ctx, io) => {
      await ctx.host.sql.execute(targetOf(answers), offline, io);
      // Said here, because a restore that then fails for good would leave the services without their database.
      io.output(
        `${database} is offline until the restore brings it back. To give up instead, bring it back as it was with: ALTER DATABASE [${database.replace(/]/g, ']]')}] SET ONLINE`,
      );
    },
  };
}
