import { create } from 'zustand';
import { WizardCallError } from '../../../shared/api';
import type { AppInfo, SiteInfo } from '../../../shared/channels';
import type { KitCheck } from '../../../shared/recovery-kit';
import {
  type Answers,
  type FlowDescription,
  type FlowId,
  type FlowSummary,
  type PageDescriptor,
  type RunEvent,
  type RunSnapshot,
  type SiteMode,
  type UnfinishedRun,
} from '../../../shared/run-contract';
import { wizardApi } from '../wizard-api';
import {
  firstPageNotReady,
  flowAnswers,
  initialAnswers,
  isPageReady,
  isSecretField,
  loadPageRules,
  lookupInputsKey,
  lookupInputsValid,
  type LookupEntry,
} from './flow-answers';
import { applyRunEvent, isRunConcluded } from './run-events';

export type WizardStep =
  | { kind: 'start' }
  | { kind: 'flow-page'; index: number }
  | { kind: 'summary' }
  | { kind: 'progress' }
  | { kind: 'completion' };

export interface CallError {
  message: string;
  details?: string;
}

/** The call in flight, so the page can say what the wizard is waiting for and block double presses. */
export type PendingCall = 'load' | 'site' | 'flow' | 'prepare' | 'start' | 'cancel' | 'retry' | 'abandon' | 'resume';

/**
 * The lookups of a flow's later pages, run as its first page opens so that a kit and site that
 * answer every page can go straight to the Summary: `read` names each one that answered.
 */
export interface ReadAhead {
  flowId: FlowId;
  running: boolean;
  read: string[];
}

export interface WizardData {
  appInfo: AppInfo | null;
  site: SiteInfo | null;
  /** The site kind the operator picked; Real only takes effect once its manifest has loaded. */
  siteChoice: SiteMode | null;
  flows: FlowSummary[];
  unfinished: UnfinishedRun[];
  selectedFlowId: FlowId | null;
  descriptions: Partial<Record<FlowId, FlowDescription>>;
  /** Kept per flow and in memory only: some answers are passwords. */
  answers: Partial<Record<FlowId, Answers>>;
  touched: Record<string, true>;
  attemptedPages: Record<string, true>;
  /** Page lookups by page key: what the site answered for the inputs they read. */
  lookups: Record<string, LookupEntry>;
  /**
   * Set once the pages' rules have loaded (flow-answers' loadPageRules): the change re-runs every
   * selector, so Next reflects the real rules and not the "still loading" answer given before.
   */
  pageRulesReady: boolean;
  readAhead: ReadAhead | null;
  step: WizardStep;
  pending: PendingCall | null;
  error: CallError | null;
  snapshot: RunSnapshot | null;
  acknowledgedWarnings: Record<string, true>;
  confirmations: Record<string, string>;
  cancelRequested: boolean;
}

export interface WizardActions {
  loadStart(): Promise<void>;
  refreshUnfinished(): Promise<void>;
  chooseSiteMode(mode: SiteMode): Promise<void>;
  /** The kit folder hashed whole against its index (issue 14); undefined when the call failed (shown as an error). */
  checkKit(path: string): Promise<KitCheck | undefined>;
  /** `acceptDamagedKit`: the operator read which files are damaged and what recoveries they affect. */
  loadRealSite(manifestPath: string, acceptDamagedKit?: boolean): Promise<void>;
  selectFlow(flowId: FlowId): void;
  /** Loads the pages' rules (see flow-answers' loadPageRules) and records that they are there. */
  loadPageRules(): Promise<void>;
  setAnswer(name: string, value: string | boolean): void;
  touchField(name: string): void;
  runLookup(): Promise<void>;
  /** Opens a page of the flow from the rail, to review or change it; the Summary's checks run again when it is reached. */
  openPage(index: number): void;
  /** The Summary, straight away, once every page is ready (the offer on the first page and the rail). */
  goToSummary(): Promise<void>;
  goNext(): Promise<void>;
  goBack(): void;
  recheck(): Promise<void>;
  setWarningAcknowledged(checkId: string, acknowledged: boolean): void;
  setConfirmation(stepId: string, text: string): void;
  receiveRunEvent(event: RunEvent): void;
  refreshRun(): Promise<void>;
  cancelRun(): Promise<void>;
  retryRun(): Promise<void>;
  abandonRun(runId: string, reason: string): Promise<boolean>;
  /** `secrets`: the passwords the unfinished run asks for again, typed on the Start page; never kept here. */
  resumeRun(runId: string, secrets?: Record<string, string>): Promise<boolean>;
  startOver(): void;
  /** The site changed under Start (another site, a drill sign-in, fault, restart or reset): what was read of it is read again. */
  siteChanged(): void;
  dismissError(): void;
}

