import os from 'node:os';
import { psCalls, type PowerShellCall } from '../../knowledge/commands';
import { DATA_STORE_TOOL_TIMEOUT_MS, WEB_COMPONENTS_FOLDER } from '../../knowledge/orchestrator/facts';
import { CommandLineUnsupportedError, HostError } from '../../knowledge/failures';
import type {
  DataStoreEntries,
  Host,
  ExportedManagementPack,
  ManagementPackInfo,
  OrchestratorHost,
  OrchestratorWebComponents,
  ProcessInfo,
  ServiceInfo,
  ServiceStatus,
  SqlHost,
  StepIo,
  WebServiceProbe,
} from '../types';
import type { WebComponentsKind } from '../../knowledge/orchestrator/facts';
import { createNodePowerShellExecutor, logLines, runPowerShell, type PowerShellExecutor } from './powershell-runner';
import {
  describeSecureStorageCommand,
  describeSecureStorageWizard,
  driveSecureStorageBackup,
  runSecureStorageWizard,
} from './tools/secure-storage-driver';
import { windowsCommandLine } from '../../knowledge/windows/command-line';
import { readSetupSwitches, runInteractiveSetup, runSetupProgram, type SetupCommand } from './tools/setup-driver';
import { runToolWindow } from './tools/tool-window';
import { localKit } from '../kit/local-kit';
import {
  localCreateFolder,
  localFileFacts,
  localFolderFiles,
  localFolderWritable,
  localReadText,
  localWriteText,
} from './local-files';
import { createMssqlHost } from './sql-client';

export interface WindowsHostOptions {
  scriptsDir: string;
  executor?: PowerShellExecutor;
  sql?: SqlHost;
}

interface LocalSystem {
  computerName: string;
  fqdn: string;
  isElevated: boolean;
}

// The service controller's transitional pause states, folded into the statuses flows reason about.
const serviceStatuses: Record<string, ServiceStatus> = {
  Running: 'Running',
  Stopped: 'Stopped',
  StopPending: 'StopPending',
  StartPending: 'StartPending',
  Paused: 'Paused',
  PausePending: 'Paused',
  ContinuePending: 'StartPending',
};

const SECURE_STORAGE_TIMEOUT_MS = 5 * 60_000;
// The operator works through the tool's own pages, perhaps looking for the key file first.
const SECURE_STORAGE_WIZARD_TIMEOUT_MS = 2 * 60 * 60_000;
// An installation that has not ended after two hours is stuck, not slow.
const SETUP_TIMEOUT_MS = 2 * 60 * 60_000;
// Long enough for a slow disk; a Setup that answers /? with a dialog instead of text is given up on.
const SETUP_HELP_TIMEOUT_MS = 60_000;
// A web.config is a few kilobytes; anything this large is not one, and would travel as base64.
const CONFIG_FILE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * What is asked of each kind of web component to tell whether it reaches its database, after
 * the address of the IIS application that serves it. Unconfirmed: the 2016/2019 web service is
 * the OData service Orchestrator.svc at the application's root, as installations show it; the
 * 2022 Web API's runbook list is assumed at api/Runbooks.
 */
const SERVICE_ENDPOINTS: Record<WebComponentsKind, string> = {
  // The service document alone is answered without the database; one runbook needs it.
  'web-service': 'Orchestrator.svc/Runbooks?$top=1',
  'web-api': 'api/Runbooks',
};

// Names by which a computer means itself: written into DBSetup, each Orchestrator server would
// look for the database on itself.
const LOCAL_SERVER_NAMES = new Set(['localhost', '.', '(local)', '127.0.0.1', '::1']);

