import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { drillSiteStateSchema, type DrillFault, type DrillSiteState } from '../../../shared/drill-contract';
import type { SiteManifest } from '../../../shared/manifest';
import { parseSqlServerName, type SqlServerName } from '../../../shared/sql-server-name';
import { SM_SETUP_REGISTRY_KEY } from '../../knowledge/service-manager/facts';
import { compareVersions, parseManagementPack } from '../../knowledge/service-manager/management-packs';
import { DOCUMENTED_SETUP_SWITCHES } from '../../knowledge/service-manager/setup-command-line';
import { argumentText, windowsCommandLine, type CommandArgument } from '../../knowledge/windows/command-line';
import { usageRefusal } from '../../knowledge/service-manager/secure-storage-backup';
import { keyPasswordAccepted, passwordDigest } from './password-digest';
import { SETUP_INSTALL_LOG_PATH, setupLogPath, simulateSetup } from './setup-simulation';
import { HostError } from '../../knowledge/failures';
import type { Host, FileFacts, SecureStorageWizardEntries, ServiceInfo, StepIo } from '../types';
import type { SecureStorageAction } from '../../knowledge/service-manager/secure-storage-backup';
import { joinWindowsPath, sameWindowsPath, windowsParentFolder } from '../../knowledge/windows/paths';
import { unsealedPackXml } from './sample-kit';
import { bareComputer, buildInitialState } from './initial-state';
import { OrchestratorSimulation } from './orchestrator-simulation';
import { serviceManagerSessionHosts } from './service-manager-sessions';
import { replaceFileContents } from '../replace-file';
import { localFileKey } from './site-files';
import { DrillKit } from './drill-kit';
import { isSqlFault, SqlSimulation } from './sql-simulation';

/**
 * A simulated System Center site. It keeps the state a recovery changes (service states, folders,
 * registry values, databases) and lets faults be injected, so a drill rehearses the real flow
 * and tests can assert the site's end state. Simulated durations are divided by `speed`.
 */

export interface DrillSiteOptions {
  manifest: SiteManifest;
  /** How much faster than real time the simulation runs; 1 = real time. */
  speed: number;
  /** Where the simulated site is kept, so a drill survives a closed window like a real site would. */
  statePath?: string;
  /** The site to start from when none is saved: one prepared once and started from many times. A healthy site otherwise. */
  initialState?: DrillSiteState;
  localComputer?: string;
}

type DrillComputer = DrillSiteState['computers'][number];
type DrillDatabase = DrillSiteState['sqlServers'][number]['databases'][number];

const SERVICE_TRANSITION_MS = 3000;

export class DrillSite {
  private state: DrillSiteState;
  private clock = 0;
  private readonly sql: SqlSimulation;
  // Set here rather than in the constructor, because the `host` field below hands out its host.
  private readonly orchestrator = new OrchestratorSimulation({
    state: () => this.state,
    sleep: (simulatedMs) => this.sleep(simulatedMs),
    save: () => this.save(),
    computer: (name) => this.computer(name),
    consumeOperationFault: (operation) => this.consumeOperationFault(operation),
    sqlServer: (name) => this.sql.server(name),
    folderExists: (computer, path) => this.folderExists(computer, path),
  });

  constructor(private readonly options: DrillSiteOptions) {
    this.state =
      this.load() ??
      (options.initialState
        ? drillSiteStateSchema.parse(structuredClone(options.initialState))
        : buildInitialState(options.manifest, options.localComputer));
    this.sql = new SqlSimulation({
      state: () => this.state,
      sleep: (simulatedMs) => this.sleep(simulatedMs),
      save: () => this.save(),
      sessionHosts: (server, database) => [
        ...serviceManagerSessionHosts(this.state, server.name, database),
        ...this.orchestrator.sessionHosts(server.name, database),
      ],
    });
    this.save();
  }

  snapshot(): DrillSiteState {
    return structuredClone(this.state);
  }

  /**
   * The simulated time since this site was opened, in milliseconds at real speed: what the
   * simulation has waited for, whatever the speed factor. Waits that overlap (steps side by side)
   * count once.
   */
  simulatedNow(): number {
    return this.clock;
  }

