import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatTaken } from '../../shared/local-time';
import { parseManifest } from '../../shared/manifest';
import type { KitCheck } from '../../shared/recovery-kit';
import type { FlowId } from '../../shared/run-contract';
import { describeError, OperatorError } from '../engine/errors';
import { kitFileOnDisk } from '../host/kit/kit-file-path';
import { localKit } from '../host/kit/local-kit';
import type { KitHost, KitProgress } from '../host/types';
import { KIT_INDEX_FILE, type KitIndex } from '../knowledge/recovery-kit/kit-index';
import { kitCheckProblems, verifyKitFolder } from '../procedures/common/kit-verification';

/**
 * The real site from its recovery kit: the operator gives the kit folder (or the wizard finds it
 * beside the portable .exe), its site manifest is checked against the kit index and loaded. A
 * manifest file given by itself (a kit made by hand) is loaded as it is.
 */

const MANIFEST_FILE = 'site.json';

export interface KitSite {
  manifestPath: string;
  /** The kit folder, when a folder was given. */
  kitFolder: string | null;
}

/** The folder's kit index, null for a folder without one; an index that cannot be read is the operator's to fix. */
async function readKitIndex(kit: KitHost, path: string): Promise<KitIndex | null> {
  try {
    return await kit.readIndex(path);
  } catch (error) {
    throw new OperatorError(describeError(error).message);
  }
}

function isFolder(path: string): boolean {
  const info = existsSync(path) ? statSync(path) : null;
  if (info === null) throw new OperatorError(`${path} does not exist.`);
  return info.isDirectory();
}

/**
 * The kit folder's every file hashed and compared with its index, as Verify kit does, before the
 * site is loaded from it: a manifest or encryption key that does not verify refuses the kit; any
 * other damaged file is the operator's to weigh, with the recoveries it affects.
 */
export async function checkKit(
  path: string,
  options: { kit?: KitHost; progress?: KitProgress; titleOf: (flowId: FlowId) => string },
): Promise<KitCheck> {
  const kit = options.kit ?? localKit;
  if (!isFolder(path)) {
    return {
      path,
      verdict: 'manifest-file',
      summary: `${path} is a site manifest by itself: there is no kit index to check it against.`,
      problems: [],
    };
  }
  const index = await readKitIndex(kit, path);
  if (index === null) {
    const { manifestPath } = await kitSite(path, kit);
    return {
      path,
      verdict: 'no-index',
      summary: `${path} has no ${KIT_INDEX_FILE} (a kit made by hand): ${manifestPath} is loaded as it is, nothing in the folder could be verified.`,
      problems: [],
    };
  }
  const comparison = await verifyKitFolder(kit, path, index, options.progress);
  const manifestEntry = index.files.find((file) => file.role === 'site-manifest');
  const manifestIntact = manifestEntry !== undefined && comparison.intact.includes(manifestEntry);
  const parsed = manifestIntact ? parseManifest(readFileSync(kitFileOnDisk(path, manifestEntry.path), 'utf8')) : null;
  const problems = kitCheckProblems(comparison, parsed?.ok ? parsed.manifest : null, options.titleOf);
  const verdict = problems.some((problem) => problem.refuses) ? 'refused' : problems.length > 0 ? 'damaged' : 'intact';
  return {
    path,
    verdict,
    summary: `${index.siteName}: ${comparison.intact.length} of ${index.files.length} files intact, made on ${index.madeOn} by ${index.madeBy}, ${formatTaken(index.finishedAt, Date.now(), undefined, 'finished')}${index.complete ? '' : ` (an incomplete kit: ${index.missing.length} element(s) missing when it was made)`}.`,
    problems,
  };
}

/** Why a checked kit cannot be loaded as it is, or null when it can. */
export function kitCheckRefusal(check: KitCheck, acceptDamaged: boolean): string | null {
  const listed = (problems: KitCheck['problems']) =>
    problems.map((problem) => `${problem.file} (${problem.role}, ${problem.kind})`).join('; ');
  if (check.verdict === 'refused') {
    return `The kit in ${check.path} cannot be used: ${listed(check.problems.filter((problem) => problem.refuses))} does not verify against the kit index. Take the kit from an intact copy.`;
  }
  if (check.verdict === 'damaged' && !acceptDamaged) {
    return `Files of the kit in ${check.path} are damaged: ${listed(check.problems)}. Read which recoveries they affect, then load the site anyway or take an intact copy.`;
  }
  return null;
}

export async function kitSite(path: string, kit: KitHost = localKit): Promise<KitSite> {
  if (!isFolder(path)) return { manifestPath: path, kitFolder: null };
  const index = await readKitIndex(kit, path);
  const entry = index?.files.find((file) => file.role === 'site-manifest');
  const manifestPath = kitFileOnDisk(path, entry?.path ?? MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new OperatorError(
      `${path} holds no ${entry?.path ?? MANIFEST_FILE}${index === null ? ` and no ${KIT_INDEX_FILE}` : ''}: choose the recovery kit folder, or the site manifest itself.`,
    );
  }
  if (entry !== undefined) {
    const [found] = await kit.hash(path, [entry.path]);
    if (found?.sha256 !== entry.sha256 || found.size !== entry.size) {
      throw new OperatorError(
        `The site manifest ${entry.path} does not match the kit index: expected ${entry.size} bytes, SHA-256 ${entry.sha256}; found ${found?.size ?? 0} bytes, SHA-256 ${found?.sha256 ?? 'unreadable'}. Take the kit from an intact copy.`,
      );
    }
  }
  return { manifestPath, kitFolder: path };
}

/** The kit the portable build finds beside its .exe: that folder itself, or a RecoveryKit folder in it. */
export function portableKitFolder(portableDirectory: string | undefined): string | undefined {
  if (portableDirectory === undefined || portableDirectory === '') return undefined;
  return [portableDirectory, join(portableDirectory, 'RecoveryKit')].find(
    (folder) => existsSync(join(folder, KIT_INDEX_FILE)) || existsSync(join(folder, MANIFEST_FILE)),
  );
}
