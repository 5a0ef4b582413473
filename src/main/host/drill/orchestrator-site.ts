import type { DrillSiteState } from '../../../shared/drill-contract';
import {
  findDatabase,
  sqlServerDisplayName,
  type ManifestServer,
  type ServerRole,
  type SiteManifest,
} from '../../../shared/manifest';
import {
  dataStoreToolPath,
  ORCHESTRATOR_SERVICES,
  WEB_COMPONENTS_FOLDER,
  webComponentsKindOf,
} from '../../knowledge/orchestrator/facts';
import { setOrchestratorContext, setWebApiDatabase } from '../../knowledge/orchestrator/web-config';
import type { WebComponentsKind } from '../../knowledge/orchestrator/facts';
import { joinWindowsPath, sameWindowsPath, windowsParentFolder } from '../../knowledge/windows/paths';
import { connectionStringsSection, encryptedSection, replaceRange } from './protected-config';
import { sha256Text } from './sample-kit';
import { localFileKey } from './site-files';

/**
 * The Orchestrator part of the simulated site as Setup leaves it: the services of each role,
 * DBSetup on every management and runbook server, and the web components' web.config naming the
 * manifest's Orchestrator database, its connection strings encrypted as the installer leaves them.
 */

export type DrillOrchestrator = DrillSiteState['orchestrator'];
export type DrillDataStore = DrillOrchestrator['dataStores'][string];
export type DrillWebComponents = DrillOrchestrator['webComponents'][number];
type DrillComputer = DrillSiteState['computers'][number];
type DrillFiles = DrillSiteState['files'];

/** The application pools serving the web components. Invented for the drill: real installations may name them otherwise. */
export const DRILL_WEB_APP_POOLS: Record<WebComponentsKind, string> = {
  'web-service': 'OrchestratorWebServiceAppPool',
  'web-api': 'OrchestratorWebApiAppPool',
};

/**
 * Where the web components answer. The 2016/2019 web service's address is the one its clients
 * are usually given; the 2022 Web API's port and path are a guess. Neither is confirmed.
 */
export function drillWebServiceUrl(kind: WebComponentsKind, fqdn: string): string {
  return kind === 'web-service'
    ? `http://${fqdn}:81/Orchestrator2012/Orchestrator.svc/`
    : `http://${fqdn}:81/api/Runbooks`;
}

/** The Management and Runbook services read the data store; the monitor and remoting services do not. */
export const DATA_STORE_SERVICES: readonly string[] = [
  ORCHESTRATOR_SERVICES.management.name,
  ORCHESTRATOR_SERVICES.runbook.name,
];

const ROLE_SERVICES: Partial<Record<ServerRole, (keyof typeof ORCHESTRATOR_SERVICES)[]>> = {
  'orchestrator-management-server': ['management', 'remoting'],
  'orchestrator-runbook-server': ['runbook', 'monitor'],
};

/** When the drill's Orchestrator files were installed. */
const INSTALLED = '2024-05-14T10:12:00.000Z';
/** The product version of web components whose manifest entry gives none: the 2022 release the sample site runs. */
const DEFAULT_WEB_COMPONENTS_VERSION = '10.22.2.0';

/** Adds the Orchestrator servers' services, folders and files to the site; returns the Orchestrator state. */
export function addOrchestratorSite(
  manifest: SiteManifest,
  computers: DrillComputer[],
  files: DrillFiles,
): DrillOrchestrator {
  const db = findDatabase(manifest, 'Orchestrator');
  const store = db ? { server: sqlServerDisplayName(db), database: db.name } : undefined;
  const orchestrator: DrillOrchestrator = { dataStores: {}, connections: {}, webComponents: [], protectedSections: {} };
  for (const server of manifest.servers) {
    const computer = computers.find((candidate) => candidate.name.toUpperCase() === server.netbiosName.toUpperCase());
    if (!computer || !server.installDirectory) continue;
    const services = [
      ...new Set(server.roles.flatMap((role) => ROLE_SERVICES[role] ?? []).map((key) => ORCHESTRATOR_SERVICES[key])),
    ];
    if (services.length > 0) {
      computer.services.push(
        ...services.map((service) => ({
          name: service.name,
          displayName: service.displayName,
          status: 'Running' as const,
        })),
      );
      const tool = dataStoreToolPath(server.installDirectory);
      addFolders(computer, server.installDirectory, windowsParentFolder(tool));
      files[localFileKey(computer.name, tool)] = {
        path: tool,
        size: 97_280,
        modified: INSTALLED,
        sha256: sha256Text('DBSetup.exe'),
      };
      if (store) orchestrator.dataStores[computer.name] = { ...store };
      orchestrator.connections[computer.name] = Object.fromEntries(
        services
          .filter((service) => DATA_STORE_SERVICES.includes(service.name))
          .map((service) => [service.name, store ? { ...store } : null]),
      );
    }
    // Without a database in the manifest there is nothing for the web.config to name.
    if (server.roles.includes('orchestrator-web-components') && store) {
      orchestrator.webComponents.push(
        addWebComponents(server, server.installDirectory, computer, store, files, orchestrator),
      );
    }
  }
  return orchestrator;
}

