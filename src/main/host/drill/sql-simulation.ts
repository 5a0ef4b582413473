import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DrillFault, DrillSiteState } from '../../../shared/drill-contract';
import { formatSqlServerName, type SqlServerName } from '../../../shared/sql-server-name';
import { relaySqlMessage } from '../sql-progress';
import { sqlAgentServiceName, sqlServiceName } from '../../knowledge/sql/server-facts';
import { HostError, SqlError } from '../../knowledge/failures';
import type { SqlResult, SqlRow, StepIo } from '../types';
import type { SqlStatement, SqlTarget } from '../../knowledge/sql/statement';
import { joinWindowsPath, sameWindowsPath, windowsParentFolder } from '../../knowledge/windows/paths';
import { computerFilePrefix, localFileKey } from './site-files';
import * as errors from './sql-server-errors';
import {
  backupBytes,
  backupOf,
  backupPages,
  DISK_FULL_FREE_BYTES,
  freshSqlServer,
  PAGE_BYTES,
  placeDatabase,
  removeDatabase,
  serverDrive,
  SQL_EDITION,
  SQL_PRODUCT_VERSION,
  sqlBackupFolder,
  sqlHostComputer,
  sqlInstanceServices,
  type DrillDatabase,
  type DrillDatabaseFile,
  type DrillSqlBackup,
  type DrillSqlServer,
} from './sql-instances';
import { keyPasswordAccepted, passwordDigest } from './password-digest';
import { checkStatementText, fileMoves, optionalParamText, paramText } from './sql-statement-text';
import { batchCode, createdLogins, literalsOf, raisedErrors } from './tsql-batch';
import * as catalog from './catalog-simulation';

/**
 * The drill's SQL Server: it answers the statements the flows run (knowledge/sql/statements.ts, by id, once
 * their text is the one the builder of that id makes: sql-statement-text.ts) from the site's
 * state, fails the way SQL Server fails (error numbers and wording), and takes simulated time for BACKUP, RESTORE and DBCC, reporting STATS progress through
 * relaySqlMessage as the real client does.
 */

export interface SqlSimulationSite {
  /** The current state; a function because a reset replaces it. */
  state(): DrillSiteState;
  sleep(simulatedMs: number): Promise<void>;
  save(): void;
  /** The computers whose services hold sessions in a database of this server. */
  sessionHosts(server: DrillSqlServer, database: string): string[];
}

const SQL_FAULT_KINDS = [
  'database-server-rebuilt',
  'sql-server-renamed',
  'sql-backup-corrupt',
  'sql-disk-full',
  'sql-login-not-sysadmin',
  'sql-service-master-key-unreadable',
  'sql-service-master-key-regenerated',
  'runbook-checked-out',
] as const;
export type SqlFault = Extract<DrillFault, { kind: (typeof SQL_FAULT_KINDS)[number] }>;

export function isSqlFault(fault: DrillFault): fault is SqlFault {
  return (SQL_FAULT_KINDS as readonly string[]).includes(fault.kind);
}

const SYSTEM_DATABASES = ['master', 'model', 'msdb', 'tempdb'];
const MB = 1024 ** 2;
/** How fast the simulated server reads and writes backups, and checks a database's data. */
const BACKUP_BYTES_PER_SECOND = 400 * MB;
const CHECKDB_BYTES_PER_SECOND = 1024 * MB;
/** How far RESTORE gets through a damaged backup before it meets the bad page. */
const DAMAGE_AT_PERCENT = 35;
const SCRIPT_BATCH_MS = 150;
const PROMOTE_MS = 1500;
const SERVICE_MASTER_KEY_MS = 2000;
/** What SQL Server says when the restored key is the one it holds (message 15503; the wording is approximate). */
const SAME_MASTER_KEY = 'The old and new master keys are identical. No data re-encryption is required.';

/** One statement on one connection: its parameters, and the messages it sends back as it runs. */
class SqlRequest {
  readonly messages: string[] = [];

  constructor(
    readonly server: DrillSqlServer,
    /** The database the connection opened; undefined for a system database. */
    readonly database: DrillDatabase | undefined,
    readonly statement: SqlStatement,
    private readonly io: StepIo | undefined,
  ) {}

  param(name: string): string {
    return paramText(this.statement, name);
  }

  optionalParam(name: string): string | undefined {
    return optionalParamText(this.statement, name);
  }

  /** A file parameter as SQL Server opens it: a bare file name is in the instance's backup folder. */
  path(): string {
    const path = this.param('path');
    return /^([A-Za-z]:|\\\\)/.test(path) ? path : joinWindowsPath(sqlBackupFolder(this.server.instanceName), path);
  }

  say(message: string): void {
    this.messages.push(message);
    relaySqlMessage(this.io, message);
  }

  result(rows: SqlRow[] = []): SqlResult {
    return { rows, messages: this.messages };
  }
}

type Handler = (request: SqlRequest) => SqlResult | Promise<SqlResult>;

export class SqlSimulation {
  constructor(private readonly site: SqlSimulationSite) {}

  private get state(): DrillSiteState {
    return this.site.state();
  }

  async execute(target: SqlTarget, statement: SqlStatement, io?: StepIo): Promise<SqlResult> {
    const server = this.server(target.server);
    const database = this.open(server, target.database);
    const handler = this.handlers.get(statement.id);
    if (!handler) throw new HostError('unsupported', `The drill does not simulate the statement "${statement.id}".`);
    checkStatementText(statement);
    return handler(new SqlRequest(server, database, statement, io));
  }

