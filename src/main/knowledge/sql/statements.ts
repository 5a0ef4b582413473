import { sqlStringLiteral } from './literals';
import { SECRET_MASK } from '../secret-text';
import type { SqlParam, SqlStatement } from './statement';

/**
 * T-SQL the flows run. Operator values are always bound parameters: no statement here
 * concatenates a value into its text. Where T-SQL takes an identifier only (DROP DATABASE,
 * DBCC), the server quotes the bound value itself with QUOTENAME, and a NULL result (a name
 * longer than 128 characters) is refused rather than silently executing nothing.
 */

/** How often BACKUP and RESTORE report progress, in percent. */
const STATS_PERCENT = 5;

/** A restore's file relocation: RESTORE ... MOVE logical TO physical. */
export interface FileMove {
  logicalName: string;
  physicalName: string;
}

/**
 * Builds `statement` on the server and runs it; `database` is what QUOTENAME quotes in it. An
 * empty name would be quoted as [], which names nothing and fails as a syntax error there.
 */
function quotedByServer(database: string, statement: string): string {
  if (database === '') throw new RangeError('A database name must not be empty.');
  return (
    `DECLARE @sql nvarchar(max) = ${statement};\n` +
    "IF @sql IS NULL THROW 50000, N'The database name cannot be quoted (more than 128 characters).', 1;\n" +
    'EXEC (@sql);'
  );
}

/** The file a backup set (msdb's backupset AS bs) was written to or read from: mf.physical_device_name. */
const BACKUP_SET_FILE = 'JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id ';

/** BACKUP's DESCRIPTION option, which msdb keeps in backupset.description, bound like every value. */
function describedBy(options: { description?: string }): string {
  return options.description === undefined ? '' : 'DESCRIPTION = @description, ';
}

function descriptionParam(options: { description?: string }): SqlParam[] {
  return options.description === undefined
    ? []
    : [{ name: 'description', type: 'nvarchar', value: options.description }];
}

function serviceMasterKeyStatement(
  id: string,
  verb: string,
  direction: 'ENCRYPTION' | 'DECRYPTION',
  path: string,
  password: string,
  force: boolean,
): SqlStatement {
  const statement = (secret: string) =>
    `${verb} = ${sqlStringLiteral(path)} ${direction} BY PASSWORD = ${secret}${force ? ' FORCE' : ''}`;
  return { id, text: statement(sqlStringLiteral(password)), display: statement(SECRET_MASK), params: [] };
}

