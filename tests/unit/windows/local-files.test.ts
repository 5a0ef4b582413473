import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localFileFacts, localFolderWritable } from '../../../src/main/host/windows/local-files';
import { tempDirectory } from '../support/harness';

describe('local file facts', () => {
  it('gives size and SHA-256 of a file, and says when it is missing', async () => {
    const folder = tempDirectory('facts');
    const file = join(folder, 'SMBackupkey.bin');
    writeFileSync(file, 'abc');
    expect(await localFileFacts(file)).toMatchObject({
      exists: true,
      isDirectory: false,
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(await localFileFacts(join(folder, 'missing.bin'))).toMatchObject({ exists: false, sha256: null });
    expect(await localFileFacts(folder)).toMatchObject({ exists: true, isDirectory: true });
  });

  it('finds out whether a folder is writable by trying, and leaves nothing behind', async () => {
    const folder = tempDirectory('writable');
    expect(await localFolderWritable(folder)).toBe(true);
    expect(await localFolderWritable(join(folder, 'missing'))).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });
});
