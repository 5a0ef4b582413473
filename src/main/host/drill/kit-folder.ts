import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, type SiteManifest } from '../../../shared/manifest';
import { HostError } from '../../knowledge/failures';
import { KIT_INDEX_FILE, kitIndexSchema, type KitFile, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import {
  KIT_CHECKSUM_FILE,
  KIT_DATABASE_FOLDER,
  KIT_PACK_FOLDER,
  parseChecksumList,
} from '../../knowledge/recovery-kit/layout';
import { sha256OfFile } from '../file-hash';
import { kitEntryName, kitFileOnDisk as onDisk } from '../kit/kit-file-path';
import { readRegularFile } from '../regular-file';

/**
 * A real recovery kit read for a drill: its manifest, its index and the facts of every file (size,
 * time, SHA-256, the text of the small text files), never the bytes of a backup. The drill puts
 * these files on its simulated kit share, so a site rehearses with its own names and files.
 */

export const KIT_MANIFEST_FILE = 'site.json';

export interface DrillKitFile {
  /** Relative to the kit's folder, with backslashes, as the kit index writes it. */
  path: string;
  size: number;
  modified: string;
  sha256: string;
  /** Where the checksum comes from: the kit's own record of it, or the file read now. */
  checksumFrom: 'kit-index' | 'checksum-list' | 'read';
  /** The text of a small text file (a management pack, a script, a checksum list). */
  content?: string;
  /** What the kit index says of the file. */
  indexed?: KitFile;
}

export interface DrillKit {
  folder: string;
  manifest: SiteManifest;
  index: KitIndex | null;
  files: DrillKitFile[];
}

const TEXT_EXTENSIONS = new Set(['.xml', '.sql', '.sha256', '.json', '.txt', '.ps1', '.csv', '.log']);
const MAX_TEXT_BYTES = 4 * 1024 ** 2;
const MAX_FILES = 5000;
const MAX_DEPTH = 4;

export async function readKitFolder(folder: string): Promise<DrillKit> {
  const refuse = (why: string) => new HostError('not-found', `${folder} is not a recovery kit: ${why}`);
  const facts = await stat(folder).catch(() => null);
  if (!facts?.isDirectory()) throw new HostError('not-found', `${folder} is not a folder this computer can open.`);

  const manifestText = (
    await readRegularFile(join(folder, KIT_MANIFEST_FILE), MAX_TEXT_BYTES, 'a site manifest')
  )?.toString('utf8');
  if (manifestText === undefined) {
    throw refuse(`it has no ${KIT_MANIFEST_FILE}, the site manifest every kit holds at its root.`);
  }
  const parsed = parseManifest(manifestText);
  if (!parsed.ok) throw refuse(`its ${KIT_MANIFEST_FILE} is not a valid site manifest (${parsed.errors.join('; ')}).`);

  const index = await readIndex(folder, refuse);
  if (index && index.siteName !== parsed.manifest.siteName) {
    throw refuse(
      `its ${KIT_INDEX_FILE} is of the site “${index.siteName}” but its ${KIT_MANIFEST_FILE} of “${parsed.manifest.siteName}”.`,
    );
  }
  const paths = await listFiles(folder, '', 0, []);
  const checksumLists = await readChecksumLists(folder, paths);
  if (!index && checksumLists.size === 0) {
    throw refuse(
      `it has a ${KIT_MANIFEST_FILE} but neither a ${KIT_INDEX_FILE} nor the ${KIT_DATABASE_FOLDER} or ${KIT_PACK_FOLDER} folder with its ${KIT_CHECKSUM_FILE}.`,
    );
  }
  const indexed = new Map((index?.files ?? []).map((file) => [file.path.toLowerCase(), file]));
  const files: DrillKitFile[] = [];
  for (const path of paths) {
    files.push(await kitFile(folder, path, indexed.get(path.toLowerCase()), checksumLists));
  }
  return { folder, manifest: parsed.manifest, index, files };
}

/**
 * The kit with these files (paths as the index writes them) read again: a check found them changed
 * since the index recorded them, so the drill holds them as they are, and meets the damage where a
 * real recovery would.
 */
export async function readKitFilesAgain(kit: DrillKit, paths: ReadonlySet<string>): Promise<DrillKit> {
  const again = new Set([...paths].map((path) => path.toLowerCase()));
  const files: DrillKitFile[] = [];
  for (const file of kit.files) {
    if (!again.has(file.path.toLowerCase())) files.push(file);
    else files.push({ ...file, sha256: await sha256OfFile(onDisk(kit.folder, file.path)), checksumFrom: 'read' });
  }
  return { ...kit, files };
}

async function readIndex(folder: string, refuse: (why: string) => Error): Promise<KitIndex | null> {
  const text = (await readRegularFile(join(folder, KIT_INDEX_FILE), MAX_TEXT_BYTES, 'a kit index'))?.toString('utf8');
  if (text === undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw refuse(`its ${KIT_INDEX_FILE} is not JSON (${(error as Error).message}).`);
  }
  const parsed = kitIndexSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'index'}: ${issue.message}`);
    throw refuse(`its ${KIT_INDEX_FILE} is not a kit index (${problems.slice(0, 3).join('; ')}).`);
  }
  return parsed.data;
}

/** The kit's files, relative and with backslashes; a kit larger than any real one is refused rather than read for ever. */
async function listFiles(folder: string, relative: string, depth: number, found: string[]): Promise<string[]> {
  const entries = await readdir(join(folder, ...relative.split('\\').filter(Boolean)), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = kitEntryName(folder, entry.name);
    const path = relative ? `${relative}\\${name}` : name;
    if (entry.isDirectory() && depth < MAX_DEPTH) await listFiles(folder, path, depth + 1, found);
    if (!entry.isFile()) continue;
    found.push(path);
    if (found.length > MAX_FILES) {
      throw new HostError('unsupported', `${folder} holds more than ${MAX_FILES} files: that is not a recovery kit.`);
    }
  }
  return found;
}

/** Each folder's checksum list, by the folder's relative path (lower-case). */
async function readChecksumLists(folder: string, paths: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const lists = new Map<string, Map<string, string>>();
  for (const path of paths) {
    if (baseName(path).toLowerCase() !== KIT_CHECKSUM_FILE) continue;
    const text = await readFile(onDisk(folder, path), 'utf8');
    try {
      lists.set(parentOf(path).toLowerCase(), parseChecksumList(text));
    } catch (error) {
      throw new HostError('unsupported', `${path} in ${folder}: ${(error as Error).message}.`);
    }
  }
  return lists;
}

async function kitFile(
  folder: string,
  path: string,
  indexed: KitFile | undefined,
  checksumLists: Map<string, Map<string, string>>,
): Promise<DrillKitFile> {
  const facts = await stat(onDisk(folder, path));
  const listed = checksumLists.get(parentOf(path).toLowerCase())?.get(baseName(path).toLowerCase());
  const isText = TEXT_EXTENSIONS.has(extensionOf(path)) && facts.size <= MAX_TEXT_BYTES;
  const bytes = isText ? await readFile(onDisk(folder, path)) : undefined;
  // A backup of many gigabytes is not read again here when the kit records its checksum: Verify
  // kit does that. A size that differs from the index's means the file changed, so it is read.
  const recorded: Pick<DrillKitFile, 'sha256' | 'checksumFrom'> | null =
    indexed && indexed.size === facts.size
      ? { sha256: indexed.sha256, checksumFrom: 'kit-index' }
      : listed && !indexed
        ? { sha256: listed, checksumFrom: 'checksum-list' }
        : null;
  const sha256 =
    recorded ??
    ({
      sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : await sha256OfFile(onDisk(folder, path)),
      checksumFrom: 'read',
    } as const);
  return {
    path,
    size: facts.size,
    modified: facts.mtime.toISOString(),
    ...sha256,
    ...(bytes ? { content: bytes.toString('utf8') } : {}),
    ...(indexed ? { indexed } : {}),
  };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('\\') + 1);
const parentOf = (path: string) => (path.includes('\\') ? path.slice(0, path.lastIndexOf('\\')) : '');
const extensionOf = (path: string) => {
  const name = baseName(path);
  return name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
};
