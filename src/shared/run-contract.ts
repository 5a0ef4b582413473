import { z } from 'zod';

/**
 * What the main process tells the renderer about flows and runs. Everything here crosses the
 * IPC boundary, so each shape is a zod schema and the TypeScript types are inferred from it.
 */

export const flowIdSchema = z.enum([
  'promote-management-server',
  'encryption-key',
  'restore-management-server',
  'restore-dw-management-server',
  'install-additional-management-server',
  'import-management-packs',
  'restore-databases',
  'recreate-dw-databases',
  'backup-orchestrator',
  'recover-orchestrator-database',
  // The recovery kit (issue 14).
  'verify-kit',
  'copy-kit',
  // Preparing the recovery kit.
  'prepare-recovery-kit',
]);

export type FlowId = z.infer<typeof flowIdSchema>;

export const siteModeSchema = z.enum(['drill', 'real']);
export type SiteMode = z.infer<typeof siteModeSchema>;

export const fieldOptionSchema = z.object({
  value: z.string(),
  label: z.string(),
  detail: z.string().optional(),
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

/**
 * An answer that must have this value, or one of these values; or, with `notEquals`, any value but
 * this one (a confirmation shown unless what the site said makes it needless).
 */
const visibleConditionSchema = z.union([
  z.object({
    field: z.string(),
    equals: z.union([z.string(), z.boolean(), z.array(z.string())]),
  }),
  z.object({ field: z.string(), notEquals: z.string() }),
]);

export const fieldDescriptorSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'password', 'select', 'checkbox']),
  help: z.string().optional(),
  placeholder: z.string().optional(),
  secret: z.boolean().optional(),
  options: z.array(fieldOptionSchema).optional(),
  /** Filled by the page's lookup, never typed (values read from the site). */
  readOnly: z.boolean().optional(),
  /** Said beside the field once its value differs from the prefilled one. */
  changeWarning: z.string().optional(),
  /** Shown (and validated) only while other answers have these values (all of them, when several). */
  visibleWhen: z.union([visibleConditionSchema, z.array(visibleConditionSchema)]).optional(),
});
export type FieldDescriptor = z.infer<typeof fieldDescriptorSchema>;

/**
 * Something a page reads from the site while the operator is on it: the databases of a SQL
 * Server, the management group of a database, whether credentials are accepted. Its result
 * counts only while the answers it read are unchanged.
 */
export const pageLookupSchema = z.object({
  id: z.string(),
  /** A button runs it (Test Credentials); without one it runs as soon as its inputs are filled. */
  buttonLabel: z.string().optional(),
  inputs: z.array(z.string()),
  /** Next waits until the lookup has answered ok for the current inputs. */
  required: z.boolean(),
  /** Said while Next waits for it. */
  pendingMessage: z.string(),
});
export type PageLookup = z.infer<typeof pageLookupSchema>;

export const pageDescriptorSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  fields: z.array(fieldDescriptorSchema),
  lookup: pageLookupSchema.optional(),
});
export type PageDescriptor = z.infer<typeof pageDescriptorSchema>;

export const answersSchema = z.record(z.string(), z.union([z.string(), z.boolean()]));
export type Answers = z.infer<typeof answersSchema>;

export const flowSummarySchema = z.object({
  id: flowIdSchema,
  title: z.string(),
  scenario: z.string(),
  summary: z.string(),
  source: z.string(),
  available: z.boolean(),
  unavailableReason: z.string().optional(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

export const flowDescriptionSchema = z.object({
  id: flowIdSchema,
  title: z.string(),
  summary: z.string(),
  pages: z.array(pageDescriptorSchema),
  defaults: answersSchema,
});
export type FlowDescription = z.infer<typeof flowDescriptionSchema>;

export const checkStatusSchema = z.enum(['pass', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  expected: z.string().optional(),
  found: z.string().optional(),
  remedy: z.string().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const lookupResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** The page can go on, but the message asks the operator to do something first (shown as a warning). */
  needsAttention: z.boolean().optional(),
  /** Answers the lookup fills in, for its read-only fields. */
  values: answersSchema.optional(),
  /** Choices it found, by field name (the databases of a server, say). */
  options: z.record(z.string(), z.array(fieldOptionSchema)).optional(),
  checks: z.array(checkResultSchema).optional(),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

/** Exactly what a step will execute; secrets are already masked when this leaves main. */
// Setup's own wizard, page by page (the data warehouse checklist)
export const setupValueSchema = z.object({ label: z.string(), value: z.string(), secret: z.boolean() });
export type SetupValue = z.infer<typeof setupValueSchema>;
export const setupPageGuideSchema = z.object({ title: z.string(), values: z.array(setupValueSchema) });
export type SetupPageGuide = z.infer<typeof setupPageGuideSchema>;

export const plannedCommandSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('powershell'),
    computer: z.string(),
    script: z.string(),
    args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({
    kind: z.literal('sql'),
    server: z.string(),
    database: z.string(),
    text: z.string(),
    params: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })),
  }),
  z.object({
    kind: z.literal('program'),
    computer: z.string(),
    commandLine: z.string(),
    /** What the wizard types at the program's prompts, described, never the values. */
    input: z.string().optional(),
    /** For a program the operator drives (Setup's own wizard): what to enter, page by page. */
    guidance: z.array(z.string()).optional(),
    /** Set when this command runs only instead of the one before it: when that one cannot be used. */
    fallbackFor: z.string().optional(),
    /** The same as `guidance`, one entry per page of Setup's wizard, for the checklist on Progress. */
    setupPages: z.array(setupPageGuideSchema).optional(),
  }),
]);
export type PlannedCommand = z.infer<typeof plannedCommandSchema>;

