import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { HostError } from '../../knowledge/failures';
import { KIT_INDEX_FILE } from '../../knowledge/recovery-kit/kit-index';
import { kitIndexText, parseKitIndex } from '../../knowledge/recovery-kit/kit-index-text';
import { readRegularFile } from '../regular-file';
import { replaceFileDurably } from '../replace-file';
import type { KitFileFound, KitFileHash, KitHost, KitProgress } from '../types';
import { runFileJobs, type FileJobResult } from './file-jobs';
import { kitEntryName, kitFileOnDisk as onDisk } from './kit-file-path';

/**
 * The recovery kit on a disk this process reads directly: the wizard's own computer, a USB drive
 * or a share. The same code runs on Windows at a site and on Linux for the benchmark and tests.
 */

const MAX_INDEX_BYTES = 16 * 1024 * 1024;

function kitPath(folder: string, file: string): string {
  return relative(folder, file).split(sep).join('\\');
}

async function walk(folder: string, root: string, found: KitFileFound[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(folder, kitEntryName(root, entry.name));
    if (entry.isDirectory()) {
      await walk(path, root, found);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const info = await stat(path).catch(() => null);
      if (info?.isFile() === true) found.push({ path: kitPath(root, path), size: info.size });
    }
  }
}

function progressCounter(totalBytes: number, progress: KitProgress | undefined): (bytes: number) => void {
  let done = 0;
  return (bytes) => {
    done += bytes;
    progress?.(done, totalBytes);
  };
}

async function sizes(folder: string, paths: readonly string[]): Promise<(number | null)[]> {
  return Promise.all(
    paths.map(async (path) => {
      const info = await stat(onDisk(folder, path)).catch(() => null);
      return info?.isFile() === true ? info.size : null;
    }),
  );
}

const DRIVE_GONE = new Set(['EIO', 'ENODEV', 'ENXIO', 'ENOENT', 'EROFS', 'ENOTCONN']);

function copyFailure(destination: string, path: string, failure: Extract<FileJobResult, { ok: false }>): HostError {
  if (failure.code === 'ENOSPC' || failure.code === 'EDQUOT') {
    return new HostError(
      'disk-full',
      `The drive of ${destination} is full: ${path} could not be copied whole. No index was written, so this copy does not claim to be a kit.`,
      failure.message,
    );
  }
  if (DRIVE_GONE.has(failure.code)) {
    return new HostError(
      'unreachable',
      `${destination} can no longer be written (the drive was removed, or the file ${path} went missing): the copy stopped. No index was written, so this copy does not claim to be a kit.`,
      failure.message,
    );
  }
  return new HostError('access-denied', `${path} could not be copied to ${destination}.`, failure.message);
}

export const localKit: KitHost = {
  clock: () => Date.now(),
  list: async (folder) => {
    const info = await stat(folder).catch(() => null);
    if (info?.isDirectory() !== true) throw new HostError('not-found', `There is no folder ${folder}.`);
    const found: KitFileFound[] = [];
    await walk(folder, folder, found);
    return found.sort((a, b) => a.path.localeCompare(b.path));
  },

  hash: async (folder, paths, progress) => {
    const known = await sizes(folder, paths);
    const present = paths.flatMap((path, index) => {
      const size = known[index];
      return size === null || size === undefined ? [] : [{ path, size }];
    });
    const total = present.reduce((sum, file) => sum + file.size, 0);
    const results = await runFileJobs(
      present.map((file) => ({ file: onDisk(folder, file.path), size: file.size })),
      progressCounter(total, progress),
    );
    const byPath = new Map<string, KitFileHash | null>();
    present.forEach((file, index) => {
      const result = results[index];
      byPath.set(file.path, result?.ok === true ? { path: file.path, size: result.size, sha256: result.sha256 } : null);
    });
    return paths.map((path) => byPath.get(path) ?? null);
  },

  copy: async (source, destination, paths, progress) => {
    const known = await sizes(source, paths);
    const missing = paths.find((_, index) => known[index] === null);
    if (missing !== undefined) throw new HostError('not-found', `${missing} is not in ${source}: nothing was copied.`);
    // An index left from an earlier copy would claim files this copy is about to overwrite.
    await localKit.removeIndex(destination);
    for (const folder of new Set(paths.map((path) => dirname(onDisk(destination, path))))) {
      await mkdir(folder, { recursive: true });
    }
    const total = known.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    const results = await runFileJobs(
      paths.map((path, index) => ({
        file: onDisk(source, path),
        to: onDisk(destination, path),
        size: known[index] ?? 0,
      })),
      progressCounter(total, progress),
      { stopOnFailure: true },
    );
    const hashes: KitFileHash[] = [];
    let failure: HostError | undefined;
    results.forEach((result, index) => {
      const path = paths[index] ?? '';
      if (result.ok) hashes.push({ path, size: result.size, sha256: result.sha256 });
      // The first real failure, not the files left undone because of it.
      else if (failure === undefined && result.code !== 'ECANCELED') failure = copyFailure(destination, path, result);
    });
    if (failure !== undefined) throw failure;
    return hashes;
  },

  readIndex: async (folder) => {
    const path = join(folder, KIT_INDEX_FILE);
    const bytes = await readRegularFile(path, MAX_INDEX_BYTES, 'a kit index');
    return bytes === null ? null : parseKitIndex(path, bytes.toString('utf8'));
  },

  removeIndex: async (folder) => {
    await rm(join(folder, KIT_INDEX_FILE), { force: true });
  },

  writeIndex: async (folder, index) => {
    replaceFileDurably(join(folder, KIT_INDEX_FILE), kitIndexText(index));
  },
};