  /** The instance a client reaches by this name; fails as a client does when nothing answers. */
  server(name: SqlServerName): DrillSqlServer {
    const display = formatSqlServerName(name);
    const computer = this.computer(name.computer);
    if (computer && !computer.reachable) {
      throw new SqlError(
        'server-unreachable',
        `Cannot reach SQL Server ${display}: the computer ${computer.name} does not answer on the network.`,
      );
    }
    const onComputer = this.state.sqlServers.filter((server) => sameComputer(sqlHostComputer(server), name.computer));
    const matches =
      name.port !== null
        ? onComputer
        : onComputer.filter(
            (server) => (server.instanceName ?? '').toLowerCase() === (name.instance ?? '').toLowerCase(),
          );
    const server = matches.length === 1 ? matches[0] : undefined;
    if (!server && name.instance && onComputer.length > 0) {
      throw new SqlError(
        'instance-not-found',
        `Cannot reach SQL Server ${display}: the SQL Server Browser on ${name.computer} lists no instance named ${name.instance} (error 26 - Error Locating Server/Instance Specified).`,
      );
    }
    if (!server) {
      throw new SqlError(
        'server-unreachable',
        `Cannot reach SQL Server ${display}: no such instance answered. Check the name, that the SQL Server Browser service is running and that UDP 1434 is open.`,
      );
    }
    if (!server.reachable || !this.serviceRunning(server)) {
      throw new SqlError(
        'server-unreachable',
        `Cannot reach SQL Server ${display}: the instance does not answer. Check that its SQL Server service is running on ${sqlHostComputer(server)}.`,
      );
    }
    return server;
  }

  inject(fault: SqlFault): void {
    if (fault.kind === 'sql-backup-corrupt') {
      this.state.faults.push(fault);
    } else if (fault.kind === 'sql-service-master-key-unreadable') {
      this.named(fault.server);
      this.state.faults.push(fault);
    } else if (fault.kind === 'sql-service-master-key-regenerated') {
      // REGENERATE re-encrypts what the old key protected with a new one.
      replaceServiceMasterKey(this.named(fault.server), randomUUID(), true);
    } else if (fault.kind === 'sql-disk-full') {
      for (const drive of this.named(fault.server).drives) drive.freeBytes = DISK_FULL_FREE_BYTES;
    } else if (fault.kind === 'runbook-checked-out') {
      this.checkOut(fault);
    } else if (fault.kind === 'sql-login-not-sysadmin') {
      this.named(fault.server).sysadmin = false;
    } else if (fault.kind === 'sql-server-renamed') {
      const server = this.named(fault.server);
      server.serverName = fault.staleName;
      server.pendingServerName = null;
    } else {
      this.rebuild(fault);
    }
  }

  /** The SQL Server service of an instance started: a name sp_addserver recorded becomes @@SERVERNAME. */
  serviceStarted(computer: string, serviceName: string): void {
    for (const server of this.hostedOn(computer)) {
      if (sqlServiceName(server.instanceName).toLowerCase() !== serviceName.toLowerCase()) continue;
      server.serverName = server.pendingServerName ?? server.serverName;
      server.pendingServerName = null;
    }
  }

  /** Whether a folder exists on a computer as its SQL Server sees it (false on a computer without one). */
  folderExists(computer: string, path: string): boolean {
    return this.hostedOn(computer).some((server) => this.folderExistsOn(server, path));
  }

  /** Free bytes of the drive holding `path` on a SQL Server's computer; undefined elsewhere. */
  freeBytes(computer: string, path: string): number | undefined {
    for (const server of this.hostedOn(computer)) {
      const drive = serverDrive(server, path);
      if (drive) return drive.freeBytes;
    }
    return undefined;
  }

