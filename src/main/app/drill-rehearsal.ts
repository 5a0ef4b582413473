import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  drillScenarioProgressSchema,
  type DrillScenario,
  type DrillScenarioProgress,
  type DrillScenarios,
  type DrillScenarioStep,
} from '../../shared/drill-contract';
import { manifestSchema, type SiteManifest } from '../../shared/manifest';
import type { RunEvent, RunSnapshot } from '../../shared/run-contract';
import { OperatorError } from '../engine/errors';
import { readJournal } from '../engine/journal';
import type { RunManager } from '../engine/run-manager';
import type { DrillSite } from '../host/drill/drill-site';
import { replaceFileContents } from '../host/replace-file';
import type { HandlerTable } from './dispatch';
import { DrillHistory } from './drill-history';
import { drillScenarios } from './drill-scenarios';

/**
 * A drill rehearsed as a disaster scenario: the scenario being played and how far it has got
 * (kept in the data folder, so it survives a closed window), its failures made to happen when
 * the operator asks, its procedures ticked off as their runs succeed, and every drill run
 * recorded in the drill history.
 */

export interface DrillRehearsalOptions {
  dataDirectory: string;
  speed: number;
  runs: RunManager;
  /** The drill site now; null on the real site. */
  drill(): DrillSite | null;
  manifest(): SiteManifest;
  siteName(): string;
  /** Puts the drill site back to its start, as the drill panel's reset does. */
  resetSite(): void;
}

type RehearsalChannels =
  'drill:scenarios' | 'drill:scenario-start' | 'drill:scenario-continue' | 'drill:scenario-stop' | 'drill:history';

export interface DrillRehearsal {
  /** Every run event, before the renderer hears of it, so what it asks next is already up to date. */
  observe(event: RunEvent): void;
  /** A fault injected, a sign-in or a restart from the drill panel: counted in the scenario's operator actions. */
  countDrillAction(): void;
  /** The drill site was reset or rebuilt from elsewhere: the scenario being rehearsed is over. */
  siteReplaced(): void;
  handlers: Pick<HandlerTable, RehearsalChannels>;
}

