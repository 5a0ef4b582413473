import { randomUUID } from 'node:crypto';
import type { DrillSiteState } from '../../../shared/drill-contract';
import type { DatabaseRole } from '../../../shared/manifest';
import {
  sqlAgentDisplayName,
  sqlAgentServiceName,
  sqlServiceDisplayName,
  sqlServiceName,
} from '../../knowledge/sql/server-facts';
import { sameWindowsPath, windowsDriveLetter, windowsParentFolder } from '../../knowledge/windows/paths';

/**
 * The SQL Server instances of the drill site as SQL Server would report them: where their files
 * live, how much room their drives have, who may sign in, and what their backups hold. Sizes
 * are those of a site of a few thousand users, so restores take a believable time.
 */

export type DrillSqlServer = DrillSiteState['sqlServers'][number];
export type DrillDatabase = DrillSqlServer['databases'][number];
export type DrillDatabaseFile = DrillDatabase['files'][number];
export type DrillSqlBackup = NonNullable<DrillSiteState['files'][string]['sqlBackup']>;
type DrillComputer = DrillSiteState['computers'][number];

export const SQL_PRODUCT_VERSION = '16.0.4135.4';
export const SQL_EDITION = 'Standard Edition (64-bit)';
export const PAGE_BYTES = 8192;

const MB = 1024 ** 2;
const GB = 1024 ** 3;
const DEFAULT_DATA_PATH = 'E:\\SQLData\\';
const DEFAULT_LOG_PATH = 'L:\\SQLLogs\\';
/** The data warehouse's data files were put here by hand; a reinstalled server has no such folder. */
const DATA_WAREHOUSE_DATA_PATH = 'F:\\DWData\\';
/** What xp_fixeddrives shows on a server whose disks are full. */
export const DISK_FULL_FREE_BYTES = 200 * MB;

/** Free bytes of each drive of a freshly installed SQL Server computer, before any user database. */
const FRESH_FREE_BYTES: Record<string, number> = { C: 80 * GB, E: 250 * GB, F: 500 * GB, L: 120 * GB };
const FRESH_DRIVES = ['C', 'E', 'L'];

/** Allocated sizes of each database's data and log file. */
const DATABASE_SIZES: Record<DatabaseRole, { data: number; log: number }> = {
  ServiceManager: { data: 6 * GB, log: 2 * GB },
  DWStagingAndConfig: { data: 4 * GB, log: GB },
  DWRepository: { data: 12 * GB, log: 3 * GB },
  DWDataMart: { data: 40 * GB, log: 8 * GB },
  OMDWDataMart: { data: 2 * GB, log: 512 * MB },
  CMDWDataMart: { data: 2 * GB, log: 512 * MB },
  ReportServer: { data: GB, log: 256 * MB },
  Analyst: { data: 512 * MB, log: 128 * MB },
  Orchestrator: { data: 3 * GB, log: GB },
};

/** The data warehouse databases run in SIMPLE recovery; the others keep their log for point-in-time restores. */
const SIMPLE_RECOVERY_ROLES: readonly DatabaseRole[] = [
  'DWStagingAndConfig',
  'DWRepository',
  'DWDataMart',
  'OMDWDataMart',
  'CMDWDataMart',
  'Analyst',
];

/** Share of a data file's allocated size that holds data, which is what a backup copies. */
const USED_DATA_SHARE = 0.75;
/** Share of the log a full backup copies (its active part) and a tail-log backup copies. */
const FULL_BACKUP_LOG_SHARE = 0.0005;
const TAIL_LOG_SHARE = 0.02;
/** The backup's header and metadata. */
const BACKUP_OVERHEAD_BYTES = 64 * 1024;

/** The computer an instance answers on: the part of its name before the instance. */
export function sqlHostComputer(server: Pick<DrillSqlServer, 'name'>): string {
  return server.name.split('\\')[0] ?? server.name;
}

function sqlServerNameOf(computer: string, instance: string | null): string {
  return instance ? `${computer}\\${instance}` : computer;
}

/** The instance's default backup folder, where BACKUP and RESTORE look for a file named without a folder. */
export function sqlBackupFolder(instance: string | null): string {
  return `C:\\Program Files\\Microsoft SQL Server\\MSSQL16.${instance ?? 'MSSQLSERVER'}\\MSSQL\\Backup`;
}

/** SQL Server and its Agent, running, as on a computer where the instance is installed. */
export function sqlInstanceServices(instance: string | null): DrillComputer['services'] {
  return [
    { name: sqlServiceName(instance), displayName: sqlServiceDisplayName(instance), status: 'Running' },
    { name: sqlAgentServiceName(instance), displayName: sqlAgentDisplayName(instance), status: 'Running' },
  ];
}

/** The logins Setup creates: none of the site's accounts. */
function builtinLogins(instance: string | null): string[] {
  return [
    'sa',
    'NT AUTHORITY\\SYSTEM',
    'NT SERVICE\\SQLWriter',
    'NT SERVICE\\Winmgmt',
    `NT SERVICE\\${sqlServiceName(instance)}`,
    `NT SERVICE\\${sqlAgentServiceName(instance)}`,
  ];
}

