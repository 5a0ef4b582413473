import {
  findDatabase,
  manifestSchema,
  SERVER_ROLE_LABELS,
  sqlServerDisplayName,
  type DatabaseRole,
  type ManifestDatabase,
  type ManifestServer,
  type ServerRole,
  type SiteManifest,
} from '../../../shared/manifest';
import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import { parseSqlServerName } from '../../../shared/sql-server-name';
import { OperatorError } from '../../engine/errors';
import type { FlowContext } from '../../engine/flow-types';
import type { SqlRow } from '../../host/types';
import {
  SDK_SERVICE_TYPE_VALUE,
  SDK_SERVICE_TYPES,
  SM_DATABASE_REGISTRY_KEY,
  SM_DATABASE_REGISTRY_VALUES,
  SM_REPORTING_REGISTRY_KEY,
  SM_SDK_SERVICE_REGISTRY_KEY,
  SM_SETUP_REGISTRY_KEY,
} from '../../knowledge/service-manager/facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import { sqlTarget } from '../common/sql-connection';
import { netbiosOf, sameComputer } from './computer-names';
import { discoverOrchestrator, type OrchestratorChoice } from './orchestrator-discovery';

/**
 * Finds the site instead of asking for a manifest. It starts from the computer the wizard runs on
 * (its registry names its kind, version and databases; on the data warehouse server, which names
 * only the data warehouse's, the previous kit's manifest says where the ServiceManager database
 * is), then asks the ServiceManager database
 * which management servers are registered, which one runs the workflows and which data warehouse
 * server it reports to, then reads each of those servers' registry. Orchestrator's servers are
 * read from its own database (orchestrator-discovery.ts). What the registry and databases cannot
 * say (the Analyst database, Service Manager's web components) is carried over from the previous
 * manifest, and said so.
 */

export type SignIn = Omit<SqlConnectionAnswers, 'sqlServer'>;

export interface DiscoveredSite {
  manifest: SiteManifest;
  /** Which management server runs the workflows, as the ServiceManager database names it. */
  workflowServer: string | null;
  workItemRetentionDays: number | null;
  /** What could not be read, or was carried over rather than found: for the review page. */
  notes: string[];
}

interface ServerRegistry {
  kind: 'service-manager' | 'data-warehouse' | null;
  installDirectory: string | null;
  version: string | null;
  databases: Partial<Record<DatabaseRole, { server: string; name: string }>>;
  reportingUrl: string | null;
  reportingServer: string | null;
}

const MANAGEMENT_ROLES: readonly ServerRole[] = [
  'sm-primary-management-server',
  'sm-additional-management-server',
  'dw-management-server',
];

async function readRegistry(ctx: FlowContext, computer: string): Promise<ServerRegistry> {
  const read = async (key: string, name: string): Promise<string | null> => {
    const value = await ctx.host.registry.readValue(computer, key, name);
    return value === null ? null : String(value);
  };
  const type = Number(await read(SM_SDK_SERVICE_REGISTRY_KEY, SDK_SERVICE_TYPE_VALUE));
  const kind =
    type === SDK_SERVICE_TYPES.serviceManager
      ? 'service-manager'
      : type === SDK_SERVICE_TYPES.dataWarehouse
        ? 'data-warehouse'
        : null;
  const databases: ServerRegistry['databases'] = {};
  for (const [role, names] of Object.entries(SM_DATABASE_REGISTRY_VALUES)) {
    const server = await read(SM_DATABASE_REGISTRY_KEY, names.server);
    const name = await read(SM_DATABASE_REGISTRY_KEY, names.database);
    if (server && name) databases[role as DatabaseRole] = { server, name };
  }
  const installDirectory = await read(SM_SETUP_REGISTRY_KEY, 'InstallDirectory');
  return {
    kind,
    installDirectory: installDirectory === null ? null : installDirectory.replace(/\\+$/, ''),
    version: await read(SM_SETUP_REGISTRY_KEY, 'ServerVersion'),
    databases,
    reportingUrl: await read(SM_REPORTING_REGISTRY_KEY, 'WebServiceURL'),
    reportingServer: await read(SM_REPORTING_REGISTRY_KEY, 'Server'),
  };
}

function text(value: SqlRow[string] | undefined): string | null {
  return value === null || value === undefined || String(value).trim() === '' ? null : String(value).trim();
}

const FQDN = /^[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*)+$/;

/**
 * The FQDNs p_RootManagementServerSelectConnectionPropertyValues lists. Its columns are not
 * documented, so every value that reads as an FQDN counts.
 */