  /** Back to the site the drill started from: the one it was given, or a healthy one. */
  reset(): DrillSiteState {
    this.state = this.options.initialState
      ? drillSiteStateSchema.parse(structuredClone(this.options.initialState))
      : buildInitialState(this.options.manifest, this.options.localComputer);
    this.save();
    return this.snapshot();
  }

  /** Puts the operator at another computer of the site, as when they sign in to a rebuilt server. */
  signIn(computer: string): DrillSiteState {
    this.state.localComputer = this.computer(computer, { ignoreReachability: true }).name;
    this.save();
    return this.snapshot();
  }

  inject(fault: DrillFault): DrillSiteState {
    if (fault.kind === 'computer-unreachable') {
      this.computer(fault.computer, { ignoreReachability: true }).reachable = false;
    } else if (fault.kind === 'server-rebuilt') {
      const old = this.computer(fault.computer, { ignoreReachability: true });
      this.state.computers = this.state.computers.map((computer) =>
        computer === old
          ? { ...bareComputer(old.name, old.fqdn, this.state.files), description: old.description }
          : computer,
      );
      this.orchestrator.computerRebuilt(old.name);
    } else if (fault.kind === 'process-running') {
      this.computer(fault.computer, { ignoreReachability: true }).processes.push(fault.process);
    } else if (isSqlFault(fault)) {
      this.sql.inject(fault);
    } else {
      this.state.faults.push(fault);
    }
    this.save();
    return this.snapshot();
  }

  /** Windows restarts (or an unreachable computer is brought back): a pending restart is done, its services are running. */
  restart(computerName: string): DrillSiteState {
    // A computer that was off the network is back once someone has restarted it.
    const computer = this.computer(computerName, { ignoreReachability: true });
    computer.reachable = true;
    computer.restartPending = false;
    computer.processes = [];
    for (const service of computer.services) {
      service.status = 'Running';
      this.sql.serviceStarted(computer.name, service.name);
      this.orchestrator.serviceStarted(computer.name, service.name);
    }
    this.save();
    return this.snapshot();
  }

