import type { FlowContext } from '../../engine/flow-types';
import type { FileFacts } from '../../host/types';
import type { SqlTarget } from '../../knowledge/sql/statement';
import type { KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { describeError } from '../../engine/errors';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath } from '../../knowledge/windows/paths';

/**
 * Where the service master key of a SQL Server was last backed up, on evidence the wizard can
 * check from here: the recovery kit's index ("Prepare the recovery kit" backs up the key of the
 * Orchestrator database's SQL Server into the kit), and the journals of this procedure. A file
 * either names counts only while it is still there: the index's entry with its size and SHA-256,
 * as the kit's verification trusts it; a journal's file while it exists and is not empty. And
 * only while the server still holds the key it holds: a key restored or regenerated since
 * (modify_date of ##MS_ServiceMasterKey##) makes every earlier backup the wrong key to restore.
 */

export interface KeyBackup {
  /** Who made it, as the pages say it: "Prepare the recovery kit", "This wizard". */
  by: string;
  file: string;
  /** When it was made, ISO 8601. */
  at: string;
}

export interface KeyBackups {
  /** The latest backup whose file is still there, if any. */
  last: KeyBackup | undefined;
  /** Files the kit or a journal names that are gone, changed since or unreadable from here: they do not count. */
  gone: string[];
  /** The latest backup, when the server's key changed after it was made: not counted either. */
  outdated?: KeyBackup;
  /** Why the server could not say whether its key changed since `last` (then `last` still counts). */
  unverified?: string;
}

/** A backup either source names, and whether its file is still as it was made. */
type Named = KeyBackup & { standing: boolean };

const sameServer = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/** A kit that cannot be read vouches for nothing, as Verify the recovery kit would say. */
async function kitIndex(ctx: FlowContext, folder: string): Promise<KitIndex | null> {
  try {
    return await ctx.host.kit.readIndex(folder);
  } catch {
    return null;
  }
}

/**
 * The file as this computer sees it; null when it cannot be asked (a share that does not answer,
 * access denied): a backup that cannot be checked is not counted, and the key is backed up again.
 */
async function factsOf(ctx: FlowContext, here: string, file: string): Promise<FileFacts | null> {
  try {
    return await ctx.host.files.stat(here, file);
  } catch {
    return null;
  }
}

async function fromKit(ctx: FlowContext, here: string, sqlServer: string): Promise<Named[]> {
  const folder = ctx.manifest.recoveryKitPath;
  if (!folder) return [];
  const index = await kitIndex(ctx, folder);
  const entries = (index?.files ?? []).filter(
    (entry) => entry.role === 'service-master-key' && sameServer(entry.sqlServer ?? '', sqlServer),
  );
  const found: Named[] = [];
  for (const entry of entries) {
    const file = joinWindowsPath(folder, entry.path);
    const facts = await factsOf(ctx, here, file);
    const standing = facts !== null && facts.exists && facts.size === entry.size && facts.sha256 === entry.sha256;
    found.push({ by: 'Prepare the recovery kit', file, at: entry.madeAt, standing });
  }
  return found;
}

async function fromJournals(ctx: FlowContext, here: string, sqlServer: string): Promise<Named[]> {
  const runs = ctx.history
    .succeeded('backup-orchestrator', ctx.mode)
    .filter(
      (run) => run.answers.backupMasterKey === true && sameServer(String(run.answers.sqlServer ?? ''), sqlServer),
    );
  const found: Named[] = [];
  for (const run of runs) {
    const file = String(run.answers.keyFile ?? '').trim();
    if (file === '') continue;
    const facts = await factsOf(ctx, here, file);
    found.push({
      by: 'This wizard',
      file,
      at: run.finishedAt,
      standing: facts !== null && facts.exists && facts.size > 0,
    });
  }
  return found;
}

/** Whether the server's key changed after `at`; a message when the server could not be asked. */
async function keyChangedSince(ctx: FlowContext, target: SqlTarget, at: string): Promise<boolean | string> {
  try {
    const age = Math.max(0, Date.now() - Date.parse(at));
    const { rows } = await ctx.host.sql.execute(target, sqlStatements.serviceMasterKeyChangedSince(age));
    // No row: this sign-in may not see the key (sys.symmetric_keys shows what it has permission on).
    if (rows.length === 0) return 'the server did not show its service master key to this sign-in';
    return Number(rows[0]?.changed) === 1;
  } catch (error) {
    return describeError(error).message;
  }
}

/**
 * `target`: how to ask the server whether its key changed since the last backup; null when the
 * sign-in is not complete yet (then the backup counts, unverified).
 */
export async function keyBackups(ctx: FlowContext, sqlServer: string, target: SqlTarget | null): Promise<KeyBackups> {
  const here = await ctx.host.system.computerName();
  const all = [...(await fromKit(ctx, here, sqlServer)), ...(await fromJournals(ctx, here, sqlServer))];
  const standing = all
    .filter((backup) => backup.standing)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1);
  const gone = [...new Set(all.filter((backup) => !backup.standing).map((backup) => backup.file))];
  const last = standing && { by: standing.by, file: standing.file, at: standing.at };
  if (!last) return { last, gone };
  if (!target) return { last, gone, unverified: 'the sign-in to the server is not complete' };
  const changed = await keyChangedSince(ctx, target, last.at);
  if (changed === true) return { last: undefined, gone, outdated: last };
  return typeof changed === 'string' ? { last, gone, unverified: changed } : { last, gone };
}
