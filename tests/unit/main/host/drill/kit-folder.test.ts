import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKitFolder } from '../../../../../src/main/host/drill/kit-folder';
import { buildInitialState } from '../../../../../src/main/host/drill/initial-state';
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
});
