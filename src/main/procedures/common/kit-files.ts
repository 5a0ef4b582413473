import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import { kitFileDescription, kitIndexEntry, pathInKit } from '../../knowledge/recovery-kit/kit-compare';
import type { KitFile, KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { KIT_CHECKSUM_FILE, parseChecksumList } from '../../knowledge/recovery-kit/layout';
import { joinWindowsPath, windowsBaseName, windowsParentFolder } from '../../knowledge/windows/paths';
import { takenAt } from './taken-at';

/**
 * A file of the recovery kit, checked before a flow uses it: against the kit's index
 * (kit-index.json at the kit's root) when the kit has one, else against the checksum list a kit
 * made by hand keeps beside the file (checksums.sha256).
 */

const MAX_CHECKSUM_LIST_BYTES = 1024 * 1024;
/** Kit files sit at most this deep: `Databases\ServiceManager.bak`, `Keys\SCSM01.bin`. */
const KIT_DEPTH = 3;

export interface KitRecord {
  /** The kit's folder, and its index. */
  folder: string;
  index: KitIndex;
  /** The file's path in the kit, and its index entry (undefined when the index does not list it). */
  path: string;
  entry: KitFile | undefined;
}

/** The kit a file is in: the nearest folder above it that holds an index, and the file's entry there. */
export async function kitRecordOf(ctx: FlowContext, file: string): Promise<KitRecord | null> {
  let folder = windowsParentFolder(file);
  for (let level = 0; level < KIT_DEPTH && folder !== ''; level += 1) {
    const index = await ctx.host.kit.readIndex(folder);
    const path = pathInKit(folder, file);
    if (index !== null && path !== null) return { folder, index, path, entry: kitIndexEntry(index, path) };
    const parent = windowsParentFolder(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return null;
}

/**
 * The kit's checksum for a file: from the checksum list beside it. Undefined when there is no
 * list, null when the list does not name the file.
 */
async function listedChecksum(ctx: FlowContext, path: string): Promise<string | null | undefined> {
  const here = await ctx.host.system.computerName();
  const listPath = joinWindowsPath(windowsParentFolder(path), KIT_CHECKSUM_FILE);
  if (!(await ctx.host.files.exists(here, listPath))) return undefined;
  const list = parseChecksumList(await ctx.host.files.readText(here, listPath, MAX_CHECKSUM_LIST_BYTES));
  return list.get(windowsBaseName(path).toLowerCase()) ?? null;
}

/**
 * What the kit says a file's SHA-256 is, and where it says so: its index entry, else the checksum
 * list beside it. `sha256` is null when that source does not name the file; undefined when the
 * kit has neither an index nor a list for it.
 */
export async function kitExpectedChecksum(
  ctx: FlowContext,
  path: string,
): Promise<{ sha256: string | null; source: string } | undefined> {
  const record = await kitRecordOf(ctx, path);
  if (record?.entry !== undefined) return { sha256: record.entry.sha256, source: 'the kit index' };
  const listed = await listedChecksum(ctx, path);
  if (listed !== undefined) return { sha256: listed, source: KIT_CHECKSUM_FILE };
  return record !== null ? { sha256: null, source: 'the kit index' } : undefined;
}

function shortName(computer: string): string {
  return (computer.split('.')[0] ?? computer).toLowerCase();
}

/** `found`: the file as stat read it, hashed once (a backup of many gigabytes is not read twice). */
function indexedOutcome(
  ctx: FlowContext,
  record: KitRecord & { entry: KitFile },
  found: { size: number; sha256: string | null },
  server?: string,
): CheckOutcome {
  const { entry } = record;
  const what = kitFileDescription(entry);
  const expected = `${what}: ${entry.size} bytes, SHA-256 ${entry.sha256}`;
  if (server !== undefined && entry.server !== undefined && shortName(entry.server) !== shortName(server)) {
    return {
      status: 'fail',
      expected: `a file of ${server}`,
      found: `the kit index records ${record.path} as the ${what}: it is ${entry.server}'s, not ${server}'s`,
      remedy: `Choose the kit file made from ${server}; using ${entry.server}'s would give ${server} another server's data.`,
    };
  }
  if (found.size === entry.size && found.sha256 === entry.sha256) {
    return { status: 'pass', expected, found: `matches the kit index (${what}, ${takenAt(ctx, entry.madeAt)})` };
  }
  return {
    status: 'fail',
    expected,
    found: `${found.size} bytes, SHA-256 ${found.sha256 ?? 'unknown'}`,
    remedy: 'The file changed since the kit was made (damaged or replaced): use an intact copy of the kit.',
  };
}

/** The backups this wizard writes to a kit file: by procedure, the answer naming the file, and which runs count. */
const WIZARD_BACKUPS = [
  { flowId: 'backup-orchestrator', answer: 'backupFile', what: 'Orchestrator backup', counts: () => true },
  {
    flowId: 'encryption-key',
    answer: 'keyFile',
    what: 'encryption key backup',
    counts: (answers: Record<string, unknown>) => answers.action === 'backup',
  },
] as const;

/**
 * When a succeeded backup run of this wizard (Back up Orchestrator, or an encryption key backup)
 * wrote the file and it was last written before that run finished: the wizard's own fresh
 * backup, which no checksum list names yet. Says which backup and when it finished.
 */
function wizardBackup(ctx: FlowContext, path: string, modified: string | null): string | undefined {
  if (modified === null) return undefined;
  const wanted = path.trim().toLowerCase();
  for (const backup of WIZARD_BACKUPS) {
    const run = ctx.history
      .succeeded(backup.flowId, ctx.mode)
      .filter(
        (earlier) =>
          backup.counts(earlier.answers) &&
          String(earlier.answers[backup.answer] ?? '')
            .trim()
            .toLowerCase() === wanted,
      )
      .at(-1);
    if (run && Date.parse(modified) <= Date.parse(run.finishedAt)) {
      return `this wizard's ${backup.what} (${takenAt(ctx, run.finishedAt)})`;
    }
  }
  return undefined;
}

/**
 * A file of the kit: it exists and matches what the kit recorded. `server`: the computer the file
 * must come from (a key being restored there); a file the index records as another server's fails.
 */
export async function kitFileOutcome(ctx: FlowContext, path: string, server?: string): Promise<CheckOutcome> {
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
  const record = await kitRecordOf(ctx, path);
  if (record?.entry !== undefined) return indexedOutcome(ctx, { ...record, entry: record.entry }, facts, server);
  const listed = await listedChecksum(ctx, path);
  const ownBackup = listed === undefined || listed === null ? wizardBackup(ctx, path, facts.modified) : undefined;
  if (ownBackup) {
    return {
      status: 'pass',
      expected: `a SHA-256 in ${KIT_CHECKSUM_FILE}, or a backup this wizard took`,
      found: `written by ${ownBackup}, unchanged since`,
    };
  }
  if (listed === undefined || listed === null) {
    const where = record !== null ? 'the kit index' : KIT_CHECKSUM_FILE;
    return {
      status: 'warn',
      expected:
        record !== null
          ? `an entry in ${record.folder}'s kit index`
          : `a SHA-256 in ${KIT_CHECKSUM_FILE} beside the file`,
      found:
        listed === undefined && record === null ? `no ${KIT_CHECKSUM_FILE} in that folder` : `not listed in ${where}`,
      remedy: 'The file cannot be compared with the kit; make sure it is the one you mean to restore.',
    };
  }
  return listed === facts.sha256
    ? {
        status: 'pass',
        expected: `SHA-256 ${listed.slice(0, 16)}…`,
        found:
          facts.modified === null ? 'matches the kit' : `matches the kit; ${takenAt(ctx, facts.modified, 'written')}`,
      }
    : {
        status: 'fail',
        expected: `SHA-256 ${listed}`,
        found: `SHA-256 ${facts.sha256 ?? 'unknown'}`,
        remedy: 'The file changed since the kit was made (damaged or replaced): use an intact copy of the kit.',
      };
}
