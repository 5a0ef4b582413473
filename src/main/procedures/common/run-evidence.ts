import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import { OperatorError } from '../../engine/errors';
import type { FlowContext, RunContext } from '../../engine/flow-types';
import { sqlStatements } from '../../knowledge/sql/statements';
import { findDatabaseState, readDatabaseStates } from './database-states';
import { targetOf } from './sql-connection';

/**
 * What a step reads on the site to tell that its own effect is there: a step that finished just
 * before a crash left no record in the journal, and must be recognised as done rather than run
 * again. Each piece of evidence is tied to this run (its id, or the time since it started), so an
 * older backup, restore or file of the same name never counts.
 */

export function runOf(ctx: FlowContext): RunContext {
  if (!ctx.run) throw new OperatorError('This step runs only as part of a run.');
  return ctx.run;
}

/**
 * How long ago the run started, on this computer's clock. SQL Server compares it with its own
 * (DATEDIFF_BIG(millisecond, event, GETDATE())), so the two computers' clocks need not agree.
 */
export function runAgeMilliseconds(ctx: FlowContext): number {
  return Math.max(0, Date.now() - Date.parse(runOf(ctx).startedAt));
}

/** What BACKUP records in msdb's backupset.description for a step's backup: the run and the step. */
export function backupDescription(ctx: FlowContext, stepId: string): string {
  return `System Center Recovery Wizard run ${runOf(ctx).id}, step ${stepId}`;
}

/** msdb records a backup of the database with the description this step gives its backups. */
export async function backedUpByStep(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  database: string,
  stepId: string,
): Promise<boolean> {
  const statement = sqlStatements.backupsDescribed(database, backupDescription(ctx, stepId));
  return (await ctx.host.sql.execute(targetOf(answers), statement)).rows.length > 0;
}

/** msdb records a restore of the database from this file since the run started, and it is online. */
export async function restoredByRun(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  database: string,
  backupFile: string,
): Promise<boolean> {
  const statement = sqlStatements.restoredSince(database, backupFile, runAgeMilliseconds(ctx));
  const { rows } = await ctx.host.sql.execute(targetOf(answers), statement);
  if (rows.length === 0) return false;
  return findDatabaseState(await readDatabaseStates(ctx, answers), database)?.state === 'ONLINE';
}

/** The database is there and no longer online: its sessions are ended. */
export async function databaseNotOnline(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  database: string,
): Promise<boolean> {
  const state = findDatabaseState(await readDatabaseStates(ctx, answers), database);
  return state !== undefined && state.state !== 'ONLINE';
}

/**
 * A file as this computer reads it, not empty and last written since the run started. Its time
 * comes from the file system that holds it: a share whose clock is behind this computer's makes
 * a file written by this run look older, and the step runs again.
 */
export async function writtenByRun(ctx: FlowContext, path: string): Promise<boolean> {
  const facts = await ctx.host.files.stat(await ctx.host.system.computerName(), path);
  if (!facts.exists || facts.isDirectory || facts.size === 0 || facts.modified === null) return false;
  return Date.parse(facts.modified) >= Date.parse(runOf(ctx).startedAt);
}