  private readonly handlers = new Map<string, Handler>(
    Object.entries({
      'list-databases': (r) => r.result(this.databaseNames(r.server).map((name) => ({ name }))),
      'server-identity': (r) =>
        r.result([
          { machineName: r.server.machineName, instanceName: r.server.instanceName, serverName: r.server.serverName },
        ]),
      'server-facts': (r) => r.result([serverFacts(r.server)]),
      'database-states': (r) =>
        r.result(
          sortedByName(r.server.databases).map((db) => ({
            name: db.name,
            state: db.state,
            recoveryModel: db.recoveryModel,
          })),
        ),
      'database-state': (r) => {
        const database = findDatabase(r.server, r.param('database'));
        return r.result(database ? [{ state: database.state }] : []);
      },
      'local-server-name': (r) => r.result([{ name: r.server.pendingServerName ?? r.server.serverName }]),
      'management-group-info': (r) => {
        const database = r.database;
        if (!database?.managementGroup) throw errors.invalidObject('dbo.__MOMManagementGroupInfo__');
        return r.result([
          {
            managementGroupName: database.managementGroup,
            administrators: database.managementGroupAdministrators ?? null,
            managementGroupId: database.managementGroupId ?? null,
          },
        ]);
      },
      'workflow-server': (r) => {
        const database = r.database;
        if (!database || !hasProcedure(database, 'dbo.p_PromoteActiveWorkflowServer')) {
          throw errors.invalidObject('dbo.ScopedInstanceTargetClass');
        }
        return r.result(
          database.activeWorkflowServer === undefined ? [] : [{ displayName: database.activeWorkflowServer }],
        );
      },
      'procedure-exists': (r) => r.result([{ present: hasProcedure(r.database, r.param('procedure')) ? 1 : 0 }]),
      'promote-active-workflow-server': (r) => this.promoteActiveWorkflowServer(r),
      'restore-headeronly': (r) => r.result([headerRow(this.readableBackup(r, 'RESTORE HEADERONLY'))]),
      'restore-filelistonly': (r) => r.result(this.readableBackup(r, 'RESTORE FILELISTONLY').backup.files.map(fileRow)),
      'restore-verifyonly': (r) => this.verifyBackup(r),
      'path-exists': (r) => r.result([this.pathRow(r.server, r.param('path'))]),
      'fixed-drives': (r) =>
        r.result(
          [...r.server.drives]
            .sort((a, b) => a.letter.localeCompare(b.letter))
            .map((drive) => ({ drive: drive.letter, 'MB free': Math.floor(drive.freeBytes / MB) })),
        ),
      'backup-copy-only': (r) => this.backup(r, 1),
      'backup-tail-log': (r) => this.backup(r, 2),
      'restore-database': (r) => this.restoreDatabase(r),
      'enable-clr': (r) => this.enableClr(r),
      'rename-server': (r) => this.renameServer(r),
      'dbcc-checkdb': (r) => this.checkDatabase(r),
      'drop-database': (r) => this.dropDatabase(r),
      'set-database-offline': (r) => this.setOffline(r),
      'set-database-multi-user': (r) => this.setMultiUser(r),
      'database-session-hosts': (r) =>
        r.result(this.site.sessionHosts(r.server, r.param('database')).map((hostName) => ({ hostName }))),
      'script-batch': (r) => this.scriptBatch(r),
      'backup-service-master-key': (r) => this.backupServiceMasterKey(r),
      'restore-service-master-key': (r) => this.restoreServiceMasterKey(r),
      'backup-history': (r) => this.backupHistory(r),
      'restore-history': (r) => this.restoreHistory(r),
      'service-master-key-changed': (r) =>
        r.result([{ changed: within(r.server.serviceMasterKeyModified, r.param('ageMilliseconds')) ? 1 : 0 }]),
      'script-batch-recorded': (r) => this.recordedScriptBatch(r),
      'server-services': (r) => r.result(this.instanceServices(r.server)),
      'script-progress': (r) => {
        const progress = r.database?.extendedProperties?.[r.param('marker')];
        return r.result(progress === undefined ? [] : [{ progress }]);
      },
      // Preparing the recovery kit.
      'registered-management-servers': (r) => {
        const database = serviceManagerDatabase(r, 'dbo.p_RootManagementServerSelectConnectionPropertyValues');
        return r.result((database.registeredServers ?? []).map((fqdn) => ({ PrincipalName: fqdn })));
      },
      'registered-dw-server': (r) => {
        const server = serviceManagerDatabase(r, 'dbo.BaseManagedEntity').dataWarehouseServer;
        return r.result(server ? [{ server }] : []);
      },
      'work-item-retention': (r) => {
        const days = serviceManagerDatabase(r, 'dbo.MT_GroomingConfiguration').workItemRetentionDays;
        return r.result([{ days: days ?? null }]);
      },
      'orchestrator-runbook-servers': (r) =>
        r.result(orchestratorDatabase(r, 'dbo.ACTIONSERVERS').actionServers.map((computer) => ({ computer }))),
      'orchestrator-checked-out-runbooks': (r) =>
        r.result(
          orchestratorDatabase(r, 'dbo.POLICIES').checkedOutRunbooks.map((checkOut) => ({
            runbook: checkOut.runbook,
            checkedOutBy: checkOut.user,
            checkedOutAt: checkOut.since,
          })),
        ),
      'orchestrator-management-servers': (r) => {
        const connections = orchestratorDatabase(r, 'dbo.CLIENTCONNECTIONS').clientConnections;
        const servers = [...new Set(connections.map((connection) => connection.managementServer))].sort();
        return r.result(servers.map((computer) => ({ computer })));
      },
      'catalog-server-logins': (r) => r.result(catalog.serverLoginRows(r.server)),
      'catalog-server-role-members': (r) => r.result(catalog.serverRoleMemberRows(r.server)),
      'catalog-server-permissions': (r) => r.result(catalog.serverPermissionRows(r.server)),
      'catalog-database-users': (r) => r.result(r.database ? catalog.databaseUserRows(r.server, r.database) : []),
      'catalog-database-roles': (r) => r.result(r.database ? catalog.databaseRoleRows(r.database) : []),
      'catalog-database-role-members': (r) => r.result(r.database ? catalog.databaseRoleMemberRows(r.database) : []),
      'catalog-database-permissions': (r) => r.result(r.database ? catalog.databasePermissionRows(r.database) : []),
    } satisfies Record<string, Handler>),
  );

  private open(server: DrillSqlServer, name: string): DrillDatabase | undefined {
    if (SYSTEM_DATABASES.includes(name.toLowerCase())) return undefined;
    const database = findDatabase(server, name);
    if (!database) throw errors.cannotOpenDatabase(name);
    if (database.state !== 'ONLINE') throw errors.databaseNotOnline(database.name, database.state);
    return database;
  }

  private databaseNames(server: DrillSqlServer): string[] {
    return [...SYSTEM_DATABASES, ...server.databases.map((db) => db.name)].sort((a, b) =>
      a.toLowerCase().localeCompare(b.toLowerCase()),
    );
  }

  private async promoteActiveWorkflowServer(r: SqlRequest): Promise<SqlResult> {
    const database = r.database;
    if (!database || !hasProcedure(database, 'dbo.p_PromoteActiveWorkflowServer')) {
      throw errors.procedureMissing('dbo.p_PromoteActiveWorkflowServer');
    }
    await this.site.sleep(PROMOTE_MS);
    database.activeWorkflowServer = r.param('fqdn');
    this.site.save();
    r.say('Commands completed successfully.');
    return r.result();
  }

