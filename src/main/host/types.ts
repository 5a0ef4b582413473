import type { SqlStatement, SqlTarget } from '../knowledge/sql/statement';
import type { WebComponentsKind } from '../knowledge/orchestrator/facts';
import type { SecureStorageAction } from '../knowledge/service-manager/secure-storage-backup';
import type { CommandArgument } from '../knowledge/windows/command-line';
import type { KitIndex } from '../knowledge/recovery-kit/kit-index';
import type { KeychainStatus } from '../../shared/keychain-status';

/**
 * Everything a flow may touch in the outside world. Flows and the engine see only these
 * interfaces; host/windows drives the real machines and host/drill simulates a site.
 * Every call names the computer it acts on, so a flow can reach another server of the site.
 */

/** Where a step writes what the operator should see while it runs. */
export interface StepIo {
  output(line: string): void;
  progress(percent: number | undefined, message?: string): void;
}

export type ServiceStatus = 'Running' | 'Stopped' | 'StopPending' | 'StartPending' | 'Paused';

export interface ServiceInfo {
  name: string;
  displayName: string;
  status: ServiceStatus;
}

export interface SystemHost {
  /**
   * The site's clock, in milliseconds since 1970: what a backup's or a file's age is measured
   * against. A real site's is this computer's; a drill's is the simulated site's, the clock its
   * files and backups are stamped with.
   */
  now(): number;
  computerName(): Promise<string>;
  fqdn(): Promise<string>;
  isElevated(): Promise<boolean>;
  freeDiskBytes(computer: string, path: string): Promise<number>;
  /** Whether Windows waits for a restart (after Setup exited with 3010, say). */
  restartPending(): Promise<boolean>;
  /** Asks the domain whether the account and password are valid; the password is never logged. */
  testCredentials(domain: string, user: string, password: string): Promise<CredentialTest>;
}

export type CredentialTest = { accepted: true } | { accepted: false; reason: string };

export interface ServicesHost {
  /** Looks a service up by its display name, because service names differ between versions. */
  find(computer: string, displayName: string): Promise<ServiceInfo | null>;
  /** Stops the service and waits until it is stopped; a timeout throws HostError('timeout'). */
  stop(computer: string, displayName: string, timeoutSeconds: number, io: StepIo): Promise<void>;
  start(computer: string, displayName: string, timeoutSeconds: number, io: StepIo): Promise<void>;
}

export interface FileFacts {
  path: string;
  exists: boolean;
  isDirectory: boolean;
  size: number;
  modified: string | null;
  /** SHA-256 of a file's content, hex; null for folders and missing files. */
  sha256: string | null;
}

export interface FilesHost {
  exists(computer: string, path: string): Promise<boolean>;
  stat(computer: string, path: string): Promise<FileFacts>;
  /** Whether a file can be created in the folder, found by trying. */
  folderWritable(computer: string, path: string): Promise<boolean>;
  removeDirectory(computer: string, path: string, io: StepIo): Promise<void>;
  /** The files directly in a folder (not its subfolders), unhashed; an empty list for a missing folder. */
  list(computer: string, folder: string): Promise<FileFacts[]>;
  /** A text file's content; HostError('unsupported') when it is larger than maxBytes. */
  readText(computer: string, path: string, maxBytes: number): Promise<string>;
  // Preparing the recovery kit: the kit's folders, its manifest, scripts and index.
  /** Creates the folder and any missing parents; an existing folder is left as it is. */
  createFolder(computer: string, path: string): Promise<void>;
  /**
   * Writes a UTF-8 text file at once: to a temporary name beside it, then renamed over it, so a
   * reader finds the old file or the new one, never half of one.
   */
  writeText(computer: string, path: string, text: string): Promise<void>;
}

export interface RegistryHost {
  readValue(computer: string, key: string, valueName: string): Promise<string | number | null>;
}

export interface ProcessInfo {
  id: number;
  name: string;
  user?: string;
}

export interface ProcessesHost {
  find(computer: string, processName: string): Promise<ProcessInfo[]>;
}

export type SqlRow = Record<string, string | number | boolean | null>;

export interface SqlResult {
  rows: SqlRow[];
  messages: string[];
}

export interface SqlHost {
  execute(target: SqlTarget, statement: SqlStatement, io?: StepIo): Promise<SqlResult>;
}

