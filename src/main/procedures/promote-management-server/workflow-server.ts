import type { ManifestServer } from '../../../shared/manifest';
import type { FlowContext } from '../../engine/flow-types';
import type { SqlTarget } from '../../knowledge/sql/statement';
import { sqlStatements } from '../../knowledge/sql/statements';

/**
 * Which management server runs the workflows, read back from the ServiceManager database the way
 * Microsoft support's SCSM diagnostic tool reads it: the display name of the Workflow Target
 * instance, which is the server's computer name or its FQDN.
 */

/** The display names the database gives; one on a healthy management group. */
export async function readWorkflowServers(ctx: Pick<FlowContext, 'host'>, target: SqlTarget): Promise<string[]> {
  const result = await ctx.host.sql.execute(target, sqlStatements.workflowServer());
  return result.rows.map((row) => String(row.displayName ?? ''));
}

function namesServer(displayName: string, server: Pick<ManifestServer, 'netbiosName' | 'fqdn'>): boolean {
  const name = displayName.trim().toLowerCase();
  return name === server.netbiosName.toLowerCase() || name === server.fqdn.toLowerCase();
}

/** True when the database names this server, and only this one. */
export function runsTheWorkflows(names: readonly string[], server: Pick<ManifestServer, 'netbiosName' | 'fqdn'>) {
  return names.length === 1 && namesServer(names[0] ?? '', server);
}

/** The names as the checks and the step show them. */
export function describeWorkflowServers(names: readonly string[]): string {
  return names.length === 0 ? 'no server' : names.join(', ');
}
