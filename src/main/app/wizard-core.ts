import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, EventChannel, EventOf, RememberedPasswords, SiteInfo } from '../../shared/channels';
import type { SiteManifest } from '../../shared/manifest';
import type { FlowSummary } from '../../shared/run-contract';
import { OperatorError } from '../engine/errors';
import { RunManager, type CurrentSite } from '../engine/run-manager';
import { allFlows } from '../procedures';
import { DrillSite } from '../host/drill/drill-site';
import { createOsKeychain } from '../host/keychain/napi-keychain';
import type { Host, KeychainHost } from '../host/types';
import { journalHistory } from '../engine/run-history';
import { parseKeyAccount } from '../procedures/common/key-accounts';
import type { HandlerTable } from './dispatch';
import { manifestFileStore } from './manifest-file';
import { loadManifestFile } from './manifest-load';

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
  /** The OS keychain under a service name; replaced in tests. */
  keychain?: (serviceName: string) => KeychainHost;
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
  /** Lets go of the current site's host: the entry points call it when the wizard quits. */
  dispose(): Promise<void>;
}

async function rememberedPasswords(keychain: KeychainHost): Promise<RememberedPasswords> {
  const status = await keychain.available();
  if (!status.ok) return { available: false, unavailableReason: status.reason, entries: [] };
  const entries = (await keychain.accounts()).flatMap((account) => {
    const parsed = parseKeyAccount(account);
    return parsed ? [{ account, ...parsed }] : [];
  });
  return { available: true, entries };
}

const KEYCHAIN_SERVICE = 'System Center Recovery Wizard';

export function createWizardCore(options: WizardCoreOptions): WizardCore {
  const journalDirectory = join(options.dataDirectory, 'journals');
  const history = journalHistory(journalDirectory);
  const keychainFor = options.keychain ?? createOsKeychain;
  // Drill passwords are kept apart from the real site's, so a drill never offers a real one.
  const drillKeychain = keychainFor(`${KEYCHAIN_SERVICE} (drill)`);
  const realKeychain = keychainFor(KEYCHAIN_SERVICE);

  // A drill changes its own copy of the sample manifest (a new management server, say), never the shipped one.
  const drillManifestCopy = join(options.dataDirectory, 'drill', 'site-manifest.json');
  const copyDrillManifest = (): void => {
    mkdirSync(join(options.dataDirectory, 'drill'), { recursive: true });
    copyFileSync(options.drillManifestPath, drillManifestCopy);
  };

  const siteFromManifest = (
    path: string,
    build: (manifest: SiteManifest) => Omit<ActiveSite, 'ctx'> & {
      ctx: Omit<ActiveSite['ctx'], 'manifest' | 'manifestStore'>;
    },
  ): ActiveSite => {
    const manifest = loadManifestFile(path);
    const built = build(manifest);
    const active: ActiveSite = {
      ...built,
      ctx: {
        ...built.ctx,
        manifest,
        manifestStore: manifestFileStore(path, (changed) => {
          active.ctx.manifest = changed;
        }),
      },
    };
    return active;
  };

  const openDrill = (): ActiveSite => {
    if (!existsSync(drillManifestCopy)) copyDrillManifest();
    return siteFromManifest(drillManifestCopy, (manifest) => {
      const drill = new DrillSite({
        manifest,
        speed: options.drillSpeed,
        statePath: join(options.dataDirectory, 'drill', 'site-state.json'),
      });
      return {
        ctx: { host: drill.host, mode: 'drill', siteName: manifest.siteName, keychain: drillKeychain, history },
        siteName: manifest.siteName,
        source: `${options.drillManifestPath} (simulated)`,
        drill,
      };
    });
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
    dataWarehouseManagementGroupName: site.ctx.manifest.dataWarehouseManagementGroupName,
    manifestSource: site.source,
    servers: site.ctx.manifest.servers.map((server) => ({
      netbiosName: server.netbiosName,
      fqdn: server.fqdn,
      roles: server.roles,
    })),
  });

  // A host left behind is disposed of at once: a real one holds PowerShell sessions and a SQL pool.
  const replaceSite = (next: ActiveSite): void => {
    const previous = site;
    site = next;
    if (previous.ctx.host !== next.ctx.host) void previous.ctx.host.dispose();
  };

  const switchSite = (next: () => ActiveSite): SiteInfo => {
    if (runs.hasActiveRun())
      throw new OperatorError('A run is in progress: let it finish or cancel it before switching sites.');
    replaceSite(next());
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
      return switchSite(() =>
        siteFromManifest(manifestPath, (manifest) => ({
          ctx: { host: realHost(), mode: 'real', siteName: manifest.siteName, keychain: realKeychain, history },
          siteName: manifest.siteName,
          source: manifestPath,
          drill: null,
        })),
      );
    },
    'flows:list': () =>
      runs.listFlows().map((flow): FlowSummary => {
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
    'flow:describe': async ({ flowId }) => {
      const flow = runs.flow(flowId);
      return {
        id: flow.id,
        title: flow.title,
        summary: flow.summary,
        pages: flow.pages(site.ctx.manifest),
        defaults: await flow.defaults(site.ctx),
      };
    },
    'flow:lookup': ({ flowId, lookupId, answers }) => runs.lookup(flowId, lookupId, answers),
    'run:prepare': ({ flowId, answers }) => runs.prepare(flowId, answers),
    'run:start': ({ runId, acknowledgedWarnings, confirmations }) =>
      runs.start(runId, acknowledgedWarnings, confirmations),
    'run:get': ({ runId }) => runs.get(runId),
    'run:cancel': ({ runId }) => runs.cancel(runId),
    'run:retry': ({ runId }) => runs.retry(runId),
    'run:abandon': ({ runId, reason }) => runs.abandon(runId, reason),
    'run:plan-text': ({ runId }) => runs.planText(runId),
    'runs:unfinished': () => runs.unfinished(),
    'run:resume': ({ runId, secrets }) => runs.resume(runId, secrets),
    'keychain:list': () => rememberedPasswords(site.ctx.keychain),
    'keychain:forget': async ({ account }) => {
      await site.ctx.keychain.remove(account);
      return rememberedPasswords(site.ctx.keychain);
    },
    'drill:sign-in': ({ computer }) => {
      if (runs.hasActiveRun()) throw new OperatorError('A run is in progress: sign in elsewhere once it has finished.');
      return drill().signIn(computer);
    },
    'drill:state': () => drill().snapshot(),
    'drill:inject-fault': (fault) => drill().inject(fault),
    'drill:reset': () => {
      if (runs.hasActiveRun()) throw new OperatorError('A run is in progress: the drill site cannot be reset now.');
      drill();
      copyDrillManifest();
      replaceSite(openDrill());
      return drill().reset();
    },
    'drill:restart': ({ computer }) => {
      if (runs.hasActiveRun())
        throw new OperatorError('A run is in progress: restart the computer once it has finished.');
      return drill().restart(computer);
    },
  };

  return { handlers, runs, drill, dispose: () => site.ctx.host.dispose() };
}