export const plannedStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  commands: z.array(plannedCommandSchema),
  destructive: z.object({ warning: z.string(), confirmWord: z.string() }).optional(),
  alreadyDone: z.boolean(),
});
export type PlannedStep = z.infer<typeof plannedStepSchema>;

export const stepStateSchema = z.enum(['pending', 'running', 'done', 'skipped', 'failed', 'cancelled']);
export type StepState = z.infer<typeof stepStateSchema>;

export const stepStatusSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: stepStateSchema,
  startedAt: z.string().optional(),
  durationMs: z.number().optional(),
  percent: z.number().min(0).max(100).optional(),
  progressMessage: z.string().optional(),
  output: z.array(z.string()),
  error: z.object({ message: z.string(), details: z.string().optional() }).optional(),
});
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const runPhaseSchema = z.enum([
  'ready',
  'running',
  'verifying',
  'failed',
  'cancelled',
  'succeeded',
  'abandoned',
]);
export type RunPhase = z.infer<typeof runPhaseSchema>;

export const runSnapshotSchema = z.object({
  runId: z.string(),
  flowId: flowIdSchema,
  flowTitle: z.string(),
  mode: siteModeSchema,
  phase: runPhaseSchema,
  resumed: z.boolean(),
  answersSummary: z.array(z.object({ label: z.string(), value: z.string() })),
  checks: z.array(checkResultSchema),
  plan: z.array(plannedStepSchema),
  steps: z.array(stepStatusSchema),
  verification: z.array(checkResultSchema),
  journalPath: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  outcomeMessage: z.string().optional(),
  /** Grows with every event of the run: a snapshot older than what the renderer holds is stale. */
  revision: z.number().int(),
});
export type RunSnapshot = z.infer<typeof runSnapshotSchema>;

const eventBase = { runId: z.string(), revision: z.number().int() };

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('phase'), phase: runPhaseSchema, message: z.string().optional() }),
  z.object({ ...eventBase, type: z.literal('step-started'), stepId: z.string(), at: z.string() }),
  z.object({ ...eventBase, type: z.literal('step-output'), stepId: z.string(), line: z.string() }),
  z.object({
    ...eventBase,
    type: z.literal('step-progress'),
    stepId: z.string(),
    percent: z.number().min(0).max(100).optional(),
    message: z.string().optional(),
  }),
  z.object({
    ...eventBase,
    type: z.literal('step-finished'),
    stepId: z.string(),
    durationMs: z.number(),
    skipped: z.boolean(),
  }),
  z.object({
    ...eventBase,
    type: z.literal('step-failed'),
    stepId: z.string(),
    message: z.string(),
    details: z.string().optional(),
  }),
  z.object({ ...eventBase, type: z.literal('verification'), checks: z.array(checkResultSchema) }),
  z.object({ ...eventBase, type: z.literal('run-finished'), snapshot: runSnapshotSchema }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

export const unfinishedRunSchema = z.object({
  runId: z.string(),
  flowId: flowIdSchema,
  flowTitle: z.string(),
  mode: siteModeSchema,
  startedAt: z.string(),
  lastActivity: z.string(),
  stepsDone: z.number(),
  stepsTotal: z.number(),
  failedStep: z.string().optional(),
  /**
   * The secret answers Resume asks for again, as the flow's pages label them: those the steps
   * left (and the checks) read. They are never stored, so the operator types them; none, often.
   */
  secretsNeeded: z.array(z.object({ name: z.string(), label: z.string() })),
});
export type UnfinishedRun = z.infer<typeof unfinishedRunSchema>;
