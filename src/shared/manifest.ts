import { z } from 'zod';

/**
 * The site manifest, version 1: what the recovery kit knows about the site that was lost.
 * Every precondition the wizard enforces (same computer name, same instance name, ...) is
 * read from here, so the schema is strict and its messages name the offending entry.
 */

export const SERVER_ROLES = [
  'sm-primary-management-server',
  'sm-additional-management-server',
  'dw-management-server',
  'orchestrator-management-server',
  'orchestrator-runbook-server',
  'orchestrator-web-components',
  'sm-web-components',
] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

export const SERVER_ROLE_LABELS: Record<ServerRole, string> = {
  'sm-primary-management-server': 'Service Manager management server (primary)',
  'sm-additional-management-server': 'Additional Service Manager management server',
  'dw-management-server': 'Data warehouse management server',
  'orchestrator-management-server': 'Orchestrator management server',
  'orchestrator-runbook-server': 'Orchestrator runbook server',
  'orchestrator-web-components': 'Orchestrator web components',
  'sm-web-components': 'Service Manager web components',
};

export const DATABASE_ROLES = [
  'ServiceManager',
  'DWStagingAndConfig',
  'DWRepository',
  'DWDataMart',
  'OMDWDataMart',
  'CMDWDataMart',
  'ReportServer',
  'Analyst',
  'Orchestrator',
] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

// NetBIOS names: at most 15 characters, no dots or the characters Windows forbids.
const netbiosName = z
  .string()
  .min(1, 'a NetBIOS name is required')
  .max(15, 'a NetBIOS name has at most 15 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'a NetBIOS name uses letters, digits and hyphens only');

const fqdn = z
  .string()
  .min(3, 'an FQDN is required')
  .max(253, 'an FQDN has at most 253 characters')
  .regex(
    /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
    'an FQDN looks like host.domain.tld',
  );

// SQL Server instance names: up to 16 characters; null means the default instance.
const instanceName = z
  .string()
  .min(1)
  .max(16, 'a SQL Server instance name has at most 16 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'a SQL Server instance name starts with a letter or _')
  .refine((name) => name.toUpperCase() !== 'MSSQLSERVER', {
    message: 'write null for the default instance, not MSSQLSERVER',
  })
  .nullable();

const windowsPath = z
  .string()
  .min(3, 'a folder path is required')
  .regex(/^([A-Za-z]:\\|\\\\)/, 'a folder path starts with a drive letter (C:\\) or a UNC share (\\\\server\\share)');

export const serverSchema = z.object({
  netbiosName,
  fqdn,
  roles: z.array(z.enum(SERVER_ROLES)).min(1, 'a server has at least one role'),
  installDirectory: windowsPath.optional(),
  productVersion: z.string().min(1).optional(),
});
export type ManifestServer = z.infer<typeof serverSchema>;

export const databaseSchema = z.object({
  role: z.enum(DATABASE_ROLES),
  sqlServer: netbiosName,
  instance: instanceName,
  name: z.string().min(1, 'a database name is required').max(128, 'a database name has at most 128 characters'),
});
export type ManifestDatabase = z.infer<typeof databaseSchema>;

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(1, { message: 'this wizard reads manifest schemaVersion 1' }),
    siteName: z.string().min(1, 'a site name is required'),
    managementGroupName: z.string().min(1, 'the Service Manager management group name is required'),
    dataWarehouseManagementGroupName: z.string().min(1).optional(),
    /** The group Setup made the management group's administrators (domain\\group), recorded at preparation. */
    managementGroupAdministrators: z.string().min(1).optional(),
    products: z.object({
      serviceManager: z.string().min(1).optional(),
      orchestrator: z.string().min(1).optional(),
    }),
    /** Recorded at preparation when the operator said the site has no Orchestrator: not a gap, a fact. */
    noOrchestrator: z.literal(true).optional(),
    servers: z.array(serverSchema).min(1, 'a manifest lists at least one server'),
    databases: z.array(databaseSchema),
    /** Where the recovery kit lives (local folder or UNC share): key backups, database backups, exports. */
    recoveryKitPath: windowsPath.optional(),
    reportingServerUrl: z.url({ message: 'the reporting server URL must be a full http(s) URL' }).optional(),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Map<string, number>();
    manifest.servers.forEach((server, index) => {
      const key = server.netbiosName.toUpperCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['servers', index, 'netbiosName'],
          message: `server ${server.netbiosName} is listed twice (also at servers[${first}])`,
        });
      } else {
        seen.set(key, index);
      }
      const firstLabel = server.fqdn.split('.')[0]?.toUpperCase();
      if (firstLabel !== key) {
        ctx.addIssue({
          code: 'custom',
          path: ['servers', index, 'fqdn'],
          message: `FQDN ${server.fqdn} does not start with the server's name ${server.netbiosName}`,
        });
      }
    });
    const primaries = manifest.servers.filter((s) => s.roles.includes('sm-primary-management-server'));
    if (primaries.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['servers'],
        message: `only one server can be the primary Service Manager management server (found ${primaries
          .map((s) => s.netbiosName)
          .join(', ')})`,
      });
    }
    const roles = new Set<string>();
    manifest.databases.forEach((db, index) => {
      if (roles.has(db.role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['databases', index, 'role'],
          message: `the ${db.role} database is listed twice`,
        });
      }
      roles.add(db.role);
    });
  });
export type SiteManifest = z.infer<typeof manifestSchema>;

export type ManifestParseResult = { ok: true; manifest: SiteManifest } | { ok: false; errors: string[] };

/** Parses manifest JSON text; errors read like "servers[2].fqdn: an FQDN looks like host.domain.tld". */
export function parseManifest(text: string): ManifestParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`the manifest is not valid JSON: ${(error as Error).message}`] };
  }
  const result = manifestSchema.safeParse(raw);
  if (result.success) return { ok: true, manifest: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'manifest';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function sqlServerDisplayName(db: Pick<ManifestDatabase, 'sqlServer' | 'instance'>): string {
  return db.instance ? `${db.sqlServer}\\${db.instance}` : db.sqlServer;
}

export function serversWithRole(manifest: SiteManifest, role: ServerRole): ManifestServer[] {
  return manifest.servers.filter((server) => server.roles.includes(role));
}

export function findServer(manifest: SiteManifest, netbiosName: string): ManifestServer | undefined {
  const key = netbiosName.toUpperCase();
  return manifest.servers.find((server) => server.netbiosName.toUpperCase() === key);
}

export function findDatabase(manifest: SiteManifest, role: DatabaseRole): ManifestDatabase | undefined {
  return manifest.databases.find((db) => db.role === role);
}

/**
 * The site's domain, from its servers' FQDNs: the DNS name, and the NetBIOS name accounts are
 * written with (CONTOSO\\svc-scsm), taken as the DNS name's first label as is usual.
 */
export function siteDomain(manifest: SiteManifest): { dns: string; netbios: string } {
  const dns = manifest.servers[0]?.fqdn.split('.').slice(1).join('.') ?? '';
  return { dns, netbios: (dns.split('.')[0] ?? '').toUpperCase() };
}
