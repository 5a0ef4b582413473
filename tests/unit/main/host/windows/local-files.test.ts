import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../../../../src/main/knowledge/failures';
import {
  localFileFacts,
  localFolderFiles,
  localFolderWritable,
  localReadText,
} from '../../../../../src/main/host/windows/local-files';
import { tempDirectory } from '../../../support/harness';

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

describe('local folder listing', () => {
  it('lists the files directly in a folder by name, without their subfolders', async () => {
    const folder = tempDirectory('list');
    writeFileSync(join(folder, 'b.xml'), '<ManagementPack/>');
    writeFileSync(join(folder, 'a.mp'), 'abc');
    mkdirSync(join(folder, 'Sub folder'));
    writeFileSync(join(folder, 'Sub folder', 'c.xml'), 'nested');
    const files = await localFolderFiles(folder);
    expect(files.map((file) => file.path)).toEqual([join(folder, 'a.mp'), join(folder, 'b.xml')]);
    expect(files[0]).toMatchObject({ exists: true, isDirectory: false, size: 3, sha256: null });
    expect(typeof files[0]?.modified).toBe('string');
  });

  it('answers an empty list for a missing folder and refuses a file', async () => {
    const folder = tempDirectory('list-missing');
    expect(await localFolderFiles(join(folder, 'missing'))).toEqual([]);
    writeFileSync(join(folder, 'file.txt'), 'x');
    await expect(localFolderFiles(join(folder, 'file.txt'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('local text files', () => {
  it('reads UTF-8, with or without a byte order mark, and UTF-16 with one', async () => {
    const folder = tempDirectory('read-text');
    const text = 'Setup log – Überwachung 服务\r\nline two';
    writeFileSync(join(folder, 'plain.txt'), text, 'utf8');
    writeFileSync(join(folder, 'bom.txt'), `\ufeff${text}`, 'utf8');
    writeFileSync(join(folder, 'utf16.txt'), Buffer.from(`\ufeff${text}`, 'utf16le'));
    for (const name of ['plain.txt', 'bom.txt', 'utf16.txt']) {
      expect(await localReadText(join(folder, name), 1_000)).toBe(text);
    }
  });

  it('reads a file of exactly the limit and refuses a larger one as unsupported', async () => {
    const folder = tempDirectory('read-limit');
    writeFileSync(join(folder, 'ten.txt'), '0123456789');
    expect(await localReadText(join(folder, 'ten.txt'), 10)).toBe('0123456789');
    const error = await localReadText(join(folder, 'ten.txt'), 9).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'unsupported' });
    expect((error as HostError).message).toContain('larger than the 9 bytes');
  });

  it('says when the file is missing or is a folder', async () => {
    const folder = tempDirectory('read-missing');
    await expect(localReadText(join(folder, 'missing.txt'), 10)).rejects.toMatchObject({ code: 'not-found' });
    await expect(localReadText(folder, 10)).rejects.toMatchObject({ code: 'not-found' });
  });
});