/** What the operator types into the pages of SecureStorageBackup.exe's own wizard. */
export interface SecureStorageWizardEntries {
  action: SecureStorageAction;
  file: string;
  password: string;
}

/** SecureStorageBackup.exe, the Encryption Key Backup or Restore Wizard, run on this computer. */
export interface SecureStorageHost {
  /** The command line as the plan shows it; the password is typed at the prompts, never passed. */
  describe(toolPath: string, action: SecureStorageAction, file: string): string;
  /**
   * Drives the command-line mode. Throws CommandLineUnsupportedError when this version of the
   * tool cannot be driven that way, so the caller can fall back to runInteractive.
   */
  run(toolPath: string, action: SecureStorageAction, file: string, password: string, io: StepIo): Promise<void>;
  /** The command line that opens the tool's own wizard (no arguments), as the plan shows it. */
  describeInteractive(toolPath: string): string;
  /**
   * Opens the tool's own wizard and waits until the operator closes it. `entries` is what the
   * operator types into the wizard's pages, which the drill plays since nobody sits at a
   * simulated window; a real host never types them (the step shows them as guidance and the
   * operator enters them) and ignores them. Passing them here rather than through a drill-only
   * channel keeps the step the same code on both hosts.
   */
  runInteractive(toolPath: string, entries: SecureStorageWizardEntries, io: StepIo): Promise<{ exitCode: number }>;
}

/** How Setup.exe ended; `logTail` is the end of Setup's own log, for the operator to read. */
export interface SetupResult {
  exitCode: number;
  logPath: string | null;
  logTail: string[];
  /**
   * Where Setup's log says the installation failed: the first "Return Value 3" line
   * ("Troubleshoot Service Manager deployment"), with the lines before it, which name the cause.
   */
  failure?: { logPath: string; lines: string[] };
}

/** Service Manager's Setup.exe, run on this computer. */
export interface SetupHost {
  /** The switches `Setup.exe /?` lists (without the slash), or null when it lists none. */
  listSwitches(setupPath: string): Promise<string[] | null>;
  /** The command line as the plan shows it, every secret part masked. */
  describe(setupPath: string, args: readonly CommandArgument[]): string;
  /** Runs Setup unattended with these arguments and waits for it to exit. */
  run(setupPath: string, args: readonly CommandArgument[], io: StepIo): Promise<SetupResult>;
  /** Opens Setup's own wizard for the operator and waits until they close it. */
  runInteractive(setupPath: string, io: StepIo): Promise<SetupResult>;
}

export interface ManagementPackInfo {
  id: string;
  version: string;
  sealed: boolean;
}

/** The Service Manager PowerShell module on a management server. */
export interface ServiceManagerHost {
  listManagementPacks(computer: string): Promise<ManagementPackInfo[]>;
  importManagementPack(computer: string, file: string, io: StepIo): Promise<void>;
  /**
   * Export-SCSMManagementPack of every unsealed pack into `folder` (which must exist), one
   * `<pack id>.xml` each; the files written, by pack id.
   */
  exportUnsealedManagementPacks(computer: string, folder: string, io: StepIo): Promise<ExportedManagementPack[]>;
}

export interface ExportedManagementPack {
  id: string;
  version: string;
  file: string;
}

/** What the operator enters in DBSetup (Data Store Configuration): never `localhost` or `.`. */
export interface DataStoreEntries {
  /** DBSetup.exe on the computer it configures. */
  toolPath: string;
  /** The SQL Server as `computer`, `computer\instance` or `computer,port`. */
  server: string;
  database: string;
}

export interface OrchestratorWebComponents {
  kind: WebComponentsKind;
  /** As the installation reports it, e.g. 10.19.40.0. */
  productVersion: string;
  /** The folder holding the web.config, as aspnet_regiis names it. */
  folder: string;
  configFile: string;
  /** The IIS application pool that serves it. */
  appPool: string;
  /** An address of the service that answers when it can reach its database. */
  serviceUrl: string;
}

export interface WebServiceProbe {
  /** The service answered with a status that is not a server error (401 counts: it asks for credentials). */
  answered: boolean;
  status: number | null;
  /** What happened, in a sentence the operator reads as it is (the status included). */
  detail: string;
}