  /** The backup a RESTORE ... FROM DISK = @path reads; reading one needs CREATE DATABASE permission. */
  private readableBackup(r: SqlRequest, operation: errors.BackupOperation): { backup: DrillSqlBackup; size: number } {
    const path = r.path();
    if (!r.server.sysadmin) throw errors.permissionDenied('CREATE DATABASE', 'master', operation);
    const file = this.fileOn(r.server, path);
    if (!file) throw errors.backupFileMissing(path, operation);
    if (!file.sqlBackup) throw errors.notABackup(path, operation);
    return { backup: file.sqlBackup, size: file.size };
  }

  private async verifyBackup(r: SqlRequest): Promise<SqlResult> {
    const { size } = this.readableBackup(r, 'VERIFY DATABASE');
    const duration = transferMs(size);
    if (this.damaged(r.path())) {
      await this.site.sleep((duration * DAMAGE_AT_PERCENT) / 100);
      throw errors.backupDamaged('VERIFY DATABASE');
    }
    await this.site.sleep(duration);
    r.say('The backup set on file 1 is valid.');
    return r.result();
  }

  /** xp_fileexist's row for a path on the SQL Server's computer. */
  private pathRow(server: DrillSqlServer, path: string): SqlRow {
    const isFile =
      this.fileOn(server, path) !== undefined ||
      server.databases.some((db) => db.files.some((file) => sameWindowsPath(file.physicalName, path)));
    return {
      'File Exists': isFile ? 1 : 0,
      'File is a Directory': this.folderExistsOn(server, path) ? 1 : 0,
      'Parent Directory Exists': this.folderExistsOn(server, windowsParentFolder(path)) ? 1 : 0,
    };
  }

  /** BACKUP DATABASE ... COPY_ONLY (type 1) or BACKUP LOG ... NORECOVERY (type 2), which leaves the database RESTORING. */
  private async backup(r: SqlRequest, backupType: DrillSqlBackup['backupType']): Promise<SqlResult> {
    const operation = backupType === 1 ? 'BACKUP DATABASE' : 'BACKUP LOG';
    const path = r.path();
    const database = this.databaseToBackUp(r, operation);
    if (backupType === 2 && database.recoveryModel !== 'FULL') throw errors.simpleRecoveryHasNoLog();
    if (!this.folderExistsOn(r.server, windowsParentFolder(path))) throw errors.backupFolderMissing(path, operation);
    const pages = backupPages(database.files, backupType);
    const size = backupBytes(pages);
    const duration = transferMs(size);
    const room = this.roomForFile(r.server, path);
    if (room < size) {
      await this.stats(r, duration, Math.floor((room / size) * 100));
      throw errors.backupDiskFull(path, operation);
    }
    await this.stats(r, duration);
    reportPages(r, operation, database.name, pages, duration);
    const finished = new Date().toISOString();
    this.writeBackup(r.server, path, size, backupOf(r.server, database, finished, backupType));
    r.server.backupHistory.push({
      database: database.name,
      path,
      type: backupType === 1 ? 'D' : 'L',
      copyOnly: backupType === 1,
      description: r.optionalParam('description'),
      finished,
    });
    if (backupType === 2) database.state = 'RESTORING';
    this.site.save();
    return r.result();
  }

  /** msdb's backupset joined to backupmediafamily, as backupsDescribed reads them, newest first. */
  private backupHistory(r: SqlRequest): SqlResult {
    const rows = r.server.backupHistory
      .filter(
        (entry) =>
          entry.database.toLowerCase() === r.param('database').toLowerCase() &&
          entry.description === r.param('description'),
      )
      .sort((a, b) => b.finished.localeCompare(a.finished))
      .map((entry) => ({ finishedAt: entry.finished, backupType: entry.type, path: entry.path }));
    return r.result(rows);
  }

  /** msdb's restorehistory with the file each restore read, as restoredSince reads it. */
  private restoreHistory(r: SqlRequest): SqlResult {
    const path = r.path();
    const last = r.server.restoreHistory
      .filter(
        (entry) =>
          entry.database.toLowerCase() === r.param('database').toLowerCase() &&
          sameWindowsPath(entry.path, path) &&
          within(entry.restored, r.param('ageMilliseconds')),
      )
      .sort((a, b) => b.restored.localeCompare(a.restored))[0];
    return r.result(last ? [{ restoredAt: last.restored }] : []);
  }

  private databaseToBackUp(r: SqlRequest, operation: errors.BackupOperation): DrillDatabase {
    const name = r.param('database');
    if (!r.server.sysadmin) throw errors.permissionDenied(operation, name, operation);
    const database = findDatabase(r.server, name);
    if (!database) throw errors.databaseMissing(name, operation);
    if (database.state !== 'ONLINE') throw errors.databaseNotOnline(database.name, database.state);
    return database;
  }

  /** Room for a file at `path`: its drive's free space, plus the file it overwrites (WITH INIT). */
  private roomForFile(server: DrillSqlServer, path: string): number {
    const drive = serverDrive(server, path);
    if (path.startsWith('\\\\') || !drive) return Number.POSITIVE_INFINITY;
    return drive.freeBytes + (this.fileOn(server, path)?.size ?? 0);
  }

