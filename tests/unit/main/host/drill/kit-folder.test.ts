import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKitFolder } from '../../../../../src/main/host/drill/kit-folder';
import { buildInitialState } from '../../../../../src/main/host/drill/initial-state';
import type { KitIndex } from '../../../../../src/main/knowledge/recovery-kit/kit-index';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../../support/harness';
import { sha256, writeKit } from '../../../support/kit-folder';

describe('a drill from a recovery kit', () => {
  it('reads the kit’s manifest and every file with its size and checksum, never guessing one', async () => {
    const { folder, backup } = writeKit({ index: true, checksums: true });
    const kit = await readKitFolder(folder);
    expect(kit.manifest.siteName).toBe('Fabrikam');
    const byPath = new Map(kit.files.map((file) => [file.path, file]));
    expect(byPath.get('Databases\\ServiceManager.bak')).toMatchObject({
      size: backup.length,
      sha256: 'a'.repeat(64),
      checksumFrom: 'kit-index',
    });
    expect(byPath.get('Databases\\ServiceManager-permissions.sql')).toMatchObject({
      checksumFrom: 'checksum-list',
      content: 'CREATE LOGIN [FABRIKAM\\svc-scsm] FROM WINDOWS;\n',
    });
    expect(byPath.get('site.json')?.checksumFrom).toBe('read');
    expect(byPath.get('site.json')?.sha256).toBe(sha256(readFileSync(join(folder, 'site.json'))));
  });

  it('puts the kit’s files on the site’s own share, a backup with the header RESTORE HEADERONLY reads', async () => {
    const { folder, backup } = writeKit({ index: true, checksums: true });
    const kit = await readKitFolder(folder);
    const state = buildInitialState(kit.manifest, undefined, kit.files);
    expect(state.shares).toContain('\\\\FAB-FS\\Kit\\Databases');
    const onShare = Object.values(state.files).find(
      (file) => file.path === '\\\\FAB-FS\\Kit\\Databases\\ServiceManager.bak',
    );
    expect(onShare?.size).toBe(backup.length);
    expect(onShare?.sqlBackup?.databaseName).toBe('ServiceManager');
    expect(onShare?.sqlBackup?.serverName.toUpperCase()).toBe('SQLSM01\\SCSM');
    // The drill's own sample kit is not there: the site rehearses with its own files only.
    expect(Object.values(state.files).some((file) => file.path.startsWith('\\\\FS01\\'))).toBe(false);
  });

  it('reads a kit made by hand, with checksum lists and no index', async () => {
    const { folder, backup } = writeKit({ checksums: true });
    const kit = await readKitFolder(folder);
    expect(kit.index).toBeNull();
    expect(kit.files.find((file) => file.path === 'Databases\\ServiceManager.bak')).toMatchObject({
      sha256: sha256(backup),
      checksumFrom: 'checksum-list',
    });
  });

  it('refuses a folder that is not a kit, saying why', async () => {
    const empty = tempDirectory('not-a-kit');
    await expect(readKitFolder(empty)).rejects.toThrow(`${empty} is not a recovery kit: it has no site.json`);
    await expect(readKitFolder(join(empty, 'absent'))).rejects.toThrow('is not a folder this computer can open');

    const manifestOnly = tempDirectory('manifest-only');
    writeFileSync(join(manifestOnly, 'site.json'), readFileSync(SAMPLE_MANIFEST_PATH));
    await expect(readKitFolder(manifestOnly)).rejects.toThrow(/neither a kit-index\.json nor the Databases/);

    const { folder } = writeKit({ index: true });
    writeFileSync(join(folder, 'kit-index.json'), '{"schemaVersion": 1}');
    await expect(readKitFolder(folder)).rejects.toThrow(/its kit-index\.json is not a kit index \(siteName/);

    const badManifest = tempDirectory('bad-manifest');
    writeFileSync(join(badManifest, 'site.json'), '{"siteName": 3}');
    await expect(readKitFolder(badManifest)).rejects.toThrow(/its site\.json is not a valid site manifest/);
  });

  it('refuses an index naming a file outside the kit, and reads nothing of it', async () => {
    const { folder } = writeKit({ index: true });
    const index = JSON.parse(readFileSync(join(folder, 'kit-index.json'), 'utf8')) as KitIndex;
    const [backup] = index.files;
    if (!backup) throw new Error('the kit index lists no file');
    index.files.push({ ...backup, path: '..\\secret.txt', role: 'management-pack' });
    writeFileSync(join(folder, 'kit-index.json'), JSON.stringify(index));
    await expect(readKitFolder(folder)).rejects.toThrow(
      `${folder} is not a recovery kit: its kit-index.json is not a kit index (files.1.path: not a path inside the kit: it leads out of the kit folder).`,
    );
  });

  // Windows cannot make either: no named pipe in a folder, no backslash in a name.
  it.skipIf(process.platform === 'win32')(
    'refuses a file named with backslashes that would name one outside the kit, and a named pipe as its manifest',
    async () => {
      const { folder } = writeKit({ index: true });
      writeFileSync(join(folder, '..\\secret.txt'), 'a decoy');
      await expect(readKitFolder(folder)).rejects.toThrow(
        `${folder} holds a file or folder named "..\\secret.txt": a Windows file name cannot hold a backslash, so this is not a recovery kit.`,
      );

      const piped = tempDirectory('kit-pipe');
      expect(spawnSync('mkfifo', [join(piped, 'site.json')]).status).toBe(0);
      await expect(readKitFolder(piped)).rejects.toThrow(
        `${join(piped, 'site.json')} is not an ordinary file (a folder, a pipe or a device): it cannot be a site manifest.`,
      );
    },
  );
});
