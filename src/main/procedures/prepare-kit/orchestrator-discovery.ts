import {
  findDatabase,
  sqlServerDisplayName,
  SERVER_ROLES,
  type ManifestDatabase,
  type ManifestServer,
  type ServerRole,
  type SiteManifest,
} from '../../../shared/manifest';
import { parseSqlServerName } from '../../../shared/sql-server-name';
import { escapeText, excerpt } from '../../../shared/validation/display-escape';
import { AnswerError, describeError } from '../../engine/errors';
import type { FlowContext } from '../../engine/flow-types';
import { DEFAULT_WEB_COMPONENTS_INSTALL_DIRECTORY } from '../../knowledge/orchestrator/discovery';
import { SqlError } from '../../knowledge/failures';
import { sqlStatements } from '../../knowledge/sql/statements';
import { sqlTarget } from '../common/sql-connection';
import { netbiosOf } from './computer-names';
import type { SignIn } from './discovery';

/**
 * The Orchestrator part of discovery (knowledge/orchestrator/discovery.ts says what it relies on):
 * the database where the operator or the previous kit says it is, its runbook and management
 * servers as the database lists them, and the web components where they are installed.
 */

/** What the discovery page says about Orchestrator. */
export interface OrchestratorChoice {
  none: boolean;
  /** Empty: as the previous manifest says. */
  sqlServer: string;
  database: string;
}

export interface OrchestratorFound {
  none: boolean;
  database: ManifestDatabase | null;
  servers: ManifestServer[];
  notes: string[];
}

/** The answer a refusal is the operator's to fix in: where the database is. */
const FIELD = 'orchestratorSqlServer';

/** Where the database is: as the operator named it, else as the previous manifest says. */
function databaseOf(choice: OrchestratorChoice, previous: SiteManifest | null): ManifestDatabase {
  const named = choice.sqlServer.trim();
  if (named === '') {
    const recorded = previous ? findDatabase(previous, 'Orchestrator') : undefined;
    if (recorded) return { ...recorded };
    throw new AnswerError(
      FIELD,
      `${previous ? 'The previous kit’s manifest names no Orchestrator database' : 'There is no previous kit in the kit folder to say where the Orchestrator database is'}: name its SQL Server and database on this page, or tick “This site has no Orchestrator”.`,
    );
  }
  const parsed = parseSqlServerName(named);
  if (typeof parsed === 'string') throw new AnswerError(FIELD, `The Orchestrator database’s SQL Server: ${parsed}.`);
  return {
    role: 'Orchestrator',
    sqlServer: parsed.computer.toUpperCase(),
    instance: parsed.instance,
    name: choice.database.trim() || 'Orchestrator',
  };
}

