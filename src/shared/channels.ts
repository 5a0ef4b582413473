import { z } from 'zod';
import {
  DRILL_KIT_FOLDER_MAX,
  drillFaultSchema,
  drillHistoryEntrySchema,
  drillScenariosSchema,
  drillSiteStateSchema,
} from './drill-contract';
import {
  answersSchema,
  flowDescriptionSchema,
  flowIdSchema,
  flowSummarySchema,
  lookupResultSchema,
  runEventSchema,
  runSnapshotSchema,
  siteModeSchema,
  unfinishedRunSchema,
} from './run-contract';
import { keychainStatusSchema } from './keychain-status';
import { kitCheckProgressSchema, kitCheckSchema } from './recovery-kit';

/**
 * The one list of calls the renderer may make and events it may receive. Electron IPC and the
 * browser host both register exactly these channels; main validates every request against its
 * schema before a handler sees it.
 */

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  realModeAvailable: z.boolean(),
  realModeUnavailableReason: z.string().optional(),
  dataDirectory: z.string(),
  /** The recovery kit found beside the portable .exe (issue 14), offered for the real site. */
  portableKitFolder: z.string().optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const siteInfoSchema = z.object({
  mode: siteModeSchema,
  siteName: z.string(),
  managementGroupName: z.string(),
  // The header names the data warehouse's own management group during its procedures.
  dataWarehouseManagementGroupName: z.string().optional(),
  manifestSource: z.string(),
  servers: z.array(z.object({ netbiosName: z.string(), fqdn: z.string(), roles: z.array(z.string()) })),
});
export type SiteInfo = z.infer<typeof siteInfoSchema>;

/** Passwords the wizard keeps in the OS keychain: which ones, never their values. */
export const rememberedPasswordsSchema = z.object({
  keychain: keychainStatusSchema,
  entries: z.array(
    z.object({ account: z.string(), siteName: z.string(), keyRole: z.string(), fingerprint: z.string() }),
  ),
});
export type RememberedPasswords = z.infer<typeof rememberedPasswordsSchema>;

// Reports of runs (issue 16): the past runs the start page lists, each with how it ended.
export const reportEndingSchema = z.enum([
  'succeeded',
  'abandoned',
  'cancelled',
  'failed',
  'verification-failed',
  'interrupted',
  'unfinished',
]);
export const pastRunSchema = z.object({
  runId: z.string(),
  flowTitle: z.string(),
  mode: siteModeSchema,
  siteName: z.string(),
  startedAt: z.string(),
  lastActivity: z.string(),
  ending: reportEndingSchema,
  endingTitle: z.string(),
  hasReport: z.boolean(),
});
export type PastRun = z.infer<typeof pastRunSchema>;

const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'not a run id');
const runRef = z.object({ runId: runIdSchema });

