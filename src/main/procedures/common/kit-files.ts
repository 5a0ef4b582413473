import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import { KIT_CHECKSUM_FILE, parseChecksumList } from '../../knowledge/recovery-kit/layout';
import { joinWindowsPath, windowsBaseName, windowsParentFolder } from '../../knowledge/windows/paths';

/** A file of the recovery kit, checked against the checksum list the kit keeps beside it. */

const MAX_CHECKSUM_LIST_BYTES = 1024 * 1024;

/**
 * The kit's checksum for a file: from the checksum list beside it. Undefined when there is no
 * list, null when the list does not name the file.
 */
async function kitChecksum(ctx: FlowContext, path: string): Promise<string | null | undefined> {
  const here = await ctx.host.system.computerName();
  const listPath = joinWindowsPath(windowsParentFolder(path), KIT_CHECKSUM_FILE);
  if (!(await ctx.host.files.exists(here, listPath))) return undefined;
  const list = parseChecksumList(await ctx.host.files.readText(here, listPath, MAX_CHECKSUM_LIST_BYTES));
  return list.get(windowsBaseName(path).toLowerCase()) ?? null;
}

/**
 * When a succeeded "Back up Orchestrator" run of this site wrote the file and it was last written
 * before that run finished: the wizard's own fresh backup, which no checksum list can name yet.
 */
function wizardBackup(ctx: FlowContext, path: string, modified: string | null): string | undefined {
  if (modified === null) return undefined;
  const wanted = path.trim().toLowerCase();
  const run = ctx.history
    .succeeded('backup-orchestrator', ctx.mode)
    .filter(
      (earlier) =>
        String(earlier.answers.backupFile ?? '')
          .trim()
          .toLowerCase() === wanted,
    )
    .at(-1);
  return run && Date.parse(modified) <= Date.parse(run.finishedAt) ? run.finishedAt : undefined;
}

/** A file of the kit: it exists and matches the checksum the kit recorded. */
export async function kitFileOutcome(ctx: FlowContext, path: string): Promise<CheckOutcome> {
  const here = await ctx.host.system.computerName();
  const facts = await ctx.host.files.stat(here, path);
  if (!facts.exists || facts.isDirectory) {
    return {
      status: 'fail',
      expected: path,
      found: 'no such file',
      remedy: 'Check the path, or copy the file from another copy of the recovery kit.',
    };
  }
  const listed = await kitChecksum(ctx, path);
  const ownBackup = listed === undefined || listed === null ? wizardBackup(ctx, path, facts.modified) : undefined;
  if (ownBackup) {
    return {
      status: 'pass',
      expected: `a SHA-256 in ${KIT_CHECKSUM_FILE}, or a backup this wizard took`,
      found: `written by this wizard's Orchestrator backup that finished ${ownBackup}, unchanged since`,
    };
  }
  if (listed === undefined || listed === null) {
    return {
      status: 'warn',
      expected: `a SHA-256 in ${KIT_CHECKSUM_FILE} beside the file`,
      found: listed === undefined ? `no ${KIT_CHECKSUM_FILE} in that folder` : `not listed in ${KIT_CHECKSUM_FILE}`,
      remedy: 'The file cannot be compared with the kit; make sure it is the one you mean to restore.',
    };
  }
  return listed === facts.sha256
    ? { status: 'pass', expected: `SHA-256 ${listed.slice(0, 16)}…`, found: 'matches the kit' }
    : {
        status: 'fail',
        expected: `SHA-256 ${listed}`,
        found: `SHA-256 ${facts.sha256 ?? 'unknown'}`,
        remedy: 'The file changed since the kit was made (damaged or replaced): use an intact copy of the kit.',
      };
}
