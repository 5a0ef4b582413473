import { z } from 'zod';

/** Faults a drill can inject, so operators and tests can rehearse what goes wrong in an outage. */
export const drillFaultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('service-will-not-stop'),
    computer: z.string().min(1),
    service: z.string().min(1),
    times: z.number().int().min(1).max(100),
  }),
  z.object({
    kind: z.literal('operation-fails'),
    operation: z.string().min(1),
    times: z.number().int().min(1).max(100),
    message: z.string().min(1),
  }),
  z.object({ kind: z.literal('computer-unreachable'), computer: z.string().min(1) }),
  z.object({ kind: z.literal('process-running'), computer: z.string().min(1), process: z.string().min(1) }),
  /** The server was rebuilt under the same name: Windows is back, its encryption key is not. */
  z.object({ kind: z.literal('server-rebuilt'), computer: z.string().min(1) }),
  /** Setup.exe ends with this exit code (-14: prerequisites failed, 3010: restart needed, ...). */
  z.object({ kind: z.literal('setup-exit-code'), code: z.number().int(), times: z.number().int().min(1).max(100) }),
  /** SecureStorageBackup.exe answers its command line with a usage text, so its own wizard must be used. */
  z.object({ kind: z.literal('secure-storage-command-line-unsupported'), times: z.number().int().min(1).max(100) }),
  /**
   * Windows and SQL Server were reinstalled on the computer of `server` (as the wizard names it,
   * `SQLSM01\SCSM`): system databases only, CLR off, no site logins, only the default folders.
   * `machineName`: SERVERPROPERTY('MachineName') reports this other computer, as when a DNS alias
   * was moved to a new server. `instanceName`: the instance was installed under this name (null
   * for the default instance), so the original name no longer answers.
   */
  z.object({
    kind: z.literal('database-server-rebuilt'),
    server: z.string().min(1),
    machineName: z.string().min(1).optional(),
    instanceName: z.string().min(1).nullable().optional(),
  }),
  /** The computer was renamed after SQL Server was installed: @@SERVERNAME still reports `staleName`. */
  z.object({ kind: z.literal('sql-server-renamed'), server: z.string().min(1), staleName: z.string().min(1) }),
  /** The backup file at `path` is damaged: RESTORE VERIFYONLY and RESTORE DATABASE fail on it. */
  z.object({ kind: z.literal('sql-backup-corrupt'), path: z.string().min(1) }),
  /** Every drive of the SQL Server's computer is nearly full (about 200 MB free). */
  z.object({ kind: z.literal('sql-disk-full'), server: z.string().min(1) }),
  /** The account the wizard signs in with is not in the sysadmin role: RESTORE, BACKUP and sp_configure are refused. */
  z.object({ kind: z.literal('sql-login-not-sysadmin'), server: z.string().min(1) }),
  /**
   * The SQL Server cannot decrypt its own service master key (as after its service account was
   * changed outside SQL Server Configuration Manager): RESTORE SERVICE MASTER KEY needs FORCE.
   */
  z.object({ kind: z.literal('sql-service-master-key-unreadable'), server: z.string().min(1) }),
]);
export type DrillFault = z.infer<typeof drillFaultSchema>;

export const drillServiceSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  status: z.enum(['Running', 'Stopped', 'StopPending', 'StartPending']),
});

export const drillDatabaseFileSchema = z.object({
  logicalName: z.string(),
  physicalName: z.string(),
  type: z.enum(['D', 'L']),
  /** Bytes the file takes on its drive. */
  size: z.number(),
});

export const drillDatabaseSchema = z.object({
  name: z.string(),
  state: z.enum(['ONLINE', 'RESTORING', 'OFFLINE']),
  procedures: z.array(z.string()),
  activeWorkflowServer: z.string().optional(),
  managementGroup: z.string().optional(),
  // What __MOMManagementGroupInfo__ holds besides the name (site facts: the Setup pages read them).
  managementGroupId: z.string().optional(),
  managementGroupAdministrators: z.string().optional(),
  managementPacks: z.array(z.object({ id: z.string(), version: z.string(), sealed: z.boolean() })).optional(),
  recoveryModel: z.enum(['FULL', 'SIMPLE']),
  files: z.array(drillDatabaseFileSchema),
  /** Batches of a script (the kit's permissions script) run against it since it was restored or created. */
  permissionsScriptBatches: z.number().int(),
  /** The backup file it was last restored from. */
  restoredFrom: z.string().optional(),
  /**
   * The service master key its database master key is encrypted by (Orchestrator keeps one):
   * on another server it opens only once that server holds the same service master key.
   */
  encryptedBy: z.string().optional(),
  /** Its extended properties (sys.extended_properties, class 0), by name: a backup carries them. */
  extendedProperties: z.record(z.string(), z.string()).optional(),
});

/** A row of msdb's backup history (backupset with its backupmediafamily). */
export const drillBackupHistorySchema = z.object({
  database: z.string(),
  /** physical_device_name: the file as SQL Server opened it. */
  path: z.string(),
  /** D: database, L: log. */
  type: z.enum(['D', 'L']),
  copyOnly: z.boolean(),
  description: z.string().optional(),
  finished: z.string(),
});

/** A row of msdb's restore history (restorehistory, with the backup set and file it read). */
export const drillRestoreHistorySchema = z.object({
  database: z.string(),
  path: z.string(),
  restored: z.string(),
});

