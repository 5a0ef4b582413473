import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import { escapeText } from '../../../shared/validation/display-escape';
import { describeError } from '../../engine/errors';
import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import type { SqlRow } from '../../host/types';
import { sqlStatements } from '../../knowledge/sql/statements';
import { targetOf } from '../common/sql-connection';
import { takenAt } from '../common/taken-at';

/**
 * Which runbooks are checked out in a Runbook Designer, as the Orchestrator database records it.
 * The Runbook Designer's help ("Using Check In and Check Out"): an author's changes are committed to the
 * database at check-in, so a backup taken while a runbook is checked out lacks them. The database
 * says so itself; the operator's word is needed only for the runbooks it names.
 */

export interface CheckOut {
  runbook: string;
  user: string;
  /** When it was checked out, as the database returned it. */
  since: string;
}

type DatabaseAnswers = SqlConnectionAnswers & { database: string };

/**
 * The check-outs, or why they could not be read. The columns are unconfirmed (see the statement),
 * so a database that refuses the query leaves the operator's word as the only evidence, as before
 * the wizard read it, instead of stopping the backup.
 */
export type CheckOutReading = { checkOuts: CheckOut[] } | { problem: string };

export async function readCheckOuts(ctx: FlowContext, answers: DatabaseAnswers): Promise<CheckOutReading> {
  let rows: SqlRow[];
  try {
    rows = (
      await ctx.host.sql.execute(
        targetOf(answers, answers.database.trim()),
        sqlStatements.orchestratorCheckedOutRunbooks(),
      )
    ).rows;
  } catch (error) {
    return { problem: escapeText(describeError(error).message.replace(/\.+$/, '')) };
  }
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return {
    checkOuts: rows.map((row) => ({
      runbook: text(row.runbook),
      user: text(row.checkedOutBy),
      since: text(row.checkedOutAt),
    })),
  };
}

/** "Monthly patching (CONTOSO\orch-author, 2026-12-02 14:03:00 CET (UTC+01:00), checked out 2 h 04 min ago)". */
export function describeCheckOut(ctx: FlowContext, checkOut: CheckOut): string {
  return `${checkOut.runbook} (${checkOut.user}, ${takenAt(ctx, checkOut.since, 'checked out')})`;
}

/** How many check-outs one line names; the rest are counted (the page's table lists them all). */
const NAMED_CHECK_OUTS = 20;

export function describeCheckOuts(ctx: FlowContext, checkOuts: readonly CheckOut[]): string {
  const named = checkOuts.slice(0, NAMED_CHECK_OUTS).map((checkOut) => describeCheckOut(ctx, checkOut));
  const more = checkOuts.length - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * The Summary's reading, since the page's may be stale: no check-out passes; a check-out the
 * operator did not confirm fails, naming it; confirmed ones are a warning to read, naming them,
 * since the database still says their changes are not in.
 */
export function checkOutsOutcome(
  ctx: FlowContext,
  reading: CheckOutReading,
  confirmed: boolean,
  database: string,
): CheckOutcome {
  const expected = `no runbook checked out in ${database}`;
  if ('problem' in reading) {
    return {
      status: confirmed ? 'warn' : 'fail',
      expected,
      found: `not readable from the database: ${reading.problem}`,
      remedy: confirmed
        ? 'Your confirmation that the runbook authors checked in their changes is all the evidence there is.'
        : 'Ask the runbook authors to check in their changes, then tick the confirmation on the "Database backup" page.',
    };
  }
  const { checkOuts } = reading;
  if (checkOuts.length === 0) {
    return { status: 'pass', expected, found: 'none (read from the Orchestrator database)' };
  }
  const found = `checked out: ${describeCheckOuts(ctx, checkOuts)}`;
  return confirmed
    ? {
        status: 'warn',
        expected,
        found,
        remedy:
          'You confirmed that the runbook authors checked in their changes; the database still records these check-outs, so changes made since are not in this backup.',
      }
    : {
        status: 'fail',
        expected,
        found,
        remedy:
          'Ask these authors to check their runbooks in (Runbook Designer, Check In), then check again; or tick the confirmation on the "Database backup" page if their changes may be left out.',
      };
}