  private writeBackup(server: DrillSqlServer, path: string, size: number, backup: DrillSqlBackup): void {
    const drive = path.startsWith('\\\\') ? undefined : serverDrive(server, path);
    if (drive) drive.freeBytes -= size - (this.fileOn(server, path)?.size ?? 0);
    this.state.files[localFileKey(sqlHostComputer(server), path)] = {
      path,
      size,
      modified: backup.backupFinishDate,
      // A backup's bytes differ every time it is taken, so its checksum does too.
      sha256: createHash('sha256').update(randomBytes(32)).digest('hex'),
      sqlBackup: backup,
    };
  }

  /**
   * The statement takes literals only; reading them back out of the text checks the wizard's
   * quoting the way SQL Server's parser would.
   */
  private backupServiceMasterKey(r: SqlRequest): SqlResult {
    const [path = '', password = ''] = literalsOf(r.statement.text);
    if (!r.server.sysadmin) throw errors.actionDenied();
    if (!path.startsWith('\\\\') && !this.folderExistsOn(r.server, windowsParentFolder(path))) {
      throw errors.serviceMasterKeyFolderMissing(path);
    }
    const salt = randomBytes(16).toString('hex');
    this.state.files[localFileKey(sqlHostComputer(r.server), path)] = {
      path,
      size: 1024,
      modified: new Date().toISOString(),
      sha256: createHash('sha256').update(randomBytes(32)).digest('hex'),
      keyBackup: { keyId: r.server.serviceMasterKeyId, salt, passwordDigest: passwordDigest(salt, password) },
    };
    this.site.save();
    return r.result();
  }

  /**
   * SQL Server decrypts what the current key protects (the database master keys paired with it)
   * and encrypts it with the restored key. With FORCE, what it cannot decrypt stays paired with a
   * key the instance no longer holds.
   */
  private async restoreServiceMasterKey(r: SqlRequest): Promise<SqlResult> {
    const text = r.statement.text;
    const [path = '', password = ''] = literalsOf(text);
    const force = /\bFORCE\b/i.test(text.slice(text.lastIndexOf("'") + 1));
    const { server } = r;
    if (!server.sysadmin) throw errors.actionDenied();
    const keyBackup = this.fileOn(server, path)?.keyBackup;
    if (!keyBackup) throw errors.masterKeyFileInvalid();
    await this.site.sleep(SERVICE_MASTER_KEY_MS);
    if (!keyPasswordAccepted(keyBackup, password)) throw errors.masterKeyPasswordWrong();
    const unreadable = this.state.faults.find(
      (fault) =>
        fault.kind === 'sql-service-master-key-unreadable' && fault.server.toLowerCase() === server.name.toLowerCase(),
    );
    if (unreadable && !force) throw errors.currentMasterKeyUnreadable();
    if (!unreadable && keyBackup.keyId === server.serviceMasterKeyId) {
      r.say(SAME_MASTER_KEY);
      return r.result();
    }
    replaceServiceMasterKey(server, keyBackup.keyId, !unreadable);
    this.state.faults = this.state.faults.filter((fault) => fault !== unreadable);
    this.site.save();
    return r.result();
  }

  private async restoreDatabase(r: SqlRequest): Promise<SqlResult> {
    const { server } = r;
    const name = r.param('database');
    const path = r.path();
    if (!server.sysadmin) throw errors.restorePermissionDenied(name);
    const { backup, size } = this.readableBackup(r, 'RESTORE DATABASE');
    const snapshot = backup.database;
    if (!snapshot) throw errors.logBackupNotRestorable(path);
    const existing = findDatabase(server, name);
    checkOverwrite(existing, backup, /\bREPLACE\b/i.test(r.statement.text));
    if (existing?.state === 'ONLINE' && this.site.sessionHosts(server, existing.name).length > 0) {
      throw errors.exclusiveAccessDenied();
    }
    const files = restoredFiles(r, backup, name);
    this.checkTargets(server, files, existing);

    if (existing) removeDatabase(server, existing);
    const restoring: DrillDatabase = {
      name,
      state: 'RESTORING',
      procedures: [],
      recoveryModel: snapshot.recoveryModel,
      files,
      permissionsScriptBatches: 0,
    };
    placeDatabase(server, restoring);
    this.site.save();
    const pages = backupPages(backup.files, 1);
    const duration = transferMs(size);
    if (this.damaged(path)) {
      await this.stats(r, duration, DAMAGE_AT_PERCENT);
      throw errors.restoredPageDamaged(name, Math.round((totalPages(pages) * DAMAGE_AT_PERCENT) / 100));
    }
    await this.stats(r, duration);
    reportPages(r, 'RESTORE DATABASE', name, pages, duration);
    const restored: DrillDatabase = {
      ...structuredClone(snapshot),
      name,
      state: 'ONLINE',
      files,
      permissionsScriptBatches: 0,
      restoredFrom: path,
    };
    server.databases = server.databases.map((db) => (db === restoring ? restored : db));
    server.restoreHistory.push({ database: name, path, restored: new Date().toISOString() });
    this.site.save();
    return r.result();
  }

  /** What RESTORE checks while planning, in its order: folders, files of other databases, room. */
  private checkTargets(server: DrillSqlServer, files: DrillDatabaseFile[], replaced: DrillDatabase | undefined): void {
    const [missing, ...moreMissing] = files.filter(
      (file) => !this.folderExistsOn(server, windowsParentFolder(file.physicalName)),
    );
    if (missing) throw errors.directoryLookupFailed(missing, ...moreMissing);
    for (const file of files) {
      const owner = server.databases.find(
        (db) => db !== replaced && db.files.some((other) => sameWindowsPath(other.physicalName, file.physicalName)),
      );
      if (owner) throw errors.fileInUse(file, owner.name);
    }
    for (const drive of server.drives) {
      const onDrive = (file: DrillDatabaseFile) => serverDrive(server, file.physicalName) === drive;
      const needed = sum(files.filter(onDrive).map((file) => file.size));
      const available = drive.freeBytes + sum(replaced?.files.filter(onDrive).map((file) => file.size) ?? []);
      if (needed > available) throw errors.restoreDiskFull(drive.letter, needed, available);
    }
  }