/** What RESTORE HEADERONLY and FILELISTONLY read from a backup file. */
export const drillSqlBackupSchema = z.object({
  databaseName: z.string(),
  /** @@SERVERNAME and the computer of the instance that took the backup. */
  serverName: z.string(),
  machineName: z.string(),
  backupFinishDate: z.string(),
  /** 1: full database backup, 2: transaction log backup. */
  backupType: z.union([z.literal(1), z.literal(2)]),
  hasChecksums: z.boolean(),
  files: z.array(drillDatabaseFileSchema),
  /** The database as a restore recreates it; absent from a log backup, which cannot recreate one. */
  database: drillDatabaseSchema.optional(),
});

/** An Orchestrator data store as DBSetup names it: the SQL Server as the operator typed it, and the database. */
export const drillDataStoreSchema = z.object({ server: z.string(), database: z.string() });

export const drillWebComponentsSchema = z.object({
  computer: z.string(),
  kind: z.enum(['web-service', 'web-api']),
  productVersion: z.string(),
  folder: z.string(),
  configFile: z.string(),
  appPool: z.string(),
  serviceUrl: z.string(),
  /**
   * What the running application read from its web.config when its pool last started: the
   * database, or why it has none.
   */
  loaded: z.union([drillDataStoreSchema, z.object({ problem: z.string() })]),
});

export const drillOrchestratorSchema = z.object({
  /** The data store each Orchestrator server's settings name (DBSetup writes them), by computer. */
  dataStores: z.record(z.string(), drillDataStoreSchema),
  /**
   * By computer, then by service name (omanagement, orunbook): what each running service opened
   * when it started; null when it could not open its data store. Stopped services are absent.
   */
  connections: z.record(z.string(), z.record(z.string(), drillDataStoreSchema.nullable())),
  webComponents: z.array(drillWebComponentsSchema),
  /**
   * The plain connectionStrings sections aspnet_regiis -pef encrypted, by computer and then by
   * the section's CipherValue: the RSA key container belongs to the computer, so any copy of an
   * encrypted web.config on it decrypts.
   */
  protectedSections: z.record(z.string(), z.record(z.string(), z.string())),
});

export const drillSiteStateSchema = z.object({
  localComputer: z.string(),
  computers: z.array(
    z.object({
      name: z.string(),
      fqdn: z.string(),
      reachable: z.boolean(),
      services: z.array(drillServiceSchema),
      folders: z.array(z.string()),
      processes: z.array(z.string()),
      registry: z.record(z.string(), z.string()),
      /** Which encryption key the server holds; null on a rebuilt server before its key is restored. */
      encryptionKeyId: z.string().nullable(),
      /** Windows waits for a restart, as after Setup exits with 3010. */
      restartPending: z.boolean(),
    }),
  ),
  /** Domain accounts of the simulated site; the drill accepts any password of 8 characters or more. */
  accounts: z.array(z.string()),
  /** UNC folders that exist, such as the recovery kit's share. */
  shares: z.array(z.string()),
  /** Files by location: `COMPUTER:C:\path` for local files, the UNC path for files on a share. */
  files: z.record(
    z.string(),
    z.object({
      path: z.string(),
      size: z.number(),
      modified: z.string(),
      sha256: z.string(),
      keyBackup: z.object({ keyId: z.string(), salt: z.string(), passwordDigest: z.string() }).optional(),
      /** The text of a text file (an exported management pack, a checksum list). */
      content: z.string().optional(),
      /** What a SQL Server backup file holds. */
      sqlBackup: drillSqlBackupSchema.optional(),
    }),
  ),
  sqlServers: z.array(
    z.object({
      /** How the wizard reaches it: `COMPUTER\INSTANCE`, or `COMPUTER` for a default instance. */
      name: z.string(),
      /** SERVERPROPERTY('MachineName'); another computer than the one in `name` when an alias was moved. */
      machineName: z.string(),
      instanceName: z.string().nullable(),
      /** @@SERVERNAME. */
      serverName: z.string(),
      /** Set by sp_addserver; becomes @@SERVERNAME when the SQL Server service next starts. */
      pendingServerName: z.string().nullable(),
      reachable: z.boolean(),
      /** The `clr enabled` value in use. */
      clrEnabled: z.boolean(),
      /** Whether the login the wizard signs in with is in the sysadmin role. */
      sysadmin: z.boolean(),
      /** SERVERPROPERTY('InstanceDefaultDataPath') and ('InstanceDefaultLogPath'), with a trailing backslash. */
      defaultDataPath: z.string(),
      defaultLogPath: z.string(),
      /** Folders that exist on the SQL Server's computer (their parents exist too). */
      folders: z.array(z.string()),
      drives: z.array(z.object({ letter: z.string(), freeBytes: z.number() })),
      /** Server logins (sys.server_principals), by name. */
      logins: z.array(z.string()),
      /** Which service master key the instance holds; a reinstalled instance has a new one. */
      serviceMasterKeyId: z.string(),
      /** When a RESTORE SERVICE MASTER KEY last changed it (modify_date in sys.symmetric_keys); absent: at install. */
      serviceMasterKeyModified: z.string().optional(),
      databases: z.array(drillDatabaseSchema),
      /** msdb: the instance's backups and restores. A reinstalled instance starts with none. */
      backupHistory: z.array(drillBackupHistorySchema).default([]),
      restoreHistory: z.array(drillRestoreHistorySchema).default([]),
    }),
  ),
  orchestrator: drillOrchestratorSchema,
  faults: z.array(drillFaultSchema),
});
export type DrillSiteState = z.infer<typeof drillSiteStateSchema>;
