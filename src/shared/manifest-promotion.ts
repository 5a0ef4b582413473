import type { ManifestServer, ServerRole, SiteManifest } from './manifest';

const PRIMARY: ServerRole = 'sm-primary-management-server';
const ADDITIONAL: ServerRole = 'sm-additional-management-server';

/**
 * The manifest after "Promote a Service Manager management server": the promoted server becomes
 * the primary management server. The former primary stays listed as an additional management
 * server rather than leaving the manifest: the management group still counts it among its
 * management servers, its encryption key in the kit is still its own, and a computer rebuilt
 * under its name joins as an additional server, because the workflows stay where the promotion
 * put them. Its other roles are kept.
 */
export function withPromotedPrimary(manifest: SiteManifest, netbiosName: string): SiteManifest {
  const key = netbiosName.toUpperCase();
  if (!manifest.servers.some((server) => server.netbiosName.toUpperCase() === key)) {
    throw new RangeError(`${netbiosName} is not a server of the manifest.`);
  }
  return {
    ...manifest,
    servers: manifest.servers.map((server) => {
      if (server.netbiosName.toUpperCase() === key) return withManagementRole(server, PRIMARY);
      return server.roles.includes(PRIMARY) ? withManagementRole(server, ADDITIONAL) : server;
    }),
  };
}

function withManagementRole(server: ManifestServer, role: ServerRole): ManifestServer {
  const others = server.roles.filter((candidate) => candidate !== PRIMARY && candidate !== ADDITIONAL);
  return { ...server, roles: [role, ...others] };
}