export async function discoverOrchestrator(
  ctx: FlowContext,
  signIn: SignIn,
  choice: OrchestratorChoice,
  previous: SiteManifest | null,
): Promise<OrchestratorFound> {
  if (choice.none) {
    return {
      none: true,
      database: null,
      servers: [],
      notes: ['You said this site has no Orchestrator: the kit records that it holds none of it.'],
    };
  }
  const database = databaseOf(choice, previous);
  const server = sqlServerDisplayName(database);
  const target = sqlTarget(server, database.name, { sqlServer: server, ...signIn });
  const computers = async (statement: ReturnType<typeof sqlStatements.orchestratorRunbookServers>) =>
    (await ctx.host.sql.execute(target, statement)).rows
      .map((row) => String(row.computer ?? '').trim())
      .filter((name) => name !== '');
  let runbookServers: string[];
  let managementServers: string[];
  try {
    runbookServers = await computers(sqlStatements.orchestratorRunbookServers());
    managementServers = await computers(sqlStatements.orchestratorManagementServers());
  } catch (error) {
    // A server that answered refused the database (not there, or not Orchestrator's): that answer is the one to fix.
    const databaseRefused =
      error instanceof SqlError && (error.problem === 'cannot-open-database' || error.problem === 'statement-failed');
    throw new AnswerError(
      databaseRefused ? 'orchestratorDatabase' : FIELD,
      `The Orchestrator database ${excerpt(database.name)} on ${server} could not be read: ${escapeText(describeError(error).message.replace(/\.+$/, ''))}. Check its SQL Server and name on this page (or tick “This site has no Orchestrator”), and that this account may read it.`,
    );
  }

  const notes: string[] = [];
  const domain = (await ctx.host.system.fqdn()).split('.').slice(1).join('.').toLowerCase();
  const before = (name: string) =>
    previous?.servers.find((candidate) => candidate.netbiosName.toUpperCase() === netbiosOf(name));
  const servers = new Map<string, ManifestServer>();
  const add = (name: string, role: ServerRole) => {
    const key = netbiosOf(name);
    const known = servers.get(key);
    if (known) {
      if (!known.roles.includes(role)) known.roles.push(role);
      return;
    }
    const earlier = before(name);
    const fqdn = name.includes('.') ? name.toLowerCase() : (earlier?.fqdn ?? `${name.toLowerCase()}.${domain}`);
    servers.set(key, {
      netbiosName: key,
      fqdn,
      roles: [role],
      ...(earlier?.installDirectory ? { installDirectory: earlier.installDirectory } : {}),
      ...(earlier?.productVersion ? { productVersion: earlier.productVersion } : {}),
    });
  };

  if (managementServers.length === 0) {
    const kept = previous?.servers.filter((candidate) => candidate.roles.includes('orchestrator-management-server'));
    for (const known of kept ?? []) add(known.netbiosName, 'orchestrator-management-server');
    notes.push(
      `No Runbook Designer is connected to the Orchestrator database, so it names no management server${kept?.length ? `: ${kept.map((known) => known.netbiosName).join(', ')} kept from the previous manifest` : ': add it to site.json by hand'}.`,
    );
  }
  for (const name of managementServers) add(name, 'orchestrator-management-server');
  for (const name of runbookServers) add(name, 'orchestrator-runbook-server');
  if (runbookServers.length === 0) notes.push(`The Orchestrator database on ${server} lists no runbook server.`);

  await findWebComponents(ctx, previous, servers, add, notes);

  const unknown = [...servers.values()].filter((found) => !found.installDirectory).map((found) => found.netbiosName);
  if (unknown.length > 0) {
    notes.push(
      `Orchestrator keeps no install folder or version in its database: not known for ${unknown.join(', ')} (add them to site.json; the Orchestrator recovery needs the install folder).`,
    );
  }
  const ordered = [...servers.values()].map((found) => ({
    ...found,
    roles: SERVER_ROLES.filter((role) => found.roles.includes(role)),
  }));
  return { none: false, database, servers: ordered, notes };
}

/**
 * The web components, where they can be read: on the servers the previous manifest gives them and
 * on the management servers, in the folder the previous manifest says or where the installer puts them.
 */
async function findWebComponents(
  ctx: FlowContext,
  previous: SiteManifest | null,
  servers: Map<string, ManifestServer>,
  add: (name: string, role: ServerRole) => void,
  notes: string[],
): Promise<void> {
  const earlier = (previous?.servers ?? []).filter((server) => server.roles.includes('orchestrator-web-components'));
  const candidates = [
    ...earlier.map((server) => ({ server, recorded: true })),
    ...[...servers.values()]
      .filter((server) => server.roles.includes('orchestrator-management-server'))
      .filter((server) => !earlier.some((known) => known.netbiosName === server.netbiosName))
      .map((server) => ({ server, recorded: false })),
  ];
  for (const { server, recorded } of candidates) {
    const folder = server.installDirectory ?? DEFAULT_WEB_COMPONENTS_INSTALL_DIRECTORY;
    try {
      const web = await ctx.host.orchestrator.findWebComponents(server.fqdn, folder);
      if (web) {
        add(server.fqdn, 'orchestrator-web-components');
        const found = servers.get(server.netbiosName);
        if (found && !found.installDirectory) found.installDirectory = folder;
        if (found && !found.productVersion) found.productVersion = web.productVersion;
      } else if (recorded) {
        notes.push(
          `${server.netbiosName}: no Orchestrator web components in ${folder} any more; they are no longer in the manifest.`,
        );
      }
    } catch (error) {
      if (!recorded) continue;
      add(server.fqdn, 'orchestrator-web-components');
      notes.push(
        `${server.netbiosName}'s web components could not be read (${describeError(error).message}): kept as the previous manifest says.`,
      );
    }
  }
}
