import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, OperatorError } from '../engine/errors';
import { localKit } from '../host/kit/local-kit';
import { KIT_INDEX_FILE } from '../knowledge/recovery-kit/kit-index';

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

export async function kitSite(path: string): Promise<KitSite> {
  const info = existsSync(path) ? statSync(path) : null;
  if (info === null) throw new OperatorError(`${path} does not exist.`);
  if (!info.isDirectory()) return { manifestPath: path, kitFolder: null };
  let index;
  try {
    index = await localKit.readIndex(path);
  } catch (error) {
    throw new OperatorError(describeError(error).message);
  }
  const entry = index?.files.find((file) => file.role === 'site-manifest');
  const manifestPath = join(path, ...(entry?.path ?? MANIFEST_FILE).split('\\'));
  if (!existsSync(manifestPath)) {
    throw new OperatorError(
      `${path} holds no ${entry?.path ?? MANIFEST_FILE}${index === null ? ` and no ${KIT_INDEX_FILE}` : ''}: choose the recovery kit folder, or the site manifest itself.`,
    );
  }
  if (entry !== undefined) {
    const [found] = await localKit.hash(path, [entry.path]);
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