export const sqlStatements = {
  serverIdentity: (): SqlStatement => ({
    id: 'server-identity',
    text:
      "SELECT CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS machineName, " +
      "CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)) AS instanceName, @@SERVERNAME AS serverName",
    params: [],
  }),
  /** Run against master: every database of the instance, for the page that picks one. */
  listDatabases: (): SqlStatement => ({
    id: 'list-databases',
    text: 'SELECT name FROM sys.databases ORDER BY name',
    params: [],
  }),
  /**
   * The management group a database belongs to, with its administrators group (MOMAdminGroup), as
   * Microsoft support's SCSM diagnostic tool reads them: ServiceManager answers for the Service
   * Manager management group, DWStagingAndConfig for the data warehouse's own.
   */
  managementGroupInfo: (): SqlStatement => ({
    id: 'management-group-info',
    text:
      'SELECT ManagementGroupName AS managementGroupName, MOMAdminGroup AS administrators, ' +
      'ManagementGroupId AS managementGroupId FROM dbo.__MOMManagementGroupInfo__',
    params: [],
  }),
  /**
   * The display name of the management server that runs the workflows (the one instance of the
   * Workflow Target class), as the SCSM diagnostic tool reads it in the ServiceManager database;
   * it names the server by its computer name or its FQDN.
   */
  workflowServer: (): SqlStatement => ({
    id: 'workflow-server',
    text:
      'SELECT bme.DisplayName AS displayName FROM dbo.ScopedInstanceTargetClass AS sitc ' +
      'JOIN dbo.ManagedType AS mt ON mt.ManagedTypeId = sitc.ManagedTypeId ' +
      'JOIN dbo.BaseManagedEntity AS bme ON bme.BaseManagedEntityId = sitc.ScopedInstanceId AND bme.IsDeleted = 0 ' +
      'WHERE mt.ManagedTypeId = dbo.fn_ManagedTypeId_MicrosoftSystemCenterWorkflowTarget()',
    params: [],
  }),
  procedureExists: (procedure: string): SqlStatement => ({
    id: 'procedure-exists',
    text: "SELECT CASE WHEN OBJECT_ID(@procedure, N'P') IS NULL THEN 0 ELSE 1 END AS present",
    params: [{ name: 'procedure', type: 'nvarchar', value: procedure }],
  }),
  promoteActiveWorkflowServer: (fqdn: string): SqlStatement => ({
    id: 'promote-active-workflow-server',
    text: 'EXEC dbo.p_PromoteActiveWorkflowServer @fqdn',
    params: [{ name: 'fqdn', type: 'nvarchar', value: fqdn }],
  }),
  /**
   * What the restore checks compare with the manifest, in one round trip. `isSysadmin` decides
   * whether RESTORE can run at all; `clrEnabled` is the value in use, not the configured one.
   */
  serverFacts: (): SqlStatement => ({
    id: 'server-facts',
    text:
      "SELECT CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS machineName, " +
      "CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)) AS instanceName, " +
      '@@SERVERNAME AS serverName, ' +
      "CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS productVersion, " +
      "CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, " +
      "CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(260)) AS defaultDataPath, " +
      "CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(260)) AS defaultLogPath, " +
      // NULL before SQL Server 2019: the wizard then names the folder without its path.
      "CAST(SERVERPROPERTY('InstanceDefaultBackupPath') AS nvarchar(260)) AS defaultBackupPath, " +
      "IS_SRVROLEMEMBER(N'sysadmin') AS isSysadmin, " +
      "(SELECT CAST(value_in_use AS int) FROM sys.configurations WHERE name = N'clr enabled') AS clrEnabled",
    params: [],
  }),
  /** Every user database with its state, to find the ones a restore would replace. */
  databaseStates: (): SqlStatement => ({
    id: 'database-states',
    text:
      'SELECT name, state_desc AS state, recovery_model_desc AS recoveryModel ' +
      'FROM sys.databases WHERE database_id > 4 ORDER BY name',
    params: [],
  }),
  /** Rows: DatabaseName, BackupType (1 = full), BackupFinishDate, ServerName, HasBackupChecksums, ... */
  backupHeader: (path: string): SqlStatement => ({
    id: 'restore-headeronly',
    text: 'RESTORE HEADERONLY FROM DISK = @path',
    params: [{ name: 'path', type: 'nvarchar', value: path }],
  }),
  /** Rows: LogicalName, PhysicalName, Type ('D' data, 'L' log), Size in bytes. */
  backupFileList: (path: string): SqlStatement => ({
    id: 'restore-filelistonly',
    text: 'RESTORE FILELISTONLY FROM DISK = @path',
    params: [{ name: 'path', type: 'nvarchar', value: path }],
  }),
  verifyBackup: (path: string): SqlStatement => ({
    id: 'restore-verifyonly',
    text: 'RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM',
    params: [{ name: 'path', type: 'nvarchar', value: path }],
    long: true,
  }),
  /**
   * Whether a path exists as the SQL Server service sees it. xp_fileexist is undocumented but
   * present in every supported version; its columns are "File Exists", "File is a Directory",
   * "Parent Directory Exists".
   */
  pathExists: (path: string): SqlStatement => ({
    id: 'path-exists',
    text: 'EXEC master.sys.xp_fileexist @path',
    params: [{ name: 'path', type: 'nvarchar', value: path }],
  }),
  /** Free space per fixed drive of the SQL Server computer; columns drive and "MB free" (undocumented). */
  fixedDrives: (): SqlStatement => ({
    id: 'fixed-drives',
    text: 'EXEC master.sys.xp_fixeddrives',
    params: [],
  }),
  /**
   * A full backup that leaves the backup chain alone: taken before a database is replaced, or by
   * the wizard on an ordinary day without disturbing the DBA's differential backups.
   */
  copyOnlyBackup: (
    database: string,
    path: string,
    options: { compression?: boolean; description?: string } = {},
  ): SqlStatement => ({
    id: 'backup-copy-only',
    text: `BACKUP DATABASE @database TO DISK = @path WITH COPY_ONLY, CHECKSUM, ${options.compression ? 'COMPRESSION, ' : ''}INIT, ${describedBy(options)}STATS = ${STATS_PERCENT}`,
    params: [
      { name: 'database', type: 'nvarchar', value: database },
      { name: 'path', type: 'nvarchar', value: path },
      ...descriptionParam(options),
    ],
    long: true,
  }),
  /**
   * The log not yet backed up; the database is left RESTORING, ready to be replaced. NORECOVERY
   * needs the database to itself, and it cannot be taken offline first (its log could not be
   * read), so the services' sessions are ended in the same batch, leaving them no time to return.
   */
  tailLogBackup: (database: string, path: string, options: { description?: string } = {}): SqlStatement => ({
    id: 'backup-tail-log',
    text:
      `${quotedByServer(database, "N'ALTER DATABASE ' + QUOTENAME(@database) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE'")}\n` +
      `BACKUP LOG @database TO DISK = @path WITH NORECOVERY, CHECKSUM, INIT, ${describedBy(options)}STATS = ${STATS_PERCENT}`,
    params: [
      { name: 'database', type: 'nvarchar', value: database },
      { name: 'path', type: 'nvarchar', value: path },
      ...descriptionParam(options),
    ],
    long: true,
  }),
  /**
   * The backups of a database that msdb records with this description: BACKUP writes it into
   * backupset, and the wizard names the run and step in it, so a step finds its own backup.
   */
  backupsDescribed: (database: string, description: string): SqlStatement => ({
    id: 'backup-history',
    text:
      'SELECT bs.backup_finish_date AS finishedAt, bs.type AS backupType, mf.physical_device_name AS path ' +
      'FROM msdb.dbo.backupset AS bs ' +
      BACKUP_SET_FILE +
      'WHERE bs.database_name = @database AND bs.description = @description ' +
      'ORDER BY bs.backup_finish_date DESC',
    params: [
      { name: 'database', type: 'nvarchar', value: database },
      { name: 'description', type: 'nvarchar', value: description },
    ],
  }),
  /**
   * The last full restore of this database from this backup file that msdb records, if it is no
   * older than `ageMilliseconds`. The age is measured on the wizard's clock and compared on the
   * server's (restore_date is the server's local time, as GETDATE()), so the clocks need not agree.
   */
  restoredSince: (database: string, path: string, ageMilliseconds: number): SqlStatement => ({
    id: 'restore-history',
    text:
      'SELECT TOP (1) rh.restore_date AS restoredAt ' +
      'FROM msdb.dbo.restorehistory AS rh ' +
      'JOIN msdb.dbo.backupset AS bs ON bs.backup_set_id = rh.backup_set_id ' +
      BACKUP_SET_FILE +
      "WHERE rh.destination_database_name = @database AND rh.restore_type = 'D' " +
      'AND mf.physical_device_name = @path ' +
      'AND DATEDIFF_BIG(millisecond, rh.restore_date, GETDATE()) <= @ageMilliseconds ' +
      'ORDER BY rh.restore_date DESC',
    params: [
      { name: 'database', type: 'nvarchar', value: database },
      { name: 'path', type: 'nvarchar', value: path },
      { name: 'ageMilliseconds', type: 'bigint', value: ageMilliseconds },
    ],
  }),
  restoreDatabase: (
    database: string,
    path: string,
    options: { replace: boolean; moves: readonly FileMove[] },
  ): SqlStatement => {
    const params: SqlParam[] = [
      { name: 'database', type: 'nvarchar', value: database },
      { name: 'path', type: 'nvarchar', value: path },
    ];
    const clauses = ['CHECKSUM'];
    if (options.replace) clauses.push('REPLACE');
    options.moves.forEach((move, index) => {
      params.push({ name: `logical${index}`, type: 'nvarchar', value: move.logicalName });
      params.push({ name: `physical${index}`, type: 'nvarchar', value: move.physicalName });
      clauses.push(`MOVE @logical${index} TO @physical${index}`);
    });
    clauses.push('RECOVERY', `STATS = ${STATS_PERCENT}`);
    return {
      id: 'restore-database',
      text: `RESTORE DATABASE @database FROM DISK = @path WITH ${clauses.join(', ')}`,
      params,
      long: true,
    };
  },
  databaseState: (database: string): SqlStatement => ({
    id: 'database-state',
    text: 'SELECT state_desc AS state FROM sys.databases WHERE name = @database',
    params: [{ name: 'database', type: 'nvarchar', value: database }],
  }),
  enableClr: (): SqlStatement => ({
    id: 'enable-clr',
    text: "EXEC sys.sp_configure N'clr enabled', 1;\nRECONFIGURE;",
    params: [],
  }),
  /**
   * @@SERVERNAME still names the computer as it was before a rename; it takes the new name
   * when the SQL Server service next starts.
   */
  renameServer: (staleName: string, newName: string): SqlStatement => ({
    id: 'rename-server',
    text: "EXEC sys.sp_dropserver @server = @stale;\nEXEC sys.sp_addserver @server = @current, @local = N'local';",
    params: [
      { name: 'stale', type: 'nvarchar', value: staleName },
      { name: 'current', type: 'nvarchar', value: newName },
    ],
  }),
  /**
   * The instance's services as SQL Server reports them (sys.dm_server_services): servicename is
   * the display name, such as "SQL Server Agent (SCSM)"; startup_type_desc Automatic, Manual, Disabled.
   */
  serverServices: (): SqlStatement => ({
    id: 'server-services',
    text:
      'SELECT servicename AS serviceName, startup_type_desc AS startupType, status_desc AS status ' +
      'FROM sys.dm_server_services',
    params: [],
  }),
  /** The name sp_addserver recorded, which @@SERVERNAME reports only after the service restarts. */
  localServerName: (): SqlStatement => ({
    id: 'local-server-name',
    text: 'SELECT name FROM sys.servers WHERE server_id = 0',
    params: [],
  }),
  checkDatabase: (database: string): SqlStatement => ({
    id: 'dbcc-checkdb',
    text: quotedByServer(database, "N'DBCC CHECKDB (' + QUOTENAME(@database) + N') WITH NO_INFOMSGS, ALL_ERRORMSGS'"),
    params: [{ name: 'database', type: 'nvarchar', value: database }],
    long: true,
  }),
  /**
   * Ends other sessions (rolling back their work) and drops the database, for recreating it. A
   * database that is not online (restoring, suspect) cannot be set to single user; it is dropped as it is.
   */
  dropDatabase: (database: string): SqlStatement => ({
    id: 'drop-database',
    text: quotedByServer(
      database,
      "CASE WHEN DATABASEPROPERTYEX(@database, 'Status') = 'ONLINE' " +
        "THEN N'ALTER DATABASE ' + QUOTENAME(@database) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; ' ELSE N'' END " +
        "+ N'DROP DATABASE ' + QUOTENAME(@database)",
    ),
    params: [{ name: 'database', type: 'nvarchar', value: database }],
  }),
  /**
   * Ends the sessions of the services still connected (rolling back their work) and takes the
   * database offline, so RESTORE ... REPLACE gets the exclusive access it needs. Not SINGLE_USER:
   * a service reconnecting would take the one connection.
   */
  setDatabaseOffline: (database: string): SqlStatement => ({
    id: 'set-database-offline',
    text: quotedByServer(
      database,
      "N'ALTER DATABASE ' + QUOTENAME(@database) + N' SET OFFLINE WITH ROLLBACK IMMEDIATE'",
    ),
    params: [{ name: 'database', type: 'nvarchar', value: database }],
  }),
  /** Opens a database left in single-user mode by a tail-log backup that failed, to the services again. */
  setDatabaseMultiUser: (database: string): SqlStatement => ({
    id: 'set-database-multi-user',
    text: quotedByServer(database, "N'ALTER DATABASE ' + QUOTENAME(@database) + N' SET MULTI_USER'"),
    params: [{ name: 'database', type: 'nvarchar', value: database }],
  }),
  /** Which computers have sessions in a database: the services that really use it. */
  databaseSessionHosts: (database: string): SqlStatement => ({
    id: 'database-session-hosts',
    text: 'SELECT DISTINCT host_name AS hostName FROM sys.dm_exec_sessions WHERE database_id = DB_ID(@database) AND host_name IS NOT NULL',
    params: [{ name: 'database', type: 'nvarchar', value: database }],
  }),
  /** The grammar takes literals only, so the path and password are quoted with sqlStringLiteral. */
  backupServiceMasterKey: (path: string, password: string): SqlStatement =>
    serviceMasterKeyStatement(
      'backup-service-master-key',
      'BACKUP SERVICE MASTER KEY TO FILE',
      'ENCRYPTION',
      path,
      password,
      false,
    ),
  /**
   * Whether the service master key changed no longer ago than `ageMilliseconds` (modify_date of
   * ##MS_ServiceMasterKey##, which a RESTORE SERVICE MASTER KEY that replaces the key sets).
   */
  serviceMasterKeyChangedSince: (ageMilliseconds: number): SqlStatement => ({
    id: 'service-master-key-changed',
    text:
      'SELECT CASE WHEN DATEDIFF_BIG(millisecond, modify_date, GETDATE()) <= @ageMilliseconds THEN 1 ELSE 0 END AS changed ' +
      "FROM master.sys.symmetric_keys WHERE name = N'##MS_ServiceMasterKey##'",
    params: [{ name: 'ageMilliseconds', type: 'bigint', value: ageMilliseconds }],
  }),
  /** FORCE replaces the key even when data encrypted with the current one cannot be decrypted: that data is lost. */
  restoreServiceMasterKey: (path: string, password: string, force: boolean): SqlStatement =>
    serviceMasterKeyStatement(
      'restore-service-master-key',
      'RESTORE SERVICE MASTER KEY FROM FILE',
      'DECRYPTION',
      path,
      password,
      force,
    ),
  /** One batch of a script from the recovery kit (the permissions script made at preparation). */
  scriptBatch: (text: string): SqlStatement => ({
    id: 'script-batch',
    text,
    params: [],
    long: true,
  }),
  /**
   * One batch of a kit script with the script's progress marker, in one transaction: a crash
   * leaves both or neither, so a resumed run neither repeats the batch nor skips it. The batch
   * runs through sp_executesql, so it stays a batch of its own (its USE, a CREATE that must come
   * first); any error rolls both back before it is raised again. The marker is an extended
   * property of the database the script runs in.
   */
  recordedScriptBatch: (batch: string, marker: string, progress: string): SqlStatement => ({
    id: 'script-batch-recorded',
    text: [
      'SET XACT_ABORT ON;',
      'BEGIN TRY',
      '  BEGIN TRANSACTION;',
      '  EXEC sys.sp_executesql @batch;',
      '  IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 0 AND name = @marker)',
      '    EXEC sys.sp_updateextendedproperty @name = @marker, @value = @progress;',
      '  ELSE',
      '    EXEC sys.sp_addextendedproperty @name = @marker, @value = @progress;',
      '  COMMIT TRANSACTION;',
      'END TRY',
      'BEGIN CATCH',
      '  IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;',
      '  THROW;',
      'END CATCH',
    ].join('\n'),
    params: [
      { name: 'batch', type: 'nvarchar', value: batch },
      { name: 'marker', type: 'nvarchar', value: marker },
      { name: 'progress', type: 'nvarchar', value: progress },
    ],
    long: true,
  }),
  /** The progress marker recordedScriptBatch keeps in the database, if there is one. */
  scriptProgress: (marker: string): SqlStatement => ({
    id: 'script-progress',
    text: 'SELECT CAST(value AS nvarchar(4000)) AS progress FROM sys.extended_properties WHERE class = 0 AND name = @marker',
    params: [{ name: 'marker', type: 'nvarchar', value: marker }],
  }),
  // Preparing the recovery kit: what the site's databases say about it (Microsoft support's SCSM
  // diagnostic tool, CSS-SystemCenter-ServiceManager, reads the same tables), and the catalog
  // views a permissions script is made from.
  /** Every management server registered in the management group (the data warehouse's excepted). */
  registeredManagementServers: (): SqlStatement => ({
    id: 'registered-management-servers',
    text: 'EXEC dbo.p_RootManagementServerSelectConnectionPropertyValues',
    params: [],
  }),
  /** The data warehouse management server the ServiceManager database is registered with, if any. */
  registeredDataWarehouseServer: (): SqlStatement => ({
    id: 'registered-dw-server',
    text:
      'SELECT dw.Server_48B308F9_CF0E_0F74_83E1_0AEB1B58E2FA AS server ' +
      'FROM dbo.[MT_Microsoft$SystemCenter$ResourceAccessLayer$DwSdkResourceStore] AS dw ' +
      'JOIN dbo.BaseManagedEntity AS bme ON bme.BaseManagedEntityId = dw.BaseManagedEntityId AND bme.IsDeleted = 0',
    params: [],
  }),
  /** How many days the ServiceManager database keeps closed work items before grooming them: the shortest setting. */
  workItemRetention: (): SqlStatement => ({
    id: 'work-item-retention',
    text:
      'SELECT MIN(gc.RetentionPeriodInMinutes) / 1440 AS days FROM dbo.MT_GroomingConfiguration AS gc ' +
      "JOIN dbo.ManagedType AS mt ON mt.ManagedTypeId = gc.TargetId WHERE gc.StoredProcedure = N'p_GroomManagedEntity'",
    params: [],
  }),
  // Preparing the recovery kit: what the Orchestrator database says about its servers. Microsoft
  // support's Orchestrator diagnostic tool (CSS-SystemCenter-Orchestrator, SCO-Diagnostic-Tool)
  // reads dbo.ACTIONSERVERS whole; the column names below are not in a Microsoft document (see
  // knowledge/orchestrator/discovery.ts for their sources and what is unconfirmed).
  /** Run in the Orchestrator database: the runbook servers it knows, by computer name. */
  orchestratorRunbookServers: (): SqlStatement => ({
    id: 'orchestrator-runbook-servers',
    text: 'SELECT DISTINCT Computer AS computer FROM dbo.ACTIONSERVERS WHERE Computer IS NOT NULL ORDER BY Computer',
    params: [],
  }),
  /** Run in the Orchestrator database: the management servers its connected Runbook Designers name. */
  orchestratorManagementServers: (): SqlStatement => ({
    id: 'orchestrator-management-servers',
    text:
      'SELECT DISTINCT ManagementServer AS computer FROM dbo.CLIENTCONNECTIONS ' +
      'WHERE ManagementServer IS NOT NULL ORDER BY ManagementServer',
    params: [],
  }),
  /**
   * Run in the Orchestrator database: the runbooks checked out in a Runbook Designer, by whom and
   * since when. The Runbook Designer's help ("Using Check In and Check Out") says an author's
   * changes reach the database only at check-in, and a Microsoft TechNet blog ("Orchestrator
   * Migration – Locating Checked Out Policies") that the database records who checked a runbook
   * out. dbo.POLICIES is the runbooks' table in Microsoft support's Orchestrator diagnostic tool
   * (SCO-Diagnostic-Tool: Name, UniqueID), and community queries filter it on Deleted = 0
   * (contoso.se, on check-in comments). CheckOutUser and CheckOutTime are in none of these: they
   * are unconfirmed, so a database that refuses this query leaves the runbook authors'
   * confirmation to the operator (procedures/backup-orchestrator/check-outs.ts). CheckOutUser is
   * shown as stored; it may be a SID, as CHECK_IN_HISTORY.CheckInUser is in those queries.
   */
  orchestratorCheckedOutRunbooks: (): SqlStatement => ({
    id: 'orchestrator-checked-out-runbooks',
    text:
      'SELECT Name AS runbook, CheckOutUser AS checkedOutBy, CheckOutTime AS checkedOutAt FROM dbo.POLICIES ' +
      'WHERE Deleted = 0 AND CheckOutUser IS NOT NULL ORDER BY Name',
    params: [],
  }),
  /** Run against master: the server's logins with their SIDs and, for SQL logins, their password hashes, as 0x hex. */
  serverLogins: (): SqlStatement => ({
    id: 'catalog-server-logins',
    text:
      'SELECT sp.name AS name, sp.type AS type, CONVERT(varchar(172), sp.sid, 1) AS sid, ' +
      'CONVERT(varchar(514), sl.password_hash, 1) AS passwordHash, sp.default_database_name AS defaultDatabase, ' +
      'sp.is_disabled AS isDisabled, sl.is_policy_checked AS checkPolicy, sl.is_expiration_checked AS checkExpiration ' +
      'FROM sys.server_principals AS sp LEFT JOIN sys.sql_logins AS sl ON sl.principal_id = sp.principal_id ' +
      "WHERE sp.type IN ('S', 'U', 'G') ORDER BY sp.name",
    params: [],
  }),
  /** Run against master: members of server roles. */
  serverRoleMembers: (): SqlStatement => ({
    id: 'catalog-server-role-members',
    text:
      'SELECT r.name AS role, m.name AS member FROM sys.server_role_members AS rm ' +
      'JOIN sys.server_principals AS r ON r.principal_id = rm.role_principal_id ' +
      'JOIN sys.server_principals AS m ON m.principal_id = rm.member_principal_id ORDER BY r.name, m.name',
    params: [],
  }),
  /** Run against master: permissions granted or denied on the server itself (class 100) to logins. */
  serverPermissions: (): SqlStatement => ({
    id: 'catalog-server-permissions',
    text:
      'SELECT p.state_desc AS state, p.permission_name AS permission, g.name AS grantee ' +
      'FROM sys.server_permissions AS p JOIN sys.server_principals AS g ON g.principal_id = p.grantee_principal_id ' +
      "WHERE p.class = 100 AND g.type IN ('S', 'U', 'G') ORDER BY g.name, p.permission_name",
    params: [],
  }),
  /** Run in the database: its users (not dbo, guest, sys, INFORMATION_SCHEMA) with the login their SID maps to. */
  databaseUsers: (): SqlStatement => ({
    id: 'catalog-database-users',
    text:
      'SELECT dp.name AS name, dp.type AS type, CONVERT(varchar(172), dp.sid, 1) AS sid, sp.name AS login, ' +
      'dp.default_schema_name AS defaultSchema FROM sys.database_principals AS dp ' +
      'LEFT JOIN sys.server_principals AS sp ON sp.sid = dp.sid ' +
      "WHERE dp.type IN ('S', 'U', 'G') AND dp.principal_id > 4 ORDER BY dp.name",
    params: [],
  }),
  /** Run in the database: the roles its owners made (not the fixed roles, not public). */
  databaseRoles: (): SqlStatement => ({
    id: 'catalog-database-roles',
    text:
      'SELECT name FROM sys.database_principals ' +
      "WHERE type = 'R' AND is_fixed_role = 0 AND principal_id > 0 ORDER BY name",
    params: [],
  }),
  /** Run in the database: role memberships, dbo's left out (it owns the database). */
  databaseRoleMembers: (): SqlStatement => ({
    id: 'catalog-database-role-members',
    text:
      'SELECT r.name AS role, m.name AS member FROM sys.database_role_members AS rm ' +
      'JOIN sys.database_principals AS r ON r.principal_id = rm.role_principal_id ' +
      'JOIN sys.database_principals AS m ON m.principal_id = rm.member_principal_id ' +
      'WHERE m.principal_id > 4 ORDER BY r.name, m.name',
    params: [],
  }),
  /**
   * Run in the database: permissions on the database (class 0), on objects (1, whole objects
   * only) and on schemas (3), to its users and roles.
   */
  databasePermissions: (): SqlStatement => ({
    id: 'catalog-database-permissions',
    text:
      'SELECT p.state_desc AS state, p.permission_name AS permission, p.class AS class, ' +
      'OBJECT_SCHEMA_NAME(o.object_id) AS objectSchema, o.name AS objectName, s.name AS schemaName, g.name AS grantee ' +
      'FROM sys.database_permissions AS p JOIN sys.database_principals AS g ON g.principal_id = p.grantee_principal_id ' +
      'LEFT JOIN sys.objects AS o ON p.class = 1 AND o.object_id = p.major_id ' +
      'LEFT JOIN sys.schemas AS s ON p.class = 3 AND s.schema_id = p.major_id ' +
      'WHERE p.class IN (0, 1, 3) AND p.minor_id = 0 AND g.principal_id > 4 ORDER BY g.name, p.permission_name',
    params: [],
  }),
};