export const invokeChannels = {
  'app:info': { request: z.undefined(), response: appInfoSchema },
  'site:current': { request: z.undefined(), response: siteInfoSchema },
  'site:use-drill': { request: z.undefined(), response: siteInfoSchema },
  /** The kit folder hashed whole against its index before the real site is loaded from it (issue 14). */
  'site:check-kit': {
    request: z.object({ path: z.string().min(1, 'choose the recovery kit folder') }),
    response: kitCheckSchema,
  },
  'site:use-real': {
    request: z.object({
      manifestPath: z.string().min(1, 'choose the site manifest from the recovery kit'),
      /** The operator read which files of the kit are damaged and which recoveries that affects. */
      acceptDamagedKit: z.boolean().optional(),
    }),
    response: siteInfoSchema,
  },
  'flows:list': { request: z.undefined(), response: z.array(flowSummarySchema) },
  'flow:describe': { request: z.object({ flowId: flowIdSchema }), response: flowDescriptionSchema },
  'flow:lookup': {
    request: z.object({ flowId: flowIdSchema, lookupId: z.string().min(1).max(64), answers: answersSchema }),
    response: lookupResultSchema,
  },
  'run:prepare': {
    request: z.object({ flowId: flowIdSchema, answers: answersSchema }),
    response: runSnapshotSchema,
  },
  'run:start': {
    request: z.object({
      runId: runIdSchema,
      acknowledgedWarnings: z.array(z.string()),
      confirmations: z.record(z.string(), z.string()),
    }),
    response: runSnapshotSchema,
  },
  'run:get': { request: runRef, response: runSnapshotSchema },
  'run:cancel': { request: runRef, response: runSnapshotSchema },
  'run:retry': { request: runRef, response: runSnapshotSchema },
  'run:abandon': {
    request: runRef.extend({ reason: z.string().trim().min(3, 'say why the run is abandoned') }),
    response: runSnapshotSchema,
  },
  'run:plan-text': { request: runRef, response: z.string() },
  'runs:unfinished': { request: z.undefined(), response: z.array(unfinishedRunSchema) },
  /** `secrets`: exactly the fields the unfinished run lists in `secretsNeeded`, typed again; never stored. */
  'run:resume': {
    request: runRef.extend({ secrets: z.record(z.string(), z.string()).optional() }),
    response: runSnapshotSchema,
  },
  'keychain:list': { request: z.undefined(), response: rememberedPasswordsSchema },
  'keychain:forget': {
    request: z.object({ account: z.string().min(1).max(512) }),
    response: rememberedPasswordsSchema,
  },
  'drill:sign-in': {
    request: z.object({ computer: z.string().min(1).max(15) }),
    response: drillSiteStateSchema,
  },
  'drill:state': { request: z.undefined(), response: drillSiteStateSchema },
  'drill:inject-fault': { request: drillFaultSchema, response: drillSiteStateSchema },
  'drill:reset': { request: z.undefined(), response: drillSiteStateSchema },
  /** Restarts a simulated computer, as the operator does when Setup asks for it. */
  'drill:restart': { request: z.object({ computer: z.string().min(1).max(15) }), response: drillSiteStateSchema },
  // Drill panel, disaster scenarios, drill from a kit and drill history (issue 16).
  'drill:scenarios': { request: z.undefined(), response: drillScenariosSchema },
  /** Resets the simulated site and sets the scenario up: the failures it starts with are made to happen. */
  'drill:scenario-start': {
    request: z.object({ scenarioId: z.string().min(1).max(64) }),
    response: drillScenariosSchema,
  },
  /** Makes the scenario's next failure happen (its faults, the computer to sign in on). */
  'drill:scenario-continue': {
    request: z.object({ scenarioId: z.string().min(1).max(64) }),
    response: drillScenariosSchema,
  },
  'drill:scenario-stop': { request: z.undefined(), response: drillScenariosSchema },
  'drill:history': { request: z.undefined(), response: z.array(drillHistoryEntrySchema) },
  /** Builds the drill site from a recovery kit's folder (site.json, kit-index.json, its files). */
  /**
   * The kit is verified whole first, as a real site's kit is; the drill is built when it verifies,
   * or when the operator accepts its damaged files (`acceptDamagedKit`), which the drill then holds as
   * they are. Without `site` the drill is unchanged and `check` says why.
   */
  'drill:from-kit': {
    request: z.object({
      folder: z.string().trim().min(1, 'type the recovery kit’s folder').max(DRILL_KIT_FOLDER_MAX),
      acceptDamagedKit: z.boolean().optional(),
    }),
    response: z.object({ check: kitCheckSchema, site: siteInfoSchema.optional() }),
  },
  /** Builds the drill site from the shipped sample site again, leaving a kit drill. */
  'drill:use-sample': { request: z.undefined(), response: siteInfoSchema },
  // Reports of runs (issue 16): made from the journal and saved beside it; the HTML comes back to
  // the page, never by a URL, so the browser host's token stays out of addresses.
  'runs:past': { request: z.undefined(), response: z.array(pastRunSchema) },
  'report:make': { request: runRef, response: z.object({ path: z.string(), html: z.string() }) },
  'report:save-pdf': { request: runRef, response: z.object({ path: z.string() }) },
} as const;

export const eventChannels = {
  'run:event': runEventSchema,
  'kit:check-progress': kitCheckProgressSchema,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['response']>;
export type EventOf<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>;

export const INVOKE_CHANNEL_NAMES = Object.keys(invokeChannels) as InvokeChannel[];

/** Every call answers with this envelope so an error keeps its message across any transport. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { message: string; details?: string } };
