import type { Harness } from './harness';
import type { KitFileRole, KitIndex } from '../../../src/main/knowledge/recovery-kit/kit-index';

/**
 * Indexes the drill's kit folder as it stands, through the wizard's own kit host, as preparation
 * would: the tests then damage files and see what catches it. Key files are recorded as the
 * server named in `keyServers`.
 */

function roleOf(path: string): KitFileRole {
  const name = path.toLowerCase();
  if (name.endsWith('checksums.sha256')) return 'checksum-list';
  if (name.endsWith('-permissions.sql')) return 'permissions-script';
  if (name.endsWith('.bak')) return 'database-backup';
  if (name.endsWith('.xml')) return 'management-pack';
  if (name.endsWith('.bin')) return 'encryption-key';
  return 'site-manifest';
}

export async function indexDrillKit(
  harness: Harness,
  folder: string,
  keyServers: Record<string, string> = {},
): Promise<KitIndex> {
  const kit = harness.drill.host.kit;
  const listed = await kit.list(folder);
  const hashed = await kit.hash(
    folder,
    listed.map((file) => file.path),
  );
  const index: KitIndex = {
    schemaVersion: 1,
    siteName: 'Contoso',
    madeBy: 'CONTOSO\\operator',
    madeOn: 'SCSM02',
    wizardVersion: '0.1.0',
    startedAt: '2026-12-01T08:00:00+01:00',
    finishedAt: '2026-12-01T08:30:00+01:00',
    complete: true,
    missing: [],
    files: hashed.map((file, n) => {
      if (file === null) throw new Error(`${listed[n]?.path ?? ''} vanished`);
      const role = roleOf(file.path);
      const server = keyServers[file.path];
      return {
        ...file,
        role,
        madeAt: '2026-12-01T08:10:00+01:00',
        ...(server !== undefined ? { server, keyRole: 'Service Manager' as const } : {}),
      };
    }),
  };
  await kit.writeIndex(folder, index);
  return index;
}
