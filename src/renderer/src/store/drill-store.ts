import { create } from 'zustand';
import type { DrillFault, DrillHistoryEntry, DrillScenarios, DrillSiteState } from '../../../shared/drill-contract';
import type { KitCheck } from '../../../shared/recovery-kit';
import { wizardApi } from '../wizard-api';
import { useWizardStore } from './wizard-store';

/**
 * What the drill panel, the scenario bar and the drill history show: the simulated site, the
 * scenarios and the one being rehearsed, and the history. One store, so a sign-in made in the
 * panel is the one the start page shows.
 */

export type DrillCall = 'refresh' | 'sign-in' | 'fault' | 'restart' | 'reset' | 'scenario' | 'kit' | 'sample';

export interface DrillStoreState {
  site: DrillSiteState | null;
  scenarios: DrillScenarios | null;
  history: DrillHistoryEntry[];
  pending: DrillCall | null;
  /** The last refusal, with the call it answered. */
  error: { call: DrillCall; message: string } | null;
  /** Said once an action has worked, for the panel's live region. */
  notice: string | null;
  /** What verifying the last kit a drill was to be built from found. */
  kitCheck: KitCheck | null;
  panelOpen: boolean;
  refresh(): Promise<void>;
  signIn(computer: string): Promise<void>;
  inject(fault: DrillFault, title: string): Promise<boolean>;
  restart(computer: string): Promise<void>;
  reset(): Promise<void>;
  startScenario(scenarioId: string): Promise<void>;
  continueScenario(scenarioId: string): Promise<void>;
  stopScenario(): Promise<void>;
  /** `acceptDamagedKit`: the operator read which files are damaged and builds the drill with them. */
  fromKit(folder: string, acceptDamagedKit?: boolean): Promise<boolean>;
  /** The folder typed changed: the last check's findings were of another folder. */
  forgetKitCheck(): void;
  backToSample(): Promise<void>;
  setPanelOpen(open: boolean): void;
}

export const useDrillStore = create<DrillStoreState>()((set, get) => {
  let scheduled: Promise<void> | null = null;

  /** One call with the pending marker set; a refusal is shown in the panel, never thrown. */
  async function attempt<T>(pending: DrillCall, call: () => Promise<T>, notice?: string): Promise<T | undefined> {
    set({ pending, error: null, notice: null });
    try {
      const result = await call();
      if (notice) set({ notice });
      return result;
    } catch (error) {
      set({ error: { call: pending, message: (error as Error).message } });
      return undefined;
    } finally {
      set({ pending: null });
    }
  }

  /** After the site itself changed: the start page's site, procedures and unfinished runs too. */
  async function siteChanged(): Promise<void> {
    useWizardStore.getState().siteChanged();
    await useWizardStore.getState().loadStart();
    await get().refresh();
  }

  /** A change within the same site (signed in elsewhere, a fault, a restart): what Start read of it is read again. */
  function changedWithin(site: DrillSiteState | undefined): void {
    if (!site) return;
    set({ site });
    useWizardStore.getState().siteChanged();
  }

  return {
    site: null,
    scenarios: null,
    history: [],
    pending: null,
    error: null,
    notice: null,
    kitCheck: null,
    panelOpen: false,

    refresh() {
      // Only the drill site has these; on the real site they are simply not shown.
      if (useWizardStore.getState().site?.mode !== 'drill') return Promise.resolve();
      // The sign-in list, the scenario bar and the history each ask as they appear on Start: the
      // asks of one moment share one reading (it was three of each call); a later ask reads anew.
      scheduled ??= new Promise<void>((resolve) => setTimeout(resolve, 0)).then(async () => {
        scheduled = null;
        try {
          const [site, scenarios, history] = await Promise.all([
            wizardApi.call('drill:state'),
            wizardApi.call('drill:scenarios'),
            wizardApi.call('drill:history'),
          ]);
          set({ site, scenarios, history });
        } catch (error) {
          set({ error: { call: 'refresh', message: (error as Error).message } });
        }
      });
      return scheduled;
    },

    async signIn(computer) {
      const site = await attempt(
        'sign-in',
        () => wizardApi.call('drill:sign-in', { computer }),
        `Signed in on ${computer}.`,
      );
      changedWithin(site);
    },

    async inject(fault, title) {
      const site = await attempt('fault', () => wizardApi.call('drill:inject-fault', fault), `Injected: ${title}.`);
      changedWithin(site);
      return site !== undefined;
    },

    async restart(computer) {
      const site = await attempt(
        'restart',
        () => wizardApi.call('drill:restart', { computer }),
        `${computer} restarted.`,
      );
      changedWithin(site);
    },

    async reset() {
      const site = await attempt('reset', () => wizardApi.call('drill:reset'), 'The simulated site was reset.');
      if (site) await siteChanged();
    },

    async startScenario(scenarioId) {
      const scenarios = await attempt('scenario', () => wizardApi.call('drill:scenario-start', { scenarioId }));
      if (!scenarios) return;
      set({ scenarios, notice: 'Scenario started: the simulated site was reset and set up.' });
      await siteChanged();
    },

    async continueScenario(scenarioId) {
      const scenarios = await attempt('scenario', () => wizardApi.call('drill:scenario-continue', { scenarioId }));
      if (!scenarios) return;
      set({ scenarios });
      // The failure changed the site: the procedures it makes available, and what Start read.
      await siteChanged();
    },

    async stopScenario() {
      const scenarios = await attempt('scenario', () => wizardApi.call('drill:scenario-stop'), 'Scenario ended.');
      if (scenarios) set({ scenarios });
      await get().refresh();
    },

    async fromKit(folder, acceptDamagedKit) {
      set({ kitCheck: null });
      const built = await attempt('kit', () => wizardApi.call('drill:from-kit', { folder, acceptDamagedKit }));
      if (!built) return false;
      if (!built.site) {
        set({ kitCheck: built.check });
        return false;
      }
      // Built: the verdict stays in view (intact, or nothing to verify against) unless it listed
      // damaged files, which the operator has just read and accepted.
      set({
        kitCheck: built.check.verdict === 'damaged' ? null : built.check,
        notice: `The drill site is now built from the recovery kit: ${built.site.siteName}.`,
      });
      await siteChanged();
      return true;
    },

    forgetKitCheck() {
      if (get().kitCheck) set({ kitCheck: null });
    },

    async backToSample() {
      set({ kitCheck: null });
      const site = await attempt('sample', () => wizardApi.call('drill:use-sample'));
      if (!site) return;
      set({ notice: `The drill site is the sample site again: ${site.siteName}.` });
      await siteChanged();
    },

    setPanelOpen(open) {
      set({ panelOpen: open, error: null, notice: null });
      if (open) void get().refresh();
    },
  };
});