export type WizardState = WizardData & WizardActions;

const initialData: WizardData = {
  appInfo: null,
  site: null,
  siteChoice: null,
  flows: [],
  unfinished: [],
  selectedFlowId: null,
  descriptions: {},
  answers: {},
  touched: {},
  attemptedPages: {},
  lookups: {},
  pageRulesReady: false,
  readAhead: null,
  step: { kind: 'start' },
  pending: null,
  error: null,
  snapshot: null,
  acknowledgedWarnings: {},
  confirmations: {},
  cancelRequested: false,
};

export function fieldKey(flowId: FlowId, fieldName: string): string {
  return `${flowId}/${fieldName}`;
}

export function pageKey(flowId: FlowId, pageId: string): string {
  return `${flowId}#${pageId}`;
}

/**
 * The first page of the selected flow that Next would stop on, -1 when every page is ready, null
 * without a flow: what the Summary offer and the rail's Summary entry wait for.
 */
export function firstUnreadyPage(state: Pick<WizardData, 'selectedFlowId' | 'descriptions' | 'answers' | 'lookups'>) {
  const { selectedFlowId, descriptions, answers, lookups } = state;
  const description = selectedFlowId ? descriptions[selectedFlowId] : undefined;
  if (!selectedFlowId || !description) return null;
  const values = answers[selectedFlowId] ?? {};
  return firstPageNotReady(
    selectedFlowId,
    description.pages,
    values,
    (page) => lookups[pageKey(selectedFlowId, page.id)],
  );
}

function toCallError(error: unknown): CallError {
  if (error instanceof WizardCallError) return { message: error.message, details: error.details };
  if (error instanceof Error) return { message: error.message, details: error.stack };
  return { message: String(error) };
}

/** A run snapshot arriving while Progress shows moves the wizard on once the run has concluded. */
/** Of two snapshots of the same run, the one main produced last; events and replies can cross. */
function newest(current: RunSnapshot | null, incoming: RunSnapshot): RunSnapshot {
  if (current && current.runId === incoming.runId && current.revision > incoming.revision) return current;
  return incoming;
}

function stepAfterSnapshot(step: WizardStep, snapshot: RunSnapshot): WizardStep {
  return step.kind === 'progress' && isRunConcluded(snapshot) ? { kind: 'completion' } : step;
}

