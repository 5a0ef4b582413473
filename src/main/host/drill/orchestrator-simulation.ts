import type { DrillSiteState } from '../../../shared/drill-contract';
import { parseSqlServerName, type SqlServerName } from '../../../shared/sql-server-name';
import {
  isConnectionStringsEncrypted,
  readOrchestratorContext,
  readWebApiDatabase,
} from '../../knowledge/orchestrator/web-config';
import { windowsCommandLine } from '../../knowledge/windows/command-line';
import { HostError } from '../../knowledge/failures';
import type { DataStoreEntries, OrchestratorHost, StepIo, WebServiceProbe } from '../types';
import { joinWindowsPath, sameWindowsPath, windowsParentFolder } from '../../knowledge/windows/paths';
import {
  DATA_STORE_SERVICES,
  type DrillDataStore,
  type DrillOrchestrator,
  type DrillWebComponents,
} from './orchestrator-site';
import { connectionStringsSection, encryptedSection, replaceRange, sectionCipherValue } from './protected-config';
import { sha256Text } from './sample-kit';
import { computerFilePrefix, localFileKey } from './site-files';
import type { DrillSqlServer } from './sql-instances';

/**
 * The drill's Orchestrator: DBSetup played by a simulated operator, the Management and Runbook
 * services opening the data store their computer's settings name when they start, and the web
 * components reading their web.config when their application pool starts. Like the real services,
 * nothing here fails to start for want of a database: the failure shows in what they connected to.
 */

export interface OrchestratorSimulationSite {
  /** The current state; a function because a reset replaces it. */
  state(): DrillSiteState;
  sleep(simulatedMs: number): Promise<void>;
  save(): void;
  /** The computer by name or FQDN; HostError('unreachable') when it does not answer. */
  computer(name: string): DrillSiteState['computers'][number];
  consumeOperationFault(operation: string): void;
  /** The SQL Server a client reaches by this name; a SqlError when none answers. */
  sqlServer(name: SqlServerName): DrillSqlServer;
  folderExists(computer: string, path: string): boolean;
}

type DrillFile = DrillSiteState['files'][string];

/** How long the simulated operator takes in DBSetup: its connection test, then the pages up to Finish. */
const DATA_STORE_CONNECTION_TEST_MS = 5_000;
const DATA_STORE_FINISH_MS = 15_000;
const ASPNET_REGIIS_MS = 2_000;
const RECYCLE_MS = 2_000;

export class OrchestratorSimulation {
  constructor(private readonly site: OrchestratorSimulationSite) {}

  private get orchestrator(): DrillOrchestrator {
    return this.site.state().orchestrator;
  }

  readonly host: OrchestratorHost = {
    describeDataStoreConfiguration: (_computer, toolPath) => windowsCommandLine(toolPath, []).shown,
    configureDataStore: (computer, entries, io) => this.configureDataStore(computer, entries, io),
    findWebComponents: async (computer, installDirectory) => {
      this.site.consumeOperationFault('orchestrator.findWebComponents');
      const name = this.site.computer(computer).name;
      const found = this.orchestrator.webComponents.find(
        (web) =>
          web.computer === name &&
          sameWindowsPath(windowsParentFolder(web.folder), installDirectory) &&
          this.file(name, web.configFile) !== undefined,
      );
      if (!found) return null;
      const { kind, productVersion, folder, configFile, appPool, serviceUrl } = found;
      return { kind, productVersion, folder, configFile, appPool, serviceUrl };
    },
    readConfig: async (computer, path) => {
      this.site.consumeOperationFault('orchestrator.readConfig');
      return this.textFile(this.site.computer(computer).name, path).content;
    },
    copyConfig: (computer, path, copyPath, io) => this.copyConfig(computer, path, copyPath, io),
    writeConfig: (computer, path, text, io) => this.writeConfig(computer, path, text, io),
    protectConnectionStrings: (computer, folder, action, io) =>
      this.protectConnectionStrings(computer, folder, action, io),
    recycleAppPool: (computer, appPool, io) => this.recycleAppPool(computer, appPool, io),
    probeWebService: (url) => this.probeWebService(url),
  };

  /** A service of a computer started: the Management and Runbook services open its data store. */
  serviceStarted(computer: string, serviceName: string): void {
    const service = dataStoreService(serviceName);
    if (!service) return;
    const name = this.site.computer(computer).name;
    const store = this.orchestrator.dataStores[name];
    const connections = (this.orchestrator.connections[name] ??= {});
    connections[service] = store && this.dataStoreProblem(store) === null ? { ...store } : null;
  }

