import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KitIndex } from '../../../src/main/knowledge/recovery-kit/kit-index';
import type { SiteManifest } from '../../../src/shared/manifest';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from './harness';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A kit of another site (its own name and share), as "Prepare the recovery kit" writes it. Its index
 * lists the backup only, with a SHA-256 the backup does not have, unless `intact`: then it lists
 * every file as it is, and the kit verifies.
 */
export function writeKit(options: { index?: boolean; checksums?: boolean; intact?: boolean } = {}): {
  folder: string;
  backup: Buffer;
} {
  const folder = tempDirectory('kit');
  const manifest = JSON.parse(readFileSync(SAMPLE_MANIFEST_PATH, 'utf8')) as SiteManifest;
  manifest.siteName = 'Fabrikam';
  manifest.recoveryKitPath = '\\\\FAB-FS\\Kit';
  writeFileSync(join(folder, 'site.json'), JSON.stringify(manifest));
  mkdirSync(join(folder, 'Databases'));
  const backup = Buffer.alloc(256 * 1024, 7);
  writeFileSync(join(folder, 'Databases', 'ServiceManager.bak'), backup);
  const script = 'CREATE LOGIN [FABRIKAM\\svc-scsm] FROM WINDOWS;\n';
  writeFileSync(join(folder, 'Databases', 'ServiceManager-permissions.sql'), script);
  if (options.checksums) {
    writeFileSync(
      join(folder, 'Databases', 'checksums.sha256'),
      `${sha256(backup)}  ServiceManager.bak\n${sha256(script)}  ServiceManager-permissions.sql\n`,
    );
  }
  if (options.index) {
    const index: KitIndex = {
      schemaVersion: 1,
      siteName: 'Fabrikam',
      madeBy: 'FABRIKAM\\admin',
      madeOn: 'FAB-SCSM01',
      wizardVersion: 'test',
      startedAt: '2026-11-30T22:00:00+01:00',
      finishedAt: '2026-11-30T22:40:00+01:00',
      complete: true,
      missing: [],
      files: [
        {
          path: 'Databases\\ServiceManager.bak',
          role: 'database-backup',
          size: backup.length,
          // The index's record is trusted for an unchanged size: the test tells them apart by it.
          sha256: options.intact ? sha256(backup) : 'a'.repeat(64),
          madeAt: '2026-11-30T22:10:00+01:00',
          database: 'ServiceManager',
          sqlServer: 'SQLSM01\\SCSM',
        },
        ...(options.intact ? everyOtherFile(folder) : []),
      ],
    };
    writeFileSync(join(folder, 'kit-index.json'), JSON.stringify(index));
  }
  return { folder, backup };
}

/** The kit's files but the backup, each as it is, for the index of an intact kit. */
function everyOtherFile(folder: string): KitIndex['files'] {
  const entry = (path: string, role: KitIndex['files'][number]['role']) => {
    const bytes = readFileSync(join(folder, ...path.split('\\')));
    return { path, role, size: bytes.length, sha256: sha256(bytes), madeAt: '2026-11-30T22:20:00+01:00' };
  };
  return [
    entry('site.json', 'site-manifest'),
    { ...entry('Databases\\ServiceManager-permissions.sql', 'permissions-script'), database: 'ServiceManager' },
    ...(existsSync(join(folder, 'Databases', 'checksums.sha256'))
      ? [entry('Databases\\checksums.sha256', 'checksum-list')]
      : []),
  ];
}