  readonly host: Host = {
    kind: 'drill',
    // The simulated site holds nothing open: its state is saved after every change.
    dispose: () => Promise.resolve(),
    system: {
      // The drill stamps its files and backups with this computer's clock (the kit's own dates are
      // fixed in the past); its simulated clock measures only how long the recovery would take.
      now: () => Date.now(),
      computerName: async () => this.state.localComputer,
      fqdn: async () => this.computer(this.state.localComputer).fqdn,
      isElevated: async () => true,
      freeDiskBytes: async (computer, path) => {
        this.computer(computer);
        return this.sql.freeBytes(computer, path) ?? 120 * 1024 ** 3;
      },
      restartPending: async () => this.computer(this.state.localComputer).restartPending,
      testCredentials: async (domain, user, password) => {
        this.consumeOperationFault('system.testCredentials');
        await this.sleep(800);
        const account = `${domain}\\${user}`.toLowerCase();
        if (!this.state.accounts.some((known) => known.toLowerCase() === account)) {
          return { accepted: false, reason: `The domain does not know the account ${domain}\\${user}.` };
        }
        return password.length >= 8
          ? { accepted: true }
          : { accepted: false, reason: 'The user name or password is incorrect.' };
      },
    },
    services: {
      find: async (computer, displayName) => {
        const service = this.findService(computer, displayName);
        return service ? { ...service } : null;
      },
      stop: (computer, displayName, timeoutSeconds, io) =>
        this.changeService(computer, displayName, 'stop', timeoutSeconds, io),
      start: (computer, displayName, timeoutSeconds, io) =>
        this.changeService(computer, displayName, 'start', timeoutSeconds, io),
    },
    files: {
      exists: async (computer, path) => this.folderExists(computer, path) || this.file(computer, path) !== undefined,
      stat: async (computer, path) => this.stat(computer, path),
      folderWritable: async (computer, path) => this.folderExists(computer, path),
      removeDirectory: async (computer, path, io) => this.removeDirectory(computer, path, io),
      list: async (computer, folder) => {
        if (!this.folderExists(computer, folder)) return [];
        const prefix = `${folder.replace(/\\+$/, '')}\\`.toLowerCase();
        return Object.values(this.state.files)
          .filter(
            (file) => file.path.toLowerCase().startsWith(prefix) && !file.path.slice(prefix.length).includes('\\'),
          )
          .filter((file) => file.path.startsWith('\\\\') || this.file(computer, file.path) === file)
          .map((file) => this.stat(computer, file.path));
      },
      readText: async (computer, path, maxBytes) => {
        const file = this.file(computer, path);
        if (!file) throw new HostError('not-found', `The file ${path} was not found.`);
        if (file.size > maxBytes) {
          throw new HostError(
            'unsupported',
            `${path} is ${file.size} bytes, more than the ${maxBytes} the wizard reads.`,
          );
        }
        if (file.content === undefined) throw new HostError('unsupported', `${path} is not a text file.`);
        return file.content;
      },
      // Preparing the recovery kit.
      createFolder: async (computer, path) => this.createFolder(computer, path),
      writeText: async (computer, path, text) => this.writeText(computer, path, text),
    },
    registry: {
      readValue: async (computer, key, valueName) => {
        const registry = this.computer(computer).registry;
        const wanted = `${key}\\${valueName}`.toLowerCase();
        const entry = Object.entries(registry).find(([name]) => name.toLowerCase() === wanted);
        return entry ? entry[1] : null;
      },
    },
    processes: {
      find: async (computer, processName) =>
        this.computer(computer)
          .processes.filter((name) => name.toLowerCase() === processName.toLowerCase())
          .map((name, index) => ({ id: 4100 + index, name, user: 'CONTOSO\\operator' })),
    },
    sql: {
      execute: async (target, statement, io) => {
        this.consumeOperationFault(`sql.${statement.id}`);
        return this.sql.execute(target, statement, io);
      },
    },
    secureStorage: {
      describe: (toolPath, action, file) => windowsCommandLine(toolPath, [action, file]).shown,
      run: (toolPath, action, file, password, io) => this.runSecureStorage(toolPath, action, file, password, io),
      describeInteractive: (toolPath) => windowsCommandLine(toolPath, []).shown,
      runInteractive: (toolPath, entries, io) => this.runSecureStorageWizard(toolPath, entries, io),
    },
    setup: {
      listSwitches: async (setupPath) => {
        this.requireLocalFile(setupPath);
        return [...DOCUMENTED_SETUP_SWITCHES];
      },
      describe: (setupPath, args) => windowsCommandLine(setupPath, args).shown,
      run: (setupPath, args, io) => this.runSetup(setupPath, args, io),
      runInteractive: (setupPath, io) => this.runSetup(setupPath, null, io),
    },
    serviceManager: {
      listManagementPacks: async (computer) =>
        this.managementGroupDatabase(computer).managementPacks?.map((pack) => ({ ...pack })) ?? [],
      importManagementPack: (computer, file, io) => this.importManagementPack(computer, file, io),
      exportUnsealedManagementPacks: (computer, folder, io) => this.exportManagementPacks(computer, folder, io),
    },
    orchestrator: this.orchestrator.host,
    // The recovery kit (issue 14): listed, hashed, copied and indexed over the simulated files.
    kit: new DrillKit(
      () => this.state,
      () => this.save(),
      { sleep: (simulatedMs) => this.sleep(simulatedMs), clock: () => this.clock },
    ).host,
  };

  private requireLocalFile(path: string): DrillSiteState['files'][string] {
    const here = this.state.localComputer;
    const file = this.file(here, path);
    if (!file) throw new HostError('not-found', `${path} was not found on ${here}.`);
    return file;
  }

  /** Writes a text file of a computer, as a program writing its log does. */
  private writeLocalText(computer: string, path: string, content: string): void {
    this.state.files[localFileKey(computer, path)] = {
      path,
      size: Buffer.byteLength(content),
      modified: new Date().toISOString(),
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
    };
    this.save();
  }

