import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import type { FlowContext } from '../../engine/flow-types';
import { sqlStatements } from '../../knowledge/sql/statements';
import { targetOf } from './sql-connection';

/** The user databases of a SQL Server and their state, as sys.databases reports them. */

export interface DatabaseState {
  name: string;
  state: string;
  recoveryModel: string;
}

/**
 * The database of this name as SQL Server finds it: without regard to case (the usual
 * case-insensitive collation) or to trailing spaces, which `=` pads away; any other character,
 * a leading space or a line break included, is part of the name.
 */
export function findDatabaseState(states: readonly DatabaseState[], name: string): DatabaseState | undefined {
  const comparable = (text: string) => text.replace(/ +$/, '').toLowerCase();
  const wanted = comparable(name);
  return states.find((state) => comparable(state.name) === wanted);
}

export async function readDatabaseStates(ctx: FlowContext, answers: SqlConnectionAnswers): Promise<DatabaseState[]> {
  const { rows } = await ctx.host.sql.execute(targetOf(answers), sqlStatements.databaseStates());
  return rows.map((row) => ({
    name: String(row.name ?? ''),
    state: String(row.state ?? ''),
    recoveryModel: String(row.recoveryModel ?? ''),
  }));
}
