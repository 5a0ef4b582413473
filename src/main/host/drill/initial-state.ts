import { createHash } from 'node:crypto';
import type { DrillSiteState } from '../../../shared/drill-contract';
import {
  findDatabase,
  SERVER_ROLE_LABELS,
  serversWithRole,
  siteDomain,
  sqlServerDisplayName,
  type ManifestDatabase,
  type ManifestServer,
  type SiteManifest,
} from '../../../shared/manifest';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import type { DrillKitFile } from './kit-folder';
import { addKitFiles } from './kit-share';
import { addOrchestratorSite } from './orchestrator-site';
import { localFileKey } from './site-files';
import {
  DOTNET_RELEASE_KEY,
  WINDOWS_REGISTRATION_KEY,
  SETUP_RELATIVE_PATH,
  SM_DATABASE_REGISTRY_KEY,
  SM_DATABASE_REGISTRY_VALUES,
  SM_SETUP_REGISTRY_KEY,
  SM_SERVICES,
  SDK_SERVICE_TYPES,
  SDK_SERVICE_TYPE_VALUE,
  SM_REPORTING_REGISTRY_KEY,
  SM_SDK_SERVICE_REGISTRY_KEY,
} from '../../knowledge/service-manager/facts';
import {
  KIT_CHECKSUM_FILE,
  KIT_DATABASE_FOLDER,
  KIT_KEY_FOLDER,
  KIT_PACK_FOLDER,
  kitBackupFile,
  kitPermissionsScript,
} from '../../knowledge/recovery-kit/layout';
import {
  checksumList,
  databasePrincipals,
  KIT_PACKS,
  permissionsScript,
  SEALED_PACKS,
  sha256Text,
  type DatabasePrincipal,
} from './sample-kit';
import {
  backupBytes,
  backupOf,
  backupPages,
  freshSqlServer,
  placeDatabase,
  siteDatabaseFiles,
  siteRecoveryModel,
  sqlHostComputer,
  sqlInstanceServices,
  type DrillDatabase,
  type DrillSqlServer,
} from './sql-instances';

/** Builds the simulated site the way a healthy production site looks before anything fails. */
export const DRILL_MEDIA = 'D:\\';
export const DRILL_SECURE_STORAGE_TOOL = 'D:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe';
export const DRILL_SETUP = `${DRILL_MEDIA}${SETUP_RELATIVE_PATH}`;
/** A replacement computer with Windows and the media but nothing of the site, for a new management server. */
export const DRILL_SPARE_COMPUTER = 'SCSM04';
/** A SQL Server installed and empty (default instance), for recovering a database onto another server. */
export const DRILL_SPARE_SQL_SERVER = 'SQLSPARE01';
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
    registry: {
      [`${DOTNET_RELEASE_KEY}\\Release`]: DOTNET_48_RELEASE,
      [`${WINDOWS_REGISTRATION_KEY}\\RegisteredOwner`]: 'Contoso IT',
      [`${WINDOWS_REGISTRATION_KEY}\\RegisteredOrganization`]: 'Contoso, Ltd.',
    },
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
  const put = (role: keyof typeof SM_DATABASE_REGISTRY_VALUES) => {
    const db = findDatabase(manifest, role);
    if (!db) return;
    const names = SM_DATABASE_REGISTRY_VALUES[role];
    values[`${SM_DATABASE_REGISTRY_KEY}\\${names.server}`] = sqlServerDisplayName(db);
    values[`${SM_DATABASE_REGISTRY_KEY}\\${names.database}`] = db.name;
  };
  if (server.roles.includes('dw-management-server')) {
    put('DWStagingAndConfig');
    put('DWRepository');
    put('DWDataMart');
    put('OMDWDataMart');
    put('CMDWDataMart');
  } else {
    put('ServiceManager');
  }
  return values;
}

/** What the drill's spares are, for the operator choosing where to sign in. */
export const DRILL_SPARE_DESCRIPTION = 'spare computer: Windows and the installation media, nothing of the site';
const SPARE_SQL_DESCRIPTION = 'spare SQL Server: an empty default instance with its own service master key';

/**
 * What Setup writes beside the database names and discovery reads: which kind of management
 * server this is, its version, and on the data warehouse server the reporting server.
 */
