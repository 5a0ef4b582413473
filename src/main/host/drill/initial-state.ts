import { createHash } from 'node:crypto';
import type { DrillSiteState } from '../../../shared/drill-contract';
import {
  findDatabase,
  serversWithRole,
  siteDomain,
  sqlServerDisplayName,
  type ManifestServer,
  type SiteManifest,
} from '../../../shared/manifest';
import { joinWindowsPath } from '../windows-path';
import {
  DOTNET_RELEASE_KEY,
  SETUP_RELATIVE_PATH,
  SM_DATABASE_REGISTRY_KEY,
  SM_SETUP_REGISTRY_KEY,
  SM_SERVICES,
} from '../service-manager-facts';
import { KIT_CHECKSUM_FILE, KIT_PACK_FOLDER } from '../recovery-kit';
import { checksumList, KIT_PACKS, SEALED_PACKS, sha256Text } from './sample-kit';

/** Builds the simulated site the way a healthy production site looks before anything fails. */
export const DRILL_MEDIA = 'D:\\';
export const DRILL_SECURE_STORAGE_TOOL = 'D:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe';
export const DRILL_SETUP = `${DRILL_MEDIA}${SETUP_RELATIVE_PATH}`;
/** A replacement computer with Windows and the media but nothing of the site, for a new management server. */
export const DRILL_SPARE_COMPUTER = 'SCSM04';
const DOTNET_48_RELEASE = '528049';

type DrillComputer = DrillSiteState['computers'][number];

/** Windows as a rebuilt or new server has it: .NET and the mounted media, no System Center yet. */
export function bareComputer(name: string, fqdn: string, files: DrillSiteState['files']): DrillComputer {
  files[localFileKey(name, DRILL_SECURE_STORAGE_TOOL)] = {
    path: DRILL_SECURE_STORAGE_TOOL,
    size: 48_640,
    modified: '2024-03-12T09:30:00.000Z',
    sha256: createHash('sha256').update('SecureStorageBackup.exe').digest('hex'),
  };
  files[localFileKey(name, DRILL_SETUP)] = {
    path: DRILL_SETUP,
    size: 1_372_160,
    modified: '2024-03-12T09:30:00.000Z',
    sha256: createHash('sha256').update('Setup.exe').digest('hex'),
  };
  return {
    name,
    fqdn,
    reachable: true,
    services: [],
    // The installation media, mounted as D: the way an ISO usually is on these servers.
    folders: ['C:\\', DRILL_MEDIA, `${DRILL_MEDIA}Tools`, `${DRILL_MEDIA}Tools\\SecureStorageBackup`],
    processes: [],
    registry: { [`${DOTNET_RELEASE_KEY}\\Release`]: DOTNET_48_RELEASE },
    encryptionKeyId: null,
    restartPending: false,
  };
}

/** The registry values Setup writes naming the databases a management server uses. */
export function databaseRegistry(
  manifest: SiteManifest,
  server: Pick<ManifestServer, 'roles'>,
): Record<string, string> {
  const values: Record<string, string> = {};
  const put = (role: Parameters<typeof findDatabase>[1], serverValue: string, nameValue: string) => {
    const db = findDatabase(manifest, role);
    if (!db) return;
    values[`${SM_DATABASE_REGISTRY_KEY}\\${serverValue}`] = sqlServerDisplayName(db);
    values[`${SM_DATABASE_REGISTRY_KEY}\\${nameValue}`] = db.name;
  };
  if (server.roles.includes('dw-management-server')) {
    put('DWStagingAndConfig', 'StagingSQLInstance', 'StagingDatabaseName');
    put('DWRepository', 'RepositorySQLInstance', 'RepositoryDatabaseName');
    put('DWDataMart', 'DataMartSQLInstance', 'DataMartDatabaseName');
  } else {
    put('ServiceManager', 'DatabaseServerName', 'DatabaseName');
  }
  return values;
}

/** Where a file lives in the simulated site: UNC paths are site-wide, local paths belong to a computer. */
export function localFileKey(computer: string, path: string): string {
  return path.startsWith('\\\\') ? path.toLowerCase() : `${computer}:${path}`.toLowerCase();
}

