import { z } from 'zod';
import { flowIdSchema } from './run-contract';

/** The longest recovery kit folder a drill is built from: far beyond any path Windows opens. */
export const DRILL_KIT_FOLDER_MAX = 1024;

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
  /**
   * A DBA regenerated the SQL Server's service master key (ALTER SERVICE MASTER KEY REGENERATE):
   * key files made before hold a key the server no longer has.
   */
  z.object({ kind: z.literal('sql-service-master-key-regenerated'), server: z.string().min(1) }),
  /**
   * A runbook author has `runbook` checked out in the Runbook Designer as `user`: the Orchestrator
   * database records the check-out, and the author's changes are not in it yet.
   */
  z.object({ kind: z.literal('runbook-checked-out'), runbook: z.string().min(1), user: z.string().min(1) }),
  // Copy kit to a drive (recovery kit, issue 14).
  /** The USB drive holding `folder` is full after `afterBytes` more bytes of a kit copy: the file being copied is left short. */
  z.object({ kind: z.literal('kit-drive-full'), folder: z.string().min(1), afterBytes: z.number().int().min(0) }),
  /** The USB drive holding `folder` is pulled out after `afterBytes` bytes of a kit copy. */
  z.object({ kind: z.literal('kit-drive-removed'), folder: z.string().min(1), afterBytes: z.number().int().min(0) }),
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

// Preparing the recovery kit: who holds what in a database, as its catalog views answer.
export const drillDatabasePermissionSchema = z.object({
  state: z.enum(['GRANT', 'DENY', 'GRANT_WITH_GRANT_OPTION']),
  permission: z.string(),
  /** On a schema (GRANT EXECUTE ON SCHEMA::dbo), on an object of a schema, or on the database when both are absent. */
  schema: z.string().optional(),
  object: z.string().optional(),
});