export function createWindowsHost(options: WindowsHostOptions): Host {
  // What the host creates it also closes; what the caller hands in stays the caller's.
  const executor = options.executor ?? createNodePowerShellExecutor();
  const sql = sqlHost(options.sql);
  let localSystem: Promise<LocalSystem> | undefined;

  const run = async (call: PowerShellCall, io?: StepIo): Promise<Record<string, unknown>> => {
    const result = await runPowerShell(call, { scriptsDir: options.scriptsDir, executor });
    for (const line of logLines(result)) io?.output(line);
    return result;
  };

  // Who the wizard runs as, and where, cannot change while it runs: ask PowerShell once.
  const local = (): Promise<LocalSystem> => {
    localSystem ??= run(psCalls.systemInfo(os.hostname())).then(
      (result) => ({
        computerName: field(result, 'computerName', 'string', 'Get-SystemInfo.ps1'),
        fqdn: field(result, 'fqdn', 'string', 'Get-SystemInfo.ps1'),
        isElevated: field(result, 'isElevated', 'boolean', 'Get-SystemInfo.ps1'),
      }),
      (error: unknown) => {
        localSystem = undefined;
        throw error;
      },
    );
    return localSystem;
  };

  const isLocal = async (computer: string): Promise<boolean> => {
    const { computerName, fqdn } = await local();
    const wanted = computer.toLowerCase();
    return wanted === computerName.toLowerCase() || wanted === fqdn.toLowerCase();
  };

  // Key files are read and written by the wizard's own process, so only this computer's view counts.
  const requireLocal = async (computer: string): Promise<void> => {
    if (!(await isLocal(computer))) {
      const { computerName } = await local();
      throw new HostError('unsupported', `Files are read from this computer (${computerName}), not from ${computer}.`);
    }
  };

  const orchestrator: OrchestratorHost = {
    // The computer is shown beside the command line in the plan; the command line is the program alone.
    describeDataStoreConfiguration: (_computer, toolPath) => windowsCommandLine(toolPath, []).shown,
    async configureDataStore(computer, entries, io) {
      checkDataStoreEntries(entries);
      if (!(await isLocal(computer))) {
        throw new HostError(
          'unsupported',
          `DBSetup cannot be opened on ${computer} from here: Windows does not show a program started through ` +
            `PowerShell remoting on anyone's desktop. Sign in to ${computer}, run "${entries.toolPath}", enter the ` +
            `server ${entries.server} and the database ${entries.database}, then choose Retry for this server.`,
        );
      }
      io.output('Data Store Configuration (DBSetup) opens on this computer. Enter exactly:');
      io.output(
        `  Server: ${entries.server} (as written here, never localhost or "."; every Orchestrator server uses it)`,
      );
      io.output(`  Database: ${entries.database} (the existing database; do not create a new one)`);
      io.output(`Finish DBSetup and close it; the wizard waits up to ${DATA_STORE_TOOL_TIMEOUT_MS / 60_000} minutes.`);
      return runToolWindow({
        executable: entries.toolPath,
        programName: 'DBSetup.exe',
        windowName: 'Data Store Configuration (DBSetup)',
        whereToFind: 'It is in the Management Server folder of the Orchestrator installation.',
        timeoutMs: DATA_STORE_TOOL_TIMEOUT_MS,
        io,
      });
    },
    async findWebComponents(computer, installDirectory) {
      const call = psCalls.findOrchestratorWebComponents(computer, installDirectory);
      const result = await run(call);
      if (!field(result, 'found', 'boolean', call.script)) return null;
      return toWebComponents(result, call.script);
    },
    async readConfig(computer, path) {
      const call = psCalls.readConfigFile(computer, path);
      const result = await run(call);
      const size = field(result, 'size', 'number', call.script);
      if (size > CONFIG_FILE_MAX_BYTES) {
        throw new HostError(
          'unsupported',
          `${path} on ${computer} is ${size} bytes, too large for a configuration file the wizard edits ` +
            `(at most ${CONFIG_FILE_MAX_BYTES} bytes).`,
        );
      }
      const bytes = Buffer.from(field(result, 'contentBase64', 'string', call.script), 'base64');
      if (bytes.length !== size) throw unexpected(call.script, { ...result, contentBase64: `(${bytes.length} bytes)` });
      return decodeUtf8(bytes, `${path} on ${computer}`);
    },
    async copyConfig(computer, path, copyPath, io) {
      await run(psCalls.copyConfigFile(computer, path, copyPath), io);
    },
    async writeConfig(computer, path, text, io) {
      // What changes is the plan's to show; the call that runs carries only the path and the bytes.
      await run(psCalls.writeConfigFile(computer, path, text), io);
    },
    async protectConnectionStrings(computer, folder, action, io) {
      await run(psCalls.protectConnectionStrings(computer, folder, action), io);
    },
    async recycleAppPool(computer, appPool, io) {
      await run(psCalls.recycleAppPool(computer, appPool), io);
    },
    async probeWebService(url) {
      // From this computer and as the wizard's account, as the operator would see the service.
      const call = psCalls.testWebService(os.hostname(), url);
      return toWebServiceProbe(await run(call), call.script);
    },
  };

  return {
    kind: 'windows',
    system: {
      now: () => Date.now(),
      computerName: async () => (await local()).computerName,
      fqdn: async () => (await local()).fqdn,
      isElevated: async () => (await local()).isElevated,
      async freeDiskBytes(computer, path) {
        const call = psCalls.freeDisk(computer, path);
        return field(await run(call), 'freeBytes', 'number', call.script);
      },
      async restartPending() {
        const call = psCalls.restartPending(os.hostname());
        return field(await run(call), 'pending', 'boolean', call.script);
      },
      async testCredentials(domain, user, password) {
        // Asked from this computer, which Setup will run on, so its view of the domain counts.
        const call = psCalls.testCredentials(os.hostname(), domain, user, password);
        const result = await run(call);
        if (field(result, 'accepted', 'boolean', call.script)) return { accepted: true };
        return { accepted: false, reason: field(result, 'reason', 'string', call.script) };
      },
    },
    services: {
      async find(computer, displayName) {
        const call = psCalls.findService(computer, displayName);
        const result = await run(call);
        if (!field(result, 'found', 'boolean', call.script)) return null;
        return toServiceInfo(result.service, call.script);
      },
      async stop(computer, displayName, timeoutSeconds, io) {
        await run(psCalls.stopService(computer, displayName, timeoutSeconds), io);
      },
      async start(computer, displayName, timeoutSeconds, io) {
        await run(psCalls.startService(computer, displayName, timeoutSeconds), io);
      },
    },
    files: {
      async exists(computer, path) {
        const call = psCalls.testPath(computer, path);
        return field(await run(call), 'exists', 'boolean', call.script);
      },
      async removeDirectory(computer, path, io) {
        await run(psCalls.removeDirectory(computer, path), io);
      },
      async stat(computer, path) {
        await requireLocal(computer);
        return localFileFacts(path);
      },
      async folderWritable(computer, path) {
        await requireLocal(computer);
        return localFolderWritable(path);
      },
      async list(computer, folder) {
        await requireLocal(computer);
        return localFolderFiles(folder);
      },
      async readText(computer, path, maxBytes) {
        await requireLocal(computer);
        return localReadText(path, maxBytes);
      },
      async createFolder(computer, path) {
        await requireLocal(computer);
        await localCreateFolder(path);
      },
      async writeText(computer, path, text) {
        await requireLocal(computer);
        await localWriteText(path, text);
      },
    },
    registry: {
      async readValue(computer, key, valueName) {
        const call = psCalls.readRegistryValue(computer, key, valueName);
        const result = await run(call);
        if (!field(result, 'found', 'boolean', call.script)) return null;
        const value = result.value;
        if (typeof value === 'string' || typeof value === 'number') return value;
        throw unexpected(call.script, result);
      },
    },
    processes: {
      async find(computer, processName) {
        const call = psCalls.findProcess(computer, processName);
        const result = await run(call);
        // ConvertTo-Json may hand back a single process as an object rather than a list of one.
        const listed = result.processes ?? [];
        const processes: unknown[] = Array.isArray(listed) ? listed : [listed];
        return processes.map((entry) => toProcessInfo(entry, call.script));
      },
    },
    sql: sql.host,
    secureStorage: {
      describe: (toolPath, action, file) =>
        describeSecureStorageCommand({ executable: toolPath, prefixArgs: [] }, action, file),
      async run(toolPath, action, file, password, io) {
        const drive = (mode: 'pty' | 'pipes') =>
          driveSecureStorageBackup({
            command: { executable: toolPath, prefixArgs: [] },
            action,
            file,
            password,
            mode,
            timeoutMs: SECURE_STORAGE_TIMEOUT_MS,
            io,
          });
        // A pseudo-console answers the prompts as if typed, which works whether or not the tool
        // accepts redirected input; plain pipes remain for a machine where node-pty cannot load.
        try {
          await drive('pty');
        } catch (error) {
          // Only a missing pseudo-console is worth a second try: a tool without a command-line
          // mode fails the same way on pipes, and the caller opens its wizard instead.
          const noPseudoConsole =
            error instanceof HostError &&
            error.code === 'unsupported' &&
            !(error instanceof CommandLineUnsupportedError);
          if (!noPseudoConsole) throw error;
          io.output('The pseudo-console is not available here; answering the prompts through plain pipes.');
          await drive('pipes');
        }
      },
      describeInteractive: (toolPath) => describeSecureStorageWizard({ executable: toolPath, prefixArgs: [] }),
      // What the operator enters is on the step's guidance for them to type; the wizard never types it.
      runInteractive: (toolPath, _entries, io) =>
        runSecureStorageWizard({
          command: { executable: toolPath, prefixArgs: [] },
          timeoutMs: SECURE_STORAGE_WIZARD_TIMEOUT_MS,
          io,
        }),
    },
    setup: {
      listSwitches: (setupPath) => readSetupSwitches(setupCommand(setupPath), { timeoutMs: SETUP_HELP_TIMEOUT_MS }),
      describe: (setupPath, args) => windowsCommandLine(setupPath, args).shown,
      // Setup writes its log to the temp folder of the account running it, which is this process's.
      run: (setupPath, args, io) =>
        runSetupProgram(setupCommand(setupPath), args, { timeoutMs: SETUP_TIMEOUT_MS, io, logDirectory: os.tmpdir() }),
      runInteractive: (setupPath, io) =>
        runInteractiveSetup(setupCommand(setupPath), { io, logDirectory: os.tmpdir() }),
    },
    serviceManager: {
      async listManagementPacks(computer) {
        const call = psCalls.listManagementPacks(computer);
        const result = await run(call);
        // ConvertTo-Json may hand back a single pack as an object rather than a list of one.
        const listed = result.managementPacks ?? [];
        const packs: unknown[] = Array.isArray(listed) ? listed : [listed];
        return packs.map((entry) => toManagementPackInfo(entry, call.script));
      },
      async importManagementPack(computer, file, io) {
        await run(psCalls.importManagementPack(computer, file), io);
      },
      async exportUnsealedManagementPacks(computer, folder, io) {
        const call = psCalls.exportUnsealedManagementPacks(computer, folder);
        const result = await run(call, io);
        // ConvertTo-Json may hand back a single pack as an object rather than a list of one.
        const listed = result.managementPacks ?? [];
        const packs: unknown[] = Array.isArray(listed) ? listed : [listed];
        return packs.map((entry) => toExportedManagementPack(entry, call.script));
      },
    },
    orchestrator,
    // The recovery kit is on this computer or a share it reads: read by this process directly.
    kit: localKit,
    async dispose() {
      await Promise.all([options.executor ? undefined : executor.dispose(), sql.dispose()]);
    },
  };
}