function addWebComponents(
  server: ManifestServer,
  installDirectory: string,
  computer: DrillComputer,
  store: DrillDataStore,
  files: DrillFiles,
  orchestrator: DrillOrchestrator,
): DrillWebComponents {
  const productVersion = server.productVersion ?? DEFAULT_WEB_COMPONENTS_VERSION;
  const kind = webComponentsKindOf(productVersion);
  const folder = joinWindowsPath(installDirectory, WEB_COMPONENTS_FOLDER[kind]);
  const configFile = joinWindowsPath(folder, 'web.config');
  addFolders(computer, installDirectory, folder);
  let content = kind === 'web-service' ? webServiceConfig(store) : webApiConfig(store);
  if (kind === 'web-service') {
    // The installer runs aspnet_regiis -pef on the web service's connection strings.
    const range = connectionStringsSection(content);
    if (!range) throw new Error('The drill web service configuration has no connectionStrings section.');
    const plain = content.slice(range.start, range.end);
    const encrypted = encryptedSection(content, range, plain);
    content = replaceRange(content, range, encrypted.section);
    orchestrator.protectedSections[computer.name] = { [encrypted.cipherValue]: plain };
  }
  files[localFileKey(computer.name, configFile)] = {
    path: configFile,
    size: Buffer.byteLength(content),
    modified: INSTALLED,
    sha256: sha256Text(content),
    content,
  };
  return {
    computer: computer.name,
    kind,
    productVersion,
    folder,
    configFile,
    appPool: DRILL_WEB_APP_POOLS[kind],
    serviceUrl: drillWebServiceUrl(kind, server.fqdn),
    loaded: { ...store },
  };
}

function addFolders(computer: DrillComputer, ...folders: string[]): void {
  for (const folder of folders) {
    if (!computer.folders.some((existing) => sameWindowsPath(existing, folder))) computer.folders.push(folder);
  }
}

const lines = (...text: string[]) => text.join('\r\n') + '\r\n';

/**
 * A 2016/2019 web service configuration shaped like the installer's, written for the drill. The
 * database is set with the wizard's own editor, which quotes any name SqlClient needs quoted.
 */
function webServiceConfig(store: DrillDataStore): string {
  const template = lines(
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
    "<!-- The drill's simulated Orchestrator web service configuration, shaped like the installer's; not a Microsoft file. -->",
    '<configuration>',
    '  <configSections>',
    '    <section name="entityFramework" type="System.Data.Entity.Internal.ConfigFile.EntityFrameworkSection, EntityFramework, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" requirePermission="false" />',
    '  </configSections>',
    '  <appSettings>',
    '    <add key="webpages:Enabled" value="false" />',
    '    <add key="Orchestrator.PageSize" value="50" />',
    '  </appSettings>',
    '  <connectionStrings>',
    '    <add name="OrchestratorContext" connectionString="metadata=res://*/OrchestratorModel.csdl|res://*/OrchestratorModel.ssdl|res://*/OrchestratorModel.msl;provider=System.Data.SqlClient;provider connection string=&quot;Data Source=SQL;Initial Catalog=Orchestrator;Integrated Security=True;MultipleActiveResultSets=True&quot;" providerName="System.Data.EntityClient" />',
    '  </connectionStrings>',
    '  <entityFramework>',
    '    <defaultConnectionFactory type="System.Data.Entity.Infrastructure.SqlConnectionFactory, EntityFramework" />',
    '    <providers>',
    '      <provider invariantName="System.Data.SqlClient" type="System.Data.Entity.SqlServer.SqlProviderServices, EntityFramework.SqlServer" />',
    '    </providers>',
    '  </entityFramework>',
    '  <system.web>',
    '    <compilation targetFramework="4.5.2" />',
    '    <httpRuntime targetFramework="4.5.2" />',
    '    <authentication mode="Windows" />',
    '  </system.web>',
    '  <system.serviceModel>',
    '    <serviceHostingEnvironment aspNetCompatibilityEnabled="true" multipleSiteBindingsEnabled="true" />',
    '  </system.serviceModel>',
    '  <system.webServer>',
    '    <security>',
    '      <authentication>',
    '        <anonymousAuthentication enabled="false" />',
    '        <windowsAuthentication enabled="true" />',
    '      </authentication>',
    '    </security>',
    '  </system.webServer>',
    '</configuration>',
  );
  return setOrchestratorContext(template, { dataSource: store.server, initialCatalog: store.database }).text;
}

/** A 2022 Web API configuration shaped like the installer's, written for the drill. */
function webApiConfig(store: DrillDataStore): string {
  const template = lines(
    '<?xml version="1.0" encoding="utf-8"?>',
    "<!-- The drill's simulated Orchestrator Web API configuration, shaped like the installer's; not a Microsoft file. -->",
    '<configuration>',
    '  <location path="." inheritInChildApplications="false">',
    '    <system.webServer>',
    '      <handlers>',
    '        <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />',
    '      </handlers>',
    '      <aspNetCore processPath=".\\Orchestrator.WebApi.exe" stdoutLogEnabled="false" stdoutLogFile=".\\logs\\stdout" hostingModel="inprocess">',
    '        <environmentVariables>',
    '          <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="Production" />',
    '          <environmentVariable name="Database__Address" value="SQL" />',
    '          <environmentVariable name="Database__Database" value="Orchestrator" />',
    '          <environmentVariable name="Database__Trusted_Connection" value="True" />',
    '          <environmentVariable name="Authentication__Windows" value="true" />',
    '        </environmentVariables>',
    '      </aspNetCore>',
    '    </system.webServer>',
    '  </location>',
    '</configuration>',
  );
  return setWebApiDatabase(template, { address: store.server, database: store.database, trustedConnection: true }).text;
}
