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
        }),
      ),
    }),
  ),
  faults: z.array(drillFaultSchema),
});
export type DrillSiteState = z.infer<typeof drillSiteStateSchema>;