export function buildInitialState(manifest: SiteManifest, localComputer?: string): DrillSiteState {
  const files: DrillSiteState['files'] = {};
  const primary = serversWithRole(manifest, 'sm-primary-management-server')[0];
  const computers: DrillSiteState['computers'] = manifest.servers.map((server) => {
    const isServiceManagerServer = server.roles.some((role) =>
      ['sm-primary-management-server', 'sm-additional-management-server', 'dw-management-server'].includes(role),
    );
    if (!isServiceManagerServer) {
      return { ...bareComputer(server.netbiosName, server.fqdn, {}), folders: ['C:\\'] };
    }
    const computer = bareComputer(server.netbiosName, server.fqdn, files);
    if (server.installDirectory) {
      for (const service of SM_SERVICES) {
        computer.services.push({ name: service.name, displayName: service.displayName, status: 'Running' });
      }
      computer.registry[`${SM_SETUP_REGISTRY_KEY}\\InstallDirectory`] =
        `${server.installDirectory.replace(/\\+$/, '')}\\`;
      Object.assign(computer.registry, databaseRegistry(manifest, server));
      const healthState = joinWindowsPath(server.installDirectory, 'Health Service State');
      computer.folders.push(server.installDirectory, healthState, joinWindowsPath(healthState, 'Health Service Store'));
    }
    // Deterministic per server, so two drills of the same site hold the same keys.
    computer.encryptionKeyId = createHash('sha256')
      .update(`${manifest.siteName}/${server.netbiosName}`)
      .digest('hex')
      .slice(0, 16);
    return computer;
  });
  const domain = siteDomain(manifest);
  computers.push(bareComputer(DRILL_SPARE_COMPUTER, `${DRILL_SPARE_COMPUTER.toLowerCase()}.${domain.dns}`, files));

  const shares: string[] = [];
  const kit = manifest.recoveryKitPath;
  if (kit?.startsWith('\\\\')) {
    const packFolder = joinWindowsPath(kit, KIT_PACK_FOLDER);
    shares.push(kit, packFolder);
    const modified = '2026-10-30T18:05:00.000Z';
    for (const pack of KIT_PACKS) {
      const path = joinWindowsPath(packFolder, pack.file);
      files[localFileKey('', path)] = {
        path,
        size: Buffer.byteLength(pack.content),
        modified,
        sha256: sha256Text(pack.content),
        content: pack.content,
      };
    }
    const listPath = joinWindowsPath(packFolder, KIT_CHECKSUM_FILE);
    const list = checksumList();
    files[localFileKey('', listPath)] = {
      path: listPath,
      size: Buffer.byteLength(list),
      modified,
      sha256: sha256Text(list),
      content: list,
    };
  }

  const sqlServers = new Map<string, DrillSiteState['sqlServers'][number]>();
  for (const db of manifest.databases) {
    const name = sqlServerDisplayName(db);
    let server = sqlServers.get(name.toUpperCase());
    if (!server) {
      server = { name, machineName: db.sqlServer, instanceName: db.instance, reachable: true, databases: [] };
      sqlServers.set(name.toUpperCase(), server);
    }
    server.databases.push({
      name: db.name,
      state: 'ONLINE',
      procedures: db.role === 'ServiceManager' ? ['dbo.p_PromoteActiveWorkflowServer'] : [],
      ...(db.role === 'ServiceManager' && primary ? { activeWorkflowServer: primary.fqdn } : {}),
      ...(db.role === 'ServiceManager'
        ? {
            managementGroup: manifest.managementGroupName,
            // The backup predates most customizations: only one of the kit's unsealed packs is in it.
            managementPacks: [...SEALED_PACKS, { id: 'Contoso.Notifications', version: '1.0.0.2', sealed: false }],
          }
        : {}),
      ...(db.role === 'DWStagingAndConfig' && manifest.dataWarehouseManagementGroupName
        ? { managementGroup: manifest.dataWarehouseManagementGroupName }
        : {}),
    });
  }

  const defaultLocal =
    serversWithRole(manifest, 'sm-additional-management-server')[0]?.netbiosName ?? manifest.servers[0]?.netbiosName;
  return {
    localComputer: localComputer ?? defaultLocal ?? 'DRILLHOST',
    computers,
    accounts: ['svc-scsm', 'svc-scsm-workflow', 'svc-scsm-reporting'].map((user) => `${domain.netbios}\\${user}`),
    shares,
    files,
    sqlServers: [...sqlServers.values()],
    faults: [],
  };
}
