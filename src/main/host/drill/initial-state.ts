import { createHash } from 'node:crypto';
import type { DrillSiteState } from '../../../shared/drill-contract';
import { serversWithRole, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import { joinWindowsPath } from '../windows-path';
import { SM_SETUP_REGISTRY_KEY, SM_SERVICES } from '../service-manager-facts';

/** Builds the simulated site the way a healthy production site looks before anything fails. */
export const DRILL_MEDIA = 'D:\\';
export const DRILL_SECURE_STORAGE_TOOL = 'D:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe';

/** Where a file lives in the simulated site: UNC paths are site-wide, local paths belong to a computer. */
export function localFileKey(computer: string, path: string): string {
  return path.startsWith('\\\\') ? path.toLowerCase() : `${computer}:${path}`.toLowerCase();
}

export function buildInitialState(manifest: SiteManifest, localComputer?: string): DrillSiteState {
  const files: DrillSiteState['files'] = {};
  const primary = serversWithRole(manifest, 'sm-primary-management-server')[0];
  const computers: DrillSiteState['computers'] = manifest.servers.map((server) => {
    const isServiceManagerServer = server.roles.some((role) =>
      ['sm-primary-management-server', 'sm-additional-management-server', 'dw-management-server'].includes(role),
    );
    const services: DrillSiteState['computers'][number]['services'] = [];
    const folders: string[] = [];
    const registry: Record<string, string> = {};
    if (isServiceManagerServer) {
      // The installation media, mounted as D: the way an ISO usually is on these servers.
      folders.push(DRILL_MEDIA, `${DRILL_MEDIA}Tools`, `${DRILL_MEDIA}Tools\\SecureStorageBackup`);
      files[localFileKey(server.netbiosName, DRILL_SECURE_STORAGE_TOOL)] = {
        path: DRILL_SECURE_STORAGE_TOOL,
        size: 48_640,
        modified: '2024-03-12T09:30:00.000Z',
        sha256: createHash('sha256').update('SecureStorageBackup.exe').digest('hex'),
      };
    }
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
      // Deterministic per server, so two drills of the same site hold the same keys.
      encryptionKeyId: isServiceManagerServer
        ? createHash('sha256').update(`${manifest.siteName}/${server.netbiosName}`).digest('hex').slice(0, 16)
        : null,
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
    shares: manifest.recoveryKitPath?.startsWith('\\\\') ? [manifest.recoveryKitPath] : [],
    files,
    sqlServers: [...sqlServers.values()],
    faults: [],
  };
}