  /** Setup.exe, unattended (`args`) or through its own wizard (null), as simulateSetup describes it. */
  private async runSetup(setupPath: string, args: readonly CommandArgument[] | null, io: StepIo) {
    this.consumeOperationFault('setup.run');
    this.requireLocalFile(setupPath);
    const fault = this.takeFault('setup-exit-code', () => true);
    const computer = this.computer(this.state.localComputer);
    let run = 1;
    while (this.file(computer.name, setupLogPath(run))) run += 1;
    const logPath = setupLogPath(run);
    // Setup writes its log as it goes: one cut short shows how far it got.
    const writeLog = (lines: readonly string[]) =>
      this.writeLocalText(computer.name, logPath, `${lines.join('\r\n')}\r\n`);
    const result = await simulateSetup({
      computer,
      manifest: this.options.manifest,
      args: args && args.map(argumentText),
      forcedExitCode: fault?.code ?? null,
      logPath,
      onLog: writeLog,
      onInstallLog: (line) =>
        this.writeLocalText(
          computer.name,
          SETUP_INSTALL_LOG_PATH,
          `${this.file(computer.name, SETUP_INSTALL_LOG_PATH)?.content ?? ''}${line}\r\n`,
        ),
      databaseExists: (server, database) => this.databaseExists(server, database),
      sleep: (ms) => this.sleep(ms),
      io,
    });
    this.save();
    return result;
  }

  private databaseExists(server: string, database: string): boolean {
    try {
      const target = this.sql.server(sqlServerName(server));
      return target.databases.some((db) => db.name.toLowerCase() === database.toLowerCase());
    } catch {
      return false;
    }
  }

  /** The ServiceManager database a management server's registry names: its management group. */
  private managementGroupDatabase(computerName: string): DrillDatabase {
    const computer = this.computer(computerName);
    const value = (name: string) =>
      Object.entries(computer.registry).find(([key]) => key.toLowerCase().endsWith(`\\common\\database\\${name}`))?.[1];
    const serverName = value('databaseservername');
    const databaseName = value('databasename');
    if (!serverName || !databaseName || computer.services.length === 0) {
      throw new HostError(
        'not-found',
        `Service Manager is not installed on ${computer.name}: the Service Manager PowerShell module is not there.`,
      );
    }
    const server = this.sql.server(sqlServerName(serverName));
    const database = server.databases.find((db) => db.name.toLowerCase() === databaseName.toLowerCase());
    if (!database) throw new HostError('sql', `The database ${databaseName} does not exist on ${server.name}.`);
    return database;
  }

  /** Import-SCSMManagementPack: refuses a pack whose references are not in the management group. */
  private async importManagementPack(computer: string, file: string, io: StepIo): Promise<void> {
    this.consumeOperationFault('serviceManager.import');
    const database = this.managementGroupDatabase(computer);
    const stored = this.file(computer, file);
    if (!stored?.content) throw new HostError('not-found', `The file ${file} was not found.`);
    const pack = parseManagementPack(file, stored.content);
    await this.sleep(1500);
    const installed = database.managementPacks ?? [];
    for (const reference of pack.references) {
      const found = installed.find((candidate) => candidate.id.toLowerCase() === reference.id.toLowerCase());
      if (!found || compareVersions(found.version, reference.version) < 0) {
        throw new HostError(
          'script',
          `Import-SCSMManagementPack: ${pack.id} references ${reference.id} version ${reference.version}, which is not in the management group.`,
        );
      }
    }
    database.managementPacks = [
      ...installed.filter((candidate) => candidate.id.toLowerCase() !== pack.id.toLowerCase()),
      { id: pack.id, version: pack.version, sealed: false },
    ];
    this.save();
    io.output(`Imported ${pack.id} ${pack.version}.`);
  }

  /** A UNC folder becomes a share folder of the site; a local one a folder of that computer, with its parents. */
  private createFolder(computer: string, path: string): void {
    this.consumeOperationFault('files.createFolder');
    const folder = path.replace(/\\+$/, '');
    if (folder.startsWith('\\\\')) {
      if (!this.folderExists(computer, folder)) this.state.shares.push(folder);
    } else {
      const machine = this.computer(computer);
      const parts = folder.split('\\');
      for (let length = 1; length <= parts.length; length += 1) {
        const partial = length === 1 ? `${parts[0]}\\` : parts.slice(0, length).join('\\');
        if (!machine.folders.some((known) => sameWindowsPath(known, partial))) machine.folders.push(partial);
      }
    }
    this.save();
  }

  private writeText(computer: string, path: string, text: string): void {
    this.consumeOperationFault('files.writeText');
    const folder = windowsParentFolder(path);
    if (!this.folderExists(computer, folder)) {
      throw new HostError('not-found', `The folder ${folder} does not exist on ${computer}.`);
    }
    this.state.files[localFileKey(computer, path)] = {
      path,
      size: Buffer.byteLength(text),
      modified: new Date().toISOString(),
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      content: text,
    };
    this.save();
  }