export const useWizardStore = create<WizardState>()((set, get) => {
  /**
   * Runs one backend call with the pending marker set; a failure lands in the error bar and
   * resolves to undefined so callers only continue on success.
   */
  async function attempt<T>(pending: PendingCall, call: () => Promise<T>): Promise<T | undefined> {
    set({ pending, error: null });
    try {
      return await call();
    } catch (error) {
      set({ error: toCallError(error) });
      return undefined;
    } finally {
      set({ pending: null });
    }
  }

  let readingAhead: { flowId: FlowId; reading: number; done: Promise<void> } | null = null;
  // A description's defaults and a lookup's answer are readings of the site at one moment: what
  // arrives from a reading older than the site's last change is dropped.
  let reading = 0;

  async function describe(flowId: FlowId): Promise<FlowDescription | undefined> {
    const known = get().descriptions[flowId];
    if (known) return known;
    const asked = reading;
    const description = await attempt('flow', () => wizardApi.call('flow:describe', { flowId }));
    if (!description || asked !== reading) return undefined;
    // Under what the operator typed before the site changed, which stays theirs.
    set((state) => ({
      descriptions: { ...state.descriptions, [flowId]: description },
      answers: { ...state.answers, [flowId]: { ...initialAnswers(description), ...state.answers[flowId] } },
    }));
    return description;
  }

  function freshReview(snapshot: RunSnapshot | null): Partial<WizardData> {
    return { snapshot, acknowledgedWarnings: {}, confirmations: {}, cancelRequested: false };
  }

  /** Asks the site what the page's lookup reads, for the answers as they are now. */
  async function lookupPage(flowId: FlowId, description: FlowDescription, page: PageDescriptor): Promise<LookupEntry> {
    const key = pageKey(flowId, page.id);
    const answers = flowAnswers(description, get().answers[flowId] ?? {});
    const inputsKey = lookupInputsKey(page, answers);
    const asked = reading;
    set((current) => ({
      lookups: {
        ...current.lookups,
        [key]: { inputsKey, running: true, result: current.lookups[key]?.result ?? null },
      },
    }));
    let result: LookupEntry['result'];
    try {
      result = page.lookup ? await wizardApi.call('flow:lookup', { flowId, lookupId: page.lookup.id, answers }) : null;
    } catch (error) {
      result = { ok: false, message: toCallError(error).message };
    }
    const entry = { inputsKey, running: false, result };
    set((current) => {
      // Inputs typed while the site answered make this answer stale: a newer lookup follows.
      if (current.lookups[key]?.inputsKey !== inputsKey || asked !== reading) return {};
      const values = result?.values ?? {};
      return {
        lookups: { ...current.lookups, [key]: entry },
        answers: { ...current.answers, [flowId]: { ...current.answers[flowId], ...values } },
      };
    });
    return entry;
  }

  /**
   * Runs, page after page, each lookup the kit and the site already give inputs for (Connect,
   * Read the backup as well: they only read), so that the first page can offer the Summary.
   * Test Credentials runs here only for a password the OS keychain remembers: a typed one is typed
   * on its page, so its inputs are not valid yet. A page the operator opens meanwhile asks again
   * as it always does.
   */
  function readAhead(flowId: FlowId, description: FlowDescription): Promise<void> {
    // Started on Start when the procedure is chosen, and again by Next: one pass at a time per procedure.
    if (readingAhead?.flowId === flowId && readingAhead.reading === reading) return readingAhead.done;
    const done = readPagesAhead(flowId, description).finally(() => {
      if (readingAhead?.done === done) readingAhead = null;
    });
    readingAhead = { flowId, reading, done };
    return done;
  }

  async function readPagesAhead(flowId: FlowId, description: FlowDescription): Promise<void> {
    // What Start's pass read is still read: the first page lists it too.
    set((current) => ({
      readAhead: { flowId, running: true, read: current.readAhead?.flowId === flowId ? current.readAhead.read : [] },
    }));
    const asked = reading;
    for (const page of description.pages) {
      if (asked !== reading) return;
      if (get().selectedFlowId !== flowId) break;
      const answers = get().answers[flowId] ?? {};
      if (!page.lookup || !lookupInputsValid(flowId, page, answers)) continue;
      // Answered or being asked already (the first page asks for itself as it opens).
      if (get().lookups[pageKey(flowId, page.id)]?.inputsKey === lookupInputsKey(page, answers)) continue;
      const entry = await lookupPage(flowId, description, page);
      // The site changed while it asked: a new pass reads the new one, and says what it read.
      if (asked !== reading) return;
      if (entry.result?.ok) {
        const name = page.lookup.buttonLabel ? `${page.lookup.buttonLabel} (${page.title})` : page.title;
        set((current) =>
          current.readAhead?.flowId === flowId
            ? { readAhead: { ...current.readAhead, read: [...current.readAhead.read, name] } }
            : {},
        );
      }
    }
    readingStopped(flowId);
  }

  /** The procedure's reading is over; another procedure chosen meanwhile keeps its own. */
  function readingStopped(flowId: FlowId): void {
    set((current) =>
      current.readAhead?.flowId === flowId ? { readAhead: { ...current.readAhead, running: false } } : {},
    );
  }

  async function prepare(): Promise<void> {
    const { selectedFlowId, descriptions, answers } = get();
    const description = selectedFlowId ? descriptions[selectedFlowId] : undefined;
    if (!selectedFlowId || !description) return;
    set(freshReview(null));
    const snapshot = await attempt('prepare', () =>
      wizardApi.call('run:prepare', {
        flowId: selectedFlowId,
        answers: flowAnswers(description, answers[selectedFlowId] ?? {}),
      }),
    );
    // The operator may have gone Back while the checks ran; that answer belongs to nobody now.
    if (snapshot && get().step.kind === 'summary') set({ snapshot });
  }

  async function leaveStart(): Promise<void> {
    const flowId = get().selectedFlowId;
    if (!flowId) return;
    const description = await describe(flowId);
    if (!description) return;
    if (description.pages.length > 0) {
      set({ step: { kind: 'flow-page', index: 0 }, error: null });
      void readAhead(flowId, description);
      return;
    }
    set({ step: { kind: 'summary' }, error: null });
    await prepare();
  }

  async function leaveFlowPage(index: number): Promise<void> {
    const { selectedFlowId, descriptions, answers } = get();
    const description = selectedFlowId ? descriptions[selectedFlowId] : undefined;
    const page = description?.pages[index];
    if (!selectedFlowId || !description || !page) return;
    const lookup = get().lookups[pageKey(selectedFlowId, page.id)];
    if (!isPageReady(selectedFlowId, page, answers[selectedFlowId] ?? {}, lookup)) {
      set((state) => ({ attemptedPages: { ...state.attemptedPages, [pageKey(selectedFlowId, page.id)]: true } }));
      return;
    }
    if (index + 1 < description.pages.length) {
      set({ step: { kind: 'flow-page', index: index + 1 }, error: null });
      return;
    }
    set({ step: { kind: 'summary' }, error: null });
    await prepare();
  }

  async function startRun(): Promise<void> {
    const { snapshot, acknowledgedWarnings, confirmations } = get();
    if (!snapshot) return;
    const confirmationsToSend: Record<string, string> = {};
    for (const step of snapshot.plan) {
      if (step.destructive && !step.alreadyDone) confirmationsToSend[step.id] = (confirmations[step.id] ?? '').trim();
    }
    const started = await attempt('start', () =>
      wizardApi.call('run:start', {
        runId: snapshot.runId,
        acknowledgedWarnings: snapshot.checks
          .filter((check) => check.status === 'warn' && acknowledgedWarnings[check.id])
          .map((check) => check.id),
        confirmations: confirmationsToSend,
      }),
    );
    if (!started) return;
    set((state) => {
      // A quick run may have finished, through its events, before this reply arrived.
      const latest = newest(state.snapshot, started);
      return {
        snapshot: latest,
        step: stepAfterSnapshot({ kind: 'progress' }, latest),
        answers: withoutSecrets(state),
        cancelRequested: false,
      };
    });
  }

  /** Once main holds the run, passwords have no reason to stay in the renderer. */
  function withoutSecrets(state: WizardData): WizardData['answers'] {
    const flowId = state.selectedFlowId;
    const description = flowId ? state.descriptions[flowId] : undefined;
    const current = flowId ? state.answers[flowId] : undefined;
    if (!flowId || !description || !current) return state.answers;
    const cleaned = { ...current };
    for (const page of description.pages) {
      for (const field of page.fields) if (isSecretField(field)) cleaned[field.name] = '';
    }
    return { ...state.answers, [flowId]: cleaned };
  }

  function acceptRunSnapshot(snapshot: RunSnapshot): void {
    set((state) => {
      const latest = newest(state.snapshot, snapshot);
      return { snapshot: latest, step: stepAfterSnapshot(state.step, latest) };
    });
  }

  return {
    ...initialData,

    async loadStart() {
      const [appInfo, site, flows, unfinished] = await Promise.all([
        attempt('load', () => wizardApi.call('app:info')),
        attempt('load', () => wizardApi.call('site:current')),
        attempt('load', () => wizardApi.call('flows:list')),
        attempt('load', () => wizardApi.call('runs:unfinished')),
      ]);
      set((state) => ({
        appInfo: appInfo ?? state.appInfo,
        site: site ?? state.site,
        flows: flows ?? state.flows,
        unfinished: unfinished ?? state.unfinished,
      }));
    },

    async refreshUnfinished() {
      const unfinished = await attempt('load', () => wizardApi.call('runs:unfinished'));
      if (unfinished) set({ unfinished });
    },

    async chooseSiteMode(mode) {
      set({ siteChoice: mode });
      if (mode !== 'drill') return;
      const site = await attempt('site', () => wizardApi.call('site:use-drill'));
      if (!site) return;
      set({ site });
      get().siteChanged();
    },

    checkKit(path) {
      return attempt('site', () => wizardApi.call('site:check-kit', { path: path.trim() }));
    },

    async loadRealSite(manifestPath, acceptDamagedKit) {
      const site = await attempt('site', () =>
        wizardApi.call('site:use-real', { manifestPath: manifestPath.trim(), acceptDamagedKit }),
      );
      if (!site) return;
      set({ site });
      get().siteChanged();
    },

    selectFlow(flowId) {
      set({ selectedFlowId: flowId });
      // Read ahead from Start too, so a procedure the kit and the site answer whole can go
      // straight to the Summary: every lookup only reads. Shown as reading from the click on,
      // so that the offer is never judged absent before its description and rules have loaded.
      if (get().readAhead?.flowId !== flowId) set({ readAhead: { flowId, running: true, read: [] } });
      const asked = reading;
      void Promise.all([describe(flowId), get().loadPageRules()])
        .then(
          ([description]) => {
            // A description of the site as it was, whose rules loaded after it changed: the new reading goes on.
            if (asked !== reading) return;
            if (description && get().selectedFlowId === flowId && get().step.kind === 'start') {
              return readAhead(flowId, description);
            }
          },
          // The pages' rules did not load (describe() reports its own failure and resolves).
          (error: unknown) => set({ error: toCallError(error) }),
        )
        .finally(() => {
          // Left, or failed to start: nothing reads for this procedure any more (unless the
          // site changed meanwhile, and a new reading of it has begun).
          if (readingAhead?.flowId !== flowId && asked === reading) readingStopped(flowId);
        });
    },

    async loadPageRules() {
      await loadPageRules();
      if (!get().pageRulesReady) set({ pageRulesReady: true });
    },

    setAnswer(name, value) {
      const flowId = get().selectedFlowId;
      if (!flowId) return;
      set((state) => ({
        answers: { ...state.answers, [flowId]: { ...state.answers[flowId], [name]: value } },
        touched: { ...state.touched, [fieldKey(flowId, name)]: true },
      }));
    },

    touchField(name) {
      const flowId = get().selectedFlowId;
      if (!flowId) return;
      set((state) => ({ touched: { ...state.touched, [fieldKey(flowId, name)]: true } }));
    },

    async runLookup() {
      const state = get();
      const flowId = state.selectedFlowId;
      const step = state.step;
      const description = flowId ? state.descriptions[flowId] : undefined;
      const page = step.kind === 'flow-page' ? description?.pages[step.index] : undefined;
      if (!flowId || !description || !page) return;
      await lookupPage(flowId, description, page);
    },

    openPage(index) {
      const { step, selectedFlowId, descriptions } = get();
      if (step.kind !== 'start' && step.kind !== 'flow-page' && step.kind !== 'summary') return;
      if (!selectedFlowId || !descriptions[selectedFlowId]?.pages[index]) return;
      set({ ...(step.kind === 'summary' ? freshReview(null) : {}), step: { kind: 'flow-page', index }, error: null });
    },

    async goToSummary() {
      const from = get().step.kind;
      if (get().pending || (from !== 'start' && from !== 'flow-page') || firstUnreadyPage(get()) !== -1) return;
      set({ step: { kind: 'summary' }, error: null });
      await prepare();
    },

    async goNext() {
      if (get().pending) return;
      const step = get().step;
      if (step.kind === 'start') await leaveStart();
      else if (step.kind === 'flow-page') await leaveFlowPage(step.index);
      else if (step.kind === 'summary') await startRun();
    },

    goBack() {
      const { step, snapshot, selectedFlowId, descriptions } = get();
      const pageCount = selectedFlowId ? (descriptions[selectedFlowId]?.pages.length ?? 0) : 0;
      if (step.kind === 'flow-page') {
        set({ step: step.index > 0 ? { kind: 'flow-page', index: step.index - 1 } : { kind: 'start' }, error: null });
      } else if (step.kind === 'summary') {
        // A resumed run has no answers in this window, so its way back is Start, where it stays listed.
        const back: WizardStep =
          snapshot?.resumed || pageCount === 0 ? { kind: 'start' } : { kind: 'flow-page', index: pageCount - 1 };
        set({ ...freshReview(null), step: back, error: null });
        if (back.kind === 'start') void get().refreshUnfinished();
      }
    },

    async recheck() {
      const snapshot = get().snapshot;
      if (snapshot?.resumed) {
        set(freshReview(snapshot));
        const resumed = await attempt('resume', () => wizardApi.call('run:resume', { runId: snapshot.runId }));
        if (resumed && get().step.kind === 'summary') set({ snapshot: resumed });
        return;
      }
      await prepare();
    },

    setWarningAcknowledged(checkId, acknowledged) {
      set((state) => {
        const next = { ...state.acknowledgedWarnings };
        if (acknowledged) next[checkId] = true;
        else delete next[checkId];
        return { acknowledgedWarnings: next };
      });
    },

    setConfirmation(stepId, text) {
      set((state) => ({ confirmations: { ...state.confirmations, [stepId]: text } }));
    },

    receiveRunEvent(event) {
      const snapshot = get().snapshot;
      if (!snapshot || snapshot.runId !== event.runId) return;
      acceptRunSnapshot(applyRunEvent(snapshot, event));
    },

    async refreshRun() {
      const runId = get().snapshot?.runId;
      if (!runId) return;
      try {
        const snapshot = await wizardApi.call('run:get', { runId });
        if (get().snapshot?.runId === runId) acceptRunSnapshot(snapshot);
      } catch (error) {
        set({ error: toCallError(error) });
      }
    },

    async cancelRun() {
      const runId = get().snapshot?.runId;
      if (!runId) return;
      set({ cancelRequested: true });
      const snapshot = await attempt('cancel', () => wizardApi.call('run:cancel', { runId }));
      if (snapshot) acceptRunSnapshot(snapshot);
      else set({ cancelRequested: false });
    },

    async retryRun() {
      const runId = get().snapshot?.runId;
      if (!runId) return;
      const snapshot = await attempt('retry', () => wizardApi.call('run:retry', { runId }));
      if (snapshot) {
        set({ cancelRequested: false });
        acceptRunSnapshot(snapshot);
      }
    },

    async abandonRun(runId, reason) {
      const snapshot = await attempt('abandon', () => wizardApi.call('run:abandon', { runId, reason: reason.trim() }));
      if (!snapshot) return false;
      if (get().snapshot?.runId === runId) {
        set({ snapshot, step: { kind: 'completion' }, cancelRequested: false });
      } else {
        await get().refreshUnfinished();
      }
      return true;
    },

    async resumeRun(runId, secrets) {
      const snapshot = await attempt('resume', () =>
        wizardApi.call('run:resume', secrets ? { runId, secrets } : { runId }),
      );
      if (!snapshot) return false;
      set({ selectedFlowId: snapshot.flowId });
      // The rail lists the flow's pages; without them the resumed run still works, so a failure here is only shown.
      await describe(snapshot.flowId);
      set({ ...freshReview(snapshot), step: { kind: 'summary' } });
      return true;
    },

    startOver() {
      const { appInfo, site, siteChoice, flows, unfinished, pageRulesReady } = get();
      // The descriptions go too: their defaults were read before the run changed the site (the
      // key backup a restore then takes, a server now installed), and the answers made from them
      // were just forgotten.
      reading += 1;
      set({
        ...initialData,
        pageRulesReady,
        appInfo,
        site,
        siteChoice,
        flows,
        unfinished,
      });
      void get().refreshUnfinished();
    },

    siteChanged() {
      // Once a procedure's pages are open the answers are the operator's: the Summary's checks
      // read the site again anyway. On Start (Back from a first page included) what they typed
      // stays; the rest was read from the site, and is read again.
      if (get().step.kind !== 'start') return;
      reading += 1;
      const { answers, touched } = get();
      const typed = Object.fromEntries(
        Object.entries(answers).map(([flowId, values]) => [
          flowId,
          Object.fromEntries(
            Object.entries(values ?? {}).filter(([name]) => touched[fieldKey(flowId as FlowId, name)]),
          ),
        ]),
      );
      set({ descriptions: {}, answers: typed, lookups: {}, readAhead: null });
      const flowId = get().selectedFlowId;
      if (flowId) get().selectFlow(flowId);
    },

    dismissError() {
      set({ error: null });
    },
  };
});