/** Orchestrator's own tools and the files DBSetup does not update. */
export interface OrchestratorHost {
  /** DBSetup as the plan shows it: the program and the computer it runs on. */
  describeDataStoreConfiguration(computer: string, toolPath: string): string;
  /**
   * Opens DBSetup on `computer` and waits until the operator closes it. DBSetup has no command
   * line: `entries` is what the operator types, which the drill plays and a real host shows only
   * as guidance (as for secureStorage.runInteractive). A real host can open a window only on the
   * computer it runs on; elsewhere it throws HostError('unsupported') saying what to do there.
   */
  configureDataStore(computer: string, entries: DataStoreEntries, io: StepIo): Promise<{ exitCode: number }>;
  /** The web components installed under `installDirectory` on `computer`, or null when there are none. */
  findWebComponents(computer: string, installDirectory: string): Promise<OrchestratorWebComponents | null>;
  /** A config file's text, byte for byte (a BOM is the text's first character). */
  readConfig(computer: string, path: string): Promise<string>;
  /** Copies a config file to `copyPath`, which must not exist, before the file is changed. */
  copyConfig(computer: string, path: string, copyPath: string, io: StepIo): Promise<void>;
  writeConfig(computer: string, path: string, text: string, io: StepIo): Promise<void>;
  /** aspnet_regiis -pdf (decrypt) or -pef (encrypt) "connectionStrings" for the web application in `folder`. */
  protectConnectionStrings(computer: string, folder: string, action: 'decrypt' | 'encrypt', io: StepIo): Promise<void>;
  recycleAppPool(computer: string, appPool: string, io: StepIo): Promise<void>;
  /** Asks the web service from this computer with the wizard's Windows credentials. */
  probeWebService(url: string): Promise<WebServiceProbe>;
}

export interface KeychainHost {
  /** Stores, reads back and removes a test entry: the one answer the start page and the flows' checks show. */
  available(): Promise<KeychainStatus>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  remove(account: string): Promise<boolean>;
  accounts(): Promise<string[]>;
}

/** A file under a recovery kit's folder: its path relative to the folder, with backslashes. */
export interface KitFileFound {
  path: string;
  size: number;
}

export interface KitFileHash extends KitFileFound {
  sha256: string;
}

/** Bytes done of the bytes to do, as files are hashed or copied. */
export type KitProgress = (doneBytes: number, totalBytes: number) => void;

/**
 * A recovery kit's folder, on the wizard's own computer or a share it reads: its files listed,
 * hashed (in parallel, streamed), copied, and its index read and written.
 */
export interface KitHost {
  /** Every file under the folder, subfolders included; HostError('not-found') when there is no such folder. */
  list(folder: string): Promise<KitFileFound[]>;
  /** Each file's size and SHA-256, in the order given; null for a file that is not there. */
  hash(folder: string, paths: readonly string[], progress?: KitProgress): Promise<(KitFileHash | null)[]>;
  /**
   * Copies the files into `destination` (created when missing), each read once for both its copy
   * and its SHA-256, made durable before it returns. Stops at the first failure: a full drive is
   * HostError('disk-full'), a drive gone is HostError('unreachable'). Never writes an index.
   */
  copy(source: string, destination: string, paths: readonly string[], progress?: KitProgress): Promise<KitFileHash[]>;
  /** The folder's kit-index.json; null when it has none; HostError('unsupported') when it is not a valid index. */
  readIndex(folder: string): Promise<KitIndex | null>;
  /** Removes the folder's index before any of its files is written again, so it never vouches for a file being replaced. */
  removeIndex(folder: string): Promise<void>;
  /**
   * Writes kit-index.json at once: to a temporary file of its own, made durable, then renamed, so
   * an interruption leaves the earlier index or none, never part of one.
   */
  writeIndex(folder: string, index: KitIndex): Promise<void>;
  /**
   * Milliseconds the kit's reading and writing is timed by, for its rate and time left: this
   * computer's clock on a real disk; a drill's simulated clock, which its paced reads advance.
   */
  clock(): number;
}

export interface Host {
  kind: 'windows' | 'drill';
  /**
   * Lets go of what the host holds open (PowerShell sessions, SQL connection pools). The wizard
   * calls it when it leaves the site the host drives (a switch to another site, or quitting).
   */
  dispose(): Promise<void>;
  system: SystemHost;
  services: ServicesHost;
  files: FilesHost;
  registry: RegistryHost;
  processes: ProcessesHost;
  sql: SqlHost;
  secureStorage: SecureStorageHost;
  setup: SetupHost;
  serviceManager: ServiceManagerHost;
  orchestrator: OrchestratorHost;
  kit: KitHost;
}
