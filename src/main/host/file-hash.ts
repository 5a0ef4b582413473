import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's SHA-256, streamed: a backup of many gigabytes is never held in memory. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