  private enableClr(r: SqlRequest): SqlResult {
    if (!r.server.sysadmin) throw errors.actionDenied();
    const before = r.server.clrEnabled ? 1 : 0;
    r.server.clrEnabled = true;
    this.site.save();
    r.say(`Configuration option 'clr enabled' changed from ${before} to 1. Run the RECONFIGURE statement to install.`);
    return r.result();
  }

  /** sp_dropserver drops the local entry of sys.servers, which sp_addserver may already have replaced. */
  private renameServer(r: SqlRequest): SqlResult {
    if (!r.server.sysadmin) throw errors.actionDenied();
    const stale = r.param('stale');
    const local = r.server.pendingServerName ?? r.server.serverName;
    if (local.toLowerCase() !== stale.toLowerCase()) throw errors.serverEntryMissing(stale);
    r.server.pendingServerName = r.param('current');
    this.site.save();
    return r.result();
  }

  private async checkDatabase(r: SqlRequest): Promise<SqlResult> {
    const name = r.param('database');
    const database = findDatabase(r.server, name);
    if (!database) throw errors.checkdbDatabaseMissing(name);
    if (database.state !== 'ONLINE') throw errors.databaseNotOnline(database.name, database.state);
    const dataBytes = sum(database.files.filter((file) => file.type === 'D').map((file) => file.size));
    await this.site.sleep((dataBytes / CHECKDB_BYTES_PER_SECOND) * 1000);
    return r.result();
  }

  /** The drill keeps no user-access mode: single-user lasts only as long as the tail-log batch. */
  private setMultiUser(r: SqlRequest): SqlResult {
    const name = r.param('database');
    if (!r.server.sysadmin) throw errors.actionDenied();
    if (!findDatabase(r.server, name)) throw errors.cannotDrop(name, 'statement-failed');
    return r.result();
  }

  private setOffline(r: SqlRequest): SqlResult {
    const name = r.param('database');
    if (!r.server.sysadmin) throw errors.actionDenied();
    const database = findDatabase(r.server, name);
    if (!database) throw errors.cannotDrop(name, 'statement-failed');
    database.state = 'OFFLINE';
    this.site.save();
    return r.result();
  }

  private dropDatabase(r: SqlRequest): SqlResult {
    const name = r.param('database');
    if (!r.server.sysadmin) throw errors.cannotDrop(name, 'not-sysadmin');
    const database = findDatabase(r.server, name);
    if (!database) throw errors.cannotDrop(name, 'statement-failed');
    removeDatabase(r.server, database);
    this.site.save();
    return r.result();
  }

  /** One batch of a script; see tsql-batch.ts for how little of T-SQL the drill reads. */
  private async scriptBatch(r: SqlRequest): Promise<SqlResult> {
    return this.runBatch(r, r.statement.text);
  }

  /**
   * A batch and the script's progress marker in one transaction: nothing of either stays when the
   * batch fails, and a crash during the batch leaves both undone.
   */
  private async recordedScriptBatch(r: SqlRequest): Promise<SqlResult> {
    const database = r.database;
    if (!database) throw errors.invalidObject('sys.extended_properties');
    return this.runBatch(r, r.param('batch'), () => {
      database.extendedProperties = { ...database.extendedProperties, [r.param('marker')]: r.param('progress') };
    });
  }

  /**
   * Runs a batch statement by statement, as SQL Server does; inside a transaction (`commit`
   * given), its effects stay only if the whole batch succeeds, and `commit` goes with them.
   */
  private async runBatch(r: SqlRequest, text: string, commit?: () => void): Promise<SqlResult> {
    const lexed = batchCode(text);
    if ('number' in lexed) throw errors.batchFailed(lexed.number, lexed.text);
    await this.site.sleep(SCRIPT_BATCH_MS);
    const created: string[] = [];
    const logins = () => [...r.server.logins, ...created];
    for (const { login, guarded } of createdLogins(lexed.code)) {
      const exists = logins().some((known) => known.toLowerCase() === login.toLowerCase());
      if (exists && !guarded) throw errors.loginExists(login);
      if (exists) continue;
      if (!r.server.sysadmin) throw errors.actionDenied();
      if (commit) created.push(login);
      else r.server.logins.push(login);
    }
    for (const raised of raisedErrors(text, lexed.code)) {
      if (raised.fails) throw errors.batchFailed(raised.number, raised.text);
      r.say(raised.text);
    }
    r.server.logins.push(...created);
    if (r.database) r.database.permissionsScriptBatches += 1;
    commit?.();
    this.site.save();
    return r.result();
  }

  /** "N percent processed." every STATS percent of `duration`, up to `untilPercent`. */
  private async stats(r: SqlRequest, duration: number, untilPercent = 100): Promise<void> {
    const step = statsStep(r.statement);
    if (step === undefined) {
      await this.site.sleep((duration * untilPercent) / 100);
      return;
    }
    for (let percent = step; percent <= untilPercent; percent += step) {
      await this.site.sleep((duration * step) / 100);
      r.say(`${percent} percent processed.`);
    }
  }

