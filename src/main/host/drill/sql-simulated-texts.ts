import type { sqlStatements } from '../../knowledge/sql/statements';

/**
 * What the drill's SQL Server simulates of each statement, written down on its own: the parts of
 * the text its answer depends on (a RESTORE that ends WITH RECOVERY leaves the database ONLINE, a
 * tail-log backup WITH NORECOVERY leaves it RESTORING, ...). The drill builds each statement again
 * from its builder (sql-statement-text.ts); these patterns are what catches a builder in
 * knowledge/sql/statements.ts that changed what it does without the simulation changing with it.
 * Whitespace is compared as single spaces.
 */
/** The statement that builds another on the server runs it only when QUOTENAME gave a name. */
const runsQuoted = /^DECLARE @sql nvarchar\(max\) = .*; IF @sql IS NULL THROW 50000, N'.*', 1; EXEC \(@sql\);/;

export const SIMULATED_TEXTS: Record<keyof typeof sqlStatements, readonly RegExp[]> = {
  serverIdentity: [
    /^SELECT CAST\(SERVERPROPERTY\('MachineName'\) AS nvarchar\(128\)\) AS machineName, CAST\(SERVERPROPERTY\('InstanceName'\) AS nvarchar\(128\)\) AS instanceName, @@SERVERNAME AS serverName$/,
  ],
  listDatabases: [/^SELECT name FROM sys\.databases\b/],
  managementGroupInfo: [
    /^SELECT ManagementGroupName AS managementGroupName, MOMAdminGroup AS administrators, ManagementGroupId AS managementGroupId FROM dbo\.__MOMManagementGroupInfo__$/,
  ],
  workflowServer: [
    /^SELECT bme\.DisplayName AS displayName FROM dbo\.ScopedInstanceTargetClass AS sitc /,
    /JOIN dbo\.BaseManagedEntity AS bme ON bme\.BaseManagedEntityId = sitc\.ScopedInstanceId AND bme\.IsDeleted = 0 /,
    /WHERE mt\.ManagedTypeId = dbo\.fn_ManagedTypeId_MicrosoftSystemCenterWorkflowTarget\(\)$/,
  ],
  procedureExists: [/^SELECT CASE WHEN OBJECT_ID\(@procedure, N'P'\) IS NULL THEN 0 ELSE 1 END AS present$/],
  promoteActiveWorkflowServer: [/^EXEC dbo\.p_PromoteActiveWorkflowServer @fqdn$/],
  serverFacts: [
    /SERVERPROPERTY\('MachineName'\)/,
    /SERVERPROPERTY\('InstanceName'\)/,
    /@@SERVERNAME AS serverName/,
    /SERVERPROPERTY\('InstanceDefaultDataPath'\)/,
    /SERVERPROPERTY\('InstanceDefaultLogPath'\)/,
    /IS_SRVROLEMEMBER\(N'sysadmin'\) AS isSysadmin/,
    /value_in_use .* FROM sys\.configurations WHERE name = N'clr enabled'\) AS clrEnabled$/,
  ],
  databaseStates: [
    /^SELECT name, state_desc AS state, recovery_model_desc AS recoveryModel FROM sys\.databases WHERE database_id > 4\b/,
  ],
  backupHeader: [/^RESTORE HEADERONLY FROM DISK = @path$/],
  backupFileList: [/^RESTORE FILELISTONLY FROM DISK = @path$/],
  verifyBackup: [/^RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM$/],
  pathExists: [/^EXEC master\.sys\.xp_fileexist @path$/],
  fixedDrives: [/^EXEC master\.sys\.xp_fixeddrives$/],
  copyOnlyBackup: [
    /^BACKUP DATABASE @database TO DISK = @path WITH COPY_ONLY, CHECKSUM, (COMPRESSION, )?INIT, (DESCRIPTION = @description, )?STATS = \d+$/,
  ],
  tailLogBackup: [
    runsQuoted,
    /N'ALTER DATABASE ' \+ QUOTENAME\(@database\) \+ N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE'/,
    /BACKUP LOG @database TO DISK = @path WITH NORECOVERY, CHECKSUM, INIT, (DESCRIPTION = @description, )?STATS = \d+$/,
  ],
  backupsDescribed: [
    /^SELECT bs\.backup_finish_date AS finishedAt, bs\.type AS backupType, mf\.physical_device_name AS path FROM msdb\.dbo\.backupset AS bs JOIN msdb\.dbo\.backupmediafamily AS mf ON mf\.media_set_id = bs\.media_set_id WHERE bs\.database_name = @database AND bs\.description = @description ORDER BY bs\.backup_finish_date DESC$/,
  ],
  restoredSince: [
    /^SELECT TOP \(1\) rh\.restore_date AS restoredAt FROM msdb\.dbo\.restorehistory AS rh JOIN msdb\.dbo\.backupset AS bs ON bs\.backup_set_id = rh\.backup_set_id JOIN msdb\.dbo\.backupmediafamily AS mf ON mf\.media_set_id = bs\.media_set_id /,
    /WHERE rh\.destination_database_name = @database AND rh\.restore_type = 'D' AND mf\.physical_device_name = @path AND DATEDIFF_BIG\(millisecond, rh\.restore_date, GETDATE\(\)\) <= @ageMilliseconds ORDER BY rh\.restore_date DESC$/,
  ],
  restoreDatabase: [
    /^RESTORE DATABASE @database FROM DISK = @path WITH CHECKSUM, (REPLACE, )?(MOVE @logical\d+ TO @physical\d+, )*RECOVERY, STATS = \d+$/,
  ],
  databaseState: [/^SELECT state_desc AS state FROM sys\.databases WHERE name = @database$/],
  enableClr: [/^EXEC sys\.sp_configure N'clr enabled', 1; RECONFIGURE;$/],
  renameServer: [
    /^EXEC sys\.sp_dropserver @server = @stale; EXEC sys\.sp_addserver @server = @current, @local = N'local';$/,
  ],
  localServerName: [/^SELECT name FROM sys\.servers WHERE server_id = 0$/],
  checkDatabase: [runsQuoted, /N'DBCC CHECKDB \(' \+ QUOTENAME\(@database\) \+ N'\) WITH NO_INFOMSGS, ALL_ERRORMSGS'/],
  dropDatabase: [
    runsQuoted,
    /N'ALTER DATABASE ' \+ QUOTENAME\(@database\) \+ N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; '/,
    /N'DROP DATABASE ' \+ QUOTENAME\(@database\)/,
  ],
  setDatabaseOffline: [
    runsQuoted,
    /N'ALTER DATABASE ' \+ QUOTENAME\(@database\) \+ N' SET OFFLINE WITH ROLLBACK IMMEDIATE'/,
  ],
  setDatabaseMultiUser: [runsQuoted, /N'ALTER DATABASE ' \+ QUOTENAME\(@database\) \+ N' SET MULTI_USER'/],
  serverServices: [
    /^SELECT servicename AS serviceName, startup_type_desc AS startupType, status_desc AS status FROM sys\.dm_server_services$/,
  ],
  databaseSessionHosts: [
    /^SELECT DISTINCT host_name AS hostName FROM sys\.dm_exec_sessions WHERE database_id = DB_ID\(@database\)/,
  ],
  backupServiceMasterKey: [/^BACKUP SERVICE MASTER KEY TO FILE = N'.*' ENCRYPTION BY PASSWORD = N'.*'$/s],
  restoreServiceMasterKey: [/^RESTORE SERVICE MASTER KEY FROM FILE = N'.*' DECRYPTION BY PASSWORD = N'.*'( FORCE)?$/s],
  serviceMasterKeyChangedSince: [
    /^SELECT CASE WHEN DATEDIFF_BIG\(millisecond, modify_date, GETDATE\(\)\) <= @ageMilliseconds THEN 1 ELSE 0 END AS changed FROM master\.sys\.symmetric_keys WHERE name = N'##MS_ServiceMasterKey##'$/,
  ],
  // A kit script's batch is read by tsql-batch.ts, whatever it holds.
  scriptBatch: [],
  // The batch runs with its progress marker in one transaction: both or neither.
  recordedScriptBatch: [
    /^SET XACT_ABORT ON; BEGIN TRY BEGIN TRANSACTION; EXEC sys\.sp_executesql @batch; /,
    /IF EXISTS \(SELECT 1 FROM sys\.extended_properties WHERE class = 0 AND name = @marker\) EXEC sys\.sp_updateextendedproperty @name = @marker, @value = @progress; ELSE EXEC sys\.sp_addextendedproperty @name = @marker, @value = @progress; COMMIT TRANSACTION; END TRY /,
    /BEGIN CATCH IF XACT_STATE\(\) <> 0 ROLLBACK TRANSACTION; THROW; END CATCH$/,
  ],
  scriptProgress: [
    /^SELECT CAST\(value AS nvarchar\(4000\)\) AS progress FROM sys\.extended_properties WHERE class = 0 AND name = @marker$/,
  ],
  // Preparing the recovery kit: the columns each answer is read by.
  registeredManagementServers: [/^EXEC dbo\.p_RootManagementServerSelectConnectionPropertyValues$/],
  registeredDataWarehouseServer: [
    /^SELECT dw\.Server_48B308F9_CF0E_0F74_83E1_0AEB1B58E2FA AS server FROM dbo\.\[MT_Microsoft\$SystemCenter\$ResourceAccessLayer\$DwSdkResourceStore\] AS dw /,
  ],
  workItemRetention: [
    /^SELECT MIN\(gc\.RetentionPeriodInMinutes\) \/ 1440 AS days FROM dbo\.MT_GroomingConfiguration AS gc /,
  ],
  orchestratorRunbookServers: [/^SELECT DISTINCT Computer AS computer FROM dbo\.ACTIONSERVERS /],
  orchestratorManagementServers: [/^SELECT DISTINCT ManagementServer AS computer FROM dbo\.CLIENTCONNECTIONS /],
  orchestratorCheckedOutRunbooks: [
    /^SELECT Name AS runbook, CheckOutUser AS checkedOutBy, CheckOutTime AS checkedOutAt FROM dbo\.POLICIES WHERE Deleted = 0 AND CheckOutUser IS NOT NULL /,
  ],
  serverLogins: [
    /^SELECT sp\.name AS name, sp\.type AS type, CONVERT\(varchar\(172\), sp\.sid, 1\) AS sid, CONVERT\(varchar\(514\), sl\.password_hash, 1\) AS passwordHash, sp\.default_database_name AS defaultDatabase, sp\.is_disabled AS isDisabled, /,
  ],
  serverRoleMembers: [/^SELECT r\.name AS role, m\.name AS member FROM sys\.server_role_members AS rm /],
  serverPermissions: [
    /^SELECT p\.state_desc AS state, p\.permission_name AS permission, g\.name AS grantee FROM sys\.server_permissions AS p /,
  ],
  databaseUsers: [
    /^SELECT dp\.name AS name, dp\.type AS type, CONVERT\(varchar\(172\), dp\.sid, 1\) AS sid, sp\.name AS login, dp\.default_schema_name AS defaultSchema /,
  ],
  databaseRoles: [/^SELECT name FROM sys\.database_principals WHERE type = 'R' AND is_fixed_role = 0 /],
  databaseRoleMembers: [/^SELECT r\.name AS role, m\.name AS member FROM sys\.database_role_members AS rm /],
  databasePermissions: [
    /^SELECT p\.state_desc AS state, p\.permission_name AS permission, p\.class AS class, OBJECT_SCHEMA_NAME\(o\.object_id\) AS objectSchema, o\.name AS objectName, s\.name AS schemaName, g\.name AS grantee /,
  ],
};
