import type { DrillSiteState } from '../../../shared/drill-contract';
import type { SiteManifest } from '../../../shared/manifest';
import { joinWindowsPath, windowsBaseName, windowsParentFolder } from '../../knowledge/windows/paths';
import type { DrillKitFile } from './kit-folder';
import { localFileKey } from './site-files';
import { backupOf, sqlHostComputer, type DrillSqlServer } from './sql-instances';

/**
 * A real kit's files on the drill's kit share, as the procedures will find them: each with its
 * size, time and checksum; a database backup with the header RESTORE HEADERONLY reads from it
 * (the database as this site's SQL Server holds it, taken when the kit says); a key file as a key
 * backup of the server the kit names, openable with any password of 8 characters or more.
 */

type DrillComputer = DrillSiteState['computers'][number];
type DrillFile = DrillSiteState['files'][string];

export function addKitFiles(
  kitFiles: readonly DrillKitFile[],
  share: string,
  site: { manifest: SiteManifest; computers: DrillComputer[]; sqlServers: DrillSqlServer[] },
  files: DrillSiteState['files'],
  shares: string[],
): void {
  const folders = new Set<string>([share]);
  for (const kitFile of kitFiles) {
    const path = joinWindowsPath(share, kitFile.path);
    for (let folder = windowsParentFolder(path); folder.length > share.length; folder = windowsParentFolder(folder)) {
      folders.add(folder);
    }
    files[localFileKey('', path)] = {
      path,
      size: kitFile.size,
      modified: kitFile.modified,
      sha256: kitFile.sha256,
      ...(kitFile.content !== undefined ? { content: kitFile.content } : {}),
      ...backupContent(kitFile, site),
    };
  }
  for (const folder of folders) {
    if (!shares.some((known) => known.toLowerCase() === folder.toLowerCase())) shares.push(folder);
  }
}

/** What the file holds that the simulation needs: a database backup's header, a key. */
function backupContent(
  kitFile: DrillKitFile,
  site: { manifest: SiteManifest; computers: DrillComputer[]; sqlServers: DrillSqlServer[] },
): Pick<DrillFile, 'sqlBackup' | 'keyBackup'> {
  const indexed = kitFile.indexed;
  if (indexed?.role === 'encryption-key') {
    const computer = site.computers.find((candidate) => sameName(candidate.name, indexed.server));
    return computer?.encryptionKeyId ? { keyBackup: unknownPassword(computer.encryptionKeyId) } : {};
  }
  if (indexed?.role === 'service-master-key') {
    const server = site.sqlServers.find(
      (candidate) =>
        sameName(candidate.name, indexed.sqlServer) || sameName(sqlHostComputer(candidate), indexed.server),
    );
    return server ? { keyBackup: unknownPassword(server.serviceMasterKeyId) } : {};
  }
  if (!kitFile.path.toLowerCase().endsWith('.bak') || (indexed && indexed.role !== 'database-backup')) return {};
  const name = indexed?.database ?? windowsBaseName(kitFile.path).replace(/\.bak$/i, '');
  const db = site.manifest.databases.find((candidate) => sameName(candidate.name, name));
  for (const server of site.sqlServers) {
    const database = server.databases.find((candidate) => sameName(candidate.name, db?.name));
    if (!database) continue;
    if (indexed?.sqlServer && !sameName(server.name, indexed.sqlServer)) continue;
    return { sqlBackup: backupOf(server, database, indexed?.madeAt ?? kitFile.modified, 1) };
  }
  return {};
}

function unknownPassword(keyId: string): NonNullable<DrillFile['keyBackup']> {
  return { keyId, salt: '', passwordDigest: '', passwordUnknown: true };
}

const sameName = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
