import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { HostError } from '../knowledge/failures';

/**
 * A small file the wizard reads whole (a site manifest, a kit index) from a stick or a share that
 * anyone may have written to. A named pipe in its place would hold a plain read for ever, and the
 * main process with it: the file is opened without waiting (O_NONBLOCK, where the system has it)
 * and read only when it is an ordinary file of a sensible size. Null when there is no such file.
 */

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refusal(path: string, info: Stats, maxBytes: number, what: string): HostError | null {
  if (!info.isFile()) {
    return new HostError(
      'unsupported',
      `${path} is not an ordinary file (a folder, a pipe or a device): it cannot be ${what}.`,
    );
  }
  if (info.size > maxBytes)
    return new HostError('unsupported', `${path} is ${info.size} bytes: too large to be ${what}.`);
  return null;
}

const absent = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export async function readRegularFile(path: string, maxBytes: number, what: string): Promise<Buffer | null> {
  const handle = await open(path, OPEN_FLAGS).catch((error: unknown) => {
    if (absent(error)) return null;
    throw error;
  });
  if (handle === null) return null;
  try {
    const refused = refusal(path, await handle.stat(), maxBytes, what);
    if (refused) throw refused;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export function readRegularFileSync(path: string, maxBytes: number, what: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if (absent(error)) return null;
    throw error;
  }
  try {
    const refused = refusal(path, fstatSync(fd), maxBytes, what);
    if (refused) throw refused;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