export function createDrillRehearsal(options: DrillRehearsalOptions): DrillRehearsal {
  const progressPath = join(options.dataDirectory, 'drill-scenario.json');
  // The site as it was when the scenario started: its procedures change the manifest (a promotion
  // makes another server the primary), and the scenario's steps must not change with it.
  const sitePath = join(options.dataDirectory, 'drill-scenario-site.json');
  let progress = loadProgress(progressPath);
  let scenarioSite = progress ? loadScenarioSite(sitePath) : null;

  const snapshot = (runId: string): RunSnapshot | null => {
    try {
      return options.runs.get(runId);
    } catch {
      return null;
    }
  };
  const scenarios = () => drillScenarios(progress && scenarioSite ? scenarioSite : options.manifest());
  const activeScenario = (): DrillScenario | undefined =>
    progress ? scenarios().find((scenario) => scenario.id === progress?.scenarioId) : undefined;
  const nextStep = (): DrillScenarioStep | undefined =>
    progress ? activeScenario()?.steps[progress.done.length] : undefined;

  const history = new DrillHistory({
    path: join(options.dataDirectory, 'drill-history.json'),
    speed: options.speed,
    simulatedNow: () => options.drill()?.simulatedNow() ?? null,
    snapshot,
    siteName: options.siteName,
    placement: () => {
      const scenario = activeScenario();
      if (!progress || !scenario || progress.done.length >= scenario.steps.length) return null;
      // A run while the scenario's failure is still to come is the preparation a real site did beforehand.
      const ahead = scenario.steps.slice(progress.done.length);
      return { entryId: progress.historyId, beforeFailure: ahead.some((step) => step.kind === 'failure') };
    },
  });

  const save = () => {
    if (progress) {
      replaceFileContents(sitePath, `${JSON.stringify(scenarioSite, null, 2)}\n`);
      replaceFileContents(progressPath, `${JSON.stringify(progress, null, 2)}\n`);
    } else {
      rmSync(progressPath, { force: true });
      rmSync(sitePath, { force: true });
    }
  };
  const state = (): DrillScenarios => ({ scenarios: scenarios(), active: progress });

  const requireDrill = (): DrillSite => {
    const drill = options.drill();
    if (!drill) throw new OperatorError('Scenarios are rehearsed on the drill site: choose Drill on the start page.');
    if (options.runs.hasActiveRun()) {
      throw new OperatorError('A run is in progress: the scenario can go on once it has finished.');
    }
    return drill;
  };

  /** Makes the failure happen and signs the operator in where the scenario puts them. */
  const happen = (drill: DrillSite, step: Extract<DrillScenarioStep, { kind: 'failure' }>) => {
    for (const fault of step.faults) drill.inject(fault);
    if (step.signIn) drill.signIn(step.signIn);
  };

  const stop = (result: 'stopped') => {
    if (!progress) return;
    history.closeScenario(progress.historyId, result);
    progress = null;
    save();
  };

  const completed = (current: DrillScenarioProgress, scenario: DrillScenario) => {
    if (current.done.length >= scenario.steps.length) history.closeScenario(current.historyId, 'succeeded');
  };

  const ranStep = (runId: string) => {
    const step = nextStep();
    const scenario = activeScenario();
    const run = snapshot(runId);
    if (!progress || !scenario || step?.kind !== 'procedure' || run?.flowId !== step.flowId) return;
    if (!answersMatch(run.journalPath, step.expectedAnswers)) return;
    progress.done.push({ at: new Date().toISOString(), runId });
    save();
    completed(progress, scenario);
  };

  return {
    observe(event) {
      history.observe(event);
      if (event.type === 'phase' && event.phase === 'succeeded') ranStep(event.runId);
    },
    countDrillAction() {
      if (progress) history.countDrillAction(progress.historyId);
    },
    siteReplaced() {
      stop('stopped');
    },
    handlers: {
      'drill:scenarios': () => state(),
      'drill:scenario-start': ({ scenarioId }) => {
        requireDrill();
        const scenario = scenarios().find((candidate) => candidate.id === scenarioId);
        if (!scenario) throw new OperatorError(`There is no scenario called ${scenarioId}.`);
        if (!scenario.available) throw new OperatorError(scenario.unavailableReason ?? 'This site cannot rehearse it.');
        stop('stopped');
        options.resetSite();
        const drill = requireDrill();
        scenarioSite = options.manifest();
        const started: DrillScenarioProgress = {
          scenarioId,
          startedAt: new Date().toISOString(),
          done: [],
          historyId: history.openScenario(scenario),
        };
        for (let step = scenario.steps[0]; step?.kind === 'failure'; step = scenario.steps[started.done.length]) {
          happen(drill, step);
          started.done.push({ at: new Date().toISOString() });
        }
        const first = scenario.steps[started.done.length];
        if (first?.signIn) drill.signIn(first.signIn);
        progress = started;
        save();
        return state();
      },
      'drill:scenario-continue': ({ scenarioId }) => {
        const drill = requireDrill();
        const step = nextStep();
        if (!progress || progress.scenarioId !== scenarioId || !step) {
          throw new OperatorError('That scenario is not the one being rehearsed: start it from the drill panel.');
        }
        if (step.kind !== 'failure') throw new OperatorError(`The next step is a procedure: ${step.title}.`);
        happen(drill, step);
        progress.done.push({ at: new Date().toISOString() });
        history.countDrillAction(progress.historyId);
        save();
        return state();
      },
      'drill:scenario-stop': () => {
        stop('stopped');
        return state();
      },
      'drill:history': () => history.list(),
    },
  };
}

function loadProgress(path: string): DrillScenarioProgress | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = drillScenarioProgressSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function loadScenarioSite(path: string): SiteManifest | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the run had the answers the step asks for (a key backup, not its restore), as its journal holds them. */
function answersMatch(journalPath: string, expected: Record<string, string> | undefined): boolean {
  if (!expected) return true;
  const start = readJournal(journalPath)[0];
  if (start?.type !== 'run-started') return false;
  return Object.entries(expected).every(
    ([name, value]) => String(start.answers[name] ?? '').toLowerCase() === value.toLowerCase(),
  );
}
