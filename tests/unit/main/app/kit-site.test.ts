import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKit, kitCheckRefusal, kitSite, portableKitFolder } from '../../../../src/main/app/kit-site';
import { allFlows } from '../../../../src/main/procedures';
import type { KitFile } from '../../../../src/main/knowledge/recovery-kit/kit-index';
import type { KitCheckProgress } from '../../../../src/shared/recovery-kit';
import type { FlowId } from '../../../../src/shared/run-contract';
import { testWizardCore } from '../../support/test-wizard-core';
import { DrillSite } from '../../../../src/main/host/drill/drill-site';
import { sampleManifest } from '../../support/harness';
import { OperatorError } from '../../../../src/main/engine/errors';
import { localKit } from '../../../../src/main/host/kit/local-kit';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';

type KitFileSpec = {
  path: string;
  content: string | Buffer;
  entry: Omit<KitFile, 'path' | 'size' | 'sha256' | 'madeAt'>;
};

/** The files written into a new folder with the index Prepare would write for them. */
async function kitOf(files: readonly KitFileSpec[]): Promise<string> {
  const folder = tempDirectory('kit-site');
  for (const file of files) {
    const path = join(folder, ...file.path.split('\\'));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, file.content);
  }
  const hashed = await localKit.hash(
    folder,
    files.map((file) => file.path),
  );
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
    files: files.map((file, n) => ({
      path: file.path,
      size: hashed[n]?.size ?? 0,
      sha256: hashed[n]?.sha256 ?? '',
      madeAt: '2026-12-01T08:10:00+01:00',
      ...file.entry,
    })),
  });
  return folder;
}

const MANIFEST: KitFileSpec = {
  path: 'site.json',
  content: readFileSync(SAMPLE_MANIFEST_PATH),
  entry: { role: 'site-manifest' },
};

function kitWithManifest(): Promise<string> {
  return kitOf([MANIFEST]);
}

/** A kit as Prepare leaves it: the manifest, a key, backups (one of them Orchestrator's), a script and a pack. */
function wholeKit(): Promise<string> {
  return kitOf([
    MANIFEST,
    {
      path: 'Keys\\SCSM01-ServiceManager-key.bin',
      content: Buffer.alloc(4096, 3),
      entry: { role: 'encryption-key', server: 'SCSM01', keyRole: 'Service Manager' },
    },
    {
      path: 'Databases\\ServiceManager.bak',
      content: Buffer.alloc(3 * 1024 * 1024, 5),
      entry: { role: 'database-backup', database: 'ServiceManager', sqlServer: 'SQLSM01\\SCSM' },
    },
    {
      path: 'Databases\\Orchestrator.bak',
      content: Buffer.alloc(1024 * 1024, 9),
      entry: { role: 'database-backup', database: 'Orchestrator', sqlServer: 'SQLORCH01' },
    },
    {
      path: 'Databases\\ServiceManager-permissions.sql',
      content: 'CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS;\n',
      entry: { role: 'permissions-script', database: 'ServiceManager', sqlServer: 'SQLSM01\\SCSM' },
    },
    {
      path: 'ManagementPacks\\Contoso.Notifications.xml',
      content: '<ManagementPack/>',
      entry: { role: 'management-pack', server: 'SCSM01' },
    },
  ]);
}

const titleOf = (flowId: FlowId) => allFlows.find((flow) => flow.id === flowId)?.title ?? flowId;