  /** Export-SCSMManagementPack of the management group's unsealed packs, each as <id>.xml. */
  private async exportManagementPacks(computer: string, folder: string, io: StepIo) {
    this.consumeOperationFault('serviceManager.export');
    const database = this.managementGroupDatabase(computer);
    if (!this.folderExists(computer, folder)) {
      throw new HostError('not-found', `The folder ${folder} does not exist on ${computer}.`);
    }
    const exported = [];
    for (const pack of (database.managementPacks ?? []).filter((candidate) => !candidate.sealed)) {
      await this.sleep(800);
      const file = joinWindowsPath(folder, `${pack.id}.xml`);
      this.writeText(computer, file, unsealedPackXml(pack.id, pack.version));
      exported.push({ id: pack.id, version: pack.version, file });
    }
    io.output(`Exported ${exported.length} unsealed management packs to ${folder}.`);
    return exported;
  }

  private folderExists(computer: string, path: string): boolean {
    if (path.startsWith('\\\\')) {
      const wanted = path.replace(/\\+$/, '').toLowerCase();
      return this.state.shares.some((share) => share.replace(/\\+$/, '').toLowerCase() === wanted);
    }
    const listed = this.computer(computer).folders.some((folder) => sameWindowsPath(folder, path));
    return listed || this.sql.folderExists(computer, path);
  }

  private file(computer: string, path: string): DrillSiteState['files'][string] | undefined {
    if (!path.startsWith('\\\\')) this.computer(computer);
    return this.state.files[localFileKey(computer, path)];
  }

  private stat(computer: string, path: string): FileFacts {
    const file = this.file(computer, path);
    if (file) {
      return { path, exists: true, isDirectory: false, size: file.size, modified: file.modified, sha256: file.sha256 };
    }
    const isDirectory = this.folderExists(computer, path);
    return { path, exists: isDirectory, isDirectory, size: 0, modified: null, sha256: null };
  }

  /** Behaves as SecureStorageBackup.exe is known to: two password prompts, a key file, a wrong password refused. */
  private async runSecureStorage(
    toolPath: string,
    action: SecureStorageAction,
    file: string,
    password: string,
    io: StepIo,
  ): Promise<void> {
    this.consumeOperationFault(`secureStorage.${action.toLowerCase()}`);
    const computer = this.secureStorageComputer(toolPath);
    io.output(`Encryption Key Backup or Restore Wizard (${action}) on ${computer.name}`);
    if (this.consumeCommandLineUnsupported()) {
      const usage = 'Usage: SecureStorageBackup.exe (starts the Encryption Key Backup or Restore Wizard)';
      io.output(usage);
      throw usageRefusal(action, `Injected by the drill.\n${usage}`);
    }
    const outcome = await this.keyOperation(computer, { action, file, password });
    if (outcome.exitCode !== 0) {
      throw new HostError(
        outcome.notFound ? 'not-found' : 'script',
        `SecureStorageBackup.exe failed (exit code ${outcome.exitCode}): ${outcome.message}`,
      );
    }
    io.output(outcome.message);
  }

  /**
   * The tool's own wizard, with the simulated operator typing `entries` into its pages. It ends
   * with the exit code its command line would have given, the only outcome a real host sees.
   */
  private async runSecureStorageWizard(
    toolPath: string,
    entries: SecureStorageWizardEntries,
    io: StepIo,
  ): Promise<{ exitCode: number }> {
    const computer = this.secureStorageComputer(toolPath);
    io.output(`Drill: the operator enters the values above into the wizard on ${computer.name} and closes it.`);
    const outcome = await this.keyOperation(computer, entries);
    io.output(`Drill: the wizard showed "${outcome.message}"`);
    return { exitCode: outcome.exitCode };
  }

  private secureStorageComputer(toolPath: string): DrillComputer {
    const computer = this.computer(this.state.localComputer);
    if (!this.file(computer.name, toolPath)) {
      throw new HostError('not-found', `${toolPath} was not found on ${computer.name}.`);
    }
    return computer;
  }

