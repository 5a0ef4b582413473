import type { StepDefinition } from '../../engine/flow-types';
import { describeSql } from '../../knowledge/commands';
import type { SqlTarget } from '../../knowledge/sql/statement';
import { sqlStatements } from '../../knowledge/sql/statements';
import { writtenByRun } from './run-evidence';

/**
 * BACKUP SERVICE MASTER KEY of one SQL Server to a file, protected by a password (Orchestrator's
 * "Recover a database": the Orchestrator database's key is paired with it). The statement takes
 * literals only, so the plan shows the password masked.
 */
export function serviceMasterKeyBackupStep(options: {
  id: string;
  title: string;
  target: SqlTarget;
  keyFile: string;
  password: string;
  usesSecrets: readonly string[];
}): StepDefinition {
  const statement = sqlStatements.backupServiceMasterKey(options.keyFile, options.password);
  return {
    id: options.id,
    title: options.title,
    commands: [describeSql(options.target, statement)],
    usesSecrets: options.usesSecrets,
    isDone: (c) => writtenByRun(c, options.keyFile),
    run: async (c, io) => {
      await c.host.sql.execute(options.target, statement, io);
      io.output(`Written to ${options.keyFile}.`);
    },
  };
}