function withoutTrailingSeparator(folder: string): string {
  return folder.replace(/\\+$/, '');
}

function freshDrive(letter: string): DrillSqlServer['drives'][number] {
  return { letter, freeBytes: FRESH_FREE_BYTES[letter] ?? 100 * GB };
}

/** An instance as Setup leaves it: system databases only, CLR off, the default folders. */
export function freshSqlServer(options: {
  computer: string;
  machineName: string;
  instanceName: string | null;
  driveLetters?: readonly string[];
}): DrillSqlServer {
  const { computer, machineName, instanceName } = options;
  const letters = options.driveLetters ?? FRESH_DRIVES;
  return {
    name: sqlServerNameOf(computer, instanceName),
    machineName,
    instanceName,
    serverName: sqlServerNameOf(machineName, instanceName),
    pendingServerName: null,
    reachable: true,
    clrEnabled: false,
    sysadmin: true,
    defaultDataPath: DEFAULT_DATA_PATH,
    defaultLogPath: DEFAULT_LOG_PATH,
    folders: [
      sqlBackupFolder(instanceName),
      withoutTrailingSeparator(DEFAULT_DATA_PATH),
      withoutTrailingSeparator(DEFAULT_LOG_PATH),
    ],
    drives: letters.map(freshDrive),
    logins: builtinLogins(instanceName),
    serviceMasterKeyId: randomUUID(),
    databases: [],
    backupHistory: [],
    restoreHistory: [],
  };
}

/** Where a database of this role keeps its files on an ordinary day. */
export function siteDatabaseFiles(role: DatabaseRole, name: string): DrillDatabaseFile[] {
  const sizes = DATABASE_SIZES[role];
  const dataFolder = SIMPLE_RECOVERY_ROLES.includes(role) ? DATA_WAREHOUSE_DATA_PATH : DEFAULT_DATA_PATH;
  return [
    { logicalName: name, physicalName: `${dataFolder}${name}.mdf`, type: 'D', size: sizes.data },
    { logicalName: `${name}_log`, physicalName: `${DEFAULT_LOG_PATH}${name}_log.ldf`, type: 'L', size: sizes.log },
  ];
}

export function siteRecoveryModel(role: DatabaseRole): DrillDatabase['recoveryModel'] {
  return SIMPLE_RECOVERY_ROLES.includes(role) ? 'SIMPLE' : 'FULL';
}

export function serverDrive(server: DrillSqlServer, path: string): DrillSqlServer['drives'][number] | undefined {
  const letter = windowsDriveLetter(path);
  return server.drives.find((drive) => drive.letter.toUpperCase() === letter);
}

/** A database's files take room on their drives; their folders exist from then on. */
export function placeDatabase(server: DrillSqlServer, database: DrillDatabase): void {
  for (const file of database.files) {
    const letter = windowsDriveLetter(file.physicalName);
    if (letter && !serverDrive(server, file.physicalName)) server.drives.push(freshDrive(letter));
    const drive = serverDrive(server, file.physicalName);
    if (drive) drive.freeBytes -= file.size;
    const folder = windowsParentFolder(file.physicalName);
    if (!server.folders.some((existing) => sameWindowsPath(existing, folder))) server.folders.push(folder);
  }
  server.databases.push(database);
}

/** Drops a database: its files are deleted and their room is free again. */
export function removeDatabase(server: DrillSqlServer, database: DrillDatabase): void {
  for (const file of database.files) {
    const drive = serverDrive(server, file.physicalName);
    if (drive) drive.freeBytes += file.size;
  }
  server.databases = server.databases.filter((candidate) => candidate !== database);
}

/** Pages a backup copies from each file, as "Processed N pages ... file ..." reports them. */
export function backupPages(
  files: readonly DrillDatabaseFile[],
  backupType: DrillSqlBackup['backupType'],
): { logicalName: string; pages: number }[] {
  return files
    .filter((file) => backupType === 1 || file.type === 'L')
    .map((file) => ({
      logicalName: file.logicalName,
      pages: Math.max(2, Math.round((file.size * copiedShare(file, backupType)) / PAGE_BYTES)),
    }));
}

function copiedShare(file: DrillDatabaseFile, backupType: DrillSqlBackup['backupType']): number {
  if (file.type === 'D') return USED_DATA_SHARE;
  return backupType === 1 ? FULL_BACKUP_LOG_SHARE : TAIL_LOG_SHARE;
}

export function backupBytes(pages: readonly { pages: number }[]): number {
  return pages.reduce((total, file) => total + file.pages * PAGE_BYTES, BACKUP_OVERHEAD_BYTES);
}

/** What a backup of the database records; a full backup also holds the database itself. */
export function backupOf(
  server: DrillSqlServer,
  database: DrillDatabase,
  finished: string,
  backupType: DrillSqlBackup['backupType'],
): DrillSqlBackup {
  return {
    databaseName: database.name,
    serverName: server.serverName,
    machineName: server.machineName,
    backupFinishDate: finished,
    backupType,
    hasChecksums: true,
    files: structuredClone(database.files),
    ...(backupType === 1 ? { database: structuredClone(database) } : {}),
  };
}