  /** The computers holding sessions in a database: their running services and web applications. */
  sessionHosts(serverName: string, database: string): string[] {
    const matches = (store: { server: string; database: string } | null | undefined) =>
      store !== null &&
      store !== undefined &&
      store.server.toLowerCase() === serverName.toLowerCase() &&
      store.database.toLowerCase() === database.toLowerCase();
    const hosts = Object.entries(this.orchestrator.connections)
      .filter(([, services]) => Object.values(services).some(matches))
      .map(([computer]) => computer);
    for (const web of this.orchestrator.webComponents) {
      if ('server' in web.loaded && matches(web.loaded)) hosts.push(web.computer);
    }
    return [...new Set(hosts)];
  }

  serviceStopped(computer: string, serviceName: string): void {
    const service = dataStoreService(serviceName);
    if (!service) return;
    const connections = this.orchestrator.connections[this.site.computer(computer).name];
    if (connections) delete connections[service];
  }

  /** Windows was reinstalled on the computer: Orchestrator, its settings and its files are gone. */
  computerRebuilt(computer: string): void {
    const orchestrator = this.orchestrator;
    const webFolders = orchestrator.webComponents.filter((web) => web.computer === computer).map((web) => web.folder);
    delete orchestrator.dataStores[computer];
    delete orchestrator.connections[computer];
    delete orchestrator.protectedSections[computer];
    orchestrator.webComponents = orchestrator.webComponents.filter((web) => web.computer !== computer);
    const files = this.site.state().files;
    const prefix = computerFilePrefix(computer);
    for (const [key, file] of Object.entries(files)) {
      const belongsToOrchestrator =
        /\\DBSetup\.exe$/i.test(file.path) || webFolders.some((folder) => isInside(file.path, folder));
      if (key.startsWith(prefix) && belongsToOrchestrator) delete files[key];
    }
  }

  /** DBSetup, with the simulated operator typing `entries`: it tests the connection before it saves. */
  private async configureDataStore(
    computer: string,
    entries: DataStoreEntries,
    io: StepIo,
  ): Promise<{ exitCode: number }> {
    this.site.consumeOperationFault('orchestrator.configureDataStore');
    const name = this.site.computer(computer).name;
    if (!this.file(name, entries.toolPath)) {
      throw new HostError('not-found', `${entries.toolPath} was not found on ${name}.`);
    }
    const store = { server: entries.server.trim(), database: entries.database.trim() };
    io.output(`Drill: the operator opens DBSetup on ${name} and enters:`);
    io.output(`  Server: ${store.server}`);
    io.output('  Authentication: Windows Authentication');
    io.output(`  Database: ${store.database} (use an existing database)`);
    const parsed = parseSqlServerName(store.server);
    if (typeof parsed === 'string') {
      throw new HostError('script', `DBSetup on ${name}: the server "${store.server}" cannot be used: ${parsed}.`);
    }
    await this.site.sleep(DATA_STORE_CONNECTION_TEST_MS);
    const problem = this.dataStoreProblem(store);
    if (problem !== null) {
      io.output(`Drill: DBSetup's connection test failed: ${problem}`);
      throw new HostError(
        'script',
        `DBSetup on ${name} could not use the database ${store.database} on ${store.server}: ${problem}`,
      );
    }
    await this.site.sleep(DATA_STORE_FINISH_MS);
    this.orchestrator.dataStores[name] = store;
    this.site.save();
    io.output(
      `Drill: DBSetup saved the data store ${store.database} on ${store.server} for ${name}; the operator closed it.`,
    );
    return { exitCode: 0 };
  }

  private async copyConfig(computer: string, path: string, copyPath: string, io: StepIo): Promise<void> {
    this.site.consumeOperationFault('orchestrator.copyConfig');
    const name = this.site.computer(computer).name;
    const source = this.textFile(name, path);
    if (this.file(name, copyPath) || this.site.folderExists(name, copyPath)) {
      throw new HostError('script', `${copyPath} already exists on ${name}: the wizard does not overwrite it.`);
    }
    this.requireFolder(name, copyPath);
    // Copy-Item keeps the file's last write time.
    this.site.state().files[localFileKey(name, copyPath)] = { ...structuredClone(source), path: copyPath };
    this.site.save();
    io.output(`Copied ${path} to ${copyPath} on ${name}.`);
  }