export const drillDatabasePrincipalSchema = z.object({
  name: z.string(),
  /** The server login its SID maps to; absent for a user whose login is gone. */
  login: z.string().optional(),
  roles: z.array(z.string()),
  permissions: z.array(drillDatabasePermissionSchema),
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
  // Preparing the recovery kit: what discovery and the permissions scripts read from the database.
  /** The management servers p_RootManagementServerSelectConnectionPropertyValues lists, by FQDN. */
  registeredServers: z.array(z.string()).optional(),
  /** The data warehouse management server the ServiceManager database is registered with, by FQDN. */
  dataWarehouseServer: z.string().optional(),
  /** The shortest work-item retention of MT_GroomingConfiguration, in days. */
  workItemRetentionDays: z.number().optional(),
  /** An Orchestrator database's dbo.ACTIONSERVERS: its runbook servers' computer names. */
  actionServers: z.array(z.string()).optional(),
  /** An Orchestrator database's dbo.CLIENTCONNECTIONS: each connected Runbook Designer and its management server. */
  clientConnections: z.array(z.object({ clientMachine: z.string(), managementServer: z.string() })).optional(),
  /** An Orchestrator database's checked-out runbooks (dbo.POLICIES): by whom and since when (ISO 8601). */
  checkedOutRunbooks: z.array(z.object({ runbook: z.string(), user: z.string(), since: z.string() })).optional(),
  /** Its users and what they hold; the roles its owners made. */
  principals: z.array(drillDatabasePrincipalSchema).optional(),
  customRoles: z.array(z.string()).optional(),
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
      /** What the computer is in the drill when the manifest does not say: a spare, a SQL Server's computer. */
      description: z.string().optional(),
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
      keyBackup: z
        .object({
          keyId: z.string(),
          salt: z.string(),
          passwordDigest: z.string(),
          /**
           * A key file copied from a real recovery kit: the drill cannot know the password it was
           * made with, so it accepts any of 8 characters or more, as it does for the domain's accounts.
           */
          passwordUnknown: z.boolean().optional(),
        })
        .optional(),
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
      // Preparing the recovery kit: server roles and permissions of the logins, as the catalog views answer.
      serverRoleMembers: z.array(z.object({ role: z.string(), member: z.string() })).optional(),
      serverPermissions: z
        .array(
          z.object({
            state: z.enum(['GRANT', 'DENY', 'GRANT_WITH_GRANT_OPTION']),
            permission: z.string(),
            grantee: z.string(),
          }),
        )
        .optional(),
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

// Drill panel, disaster scenarios, drill from a kit and drill history (issue 16: "Drills from the wizard").

/** How the drill panel asks for one value of a fault: what it names decides the control it gets. */
export interface DrillFaultField {
  /** The fault's property the value fills. */
  name: string;
  label: string;
  kind: 'computer' | 'service' | 'sql-server' | 'backup-file' | 'operation' | 'text' | 'count' | 'integer';
  hint?: string;
  optional?: boolean;
  defaultValue?: string;
  /** Values an operator usually wants, offered beside free typing. */
  suggestions?: readonly string[];
}

export interface DrillFaultDescription {
  title: string;
  /** What the fault simulates, in the operator's words. */
  description: string;
  fields: readonly DrillFaultField[];
}

const timesField: DrillFaultField = {
  name: 'times',
  label: 'How many times',
  kind: 'count',
  defaultValue: '1',
  hint: 'The fault is used up after this many occurrences.',
};

/** The operations an `operation-fails` fault can name, as the drill host calls them. */
export const DRILL_OPERATIONS = [
  'services.stop',
  'services.start',
  'files.removeDirectory',
  'system.testCredentials',
  'setup.run',
  'secureStorage.backup',
  'secureStorage.restore',
  'serviceManager.import',
  'sql.restore-database',
  'sql.backup-copy-only',
  'sql.promote-active-workflow-server',
  'sql.script-batch',
  'orchestrator.configureDataStore',
  'orchestrator.recycleAppPool',
  'orchestrator.probeWebService',
] as const;

/**
 * Every fault the drill supports, for the drill panel. Keyed by the fault's kind, so a new kind in
 * drillFaultSchema does not compile until it says what it simulates and what it needs.
 */
export const DRILL_FAULTS: Record<DrillFault['kind'], DrillFaultDescription> = {
  'computer-unreachable': {
    title: 'Computer unreachable',
    description:
      'The computer does not answer on the network (powered off, cut off, WinRM down). Restarting it from this panel brings it back.',
    fields: [{ name: 'computer', label: 'Computer', kind: 'computer' }],
  },
  'server-rebuilt': {
    title: 'Server rebuilt under the same name',
    description:
      'A new computer with the old name: Windows and the installation media are back; System Center, its services, registry values and encryption key are gone.',
    fields: [{ name: 'computer', label: 'Computer', kind: 'computer' }],
  },
  'service-will-not-stop': {
    title: 'A service will not stop',
    description: 'Stopping the service leaves it in StopPending until the wizard’s wait runs out.',
    fields: [
      { name: 'computer', label: 'Computer', kind: 'computer' },
      { name: 'service', label: 'Service', kind: 'service' },
      timesField,
    ],
  },
  'process-running': {
    title: 'A program is left open',
    description:
      'A process runs on the computer, such as a Service Manager console someone left open on the server to promote.',
    fields: [
      { name: 'computer', label: 'Computer', kind: 'computer' },
      {
        name: 'process',
        label: 'Process name',
        kind: 'text',
        defaultValue: 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console',
      },
    ],
  },
  'operation-fails': {
    title: 'An operation fails',
    description: 'The named operation fails with this message, as many times as asked, then works again.',
    fields: [
      { name: 'operation', label: 'Operation', kind: 'operation', suggestions: DRILL_OPERATIONS },
      { name: 'message', label: 'Error message', kind: 'text', defaultValue: 'Access is denied.' },
      timesField,
    ],
  },
  'setup-exit-code': {
    title: 'Setup.exe ends with an exit code',
    description: 'The next run of Setup.exe ends with this code: -14 prerequisites failed, 3010 a restart is needed.',
    fields: [
      { name: 'code', label: 'Exit code', kind: 'integer', defaultValue: '3010', suggestions: ['-14', '3010', '1603'] },
      timesField,
    ],
  },
  'secure-storage-command-line-unsupported': {
    title: 'SecureStorageBackup.exe has no command line',
    description:
      'The tool answers its command line with a usage text, so the wizard falls back to the tool’s own wizard.',
    fields: [timesField],
  },
  'database-server-rebuilt': {
    title: 'SQL Server rebuilt',
    description:
      'Windows and SQL Server were reinstalled: system databases only, CLR off, no site logins, a new service master key, only the default folders.',
    fields: [
      { name: 'server', label: 'SQL Server', kind: 'sql-server' },
      {
        name: 'machineName',
        label: 'Computer that now answers (optional)',
        kind: 'text',
        optional: true,
        hint: 'As when a DNS alias was moved to a new server.',
      },
      {
        name: 'instanceName',
        label: 'Instance installed under another name (optional)',
        kind: 'text',
        optional: true,
        hint: 'MSSQLSERVER: the default instance.',
      },
    ],
  },
  'sql-server-renamed': {
    title: 'SQL Server’s computer renamed',
    description: 'The computer was renamed after SQL Server was installed: @@SERVERNAME still reports the old name.',
    fields: [
      { name: 'server', label: 'SQL Server', kind: 'sql-server' },
      { name: 'staleName', label: 'Old name @@SERVERNAME reports', kind: 'text' },
    ],
  },
  'sql-backup-corrupt': {
    title: 'Backup file damaged',
    description: 'RESTORE VERIFYONLY fails on the file, and RESTORE DATABASE stops part-way.',
    fields: [{ name: 'path', label: 'Backup file', kind: 'backup-file' }],
  },
  'sql-disk-full': {
    title: 'Disks nearly full',
    description: 'Every drive of the SQL Server’s computer has about 200 MB free.',
    fields: [{ name: 'server', label: 'SQL Server', kind: 'sql-server' }],
  },
  'sql-login-not-sysadmin': {
    title: 'Sign-in without sysadmin',
    description:
      'The account the wizard signs in with is not in the sysadmin role: RESTORE, BACKUP and sp_configure are refused.',
    fields: [{ name: 'server', label: 'SQL Server', kind: 'sql-server' }],
  },
  'sql-service-master-key-unreadable': {
    title: 'Service master key unreadable',
    description:
      'SQL Server cannot decrypt its own service master key (its service account was changed outside Configuration Manager): RESTORE SERVICE MASTER KEY needs FORCE.',
    fields: [{ name: 'server', label: 'SQL Server', kind: 'sql-server' }],
  },
  'sql-service-master-key-regenerated': {
    title: 'Service master key regenerated',
    description:
      'A DBA regenerated the SQL Server’s service master key after it was backed up: the key files in the kit hold a key the server no longer has, and restoring one would bring back the wrong key.',
    fields: [{ name: 'server', label: 'SQL Server', kind: 'sql-server' }],
  },
  'runbook-checked-out': {
    title: 'A runbook is checked out in the Runbook Designer',
    description:
      'A runbook author is editing a runbook and has not checked it in: the Orchestrator database says who has it checked out, and the author’s changes are not in a backup.',
    fields: [
      { name: 'runbook', label: 'Runbook', kind: 'text', defaultValue: 'Monthly patching' },
      { name: 'user', label: 'Checked out by', kind: 'text', defaultValue: 'CONTOSO\\orch-author' },
    ],
  },
  'kit-drive-full': {
    title: 'USB drive fills up during a kit copy',
    description:
      'The drive holding the folder has room for only this many more bytes: the file being copied is left short and the copy stops.',
    fields: [
      { name: 'folder', label: 'Destination folder', kind: 'text', defaultValue: 'E:\\RecoveryKit' },
      { name: 'afterBytes', label: 'Bytes that still fit', kind: 'integer', defaultValue: '1000000000' },
    ],
  },
  'kit-drive-removed': {
    title: 'USB drive pulled out during a kit copy',
    description: 'The drive holding the folder disappears after this many bytes of the copy.',
    fields: [
      { name: 'folder', label: 'Destination folder', kind: 'text', defaultValue: 'E:\\RecoveryKit' },
      { name: 'afterBytes', label: 'Bytes copied before it goes', kind: 'integer', defaultValue: '1000000000' },
    ],
  },
};

/**
 * A step of a disaster scenario: a procedure to run, or the failure itself, which the drill makes
 * happen when the operator asks (after the preparation a real site would have done beforehand).
 */
export const drillScenarioStepSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('procedure'),
    flowId: flowIdSchema,
    title: z.string(),
    why: z.string(),
    /** The computer the operator must sit at for this procedure. */
    signIn: z.string().optional(),
    /** Answers the run must have had to count for this step (a key backup, not a restore). */
    expectedAnswers: z.record(z.string(), z.string()).optional(),
    /** Preparation a real site did before the outage; its time is not recovery time. */
    beforeFailure: z.boolean(),
  }),
  z.object({
    kind: z.literal('failure'),
    title: z.string(),
    why: z.string(),
    faults: z.array(drillFaultSchema),
    signIn: z.string().optional(),
  }),
]);
export type DrillScenarioStep = z.infer<typeof drillScenarioStepSchema>;