  /** A key backup or restore, whichever way the tool was driven. */
  private async keyOperation(
    computer: DrillComputer,
    { action, file, password }: SecureStorageWizardEntries,
  ): Promise<{ exitCode: number; message: string; notFound?: boolean }> {
    if (action === 'Restore') {
      const backup = this.file(computer.name, file);
      if (!backup) return { exitCode: 4, message: `The file ${file} was not found.`, notFound: true };
      if (!backup.keyBackup) return { exitCode: 6, message: `${file} is not an encryption key backup.` };
      await this.sleep(2000);
      if (!keyPasswordAccepted(backup.keyBackup, password)) {
        return { exitCode: 5, message: 'The password is not correct for this backup file.' };
      }
      computer.encryptionKeyId = backup.keyBackup.keyId;
      this.save();
      return { exitCode: 0, message: 'Secure Storage Key Restore Complete' };
    }
    if (password.length < 8) return { exitCode: 3, message: 'The password must be at least 8 characters long.' };
    const folder = file.replace(/\\[^\\]*$/, '');
    if (!this.folderExists(computer.name, folder)) {
      return { exitCode: 4, message: `The folder ${folder} does not exist.`, notFound: true };
    }
    const keyId = computer.encryptionKeyId;
    if (!keyId) return { exitCode: 8, message: `There is no encryption key on ${computer.name} to back up.` };
    await this.sleep(2000);
    const salt = randomBytes(16).toString('hex');
    this.state.files[localFileKey(computer.name, file)] = {
      path: file,
      size: 1_184,
      modified: new Date().toISOString(),
      sha256: createHash('sha256').update(`${keyId}/${salt}`).digest('hex'),
      keyBackup: { keyId, salt, passwordDigest: passwordDigest(salt, password) },
    };
    this.save();
    return { exitCode: 0, message: 'Secure Storage Key Backup Complete' };
  }

  private findService(computer: string, displayName: string): DrillComputer['services'][number] | undefined {
    return this.computer(computer).services.find(
      (service) => service.displayName.toLowerCase() === displayName.toLowerCase(),
    );
  }

  private async changeService(
    computer: string,
    displayName: string,
    action: 'stop' | 'start',
    timeoutSeconds: number,
    io: StepIo,
  ): Promise<void> {
    this.consumeOperationFault(`services.${action}`);
    const service = this.findService(computer, displayName);
    if (!service) {
      throw new HostError('not-found', `There is no service "${displayName}" on ${computer}.`);
    }
    const target: ServiceInfo['status'] = action === 'stop' ? 'Stopped' : 'Running';
    if (service.status === target) {
      io.output(`${displayName} (${service.name}) on ${computer} is already ${target.toLowerCase()}.`);
      return;
    }
    io.output(`${action === 'stop' ? 'Stopping' : 'Starting'} ${displayName} (${service.name}) on ${computer}...`);
    service.status = action === 'stop' ? 'StopPending' : 'StartPending';
    this.save();
    if (action === 'stop' && this.consumeStuckService(computer, service.name)) {
      await this.sleep(timeoutSeconds * 1000);
      throw new HostError(
        'timeout',
        `${displayName} (${service.name}) on ${computer} did not stop within ${timeoutSeconds} seconds; it is still ${service.status}.`,
        'Check the service in services.msc or with Get-Service; a stuck Microsoft Monitoring Agent often stops after its workflows drain.',
      );
    }
    await this.sleep(SERVICE_TRANSITION_MS);
    service.status = target;
    if (action === 'start' && service.name === 'HealthService') this.recreateHealthServiceState(computer);
    if (action === 'start') {
      this.sql.serviceStarted(computer, service.name);
      this.orchestrator.serviceStarted(computer, service.name);
    } else {
      this.orchestrator.serviceStopped(computer, service.name);
    }
    this.save();
    io.output(`${displayName} (${service.name}) on ${computer} is ${target.toLowerCase()}.`);
  }

  /** The Microsoft Monitoring Agent rebuilds its state folder when it starts, as on a real server. */
  private recreateHealthServiceState(computer: string): void {
    const installDirectory = this.installDirectory(computer);
    if (!installDirectory) return;
    const folder = joinWindowsPath(installDirectory, 'Health Service State');
    const folders = this.computer(computer).folders;
    if (!folders.some((existing) => sameWindowsPath(existing, folder))) folders.push(folder);
  }

  private installDirectory(computer: string): string | null {
    const registry = this.computer(computer).registry;
    const value = registry[`${SM_SETUP_REGISTRY_KEY}\\InstallDirectory`];
    return value ?? null;
  }