  private async writeConfig(computer: string, path: string, text: string, io: StepIo): Promise<void> {
    this.site.consumeOperationFault('orchestrator.writeConfig');
    const name = this.site.computer(computer).name;
    this.requireFolder(name, path);
    this.putText(name, path, text);
    this.site.save();
    io.output(`Wrote ${path} on ${name} (${Buffer.byteLength(text)} bytes).`);
  }

  /** aspnet_regiis -pdf / -pef "connectionStrings" on the web application in `folder`. */
  private async protectConnectionStrings(
    computer: string,
    folder: string,
    action: 'decrypt' | 'encrypt',
    io: StepIo,
  ): Promise<void> {
    this.site.consumeOperationFault('orchestrator.protectConnectionStrings');
    const name = this.site.computer(computer).name;
    const configFile = joinWindowsPath(folder, 'web.config');
    const text = this.textFile(name, configFile).content;
    io.output(`${action === 'decrypt' ? 'Decrypting' : 'Encrypting'} configuration section...`);
    await this.site.sleep(ASPNET_REGIIS_MS);
    const fail = (reason: string): never => {
      io.output(reason);
      io.output('Failed!');
      throw new HostError('script', `aspnet_regiis could not ${action} connectionStrings in ${configFile}: ${reason}`);
    };
    const range = connectionStringsSection(text);
    if (!range) return fail("The configuration section 'connectionStrings' was not found.");
    const encrypted = attempt(() => isConnectionStringsEncrypted(text), fail);
    if (action === 'decrypt' && !encrypted) {
      io.output('The connectionStrings section is not encrypted: there is nothing to decrypt.');
    } else if (action === 'encrypt' && encrypted) {
      io.output('The connectionStrings section is already encrypted.');
    } else if (action === 'decrypt') {
      const plain =
        this.plainSection(name, text.slice(range.start, range.end)) ??
        fail(
          "Failed to decrypt using provider 'RsaProtectedConfigurationProvider'. Error message from the provider: Bad Data.",
        );
      this.putText(name, configFile, replaceRange(text, range, plain));
    } else {
      const plain = text.slice(range.start, range.end);
      const { section, cipherValue } = encryptedSection(text, range, plain);
      (this.orchestrator.protectedSections[name] ??= {})[cipherValue] = plain;
      this.putText(name, configFile, replaceRange(text, range, section));
    }
    this.site.save();
    io.output('Succeeded!');
  }

  /** The pool restarts its worker process, which reads the web.config as it is now. */
  private async recycleAppPool(computer: string, appPool: string, io: StepIo): Promise<void> {
    this.site.consumeOperationFault('orchestrator.recycleAppPool');
    const name = this.site.computer(computer).name;
    const web = this.orchestrator.webComponents.find(
      (candidate) => candidate.computer === name && candidate.appPool.toLowerCase() === appPool.toLowerCase(),
    );
    if (!web) throw new HostError('not-found', `There is no application pool named "${appPool}" on ${name}.`);
    await this.site.sleep(RECYCLE_MS);
    web.loaded = this.configuredDatabase(web);
    this.site.save();
    io.output(`Recycled the application pool ${web.appPool} on ${name}.`);
  }

  private async probeWebService(url: string): Promise<WebServiceProbe> {
    this.site.consumeOperationFault('orchestrator.probeWebService');
    const web = this.orchestrator.webComponents.find((candidate) => sameUrl(candidate.serviceUrl, url));
    const computer = web && this.site.state().computers.find((candidate) => candidate.name === web.computer);
    if (!web || !computer) return { answered: false, status: null, detail: `No web server answers at ${url}.` };
    if (!computer.reachable) {
      return {
        answered: false,
        status: null,
        detail: `No web server answers at ${url}: ${computer.name} does not answer on the network.`,
      };
    }
    const what = web.kind === 'web-service' ? 'web service' : 'Web API';
    if ('problem' in web.loaded) {
      return { answered: false, status: 500, detail: `HTTP 500: the ${what} cannot start: ${web.loaded.problem}` };
    }
    const { server, database } = web.loaded;
    const problem = this.dataStoreProblem(web.loaded);
    if (problem !== null) {
      return {
        answered: false,
        status: 500,
        detail: `HTTP 500: the ${what} cannot open its database ${server}/${database}: ${problem}`,
      };
    }
    // The probe signs in with the wizard's Windows credentials, so it gets past the 401 challenge.
    return { answered: true, status: 200, detail: `HTTP 200: the ${what} uses the database ${server}/${database}.` };
  }

