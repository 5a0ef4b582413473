import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileFacts } from '../types';

/**
 * Facts about files the wizard itself reads and writes (key backups on a local disk or a UNC
 * share), taken by this process directly: no PowerShell round trip, and a UNC path works as is.
 */

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

function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