export const drillScenarioSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** What has happened, as the operator would hear of it. */
  situation: z.string(),
  /** The recovery guides the steps come from, by their titles. */
  sources: z.array(z.string()),
  available: z.boolean(),
  unavailableReason: z.string().optional(),
  steps: z.array(drillScenarioStepSchema),
});
export type DrillScenario = z.infer<typeof drillScenarioSchema>;

/** The scenario being rehearsed: which steps are done, and so which one is next. */
export const drillScenarioProgressSchema = z.object({
  scenarioId: z.string(),
  startedAt: z.string(),
  /** One per step done, in order: the next step is `steps[done.length]`. */
  done: z.array(z.object({ at: z.string(), runId: z.string().optional() })),
  /** The drill history entry the scenario's runs are recorded in. */
  historyId: z.string(),
});
export type DrillScenarioProgress = z.infer<typeof drillScenarioProgressSchema>;

export const drillScenariosSchema = z.object({
  scenarios: z.array(drillScenarioSchema),
  active: drillScenarioProgressSchema.nullable(),
});
export type DrillScenarios = z.infer<typeof drillScenariosSchema>;

/** What the journal can tell of the operator's part in a run, and the drill panel's actions in a scenario. */
export const drillOperatorActionsSchema = z.object({
  /** Answers the run was given, as journaled (passwords are never journaled, so not counted). */
  answers: z.number().int(),
  typedConfirmations: z.number().int(),
  acknowledgedWarnings: z.number().int(),
  /** Steps started again after they had failed, by Retry or by Resume. */
  retries: z.number().int(),
  resumes: z.number().int(),
  /** Faults injected, sign-ins, restarts and failures made to happen from the drill panel or the scenario. */
  drillActions: z.number().int(),
});
export type DrillOperatorActions = z.infer<typeof drillOperatorActionsSchema>;

