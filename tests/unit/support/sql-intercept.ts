import type { SqlTarget, SqlStatement } from '../../../src/main/knowledge/sql/statement';
import type { SqlHost, SqlResult, StepIo } from '../../../src/main/host/types';
import type { Harness } from './harness';

/**
 * The harness's wizard talks to a SQL Server that answers one statement, by id, otherwise than
 * the drill would (a changed text, a procedure that returns without effect); every other
 * statement reaches the drill as before.
 */
export function interceptStatement(
  harness: Harness,
  statementId: string,
  answer: (target: SqlTarget, statement: SqlStatement, drill: SqlHost, io?: StepIo) => Promise<SqlResult>,
): void {
  const ctx = harness.ctx();
  const drillHost = harness.drill.host;
  ctx.host = {
    ...drillHost,
    sql: {
      execute: (target, statement, io) =>
        statement.id === statementId
          ? answer(target, statement, drillHost.sql, io)
          : drillHost.sql.execute(target, statement, io),
    },
  };
}