function fqdnsOf(rows: SqlRow[]): string[] {
  const found = rows.flatMap((row) =>
    Object.values(row).flatMap((value) => (typeof value === 'string' && FQDN.test(value.trim()) ? [value.trim()] : [])),
  );
  return [...new Set(found.map((fqdn) => fqdn.toLowerCase()))];
}

function databaseOf(role: DatabaseRole, where: { server: string; name: string }): ManifestDatabase | null {
  const parsed = parseSqlServerName(where.server);
  if (typeof parsed === 'string') return null;
  return { role, sqlServer: parsed.computer.toUpperCase(), instance: parsed.instance, name: where.name };
}

export async function discoverSite(
  ctx: FlowContext,
  signIn: SignIn,
  previous: SiteManifest | null,
  kitFolder: string,
  orchestratorChoice: OrchestratorChoice,
): Promise<DiscoveredSite> {
  const notes: string[] = [];
  const here = await ctx.host.system.computerName();
  const local = await readRegistry(ctx, here);
  if (local.kind === null) {
    throw new OperatorError(
      `${here} is not a Service Manager management server (no "${SDK_SERVICE_TYPE_VALUE}" 1 or 2 under ${SM_SDK_SERVICE_REGISTRY_KEY}): run this on one.`,
    );
  }
  const smWhere = local.kind === 'service-manager' ? local.databases.ServiceManager : recordedServiceManager(previous);
  if (!smWhere) {
    throw new OperatorError(
      local.kind === 'data-warehouse'
        ? `${here} is the data warehouse management server: its registry names only the data warehouse's databases. Prepare the kit on a Service Manager management server first (the ServiceManager database names the rest of the site), then here with the same kit folder: the ServiceManager database is read from that kit's site.json.`
        : `${here}'s registry names no ServiceManager database.`,
    );
  }
  const query = async (server: string, database: string, statement: ReturnType<typeof sqlStatements.workflowServer>) =>
    (await ctx.host.sql.execute(sqlTarget(server, database, { sqlServer: server, ...signIn }), statement)).rows;

  const group = (await query(smWhere.server, smWhere.name, sqlStatements.managementGroupInfo()))[0] ?? {};
  const workflowServer = text(
    (await query(smWhere.server, smWhere.name, sqlStatements.workflowServer()))[0]?.displayName,
  );
  const registered = fqdnsOf(await query(smWhere.server, smWhere.name, sqlStatements.registeredManagementServers()));
  const dwServer = text(
    (await query(smWhere.server, smWhere.name, sqlStatements.registeredDataWarehouseServer()))[0]?.server,
  );
  const retention = (await query(smWhere.server, smWhere.name, sqlStatements.workItemRetention()))[0]?.days;

  const registries = new Map<string, ServerRegistry>();
  const servers: ManifestServer[] = [];
  const fqdnOf = async (name: string) =>
    name.includes('.')
      ? name.toLowerCase()
      : name.toLowerCase() === here.toLowerCase()
        ? (await ctx.host.system.fqdn()).toLowerCase()
        : name.toLowerCase();
  // The data warehouse server is found below, through the ServiceManager database's registration.
  const unregistered =
    local.kind === 'service-manager' && !registered.some((fqdn) => sameComputer(fqdn, here)) ? [here] : [];
  const candidates = [...registered, ...unregistered];
  for (const name of candidates) {
    const fqdn = await fqdnOf(name);
    const role: ServerRole =
      workflowServer !== null && sameComputer(workflowServer, fqdn)
        ? 'sm-primary-management-server'
        : 'sm-additional-management-server';
    servers.push(await describeServer(ctx, fqdn, role, registries, notes));
  }
  if (dwServer) {
    servers.push(await describeServer(ctx, dwServer.toLowerCase(), 'dw-management-server', registries, notes));
  } else {
    notes.push('The ServiceManager database is registered with no data warehouse.');
  }
  if (workflowServer === null) notes.push('The ServiceManager database names no server that runs the workflows.');

  const databases: ManifestDatabase[] = [];
  const add = (database: ManifestDatabase | null) => {
    if (database && !databases.some((known) => known.role === database.role)) databases.push(database);
  };
  add(databaseOf('ServiceManager', smWhere));
  const dwRegistry = dwServer ? registries.get(netbiosOf(dwServer)) : undefined;
  for (const role of ['DWStagingAndConfig', 'DWRepository', 'DWDataMart', 'OMDWDataMart', 'CMDWDataMart'] as const) {
    const where = dwRegistry?.databases[role];
    if (where) add(databaseOf(role, where));
  }
  let dataWarehouseGroup: string | null = null;
  const staging = dwRegistry?.databases.DWStagingAndConfig;
  if (staging) {
    dataWarehouseGroup = text(
      (await query(staging.server, staging.name, sqlStatements.managementGroupInfo()))[0]?.managementGroupName,
    );
  }
  const reportServer = await findReportServer(ctx, signIn, dwRegistry?.reportingServer ?? null, notes);
  add(reportServer);

  const orchestrator = await discoverOrchestrator(ctx, signIn, orchestratorChoice, previous);
  notes.push(...orchestrator.notes);
  for (const found of orchestrator.servers) {
    const known = servers.find((server) => sameComputer(server.netbiosName, found.netbiosName));
    if (known) known.roles.push(...found.roles.filter((role) => !known.roles.includes(role)));
    else servers.push(found);
  }
  add(orchestrator.database);

  const carried = carryOver(previous, servers, databases);
  notes.push(...carried.notes);
  const version = servers.find((server) => server.productVersion)?.productVersion;
  const candidate = {
    schemaVersion: 1,
    siteName: previous?.siteName ?? ctx.siteName,
    managementGroupName: text(group.managementGroupName) ?? previous?.managementGroupName ?? '',
    ...(dataWarehouseGroup ? { dataWarehouseManagementGroupName: dataWarehouseGroup } : {}),
    ...(text(group.administrators) ? { managementGroupAdministrators: text(group.administrators) } : {}),
    products: {
      ...(version
        ? {
            serviceManager: previous?.products.serviceManager?.includes(version)
              ? previous.products.serviceManager
              : version,
          }
        : {}),
      ...(previous?.products.orchestrator && orchestrator.database
        ? { orchestrator: previous.products.orchestrator }
        : {}),
    },
    ...(orchestrator.none ? { noOrchestrator: true } : {}),
    servers: [...servers, ...carried.servers],
    databases: [...databases, ...carried.databases],
    recoveryKitPath: kitFolder,
    ...(dwRegistry?.reportingUrl ? { reportingServerUrl: dwRegistry.reportingUrl } : {}),
  };
  const parsed = manifestSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new OperatorError(
      `What was found does not make a valid manifest: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return {
    manifest: parsed.data,
    workflowServer,
    workItemRetentionDays: retention === null || retention === undefined ? null : Number(retention),
    notes,
  };
}

/** Where the previous kit's manifest says the ServiceManager database is: all the data warehouse server can go by. */
function recordedServiceManager(previous: SiteManifest | null): { server: string; name: string } | undefined {
  const recorded = previous ? findDatabase(previous, 'ServiceManager') : undefined;
  return recorded ? { server: sqlServerDisplayName(recorded), name: recorded.name } : undefined;
}

async function describeServer(
  ctx: FlowContext,
  fqdn: string,
  role: ServerRole,
  registries: Map<string, ServerRegistry>,
  notes: string[],
): Promise<ManifestServer> {
  const netbiosName = netbiosOf(fqdn);
  const server: ManifestServer = { netbiosName, fqdn, roles: [role] };
  try {
    const registry = await readRegistry(ctx, fqdn);
    registries.set(netbiosName, registry);
    if (registry.installDirectory) server.installDirectory = registry.installDirectory;
    if (registry.version) server.productVersion = registry.version;
    const expected = role === 'dw-management-server' ? 'data-warehouse' : 'service-manager';
    if (registry.kind !== expected) {
      notes.push(
        `${netbiosName} is registered as a management server, but its registry says ${registry.kind ?? 'no SDK Service Type'}.`,
      );
    }
  } catch (error) {
    notes.push(
      `${netbiosName}: its registry could not be read (${error instanceof Error ? error.message : String(error)}); its install folder and version are not known.`,
    );
  }
  return server;
}

/**
 * The reporting server's own database is not named in Service Manager's registry: SSRS keeps it
 * in its configuration. The wizard looks for a database called ReportServer on the default
 * instance of the reporting server's computer, and says when it is not there.
 */
async function findReportServer(
  ctx: FlowContext,
  signIn: SignIn,
  reportingServer: string | null,
  notes: string[],
): Promise<ManifestDatabase | null> {
  if (!reportingServer) return null;
  try {
    const { rows } = await ctx.host.sql.execute(
      sqlTarget(reportingServer, 'master', { sqlServer: reportingServer, ...signIn }),
      sqlStatements.listDatabases(),
    );
    if (rows.some((row) => String(row.name).toLowerCase() === 'reportserver')) {
      return { role: 'ReportServer', sqlServer: netbiosOf(reportingServer), instance: null, name: 'ReportServer' };
    }
    notes.push(
      `${reportingServer} has no ReportServer database on its default instance: add the reporting server's database to site.json by hand.`,
    );
  } catch (error) {
    notes.push(
      `The reporting server ${reportingServer} could not be asked for its database (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return null;
}

const CARRIED_ROLES: readonly ServerRole[] = ['sm-web-components'];

/** What discovery does not read, taken from the previous manifest as it was. */
function carryOver(
  previous: SiteManifest | null,
  servers: readonly ManifestServer[],
  databases: readonly ManifestDatabase[],
): { servers: ManifestServer[]; databases: ManifestDatabase[]; notes: string[] } {
  if (!previous) {
    return {
      servers: [],
      databases: [],
      notes: [
        'No previous manifest: Service Manager’s web components and the Analyst database are not discovered; add them to site.json by hand if the site has them.',
      ],
    };
  }
  const keptServers = previous.servers
    .filter((server) => !servers.some((found) => sameComputer(found.netbiosName, server.netbiosName)))
    .filter((server) => server.roles.every((role) => CARRIED_ROLES.includes(role)));
  const keptDatabases = previous.databases.filter(
    (database) => database.role === 'Analyst' && !databases.some((found) => found.role === database.role),
  );
  const notes = [
    ...keptServers.map((server) => server.netbiosName),
    ...keptDatabases.map((db) => `the ${db.role} database`),
  ];
  return {
    servers: keptServers.map((server) => structuredClone(server)),
    databases: keptDatabases.map((database) => ({ ...database })),
    notes: notes.length > 0 ? [`Carried over from the previous manifest, not discovered: ${notes.join(', ')}.`] : [],
  };
}

function roleNames(server: ManifestServer): string {
  return server.roles.map((role) => SERVER_ROLE_LABELS[role]).join(', ');
}

export interface SiteChange {
  kind: 'server-added' | 'server-removed' | 'server-changed' | 'database-added' | 'database-removed' | 'database-moved';
  text: string;
}

/** What changed since the previous manifest: servers added or removed, roles and versions, databases moved. */
export function siteChanges(previous: SiteManifest, current: SiteManifest): SiteChange[] {
  const changes: SiteChange[] = [];
  for (const server of current.servers) {
    const before = previous.servers.find((candidate) => sameComputer(candidate.netbiosName, server.netbiosName));
    if (!before) {
      changes.push({ kind: 'server-added', text: `${server.netbiosName} is new (${roleNames(server)})` });
      continue;
    }
    const differences = [
      before.roles.join(',') !== server.roles.join(',') ? `role ${roleNames(before)} → ${roleNames(server)}` : null,
      (before.productVersion ?? '') !== (server.productVersion ?? '')
        ? `version ${before.productVersion ?? 'unknown'} → ${server.productVersion ?? 'unknown'}`
        : null,
      (before.installDirectory ?? '').toLowerCase() !== (server.installDirectory ?? '').toLowerCase()
        ? `install folder ${before.installDirectory ?? 'unknown'} → ${server.installDirectory ?? 'unknown'}`
        : null,
    ].filter((difference): difference is string => difference !== null);
    if (differences.length > 0)
      changes.push({ kind: 'server-changed', text: `${server.netbiosName}: ${differences.join('; ')}` });
  }
  for (const server of previous.servers) {
    if (!current.servers.some((candidate) => sameComputer(candidate.netbiosName, server.netbiosName))) {
      changes.push({ kind: 'server-removed', text: `${server.netbiosName} is gone (was ${roleNames(server)})` });
    }
  }
  for (const database of current.databases) {
    const before = previous.databases.find((candidate) => candidate.role === database.role);
    if (!before) {
      changes.push({
        kind: 'database-added',
        text: `${database.role} (${database.name} on ${sqlServerDisplayName(database)}) is new`,
      });
    } else if (
      sqlServerDisplayName(before).toUpperCase() !== sqlServerDisplayName(database).toUpperCase() ||
      before.name !== database.name
    ) {
      changes.push({
        kind: 'database-moved',
        text: `${database.role} moved: ${before.name} on ${sqlServerDisplayName(before)} → ${database.name} on ${sqlServerDisplayName(database)}`,
      });
    }
  }
  for (const database of previous.databases) {
    if (!current.databases.some((candidate) => candidate.role === database.role)) {
      changes.push({ kind: 'database-removed', text: `${database.role} (${database.name}) is no longer found` });
    }
  }
  return changes;
}

export function isManagementServer(server: ManifestServer): boolean {
  return server.roles.some((role) => MANAGEMENT_ROLES.includes(role));
}