export function setupRegistry(
  manifest: SiteManifest,
  server: Pick<ManifestServer, 'roles' | 'productVersion'>,
): Record<string, string> {
  const dataWarehouse = server.roles.includes('dw-management-server');
  const type = dataWarehouse ? SDK_SERVICE_TYPES.dataWarehouse : SDK_SERVICE_TYPES.serviceManager;
  const values: Record<string, string> = {
    [`${SM_SDK_SERVICE_REGISTRY_KEY}\\${SDK_SERVICE_TYPE_VALUE}`]: String(type),
  };
  if (server.productVersion) values[`${SM_SETUP_REGISTRY_KEY}\\ServerVersion`] = server.productVersion;
  const url = manifest.reportingServerUrl;
  if (dataWarehouse && url) {
    const host = new URL(url).hostname.split('.')[0]?.toUpperCase() ?? '';
    values[`${SM_REPORTING_REGISTRY_KEY}\\Server`] = host;
    values[`${SM_REPORTING_REGISTRY_KEY}\\ServerInstance`] = 'SSRS';
    values[`${SM_REPORTING_REGISTRY_KEY}\\WebServiceURL`] = url;
  }
  return values;
}

/**
 * `kitFiles`: a real recovery kit's files, put on the kit share instead of the drill's sample
 * kit, so the site rehearses with its own backups, packs and keys.
 */
export function buildInitialState(
  manifest: SiteManifest,
  localComputer?: string,
  kitFiles?: readonly DrillKitFile[],
): DrillSiteState {
  const files: DrillSiteState['files'] = {};
  const domain = siteDomain(manifest);
  const computers: DrillSiteState['computers'] = manifest.servers.map((server) =>
    siteComputer(manifest, server, files),
  );
  computers.push({
    ...bareComputer(DRILL_SPARE_COMPUTER, `${DRILL_SPARE_COMPUTER.toLowerCase()}.${domain.dns}`, files),
    description: DRILL_SPARE_DESCRIPTION,
  });
  const sqlServers = siteSqlServers(manifest);
  sqlServers.push(
    freshSqlServer({ computer: DRILL_SPARE_SQL_SERVER, machineName: DRILL_SPARE_SQL_SERVER, instanceName: null }),
  );
  addSqlComputers(computers, sqlServers, domain.dns);
  const orchestrator = addOrchestratorSite(manifest, computers, files);

  const shares: string[] = [];
  const kit = manifest.recoveryKitPath;
  if (kit?.startsWith('\\\\') && kitFiles) {
    addKitFiles(kitFiles, kit, { manifest, computers, sqlServers }, files, shares);
    const keyFolder = joinWindowsPath(kit, KIT_KEY_FOLDER);
    if (!shares.some((known) => known.toLowerCase() === keyFolder.toLowerCase())) shares.push(keyFolder);
  } else if (kit?.startsWith('\\\\')) {
    shares.push(kit, joinWindowsPath(kit, KIT_KEY_FOLDER));
    addPackKit(joinWindowsPath(kit, KIT_PACK_FOLDER), files, shares);
    addDatabaseKit(manifest, sqlServers, joinWindowsPath(kit, KIT_DATABASE_FOLDER), files, shares);
  }

  const defaultLocal =
    serversWithRole(manifest, 'sm-additional-management-server')[0]?.netbiosName ?? manifest.servers[0]?.netbiosName;
  return {
    localComputer: localComputer ?? defaultLocal ?? 'DRILLHOST',
    computers,
    accounts: ['svc-scsm', 'svc-scsm-workflow', 'svc-scsm-reporting'].map((user) => `${domain.netbios}\\${user}`),
    shares,
    files,
    sqlServers,
    orchestrator,
    faults: [],
  };
}

function siteComputer(manifest: SiteManifest, server: ManifestServer, files: DrillSiteState['files']): DrillComputer {
  const isServiceManagerServer = server.roles.some((role) =>
    ['sm-primary-management-server', 'sm-additional-management-server', 'dw-management-server'].includes(role),
  );
  const description = server.roles.map((role) => SERVER_ROLE_LABELS[role]).join(', ');
  if (!isServiceManagerServer) {
    return { ...bareComputer(server.netbiosName, server.fqdn, {}), folders: ['C:\\'], description };
  }
  const computer = { ...bareComputer(server.netbiosName, server.fqdn, files), description };
  if (server.installDirectory) {
    for (const service of SM_SERVICES) {
      computer.services.push({ name: service.name, displayName: service.displayName, status: 'Running' });
    }
    computer.registry[`${SM_SETUP_REGISTRY_KEY}\\InstallDirectory`] =
      `${server.installDirectory.replace(/\\+$/, '')}\\`;
    Object.assign(computer.registry, databaseRegistry(manifest, server), setupRegistry(manifest, server));
    const healthState = joinWindowsPath(server.installDirectory, 'Health Service State');
    computer.folders.push(server.installDirectory, healthState, joinWindowsPath(healthState, 'Health Service Store'));
  }
  // Deterministic per server, so two drills of the same site hold the same keys.
  computer.encryptionKeyId = createHash('sha256')
    .update(`${manifest.siteName}/${server.netbiosName}`)
    .digest('hex')
    .slice(0, 16);
  return computer;
}

