import type { DrillSiteState } from '../../../shared/drill-contract';
import { serversWithRole, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import { joinWindowsPath } from '../windows-path';
import { SM_SETUP_REGISTRY_KEY, SM_SERVICES } from '../service-manager-facts';

/** Builds the simulated site the way a healthy production site looks before anything fails. */
export function buildInitialState(manifest: SiteManifest, localComputer?: string): DrillSiteState {
  const primary = serversWithRole(manifest, 'sm-primary-management-server')[0];
  const computers: DrillSiteState['computers'] = manifest.servers.map((server) => {
    const isServiceManagerServer = server.roles.some((role) =>
      ['sm-primary-management-server', 'sm-additional-management-server', 'dw-management-server'].includes(role),
    );
    const services: DrillSiteState['computers'][number]['services'] = [];
    const folders: string[] = [];
    const registry: Record<string, string> = {};
    if (isServiceManagerServer && server.installDirectory) {
      for (const service of SM_SERVICES) {
        services.push({ name: service.name, displayName: service.displayName, status: 'Running' });
      }
      registry[`${SM_SETUP_REGISTRY_KEY}\\InstallDirectory`] = `${server.installDirectory.replace(/\\+$/, '')}\\`;
      const healthState = joinWindowsPath(server.installDirectory, 'Health Service State');
      folders.push(server.installDirectory, healthState, joinWindowsPath(healthState, 'Health Service Store'));
    }
    return {
      name: server.netbiosName,
      fqdn: server.fqdn,
      reachable: true,
      services,
      folders,
      processes: [],
      registry,
    };
  });

  const sqlServers = new Map<string, DrillSiteState['sqlServers'][number]>();
  for (const db of manifest.databases) {
    const name = sqlServerDisplayName(db);
    let server = sqlServers.get(name.toUpperCase());
    if (!server) {
      server = { name, machineName: db.sqlServer, instanceName: db.instance, reachable: true, databases: [] };
      sqlServers.set(name.toUpperCase(), server);
    }
    server.databases.push({
      name: db.name,
      state: 'ONLINE',
      procedures: db.role === 'ServiceManager' ? ['dbo.p_PromoteActiveWorkflowServer'] : [],
      ...(db.role === 'ServiceManager' && primary ? { activeWorkflowServer: primary.fqdn } : {}),
    });
  }

  const defaultLocal =
    serversWithRole(manifest, 'sm-additional-management-server')[0]?.netbiosName ?? manifest.servers[0]?.netbiosName;
  return {
    localComputer: localComputer ?? defaultLocal ?? 'DRILLHOST',
    computers,
    sqlServers: [...sqlServers.values()],
    faults: [],
  };
}