  /** Windows and SQL Server reinstalled: the computer keeps its name and disks, nothing else. */
  private rebuild(fault: Extract<SqlFault, { kind: 'database-server-rebuilt' }>): void {
    const old = this.named(fault.server);
    const computerName = sqlHostComputer(old);
    const fresh = freshSqlServer({
      computer: computerName,
      machineName: fault.machineName ?? computerName,
      instanceName: fault.instanceName === undefined ? old.instanceName : fault.instanceName,
      driveLetters: old.drives.map((drive) => drive.letter),
    });
    this.state.sqlServers = this.state.sqlServers.map((server) => (server === old ? fresh : server));
    const computer = this.computer(computerName);
    if (computer) {
      Object.assign(computer, {
        services: sqlInstanceServices(fresh.instanceName),
        folders: [],
        processes: [],
        registry: {},
        encryptionKeyId: null,
        restartPending: false,
      });
    }
    const prefix = computerFilePrefix(computerName);
    for (const key of Object.keys(this.state.files)) {
      if (key.startsWith(prefix)) delete this.state.files[key];
    }
  }

  /** The instance's two services; the drill installs both to start with Windows. */
  private instanceServices(server: DrillSqlServer): SqlRow[] {
    const computer = this.computer(sqlHostComputer(server));
    const names = [sqlServiceName(server.instanceName), sqlAgentServiceName(server.instanceName)].map((name) =>
      name.toLowerCase(),
    );
    return (computer?.services ?? [])
      .filter((service) => names.includes(service.name.toLowerCase()))
      .map((service) => ({
        serviceName: service.displayName,
        startupType: 'Automatic',
        status: { Running: 'Running', Stopped: 'Stopped', StartPending: 'Start pending', StopPending: 'Stop pending' }[
          service.status
        ],
      }));
  }

  /** An author checks a runbook out: every Orchestrator database of the site records it, from now on. */
  private checkOut(fault: Extract<SqlFault, { kind: 'runbook-checked-out' }>): void {
    const databases = this.state.sqlServers.flatMap((server) =>
      server.databases.filter((database) => database.actionServers !== undefined),
    );
    if (databases.length === 0) throw new HostError('not-found', 'The drill site has no Orchestrator database.');
    for (const database of databases) {
      database.checkedOutRunbooks = [
        ...(database.checkedOutRunbooks ?? []).filter((checkOut) => checkOut.runbook !== fault.runbook),
        { runbook: fault.runbook, user: fault.user, since: new Date().toISOString() },
      ];
    }
  }

  private named(name: string): DrillSqlServer {
    const server = this.state.sqlServers.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (!server) throw new HostError('not-found', `The drill site has no SQL Server ${name}.`);
    return server;
  }

  private computer(name: string): DrillSiteState['computers'][number] | undefined {
    return this.state.computers.find((computer) => sameComputer(computer.name, name));
  }

  private hostedOn(computer: string): DrillSqlServer[] {
    return this.state.sqlServers.filter((server) => sameComputer(sqlHostComputer(server), computer));
  }

  private serviceRunning(server: DrillSqlServer): boolean {
    const serviceName = sqlServiceName(server.instanceName).toLowerCase();
    const service = this.computer(sqlHostComputer(server))?.services.find(
      (candidate) => candidate.name.toLowerCase() === serviceName,
    );
    return service?.status === 'Running';
  }

  /** A file as the SQL Server service opens it: on its own computer, or on a share. */
  private fileOn(server: DrillSqlServer, path: string): DrillSiteState['files'][string] | undefined {
    return this.state.files[localFileKey(sqlHostComputer(server), path)];
  }

  /** A folder exists when listed, when a listed folder is inside it, or when it is the root of a drive. */
  private folderExistsOn(server: DrillSqlServer, path: string): boolean {
    const listed = path.startsWith('\\\\')
      ? this.state.shares
      : [...server.folders, ...(this.computer(sqlHostComputer(server))?.folders ?? [])];
    if (listed.some((folder) => sameWindowsPath(folder, path) || isInside(folder, path))) return true;
    return /^[A-Za-z]:\\?$/.test(path.trim()) && serverDrive(server, path) !== undefined;
  }

  private damaged(path: string): boolean {
    return this.state.faults.some((fault) => fault.kind === 'sql-backup-corrupt' && sameWindowsPath(fault.path, path));
  }
}

/** Whether a moment lies no further back than `ageMilliseconds`, as DATEDIFF_BIG(millisecond, moment, GETDATE()) tells. */
/**
 * The server's service master key becomes `keyId`, its modify_date now; `reencrypt`: what the old
 * key protected is protected by the new one (not when the old key could not be read).
 */
function replaceServiceMasterKey(server: DrillSqlServer, keyId: string, reencrypt: boolean): void {
  if (reencrypt) {
    for (const database of server.databases) {
      if (database.encryptedBy === server.serviceMasterKeyId) database.encryptedBy = keyId;
    }
  }
  server.serviceMasterKeyId = keyId;
  server.serviceMasterKeyModified = new Date().toISOString();
}

function within(moment: string | undefined, ageMilliseconds: string): boolean {
  return moment !== undefined && Date.now() - Date.parse(moment) <= Number(ageMilliseconds);
}

function serverFacts(server: DrillSqlServer): SqlRow {
  return {
    machineName: server.machineName,
    instanceName: server.instanceName,
    serverName: server.serverName,
    productVersion: SQL_PRODUCT_VERSION,
    edition: SQL_EDITION,
    defaultDataPath: server.defaultDataPath,
    defaultLogPath: server.defaultLogPath,
    defaultBackupPath: sqlBackupFolder(server.instanceName),
    isSysadmin: server.sysadmin ? 1 : 0,
    clrEnabled: server.clrEnabled ? 1 : 0,
  };
}

