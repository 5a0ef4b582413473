import { findDatabase, type ManifestServer, type SiteManifest } from '../../../shared/manifest';
import {
  managementServer,
  type RecoverOrchestratorDatabaseAnswers,
} from '../../../shared/procedures/recover-orchestrator-database';
import { describeError, OperatorError } from '../../engine/errors';
import type { FlowContext } from '../../engine/flow-types';
import { dataStoreToolPath, ORCHESTRATOR_SERVICES } from '../../knowledge/orchestrator/facts';
import type { DataStoreEntries, OrchestratorWebComponents } from '../../host/types';
import { keyFileAccount, SERVICE_MASTER_KEY_ROLE } from '../common/key-accounts';

/**
 * The Orchestrator site as the manifest records it and as its servers answer: the management
 * server, the runbook servers, the web components, and the key file of the service master key.
 * Nothing here changes the site.
 */

export type Answers = RecoverOrchestratorDatabaseAnswers;

export function orchestratorDatabase(manifest: SiteManifest) {
  return findDatabase(manifest, 'Orchestrator');
}

export function requireManagementServer(manifest: SiteManifest): ManifestServer {
  const server = managementServer(manifest);
  if (!server) throw new OperatorError('The manifest names no Orchestrator management server.');
  return server;
}

export function sameComputer(a: ManifestServer, b: ManifestServer | undefined): boolean {
  return b !== undefined && a.netbiosName.toUpperCase() === b.netbiosName.toUpperCase();
}

/** DBSetup on a server of the manifest; Setup puts Orchestrator where the manifest recorded it. */
export function dataStoreTool(server: ManifestServer): string {
  if (!server.installDirectory) {
    throw new OperatorError(
      `The manifest does not say where Orchestrator is installed on ${server.netbiosName} (installDirectory), so DBSetup cannot be found.`,
    );
  }
  return dataStoreToolPath(server.installDirectory);
}

/** What DBSetup is given: the server exactly as the operator named it, never localhost or `.`. */
export function dataStoreEntries(answers: Answers, server: ManifestServer): DataStoreEntries {
  return { toolPath: dataStoreTool(server), server: answers.sqlServer.trim(), database: answers.database.trim() };
}

export function dataStoreGuidance(entries: DataStoreEntries): string[] {
  return [
    `Server: ${entries.server} (exactly this; never localhost or .)`,
    'Authentication: as the Orchestrator services connected before, normally Windows Authentication',
    `Database: use the existing database ${entries.database}`,
    'Finish, then close DBSetup: the wizard goes on when it is closed.',
  ];
}

/** How a runbook server answers before the run: its Runbook Service, and DBSetup where it is needed. */
export interface RunbookServerProbe {
  server: ManifestServer;
  problem: string | null;
}

export async function probeRunbookServer(
  ctx: FlowContext,
  server: ManifestServer,
  management: ManifestServer | undefined,
): Promise<RunbookServerProbe> {
  const name = server.netbiosName;
  try {
    const service = await ctx.host.services.find(name, ORCHESTRATOR_SERVICES.runbook.displayName);
    if (!service) return { server, problem: `no ${ORCHESTRATOR_SERVICES.runbook.displayName} on ${name}` };
    if (!sameComputer(server, management) && !(await ctx.host.files.exists(name, dataStoreTool(server)))) {
      return { server, problem: `${dataStoreTool(server)} is missing on ${name}` };
    }
    return { server, problem: null };
  } catch (error) {
    return { server, problem: describeError(error).message };
  }
}

export async function findWebComponents(
  ctx: FlowContext,
  server: ManifestServer,
): Promise<OrchestratorWebComponents | null> {
  if (!server.installDirectory) return null;
  return ctx.host.orchestrator.findWebComponents(server.netbiosName, server.installDirectory);
}

/** The key file's password: typed, or the one the backup flow remembered for this very file. */
export async function keyPassword(ctx: FlowContext, answers: Answers): Promise<string> {
  if (answers.useRemembered !== true) return answers.keyPassword ?? '';
  const account = await keyFileAccount(ctx, SERVICE_MASTER_KEY_ROLE, answers.keyFile ?? '');
  const remembered = account ? await ctx.keychain.get(account) : null;
  if (!remembered) {
    throw new OperatorError('No password is remembered in the OS keychain for this key file: type it instead.');
  }
  return remembered;
}
