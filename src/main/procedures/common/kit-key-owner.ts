import { findServer } from '../../../shared/manifest';
import { keyRoleOf } from '../../../shared/procedures/encryption-key';
import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import {
  KIT_INDEX_FILE,
  KIT_PREVIOUS_INDEX_FILE,
  kitIndexSchema,
  type KitFile,
} from '../../knowledge/recovery-kit/kit-index';
import { joinWindowsPath, sameWindowsPath, windowsParentFolder } from '../../knowledge/windows/paths';

/**
 * Whose encryption key a key file holds, as the kit index that lists it says (at the kit's root:
 * beside the file, or one folder up when the file is in the kit's Keys folder), or as this
 * wizard's own journals of the backup that wrote it say.
 */

const MAX_INDEX_BYTES = 16 * 1024 * 1024;

export type KeyOwner = Required<Pick<KitFile, 'server' | 'keyRole'>>;

/**
 * The owner recorded for `file`: by the kit index that lists it, or else by this wizard's last
 * successful backup to that file; null when neither says.
 */
export async function recordedKeyOwner(ctx: FlowContext, file: string): Promise<KeyOwner | null> {
  return (await indexedKeyOwner(ctx, file)) ?? backedUpKeyOwner(ctx, file);
}

function backedUpKeyOwner(ctx: FlowContext, file: string): KeyOwner | null {
  const last = ctx.history
    .succeeded('encryption-key', ctx.mode)
    .filter((run) => run.answers.action === 'backup' && sameWindowsPath(String(run.answers.keyFile ?? '').trim(), file))
    .at(-1);
  const server = last && findServer(ctx.manifest, String(last.answers.server));
  return server ? { server: server.netbiosName, keyRole: keyRoleOf(server) } : null;
}

async function indexedKeyOwner(ctx: FlowContext, file: string): Promise<KeyOwner | null> {
  const here = await ctx.host.system.computerName();
  const folder = windowsParentFolder(file);
  for (const root of [folder, windowsParentFolder(folder)]) {
    const current = await indexEntry(ctx, here, joinWindowsPath(root, KIT_INDEX_FILE), root, file);
    if (current) return { server: current.server, keyRole: current.keyRole };
    // Prepare sets the index aside before it writes the kit again: until it has written this key
    // anew, the set-aside index still says whose key the file is, as long as it is the same file.
    const aside = await indexEntry(ctx, here, joinWindowsPath(root, KIT_PREVIOUS_INDEX_FILE), root, file);
    if (aside && (await ctx.host.files.stat(here, file)).sha256 === aside.sha256) {
      return { server: aside.server, keyRole: aside.keyRole };
    }
  }
  return null;
}

async function indexEntry(
  ctx: FlowContext,
  here: string,
  indexPath: string,
  root: string,
  file: string,
): Promise<(KeyOwner & { sha256: string }) | null> {
  if (!(await ctx.host.files.exists(here, indexPath))) return null;
  const parsed = kitIndexSchema.safeParse(JSON.parse(await ctx.host.files.readText(here, indexPath, MAX_INDEX_BYTES)));
  if (!parsed.success) return null;
  const entry = parsed.data.files.find(
    (candidate) => candidate.role === 'encryption-key' && sameWindowsPath(joinWindowsPath(root, candidate.path), file),
  );
  return entry?.server && entry.keyRole ? { server: entry.server, keyRole: entry.keyRole, sha256: entry.sha256 } : null;
}

export function describeOwner(owner: KeyOwner): string {
  return `${owner.server}'s ${owner.keyRole} key`;
}

/**
 * A restore takes only the key of the server being restored: a file that holds another server's
 * key would put that key here, and every later check would pass.
 */
export async function keyOwnerOutcome(
  ctx: FlowContext,
  file: string,
  server: string,
  keyRole: KeyOwner['keyRole'],
): Promise<CheckOutcome> {
  const owner = await recordedKeyOwner(ctx, file);
  const wanted = `${server}'s ${keyRole} key`;
  if (!owner) {
    return {
      status: 'warn',
      expected: wanted,
      found: 'neither a kit index nor this wizard’s backups record whose key this file holds',
      remedy: `Make sure this file is the backup of ${server}'s key: restoring another server's key here cannot be noticed afterwards.`,
    };
  }
  if (owner.server.toUpperCase() === server.toUpperCase() && owner.keyRole === keyRole) {
    return { status: 'pass', expected: wanted, found: `recorded: ${describeOwner(owner)}` };
  }
  return {
    status: 'fail',
    expected: wanted,
    found: `this file holds ${describeOwner(owner)}`,
    remedy: `Choose the key file of ${server} from the kit (${describeOwner(owner)} must never be restored on ${server}).`,
  };
}