function headerRow({ backup, size }: { backup: DrillSqlBackup; size: number }): SqlRow {
  return {
    BackupType: backup.backupType,
    BackupTypeDescription: backup.backupType === 1 ? 'Database' : 'Transaction Log',
    Position: 1,
    DatabaseName: backup.databaseName,
    BackupSize: size,
    BackupFinishDate: backup.backupFinishDate,
    ServerName: backup.serverName,
    MachineName: backup.machineName,
    HasBackupChecksums: backup.hasChecksums ? 1 : 0,
    RecoveryModel: backup.database?.recoveryModel ?? 'FULL',
  };
}

function fileRow(file: DrillDatabaseFile): SqlRow {
  return { LogicalName: file.logicalName, PhysicalName: file.physicalName, Type: file.type, Size: file.size };
}

/** RESTORE without REPLACE refuses to overwrite another database, or one whose log was not backed up. */
function checkOverwrite(existing: DrillDatabase | undefined, backup: DrillSqlBackup, replace: boolean): void {
  if (!existing || replace) return;
  if (existing.name.toLowerCase() !== backup.databaseName.toLowerCase()) {
    throw errors.backupOfOtherDatabase(existing.name);
  }
  if (existing.state === 'ONLINE' && existing.recoveryModel === 'FULL') throw errors.tailLogNotBackedUp(existing.name);
}

/** The backup's files where MOVE @logicalN TO @physicalN puts them, the others where they were. */
function restoredFiles(r: SqlRequest, backup: DrillSqlBackup, database: string): DrillDatabaseFile[] {
  const moves = fileMoves(r.statement);
  for (const move of moves) {
    if (!backup.files.some((file) => file.logicalName.toLowerCase() === move.logicalName.toLowerCase())) {
      throw errors.logicalFileUnknown(move.logicalName, database);
    }
  }
  return backup.files.map((file) => ({
    ...file,
    physicalName:
      moves.find((move) => move.logicalName.toLowerCase() === file.logicalName.toLowerCase())?.physicalName ??
      file.physicalName,
  }));
}

function reportPages(
  r: SqlRequest,
  operation: errors.BackupOperation,
  database: string,
  pages: { logicalName: string; pages: number }[],
  duration: number,
): void {
  for (const file of pages) {
    r.say(`Processed ${file.pages} pages for database '${database}', file '${file.logicalName}' on file 1.`);
  }
  const seconds = duration / 1000;
  const rate = (totalPages(pages) * PAGE_BYTES) / MB / seconds;
  r.say(
    `${operation} successfully processed ${totalPages(pages)} pages in ${seconds.toFixed(3)} seconds (${rate.toFixed(3)} MB/sec).`,
  );
}

function statsStep(statement: SqlStatement): number | undefined {
  const match = /\bSTATS\s*=\s*(\d+)/i.exec(statement.text);
  const step = Number(match?.[1]);
  return step > 0 && step <= 100 ? step : undefined;
}

function transferMs(bytes: number): number {
  return (bytes / BACKUP_BYTES_PER_SECOND) * 1000;
}

function totalPages(pages: readonly { pages: number }[]): number {
  return sum(pages.map((file) => file.pages));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function findDatabase(server: DrillSqlServer, name: string): DrillDatabase | undefined {
  return server.databases.find((db) => db.name.toLowerCase() === name.toLowerCase());
}

function sortedByName(databases: readonly DrillDatabase[]): DrillDatabase[] {
  return [...databases].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

function hasProcedure(database: DrillDatabase | undefined, procedure: string): boolean {
  const wanted = normalizeProcedure(procedure);
  return database?.procedures.some((known) => normalizeProcedure(known) === wanted) ?? false;
}

function normalizeProcedure(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\[?dbo\]?\./, '')
    .replace(/[[\]]/g, '');
}

/** Computers are named by NetBIOS name or FQDN. */
function sameComputer(a: string, b: string): boolean {
  return a.split('.')[0]?.toLowerCase() === b.split('.')[0]?.toLowerCase();
}

function isInside(folder: string, ancestor: string): boolean {
  return folder.toLowerCase().startsWith(`${ancestor.replace(/\\+$/, '').toLowerCase()}\\`);
}

/** The ServiceManager database a statement reads its tables from; any other database has none of them. */
function serviceManagerDatabase(r: SqlRequest, object: string): DrillDatabase {
  if (!r.database?.procedures.includes('dbo.p_PromoteActiveWorkflowServer')) throw errors.invalidObject(object);
  return r.database;
}

/** The Orchestrator database a statement names, with its ACTIONSERVERS, CLIENTCONNECTIONS and checked-out POLICIES rows. */
function orchestratorDatabase(
  r: SqlRequest,
  object: string,
): {
  actionServers: string[];
  clientConnections: NonNullable<DrillDatabase['clientConnections']>;
  checkedOutRunbooks: NonNullable<DrillDatabase['checkedOutRunbooks']>;
} {
  const database = r.database;
  if (!database?.actionServers) throw errors.invalidObject(object);
  return {
    actionServers: [...database.actionServers].sort(),
    clientConnections: database.clientConnections ?? [],
    checkedOutRunbooks: [...(database.checkedOutRunbooks ?? [])].sort((a, b) => a.runbook.localeCompare(b.runbook)),
  };
}