function sqlHost(given: SqlHost | undefined): { host: SqlHost; dispose(): Promise<void> } {
  if (given) return { host: given, dispose: () => Promise.resolve() };
  const created = createMssqlHost();
  return { host: created, dispose: () => created.dispose() };
}

type FieldType = { string: string; number: number; boolean: boolean };

function field<K extends keyof FieldType>(
  result: Record<string, unknown>,
  name: string,
  type: K,
  script: string,
): FieldType[K] {
  const value = result[name];
  if (typeof value !== type) throw unexpected(script, result);
  return value as FieldType[K];
}

function toServiceInfo(value: unknown, script: string): ServiceInfo {
  const service = (value ?? {}) as Record<string, unknown>;
  const status = typeof service.status === 'string' ? serviceStatuses[service.status] : undefined;
  if (typeof service.name !== 'string' || typeof service.displayName !== 'string' || !status) {
    throw unexpected(script, service);
  }
  return { name: service.name, displayName: service.displayName, status };
}

function toProcessInfo(value: unknown, script: string): ProcessInfo {
  const entry = (value ?? {}) as Record<string, unknown>;
  if (typeof entry.id !== 'number' || typeof entry.name !== 'string') throw unexpected(script, entry);
  return typeof entry.user === 'string'
    ? { id: entry.id, name: entry.name, user: entry.user }
    : { id: entry.id, name: entry.name };
}