describe('the real site verifies its kit folder whole before loading it', () => {
  it('hashes every file with progress (bytes, rate, time left) and finds an intact kit intact', async () => {
    const folder = await wholeKit();
    const seen: string[] = [];
    const check = await checkKit(folder, { titleOf, progress: (done, total) => seen.push(`${done}/${total}`) });
    expect(check).toMatchObject({ path: folder, verdict: 'intact', problems: [] });
    expect(check.summary).toMatch(
      // In this computer's time zone with its age, as every time the wizard shows.
      /^Contoso: 6 of 6 files intact, made on SCSM01 by CONTOSO\\operator, 2026-12-01 \d\d:30:00 .+ \(UTC[+-]\d\d:\d\d\), finished .+\.$/,
    );
    expect(seen.at(-1)).toMatch(/^(\d+)\/\1$/);
    expect(kitCheckRefusal(check, false)).toBeNull();
  });

  it('shows damaged files other than the manifest and keys with the recoveries they affect, and loads only when accepted', async () => {
    const folder = await wholeKit();
    writeFileSync(join(folder, 'Databases', 'Orchestrator.bak'), Buffer.alloc(1024 * 1024, 1));
    rmSync(join(folder, 'ManagementPacks', 'Contoso.Notifications.xml'));
    writeFileSync(join(folder, 'Databases', 'notes.txt'), 'left here by someone');
    const check = await checkKit(folder, { titleOf });
    expect(check.verdict).toBe('damaged');
    expect(check.summary).toMatch(/^Contoso: 4 of 6 files intact/);
    expect(
      check.problems.map(({ kind, file, role, affects, refuses }) => ({ kind, file, role, affects, refuses })),
    ).toEqual([
      {
        kind: 'changed',
        file: 'Databases\\Orchestrator.bak',
        role: 'database backup of Orchestrator from SQLORCH01',
        affects: ['Recover the Orchestrator database'],
        refuses: false,
      },
      {
        kind: 'missing',
        file: 'ManagementPacks\\Contoso.Notifications.xml',
        role: 'management pack from SCSM01',
        affects: [titleOf('import-management-packs')],
        refuses: false,
      },
      { kind: 'unexpected', file: 'Databases\\notes.txt', role: 'not in the kit index', affects: [], refuses: false },
    ]);
    expect(check.problems[0]?.found).toMatch(/^1048576 bytes, SHA-256 [0-9a-f]{64}$/);
    expect(kitCheckRefusal(check, false)).toMatch(/are damaged: Databases\\Orchestrator\.bak \(database backup/);
    expect(kitCheckRefusal(check, true)).toBeNull();
  });

  it('refuses a kit whose encryption key or manifest does not verify', async () => {
    const folder = await wholeKit();
    writeFileSync(join(folder, 'Keys', 'SCSM01-ServiceManager-key.bin'), Buffer.alloc(4096, 4));
    const key = await checkKit(folder, { titleOf });
    expect(key.verdict).toBe('refused');
    expect(key.problems).toEqual([
      expect.objectContaining({
        file: 'Keys\\SCSM01-ServiceManager-key.bin',
        refuses: true,
        affects: [titleOf('encryption-key'), titleOf('restore-management-server')],
      }),
    ]);
    expect(kitCheckRefusal(key, true)).toMatch(
      /cannot be used: Keys\\SCSM01-ServiceManager-key\.bin \(encryption key backup \(Service Manager\) from SCSM01, changed\)/,
    );
    rmSync(join(folder, 'site.json'));
    expect(
      (await checkKit(folder, { titleOf })).problems.find((problem) => problem.file === 'site.json'),
    ).toMatchObject({
      kind: 'missing',
      refuses: true,
      affects: ['every recovery'],
    });
  });

  it('through the wizard core: progress reaches the page, and a damaged kit loads only when the operator accepts it', async () => {
    const folder = await wholeKit();
    writeFileSync(join(folder, 'Databases', 'ServiceManager-permissions.sql'), '-- emptied\n');
    const events: KitCheckProgress[] = [];
    const core = testWizardCore('electron', {
      realHost: () => new DrillSite({ manifest: sampleManifest(), speed: 1000 }).host,
      emit: (channel, payload) => {
        if (channel === 'kit:check-progress') events.push(payload as KitCheckProgress);
      },
    });
    const check = await core.handlers['site:check-kit']({ path: folder });
    expect(check.verdict).toBe('damaged');
    expect(events.at(-1)).toMatchObject({ path: folder, percent: 100 });
    // A few small files: hashed in under a second on most machines, and no rate is made up for that.
    expect(events.at(-1)?.text).toMatch(/^Hashed [\d.]+ GB of [\d.]+ GB (in under a second|at \d+ MB\/s)$/);
    await expect(core.handlers['site:use-real']({ manifestPath: folder })).rejects.toThrow(/are damaged/);
    const site = await core.handlers['site:use-real']({ manifestPath: folder, acceptDamagedKit: true });
    expect(site).toMatchObject({ mode: 'real', siteName: sampleManifest().siteName });
    await core.dispose();
  });

  it('is not offered where the real site cannot be used', async () => {
    const core = testWizardCore('browser');
    await expect(core.handlers['site:check-kit']({ path: await wholeKit() })).rejects.toThrow(
      /real site cannot be used|drill/i,
    );
    await core.dispose();
  });
});

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
