import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitSite, portableKitFolder } from '../../../../src/main/app/kit-site';
import { OperatorError } from '../../../../src/main/engine/errors';
import { localKit } from '../../../../src/main/host/kit/local-kit';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';

async function kitWithManifest(): Promise<string> {
  const folder = tempDirectory('kit-site');
  writeFileSync(join(folder, 'site.json'), readFileSync(SAMPLE_MANIFEST_PATH));
  const [manifest] = await localKit.hash(folder, ['site.json']);
  if (!manifest) throw new Error('site.json was not written');
  await localKit.writeIndex(folder, {
    schemaVersion: 1,
    siteName: 'Contoso',
    madeBy: 'CONTOSO\\operator',
    madeOn: 'SCSM01',
    wizardVersion: '0.1.0',
    startedAt: '2026-12-01T08:00:00+01:00',
    finishedAt: '2026-12-01T08:30:00+01:00',
    complete: true,
    missing: [],
    files: [{ ...manifest, role: 'site-manifest', madeAt: '2026-12-01T08:00:00+01:00' }],
  });
  return folder;
}

describe('the real site from a recovery kit', () => {
  it('takes a kit folder: its manifest is the index’s, checked against it', async () => {
    const folder = await kitWithManifest();
    expect(await kitSite(folder)).toEqual({ manifestPath: join(folder, 'site.json'), kitFolder: folder });
  });

  it('refuses a kit whose manifest changed since the kit was made, with the evidence', async () => {
    const folder = await kitWithManifest();
    writeFileSync(join(folder, 'site.json'), '{"siteName":"Elsewhere"}');
    const loading = kitSite(folder);
    await expect(loading).rejects.toBeInstanceOf(OperatorError);
    await expect(loading).rejects.toThrow(
      /does not match the kit index: expected \d+ bytes, SHA-256 [0-9a-f]{64}; found 24 bytes/,
    );
  });

  it('keeps a hand-written manifest working, given as a file or as a kit folder without an index', async () => {
    expect(await kitSite(SAMPLE_MANIFEST_PATH)).toEqual({ manifestPath: SAMPLE_MANIFEST_PATH, kitFolder: null });
    const folder = tempDirectory('kit-by-hand');
    writeFileSync(join(folder, 'site.json'), readFileSync(SAMPLE_MANIFEST_PATH));
    expect(await kitSite(folder)).toEqual({ manifestPath: join(folder, 'site.json'), kitFolder: folder });
    await expect(kitSite(tempDirectory('kit-empty'))).rejects.toThrow(/holds no site\.json and no kit-index\.json/);
  });

  it('finds the kit beside the portable .exe, in its folder or a RecoveryKit folder there', async () => {
    const stick = tempDirectory('stick');
    expect(portableKitFolder(stick)).toBeUndefined();
    expect(portableKitFolder(undefined)).toBeUndefined();
    mkdirSync(join(stick, 'RecoveryKit'));
    writeFileSync(join(stick, 'RecoveryKit', 'kit-index.json'), '{}');
    expect(portableKitFolder(stick)).toBe(join(stick, 'RecoveryKit'));
  });
});