function toManagementPackInfo(value: unknown, script: string): ManagementPackInfo {
  const entry = (value ?? {}) as Record<string, unknown>;
  if (typeof entry.id !== 'string' || typeof entry.version !== 'string' || typeof entry.sealed !== 'boolean') {
    throw unexpected(script, entry);
  }
  return { id: entry.id, version: entry.version, sealed: entry.sealed };
}

function toExportedManagementPack(value: unknown, script: string): ExportedManagementPack {
  const entry = (value ?? {}) as Record<string, unknown>;
  if (typeof entry.id !== 'string' || typeof entry.version !== 'string' || typeof entry.file !== 'string') {
    throw unexpected(script, entry);
  }
  return { id: entry.id, version: entry.version, file: entry.file };
}

function toWebComponents(result: Record<string, unknown>, script: string): OrchestratorWebComponents {
  const kind = field(result, 'kind', 'string', script);
  if (!Object.hasOwn(WEB_COMPONENTS_FOLDER, kind)) throw unexpected(script, result);
  const webKind = kind as WebComponentsKind;
  const applicationUrl = field(result, 'applicationUrl', 'string', script);
  return {
    kind: webKind,
    productVersion: field(result, 'productVersion', 'string', script),
    folder: field(result, 'folder', 'string', script),
    configFile: field(result, 'configFile', 'string', script),
    appPool: field(result, 'appPool', 'string', script),
    serviceUrl: `${applicationUrl.replace(/\/*$/, '/')}${SERVICE_ENDPOINTS[webKind]}`,
  };
}

