import { z } from 'zod';

/** Faults a drill can inject, so operators and tests can rehearse what goes wrong in an outage. */
export const drillFaultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('service-will-not-stop'),
    computer: z.string().min(1),
    service: z.string().min(1),
    times: z.number().int().min(1).max(100),
  }),
  z.object({
    kind: z.literal('operation-fails'),
    operation: z.string().min(1),
    times: z.number().int().min(1).max(100),
    message: z.string().min(1),
  }),
  z.object({ kind: z.literal('computer-unreachable'), computer: z.string().min(1) }),
  z.object({ kind: z.literal('process-running'), computer: z.string().min(1), process: z.string().min(1) }),
  /** The server was rebuilt under the same name: Windows is back, its encryption key is not. */
  z.object({ kind: z.literal('server-rebuilt'), computer: z.string().min(1) }),
  /** Setup.exe ends with this exit code (-14: prerequisites failed, 3010: restart needed, ...). */
  z.object({ kind: z.literal('setup-exit-code'), code: z.number().int(), times: z.number().int().min(1).max(100) }),
  /** SecureStorageBackup.exe answers its command line with a usage text, so its own wizard must be used. */
  z.object({ kind: z.literal('secure-storage-command-line-unsupported'), times: z.number().int().min(1).max(100) }),
]);
export type DrillFault = z.infer<typeof drillFaultSchema>;

export const drillServiceSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  status: z.enum(['Running', 'Stopped', 'StopPending', 'StartPending']),
});

export const drillSiteStateSchema = z.object({
  localComputer: z.string(),
  computers: z.array(
    z.object({
      name: z.string(),
      fqdn: z.string(),
      reachable: z.boolean(),
      services: z.array(drillServiceSchema),
      folders: z.array(z.string()),
      processes: z.array(z.string()),
      registry: z.record(z.string(), z.string()),
      /** Which encryption key the server holds; null on a rebuilt server before its key is restored. */
      encryptionKeyId: z.string().nullable(),
      /** Windows waits for a restart, as after Setup exits with 3010. */
      restartPending: z.boolean(),
    }),
  ),
  /** Domain accounts of the simulated site; the drill accepts any password of 8 characters or more. */
  accounts: z.array(z.string()),
  /** UNC folders that exist, such as the recovery kit's share. */
  shares: z.array(z.string()),
  /** Files by location: `COMPUTER:C:\path` for local files, the UNC path for files on a share. */
  files: z.record(
    z.string(),
    z.object({
      path: z.string(),
      size: z.number(),
      modified: z.string(),
      sha256: z.string(),
      keyBackup: z.object({ keyId: z.string(), salt: z.string(), passwordDigest: z.string() }).optional(),
      /** The text of a text file (an exported management pack, a checksum list). */
      content: z.string().optional(),
    }),
  ),
  sqlServers: z.array(
    z.object({
      name: z.string(),
      machineName: z.string(),
      instanceName: z.string().nullable(),
      reachable: z.boolean(),
      databases: z.array(
        z.object({
          name: z.string(),
          state: z.enum(['ONLINE', 'RESTORING', 'OFFLINE']),
          procedures: z.array(z.string()),
          activeWorkflowServer: z.string().optional(),
          managementGroup: z.string().optional(),
          managementPacks: z.array(z.object({ id: z.string(), version: z.string(), sealed: z.boolean() })).optional(),
        }),
      ),
    }),
  ),
  faults: z.array(drillFaultSchema),
});
export type DrillSiteState = z.infer<typeof drillSiteStateSchema>;
