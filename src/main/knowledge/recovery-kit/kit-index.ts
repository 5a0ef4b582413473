import { z } from 'zod';
import { kitPathProblem } from './kit-path';

/**
 * The recovery kit's index, `kit-index.json` at the kit's root: every file the kit holds, what it
 * is, where it came from and its SHA-256, written last and by rename, so that an index never
 * claims a file that is missing or incomplete. A kit made in parts (a key that can be backed up
 * only at its own server) says what is missing. The checksum lists beside the database backups
 * and management packs (`checksums.sha256`) stay for kits made by hand.
 */

export const KIT_INDEX_FILE = 'kit-index.json';
/**
 * Where preparing a kit again sets the earlier index aside before it rewrites any file, so that
 * no index vouches for a file being replaced, while the keys other servers added stay known.
 */
export const KIT_PREVIOUS_INDEX_FILE = 'kit-index.previous.json';

export const KIT_FILE_ROLES = [
  'site-manifest',
  'encryption-key',
  'database-backup',
  'permissions-script',
  'management-pack',
  'service-master-key',
  /** A checksums.sha256 list a kit made by hand keeps beside its files (added for Verify kit, issue 14). */
  'checksum-list',
] as const;
export type KitFileRole = (typeof KIT_FILE_ROLES)[number];

export const KEY_ROLES = ['Service Manager', 'Data warehouse'] as const;

export const kitFileSchema = z.object({
  /** Relative to the kit's folder, with backslashes: `Keys\SCSM01-ServiceManager.bin`. */
  path: z.string().superRefine((path, ctx) => {
    const problem = kitPathProblem(path);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `not a path inside the kit: ${problem}` });
  }),
  role: z.enum(KIT_FILE_ROLES),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the file was made, ISO 8601 with its offset. */
  madeAt: z.string().min(1),
  /** The computer the file came from: whose encryption key, which SQL Server's service master key. */
  server: z.string().optional(),
  keyRole: z.enum(KEY_ROLES).optional(),
  /** The database a backup or permissions script is of, and the SQL Server (computer\instance) it came from. */
  database: z.string().optional(),
  sqlServer: z.string().optional(),
});
export type KitFile = z.infer<typeof kitFileSchema>;

export const kitMissingSchema = z.object({
  role: z.enum(KIT_FILE_ROLES),
  server: z.string().optional(),
  database: z.string().optional(),
  /** Why it is not in the kit, and what to do: "back up SCSM02's key at SCSM02 itself". */
  reason: z.string().min(1),
});
export type KitMissing = z.infer<typeof kitMissingSchema>;

export const kitIndexSchema = z.object({
  schemaVersion: z.literal(1),
  siteName: z.string().min(1),
  /** Who made the kit, on which computer, with which version of the wizard. */
  madeBy: z.string().min(1),
  madeOn: z.string().min(1),
  wizardVersion: z.string().min(1),
  startedAt: z.string().min(1),
  finishedAt: z.string().min(1),
  /** False when something the recovery procedures need could not be put in: `missing` says what. */
  complete: z.boolean(),
  missing: z.array(kitMissingSchema),
  files: z.array(kitFileSchema),
});
export type KitIndex = z.infer<typeof kitIndexSchema>;