export const drillRunResultSchema = z.enum(['in progress', 'succeeded', 'failed', 'cancelled', 'abandoned']);

export const drillHistoryRunSchema = z.object({
  runId: z.string(),
  flowId: flowIdSchema,
  title: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  result: drillRunResultSchema,
  /** Done before the failure in a scenario (a key backup): not recovery time. */
  beforeFailure: z.boolean(),
  /** How long the steps would have taken at real speed: the drill's own clock, not the accelerated one. */
  simulatedMs: z.number(),
  /** How long they took in the drill, at its speed factor. */
  acceleratedMs: z.number(),
  steps: z.array(z.object({ id: z.string(), title: z.string(), simulatedMs: z.number() })),
  actions: drillOperatorActionsSchema,
});
export type DrillHistoryRun = z.infer<typeof drillHistoryRunSchema>;

export const drillHistoryEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['procedure', 'scenario']),
  title: z.string(),
  scenarioId: z.string().optional(),
  siteName: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  result: z.enum(['in progress', 'succeeded', 'failed', 'cancelled', 'abandoned', 'stopped']),
  /** The drill's speed factor: simulated time runs this many times faster than the clock. */
  speed: z.number(),
  /** The recovery time the drill simulated: its runs' simulated time, preparation before the failure left out. */
  simulatedMs: z.number(),
  acceleratedMs: z.number(),
  actions: drillOperatorActionsSchema,
  runs: z.array(drillHistoryRunSchema),
});
export type DrillHistoryEntry = z.infer<typeof drillHistoryEntrySchema>;