function toWebServiceProbe(result: Record<string, unknown>, script: string): WebServiceProbe {
  const status = result.status ?? null;
  if (status !== null && typeof status !== 'number') throw unexpected(script, result);
  return {
    answered: field(result, 'answered', 'boolean', script),
    status,
    detail: field(result, 'detail', 'string', script),
  };
}

/** Refuses what would make DBSetup point each Orchestrator server at itself, or at nothing. */
function checkDataStoreEntries(entries: DataStoreEntries): void {
  const server = entries.server.trim();
  // The computer part of `computer\instance` or `computer,port`.
  const computer = server.split(/[\\,]/)[0]?.trim().toLowerCase() ?? '';
  if (LOCAL_SERVER_NAMES.has(computer)) {
    throw new HostError(
      'script',
      `"${entries.server}" names whichever computer reads it, not the SQL Server: enter the SQL Server by its ` +
        'computer name (computer, computer\\instance or computer,port).',
    );
  }
  if (server === '' || entries.database.trim() === '') {
    throw new HostError('script', 'DBSetup needs both the SQL Server and the database name.');
  }
}

/** UTF-8 text with a byte order mark kept as its first character, so the file is written back as it was. */
function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
  } catch (error) {
    throw new HostError(
      'unsupported',
      `${what} is not UTF-8 text, which is the only encoding the wizard writes back unchanged.`,
      String(error),
    );
  }
}

function setupCommand(setupPath: string): SetupCommand {
  return { executable: setupPath, prefixArgs: [] };
}

function unexpected(script: string, result: unknown): HostError {
  return new HostError('script', `PowerShell script ${script} returned an unexpected result`, JSON.stringify(result));
}
