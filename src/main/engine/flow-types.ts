import type { z } from 'zod';
import type { ManifestServer, SiteManifest } from '../../shared/manifest';
import type {
  Answers,
  CheckResult,
  FlowId,
  LookupResult,
  PageDescriptor,
  PlannedCommand,
  SiteMode,
} from '../../shared/run-contract';
import type { Host, KeychainHost, StepIo } from '../host/types';
import type { RunHistory } from './run-history';

/**
 * A flow is data: its pages, the checks that must pass, and the steps, each of which can say
 * exactly what it will run, whether it is already done, and whether it destroys something.
 * The engine knows nothing about any particular flow.
 */

export interface FlowContext {
  host: Host;
  manifest: SiteManifest;
  mode: SiteMode;
  siteName: string;
  /** The OS keychain, under a service name of its own for drills. */
  keychain: KeychainHost;
  history: RunHistory;
  /** The site manifest on disk: a flow that changes the site records it there. */
  manifestStore: ManifestStore;
  /** The run the checks and steps belong to; absent for the pages' lookups and defaults. */
  run?: RunContext;
  /** The wizard's version, which the recovery kit's index records. */
  wizardVersion?: string;
}

/**
 * What a step needs to tell its own effect from an older one on the site: a backup this run took
 * is named after it, and a restore counts only when SQL Server made it after the run started.
 */
export interface RunContext {
  id: string;
  /** When the run began, on this computer's clock. */
  startedAt: string;
  resumed: boolean;
}

export interface ManifestStore {
  /** Adds the server, or its new roles, to the manifest file, keeping a copy of the previous file. */
  recordServer(server: ManifestServer): Promise<void>;
  /** Names the server the primary management server after a promotion (withPromotedPrimary), keeping a copy of the previous file. */
  recordPrimary(netbiosName: string): Promise<void>;
}

export type CheckOutcome = Omit<CheckResult, 'id' | 'title'>;

/** A check's result without its id and title, as a CheckDefinition returns it. */
export function checkOutcome({ status, expected, found, remedy }: CheckResult): CheckOutcome {
  return { status, expected, found, remedy };
}

export interface CheckDefinition {
  id: string;
  title: string;
  run(ctx: FlowContext): Promise<CheckOutcome>;
}

export interface StepDefinition {
  id: string;
  title: string;
  /** What the step will execute, for the plan; built by the same code that executes it. */
  commands: PlannedCommand[];
  destructive?: { warning: string; confirmWord: string };
  /**
   * The secret answers it reads (a password, a product key). They are never journaled, so a
   * resumed run asks the operator again for exactly those its remaining steps name.
   */
  usesSecrets?: readonly string[];
  /** Its failure does not stop the steps after it (one management pack of many, say); the run still ends failed. */
  continueOnFailure?: boolean;
  /**
   * Consecutive steps naming the same group form one block whose steps run at the same time, at
   * most `limit` at once (the smallest limit its steps give), starting in plan order as others
   * finish: one step per server of many, say. They must not depend on each other, and should be
   * `continueOnFailure` so that one unreachable server does not hold up the rest. When a step
   * without it fails, the block's running steps finish, no more start, and the run stops failed.
   */
  parallel?: { group: string; limit: number };
  /**
   * The id of the step this one only prepares for (a backup or SET OFFLINE before a restore). Once
   * that step is done, a resumed run leaves this one out, whatever the state now suggests: the
   * database the run itself restored is online, and must not be backed up and taken offline again.
   */
  preparesFor?: string;
  /**
   * True when the step's effect is already in place, read from the site itself (restore and backup
   * history, a marker, a file, a service's state): a step that finished just before a crash, whose
   * record never reached the journal, is recognised as done and not run again.
   */
  isDone(ctx: FlowContext): Promise<boolean>;
  run(ctx: FlowContext, io: StepIo): Promise<void>;
}

export interface FlowDefinition<A extends Answers = Answers> {
  id: FlowId;
  title: string;
  scenario: string;
  summary: string;
  /** Where the procedure comes from, so an operator can check it against the documentation. */
  source: string;
  answers: z.ZodType<A>;
  /** Fields never written to the journal, logs or plan. */
  secretFields: readonly string[];
  /**
   * Secret answers the checks, the plan and the verification read whatever steps remain (the SQL
   * login's password, to read the server): a resumed run always asks for them. Called with the
   * journaled answers, which hold no secret.
   */
  planSecrets?(answers: A): readonly string[];
  /** Said on the Completion page after a successful run, e.g. a reminder to keep a password offline. */
  completionNote?(answers: A): string;
  /** Why the flow cannot run on this site, or null. */
  unavailableReason(manifest: SiteManifest): string | null;
  pages(manifest: SiteManifest): PageDescriptor[];
  /** Prefilled answers; may read the site (this computer's name, say), never change it. */
  defaults(ctx: FlowContext): Promise<Answers>;
  /** What the pages' lookups read from the site, by lookup id; never changes the site. */
  lookups?: Record<string, (answers: Answers, ctx: FlowContext) => Promise<LookupResult>>;
  summarize(answers: A, manifest: SiteManifest): { label: string; value: string }[];
  checks(answers: A, ctx: FlowContext): CheckDefinition[];
  /** May read the site (never change it) to name exact paths and values in the plan. */
  steps(answers: A, ctx: FlowContext): Promise<StepDefinition[]>;
  verify(answers: A, ctx: FlowContext, run: { startedAt: string }): CheckDefinition[];
}

// Flows are stored by id with their answer type erased; the engine validates answers before use.
export type AnyFlowDefinition = FlowDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