/** The instances of the manifest's databases on an ordinary day: every database ONLINE, its logins there. */
function siteSqlServers(manifest: SiteManifest): DrillSqlServer[] {
  const servers = new Map<string, DrillSqlServer>();
  for (const db of manifest.databases) {
    const name = sqlServerDisplayName(db);
    const server =
      servers.get(name.toUpperCase()) ??
      freshSqlServer({ computer: db.sqlServer, machineName: db.sqlServer, instanceName: db.instance });
    servers.set(name.toUpperCase(), server);
    server.clrEnabled = true;
    placeDatabase(server, {
      ...databaseContent(manifest, db),
      ...catalogOf(principalsOf(manifest, db)),
      name: db.name,
      state: 'ONLINE',
      recoveryModel: siteRecoveryModel(db.role),
      files: siteDatabaseFiles(db.role, db.name),
      permissionsScriptBatches: 0,
      // Orchestrator keeps a database master key, which SQL Server opens with its service master key.
      ...(db.role === 'Orchestrator' ? { encryptedBy: server.serviceMasterKeyId } : {}),
    });
    for (const principal of principalsOf(manifest, db)) {
      if (!server.logins.includes(principal.login)) server.logins.push(principal.login);
    }
  }
  return [...servers.values()];
}

/** What Service Manager keeps in its databases that the flows read: procedures, management group, packs. */
function databaseContent(
  manifest: SiteManifest,
  db: ManifestDatabase,
): Pick<
  DrillDatabase,
  | 'procedures'
  | 'activeWorkflowServer'
  | 'managementGroup'
  | 'managementPacks'
  | 'managementGroupId'
  | 'managementGroupAdministrators'
  | 'registeredServers'
  | 'dataWarehouseServer'
  | 'workItemRetentionDays'
  | 'actionServers'
  | 'clientConnections'
> {
  const primary = serversWithRole(manifest, 'sm-primary-management-server')[0];
  if (db.role === 'ServiceManager') {
    const dataWarehouse = serversWithRole(manifest, 'dw-management-server')[0];
    return {
      procedures: ['dbo.p_PromoteActiveWorkflowServer'],
      ...(primary ? { activeWorkflowServer: primary.fqdn } : {}),
      ...managementGroupInfo(manifest, manifest.managementGroupName),
      registeredServers: [
        ...serversWithRole(manifest, 'sm-primary-management-server'),
        ...serversWithRole(manifest, 'sm-additional-management-server'),
      ].map((server) => server.fqdn),
      ...(dataWarehouse ? { dataWarehouseServer: dataWarehouse.fqdn } : {}),
      workItemRetentionDays: WORK_ITEM_RETENTION_DAYS,
      // The backup predates most customizations: only one of the kit's unsealed packs is in it.
      managementPacks: [...SEALED_PACKS, { id: 'Contoso.Notifications', version: '1.0.0.2', sealed: false }],
    };
  }
  if (db.role === 'Orchestrator') {
    // Each runbook server is a row of ACTIONSERVERS; the Runbook Designer beside each management server is connected to it.
    const managementServers = serversWithRole(manifest, 'orchestrator-management-server');
    return {
      procedures: [],
      actionServers: serversWithRole(manifest, 'orchestrator-runbook-server').map((server) => server.netbiosName),
      clientConnections: managementServers.map((server) => ({
        clientMachine: server.netbiosName,
        managementServer: server.netbiosName,
      })),
    };
  }
  if (db.role === 'DWStagingAndConfig' && manifest.dataWarehouseManagementGroupName) {
    return { procedures: [], ...managementGroupInfo(manifest, manifest.dataWarehouseManagementGroupName) };
  }
  return { procedures: [] };
}

/** Service Manager's default: closed work items are groomed after 90 days. */
const WORK_ITEM_RETENTION_DAYS = 90;

/** The fixed database roles every database has; any other role a principal holds was made by the database's owners. */
const FIXED_ROLES = new Set(['db_owner', 'db_datareader', 'db_datawriter', 'db_ddladmin', 'db_securityadmin']);

/** Who holds what in the database, as its catalog views answer: each principal is a user of its login. */
function catalogOf(principals: readonly DatabasePrincipal[]): Pick<DrillDatabase, 'principals' | 'customRoles'> {
  const roles = new Set(principals.flatMap((principal) => principal.roles).filter((role) => !FIXED_ROLES.has(role)));
  return {
    customRoles: [...roles].sort(),
    principals: principals.map((principal) => ({
      name: principal.login,
      login: principal.login,
      roles: [...principal.roles],
      permissions: [
        { state: 'GRANT' as const, permission: 'CONNECT' },
        ...(principal.execute ? [{ state: 'GRANT' as const, permission: 'EXECUTE', schema: 'dbo' }] : []),
      ],
    })),
  };
}

/**
 * A management group's row of __MOMManagementGroupInfo__. Setup gives each management group an id
 * of its own (made here from the name, so a drill site is the same every time); the data
 * warehouse's administrators are the site's group, as Setup suggests by default.
 */