  private async removeDirectory(computer: string, path: string, io: StepIo): Promise<void> {
    this.consumeOperationFault('files.removeDirectory');
    const machine = this.computer(computer);
    if (!machine.folders.some((folder) => sameWindowsPath(folder, path))) {
      throw new HostError('not-found', `The folder ${path} does not exist on ${computer}.`);
    }
    const agent = machine.services.find((service) => service.name === 'HealthService');
    if (agent && agent.status !== 'Stopped' && /health service state$/i.test(path)) {
      throw new HostError(
        'access-denied',
        `${path} is in use by the Microsoft Monitoring Agent on ${computer}; stop the service first.`,
      );
    }
    const prefix = `${path.replace(/\\+$/, '')}\\`.toLowerCase();
    const removed = machine.folders.filter(
      (folder) => sameWindowsPath(folder, path) || folder.toLowerCase().startsWith(prefix),
    );
    machine.folders = machine.folders.filter((folder) => !removed.includes(folder));
    this.save();
    io.output(`Removed ${path} on ${computer} (${removed.length} folders).`);
  }

  private computer(name: string, options: { ignoreReachability?: boolean } = {}): DrillComputer {
    const key = name.split('.')[0]?.toLowerCase() ?? '';
    const computer = this.state.computers.find((c) => c.name.toLowerCase() === key);
    if (!computer) {
      throw new HostError('unreachable', `Cannot reach ${name}: no computer of that name answers on the network.`);
    }
    if (!options.ignoreReachability && !computer.reachable) {
      throw new HostError(
        'unreachable',
        `Cannot reach ${computer.name}: the computer does not answer (WinRM). Check that it is running and on the network.`,
      );
    }
    return computer;
  }

  /**
   * Uses up one occurrence of the first injected fault of this kind that matches, and returns it;
   * a fault injected N times is gone after its Nth use.
   */
  private takeFault<K extends DrillFault['kind']>(
    kind: K,
    matches: (fault: Extract<DrillFault, { kind: K; times: number }>) => boolean,
  ): Extract<DrillFault, { kind: K; times: number }> | undefined {
    const isKind = (f: DrillFault): f is Extract<DrillFault, { kind: K; times: number }> => f.kind === kind;
    const fault = this.state.faults.filter(isKind).find(matches);
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.state.faults = this.state.faults.filter((f) => f !== fault);
    this.save();
    return fault;
  }

  private consumeOperationFault(operation: string): void {
    const fault = this.takeFault('operation-fails', (f) => f.operation === operation);
    if (fault) throw new HostError('script', fault.message, `Injected by the drill (operation ${operation}).`);
  }

  private consumeCommandLineUnsupported(): boolean {
    return this.takeFault('secure-storage-command-line-unsupported', () => true) !== undefined;
  }

  private consumeStuckService(computer: string, serviceName: string): boolean {
    const stuck = this.takeFault(
      'service-will-not-stop',
      (f) =>
        f.computer.toLowerCase() === computer.toLowerCase() && f.service.toLowerCase() === serviceName.toLowerCase(),
    );
    return stuck !== undefined;
  }

  /**
   * A pause shorter than a millisecond is one turn of the event loop: timers would round it up to
   * one. The simulated clock moves to the end of the pause when it is over, so pauses that overlap
   * count once and a wait for the operator, which is no pause, not at all.
   */
  private sleep(simulatedMs: number): Promise<void> {
    const ms = simulatedMs / this.options.speed;
    const end = this.clock + simulatedMs;
    return new Promise((resolve) => {
      const done = () => {
        this.clock = Math.max(this.clock, end);
        resolve();
      };
      if (ms < 1) setImmediate(done);
      else setTimeout(done, ms);
    });
  }

  private load(): DrillSiteState | null {
    const { statePath } = this.options;
    if (!statePath || !existsSync(statePath)) return null;
    const parsed = drillSiteStateSchema.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
    return parsed.success ? parsed.data : null;
  }

  private save(): void {
    const { statePath } = this.options;
    if (!statePath) return;
    mkdirSync(dirname(statePath), { recursive: true });
    replaceFileContents(statePath, JSON.stringify(this.state, null, 2));
  }
}

function sqlServerName(text: string): SqlServerName {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') throw new HostError('unreachable', `"${text}": ${parsed}.`);
  return parsed;
}