  /** Why the services could not open this data store, as SQL Server tells them; null when they can. */
  private dataStoreProblem(store: DrillDataStore): string | null {
    const parsed = parseSqlServerName(store.server);
    if (typeof parsed === 'string') return `"${store.server}": ${parsed}`;
    let server: DrillSqlServer;
    try {
      server = this.site.sqlServer(parsed);
    } catch (error) {
      return errorText(error);
    }
    const database = server.databases.find((db) => db.name.toLowerCase() === store.database.toLowerCase());
    if (!database) return `the database ${store.database} does not exist on ${store.server}.`;
    if (database.state !== 'ONLINE') return `the database ${database.name} on ${store.server} is ${database.state}.`;
    return null;
  }

  /** The database the web.config names, reading an encrypted section as the computer's key container would. */
  private configuredDatabase(web: DrillWebComponents): DrillWebComponents['loaded'] {
    const text = this.file(web.computer, web.configFile)?.content;
    if (text === undefined) return { problem: `${web.configFile} is missing.` };
    const encrypted = attempt(
      () => isConnectionStringsEncrypted(text),
      (problem) => ({ problem }),
    );
    if (typeof encrypted === 'object') return encrypted;
    let readable = text;
    if (encrypted) {
      const range = connectionStringsSection(text);
      const plain = range && this.plainSection(web.computer, text.slice(range.start, range.end));
      if (!range || plain === undefined) {
        return { problem: 'the connectionStrings section of web.config cannot be decrypted (Bad Data).' };
      }
      readable = replaceRange(text, range, plain);
    }
    const located = (server: string | undefined, database: string | undefined): DrillWebComponents['loaded'] =>
      server === undefined || database === undefined
        ? { problem: 'web.config does not name both the database server and the database.' }
        : { server, database };
    return attempt(
      () => {
        if (web.kind === 'web-api') {
          const { address, database } = readWebApiDatabase(readable);
          return located(address, database);
        }
        const { dataSource, initialCatalog } = readOrchestratorContext(readable);
        return located(dataSource, initialCatalog);
      },
      (problem) => ({ problem }),
    );
  }

  private plainSection(computer: string, section: string): string | undefined {
    const cipherValue = sectionCipherValue(section);
    return cipherValue === undefined ? undefined : this.orchestrator.protectedSections[computer]?.[cipherValue];
  }

  private file(computer: string, path: string): DrillFile | undefined {
    return this.site.state().files[localFileKey(computer, path)];
  }

  private textFile(computer: string, path: string): DrillFile & { content: string } {
    const file = this.file(computer, path);
    if (!file) throw new HostError('not-found', `The file ${path} was not found on ${computer}.`);
    if (file.content === undefined) throw new HostError('unsupported', `${path} on ${computer} is not a text file.`);
    return { ...file, content: file.content };
  }

  private requireFolder(computer: string, path: string): void {
    const folder = windowsParentFolder(path);
    if (!this.site.folderExists(computer, folder)) {
      throw new HostError('not-found', `The folder ${folder} does not exist on ${computer}.`);
    }
  }

  private putText(computer: string, path: string, text: string): void {
    this.site.state().files[localFileKey(computer, path)] = {
      path,
      size: Buffer.byteLength(text),
      modified: new Date().toISOString(),
      sha256: sha256Text(text),
      content: text,
    };
  }
}

/** What `work` returns, or what `failed` makes of the message of what it threw. */
function attempt<T, F>(work: () => T, failed: (problem: string) => F): T | F {
  try {
    return work();
  } catch (error) {
    return failed(errorText(error));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function dataStoreService(serviceName: string): string | undefined {
  return DATA_STORE_SERVICES.find((known) => known.toLowerCase() === serviceName.toLowerCase());
}

function sameUrl(a: string, b: string): boolean {
  const normalize = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return normalize(a) === normalize(b);
}

function isInside(path: string, folder: string): boolean {
  return path.toLowerCase().startsWith(`${folder.replace(/\\+$/, '').toLowerCase()}\\`);
}
