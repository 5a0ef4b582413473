import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HostError } from '../../knowledge/failures';
import type { FileFacts } from '../types';
import { replaceFileContents } from '../replace-file';
import { sha256OfFile } from '../file-hash';

/**
 * Facts about files the wizard itself reads and writes (key backups on a local disk or a UNC
 * share), taken by this process directly: no PowerShell round trip, and a UNC path works as is.
 */

const readChunkBytes = 64 * 1024;

export async function localFileFacts(path: string): Promise<FileFacts> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      return { path, exists: true, isDirectory: true, size: 0, modified: info.mtime.toISOString(), sha256: null };
    }
    return {
      path,
      exists: true,
      isDirectory: false,
      size: info.size,
      modified: info.mtime.toISOString(),
      sha256: await sha256OfFile(path),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path, exists: false, isDirectory: false, size: 0, modified: null, sha256: null };
    }
    throw error;
  }
}

/** Permissions on shares are too varied to read reliably, so the answer comes from trying. */
export async function localFolderWritable(folder: string): Promise<boolean> {
  const probe = join(folder, `.recovery-wizard-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
    await unlink(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files directly in a folder, by name. Their content is not hashed: a folder of database
 * backups would take minutes; stat the one file whose hash matters.
 */
export async function localFolderFiles(folder: string): Promise<FileFacts[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fileError(error, folder);
  }
  const files: FileFacts[] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    const path = join(folder, name);
    try {
      // stat, not the directory entry, so a link to a file counts as the file it points to.
      const info = await stat(path);
      if (!info.isFile()) continue;
      files.push({
        path,
        exists: true,
        isDirectory: false,
        size: info.size,
        modified: info.mtime.toISOString(),
        sha256: null,
      });
    } catch (error) {
      // Deleted since the folder was read, or a link to nothing: not a file of the folder.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, path);
    }
  }
  return files;
}

/**
 * A text file's content, decoded from UTF-16 when it starts with that byte order mark and from
 * UTF-8 otherwise. At most maxBytes + 1 bytes are read, so a file still growing cannot slip past
 * the limit between a size check and the read.
 */
export async function localReadText(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, path);
  }
  try {
    if ((await handle.stat()).isDirectory()) throw new HostError('not-found', `${path} is a folder, not a file.`);
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(readChunkBytes, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > maxBytes) {
      throw new HostError('unsupported', `${path} is larger than the ${maxBytes} bytes the wizard reads from it.`);
    }
    return decodeText(Buffer.concat(chunks));
  } catch (error) {
    throw error instanceof HostError ? error : fileError(error, path);
  } finally {
    await handle.close();
  }
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function fileError(error: unknown, path: string): HostError {
  const details = String(error);
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return new HostError('not-found', `${path} does not exist.`, details);
    // Windows refuses to open a folder as a file, where Linux opens it and the stat tells.
    case 'EISDIR':
      return new HostError('not-found', `${path} is a folder, not a file.`, details);
    case 'ENOTDIR':
      return new HostError('not-found', `A part of ${path} is a file, not a folder.`, details);
    case 'EACCES':
    case 'EPERM':
      return new HostError('access-denied', `Access to ${path} is denied.`, details);
    default:
      return new HostError('script', `${path} could not be read.`, details);
  }
}

export async function localCreateFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw fileError(error, path);
  }
}

/** UTF-8 without a byte order mark, written beside the file and renamed over it. */
export async function localWriteText(path: string, text: string): Promise<void> {
  try {
    replaceFileContents(path, Buffer.from(text, 'utf8'));
  } catch (error) {
    throw fileError(error, path);
  }
}
