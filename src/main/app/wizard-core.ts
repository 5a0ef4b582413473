import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, EventChannel, EventOf, SiteInfo } from '../../shared/channels';
import { parseManifest, type SiteManifest } from '../../shared/manifest';
import type { FlowSummary } from '../../shared/run-contract';
import { OperatorError } from '../engine/errors';
import { RunManager, type CurrentSite } from '../engine/run-manager';
import { allFlows } from '../flows';
import { plannedScenarios } from '../flows/planned-scenarios';
import { DrillSite } from '../host/drill/drill-site';
import type { Host } from '../host/types';
import type { HandlerTable } from './dispatch';

/**
 * The wizard's main-process core, with no Electron in it: the current site (drill or real),
 * the run manager and the handler table. Electron and the browser host wrap this.
 */

export interface WizardCoreOptions {
  host: AppInfo['host'];
  version: string;
  dataDirectory: string;
  drillManifestPath: string;
  drillSpeed: number;
  /** Builds the host that drives real servers; absent where that cannot work (not Windows, browser host). */
  realHost?: () => Host;
  realModeUnavailableReason?: string;
  emit<C extends EventChannel>(channel: C, payload: EventOf<C>): void;
}

interface ActiveSite extends CurrentSite {
  source: string;
  drill: DrillSite | null;
}

export interface WizardCore {
  handlers: HandlerTable;
  runs: RunManager;
  drill(): DrillSite;
}

export function loadManifestFile(path: string): SiteManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OperatorError(`The site manifest ${path} cannot be read: ${(error as Error).message}`);
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new OperatorError(`The site manifest ${path} is not valid: ${parsed.errors.join('; ')}`);
  return parsed.manifest;
}

export function createWizardCore(options: WizardCoreOptions): WizardCore {
  const journalDirectory = join(options.dataDirectory, 'journals');

  const openDrill = (): ActiveSite => {
    const manifest = loadManifestFile(options.drillManifestPath);
    const drill = new DrillSite({
      manifest,
      speed: options.drillSpeed,
      statePath: join(options.dataDirectory, 'drill', 'site-state.json'),
    });
    return {
      ctx: { host: drill.host, manifest, mode: 'drill' },
      siteName: manifest.siteName,
      source: `${options.drillManifestPath} (simulated)`,
      drill,
    };
  };

  let site = openDrill();

  const runs = new RunManager({
    journalDirectory,
    flows: allFlows,
    site: () => site,
    emit: (event) => options.emit('run:event', event),
  });

  const siteInfo = (): SiteInfo => ({
    mode: site.ctx.mode,
    siteName: site.siteName,
    managementGroupName: site.ctx.manifest.managementGroupName,
    manifestSource: site.source,
    servers: site.ctx.manifest.servers.map((server) => ({
      netbiosName: server.netbiosName,
      fqdn: server.fqdn,
      roles: server.roles,
    })),
  });

  const switchSite = (next: () => ActiveSite): SiteInfo => {
    if (runs.hasActiveRun())
      throw new OperatorError('A run is in progress: let it finish or cancel it before switching sites.');
    site = next();
    return siteInfo();
  };

  const drill = (): DrillSite => {
    if (!site.drill) throw new OperatorError('Drill controls work only on the drill site.');
    return site.drill;
  };

  const handlers: HandlerTable = {
    'app:info': () => ({
      version: options.version,
      host: options.host,
      platform: process.platform,
      realModeAvailable: options.realHost !== undefined,
      realModeUnavailableReason: options.realHost ? undefined : options.realModeUnavailableReason,
      dataDirectory: options.dataDirectory,
    }),
    'site:current': () => siteInfo(),
    'site:use-drill': () => switchSite(openDrill),
    'site:use-real': ({ manifestPath }) => {
      const { realHost } = options;
      if (!realHost) throw new OperatorError(options.realModeUnavailableReason ?? 'The real site cannot be used here.');
      return switchSite(() => {
        const manifest = loadManifestFile(manifestPath);
        return {
          ctx: { host: realHost(), manifest, mode: 'real' },
          siteName: manifest.siteName,
          source: manifestPath,
          drill: null,
        };
      });
    },
    'flows:list': () => [
      ...runs.listFlows().map((flow): FlowSummary => {
        const reason = flow.unavailableReason(site.ctx.manifest);
        return {
          id: flow.id,
          title: flow.title,
          scenario: flow.scenario,
          summary: flow.summary,
          source: flow.source,
          available: reason === null,
          unavailableReason: reason ?? undefined,
        };
      }),
      ...plannedScenarios,
    ],
    'flow:describe': ({ flowId }) => {
      const flow = runs.flow(flowId);
      return {
        id: flow.id,
        title: flow.title,
        summary: flow.summary,
        pages: flow.pages(site.ctx.manifest),
        defaults: flow.defaults(site.ctx.manifest),
      };
    },
    'run:prepare': ({ flowId, answers }) => runs.prepare(flowId, answers),
    'run:start': ({ runId, acknowledgedWarnings, confirmations }) =>
      runs.start(runId, acknowledgedWarnings, confirmations),
    'run:get': ({ runId }) => runs.get(runId),
    'run:cancel': ({ runId }) => runs.cancel(runId),
    'run:retry': ({ runId }) => runs.retry(runId),
    'run:abandon': ({ runId, reason }) => runs.abandon(runId, reason),
    'run:plan-text': ({ runId }) => runs.planText(runId),
    'runs:unfinished': () => runs.unfinished(),
    'run:resume': ({ runId }) => runs.resume(runId),
    'drill:state': () => drill().snapshot(),
    'drill:inject-fault': (fault) => drill().inject(fault),
    'drill:reset': () => {
      if (runs.hasActiveRun()) throw new OperatorError('A run is in progress: the drill site cannot be reset now.');
      return drill().reset();
    },
  };

  return { handlers, runs, drill };
}