function managementGroupInfo(
  manifest: SiteManifest,
  name: string,
): Pick<DrillDatabase, 'managementGroup' | 'managementGroupId' | 'managementGroupAdministrators'> {
  const hex = createHash('sha256').update(`management group ${name}`).digest('hex');
  const id = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
  return {
    managementGroup: name,
    managementGroupId: id.toUpperCase(),
    managementGroupAdministrators: administrators(manifest),
  };
}

function administrators(manifest: SiteManifest): string {
  return manifest.managementGroupAdministrators ?? `${siteDomain(manifest).netbios}\\SCSM Admins`;
}

function principalsOf(manifest: SiteManifest, db: ManifestDatabase): DatabasePrincipal[] {
  const domain = siteDomain(manifest).netbios;
  return databasePrincipals(db.role, domain, administrators(manifest));
}

/** The SQL Server computers become computers of the site, each running its instances' services. */
function addSqlComputers(computers: DrillComputer[], sqlServers: DrillSqlServer[], dnsDomain: string): void {
  for (const server of sqlServers) {
    const name = sqlHostComputer(server);
    let computer = computers.find((candidate) => candidate.name.toUpperCase() === name.toUpperCase());
    if (!computer) {
      computer = sqlComputer(name, `${name.toLowerCase()}.${dnsDomain}`);
      computer.description =
        name.toUpperCase() === DRILL_SPARE_SQL_SERVER ? SPARE_SQL_DESCRIPTION : `SQL Server ${server.name}`;
      computers.push(computer);
    } else if (computer.description === undefined) {
      computer.description = `SQL Server ${server.name}`;
    }
    computer.services.push(...sqlInstanceServices(server.instanceName));
  }
}

/** A computer that only runs SQL Server; its folders are those its SQL Server reports. */
function sqlComputer(name: string, fqdn: string): DrillComputer {
  return {
    name,
    fqdn,
    reachable: true,
    services: [],
    folders: [],
    processes: [],
    registry: {},
    encryptionKeyId: null,
    restartPending: false,
  };
}

const KIT_MODIFIED = '2026-10-30T18:05:00.000Z';
/** When the kit's database backups finished, the night before the kit was copied to the share. */
const KIT_BACKUPS_FINISHED = '2026-10-30T01:42:17.000Z';

function addPackKit(packFolder: string, files: DrillSiteState['files'], shares: string[]): void {
  shares.push(packFolder);
  for (const pack of KIT_PACKS) {
    addTextFile(files, joinWindowsPath(packFolder, pack.file), pack.content);
  }
  const entries = KIT_PACKS.map((pack) => ({ file: pack.file, sha256: sha256Text(pack.content) }));
  addTextFile(files, joinWindowsPath(packFolder, KIT_CHECKSUM_FILE), checksumList(entries));
}

/** A full backup and a permissions script for every database of the manifest, and their checksums. */
function addDatabaseKit(
  manifest: SiteManifest,
  sqlServers: DrillSqlServer[],
  folder: string,
  files: DrillSiteState['files'],
  shares: string[],
): void {
  shares.push(folder);
  const entries: { file: string; sha256: string }[] = [];
  for (const db of manifest.databases) {
    const serverName = sqlServerDisplayName(db);
    const server = sqlServers.find((candidate) => candidate.name.toUpperCase() === serverName.toUpperCase());
    const database = server?.databases.find((candidate) => candidate.name === db.name);
    if (!server || !database) continue;
    const backupPath = joinWindowsPath(folder, kitBackupFile(db.name));
    // A backup's checksum stands for its bytes, which the drill does not keep.
    const sha256 = sha256Text(`${backupPath}|${KIT_BACKUPS_FINISHED}`);
    files[localFileKey('', backupPath)] = {
      path: backupPath,
      size: backupBytes(backupPages(database.files, 1)),
      modified: KIT_BACKUPS_FINISHED,
      sha256,
      sqlBackup: backupOf(server, database, KIT_BACKUPS_FINISHED, 1),
    };
    const script = permissionsScript(db.name, serverName, principalsOf(manifest, db));
    addTextFile(files, joinWindowsPath(folder, kitPermissionsScript(db.name)), script);
    entries.push(
      { file: kitBackupFile(db.name), sha256 },
      { file: kitPermissionsScript(db.name), sha256: sha256Text(script) },
    );
  }
  addTextFile(files, joinWindowsPath(folder, KIT_CHECKSUM_FILE), checksumList(entries));
}

function addTextFile(files: DrillSiteState['files'], path: string, content: string): void {
  files[localFileKey('', path)] = {
    path,
    size: Buffer.byteLength(content),
    modified: KIT_MODIFIED,
    sha256: sha256Text(content),
    content,
  };
}
