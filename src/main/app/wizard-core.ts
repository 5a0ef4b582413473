import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, EventChannel, EventOf, RememberedPasswords, SiteInfo } from '../../shared/channels';
import type { SiteManifest } from '../../shared/manifest';
import type { FlowSummary, RunEvent, RunPhase } from '../../shared/run-contract';
import { describeError, OperatorError } from '../engine/errors';
import { RunManager, type CurrentSite } from '../engine/run-manager';
import { allFlows } from '../procedures';
import { DrillSite } from '../host/drill/drill-site';
import { createOsKeychain } from '../host/keychain/napi-keychain';
import type { Host, KeychainHost } from '../host/types';
import { journalHistory } from '../engine/run-history';
import { parseKeyAccount } from '../procedures/common/key-accounts';
import type { HandlerTable } from './dispatch';
import { createDrillRehearsal } from './drill-rehearsal';
import { drillSource } from './drill-source';
import { readKitFilesAgain, readKitFolder } from '../host/drill/kit-folder';
import { manifestFileStore } from './manifest-file';
import { loadManifestFile } from './manifest-load';
import { operatorAccount } from './operator-account';
import { runReports } from './run-reports';
import { checkKit, kitCheckRefusal, kitSite } from './kit-site';
import { kitProgress } from '../procedures/common/kit-progress';
import type { KitCheck } from '../../shared/recovery-kit';

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
  /** The recovery kit beside the portable .exe, offered on the start page (issue 14). */
  portableKitFolder?: string;
  /** The OS keychain under a service name; replaced in tests. */
  keychain?: (serviceName: string) => KeychainHost;
  emit<C extends EventChannel>(channel: C, payload: EventOf<C>): void;
  /** Prints a report's HTML to PDF and says where it was saved; only the desktop app can. */
  saveReportPdf?: (report: { runId: string; html: string; htmlPath: string }) => Promise<string>;
  /** The account the wizard runs under; read from the computer unless a test names one. */
  operatorAccount?: string;
  /** The computer's time zone for reports; read from the computer unless a test names one. */
  timeZone?: () => string;
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
  if (status.state !== 'available') return { keychain: status, entries: [] };
  const entries = (await keychain.accounts()).flatMap((account) => {
    const parsed = parseKeyAccount(account);
    return parsed ? [{ account, ...parsed }] : [];
  });
  return { keychain: status, entries };
}

const KEYCHAIN_SERVICE = 'System Center Recovery Wizard';

/** A run in one of these phases has stopped: what its journal holds now is worth a report. */
const STOPPED_PHASES = new Set<RunPhase>(['succeeded', 'failed', 'cancelled', 'abandoned']);

export function createWizardCore(options: WizardCoreOptions): WizardCore {
  const journalDirectory = join(options.dataDirectory, 'journals');
  const history = journalHistory(journalDirectory);
  const keychainFor = options.keychain ?? createOsKeychain;
  // Drill passwords are kept apart from the real site's, so a drill never offers a real one.
  const drillKeychain = keychainFor(`${KEYCHAIN_SERVICE} (drill)`);
  const realKeychain = keychainFor(KEYCHAIN_SERVICE);

  // A drill changes its own copy of the sample manifest (a new management server, say), never the shipped one.
  const drillManifestCopy = join(options.dataDirectory, 'drill', 'site-manifest.json');
  const drillStatePath = join(options.dataDirectory, 'drill', 'site-state.json');
  // The sample site, or a recovery kit's (drill from a kit).
  const drillSources = drillSource({
    drillFolder: join(options.dataDirectory, 'drill'),
    sampleManifestPath: options.drillManifestPath,
    statePath: drillStatePath,
  });
  const copyDrillManifest = (): void => drillSources.copyManifest();

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
        wizardVersion: options.version,
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
        statePath: drillStatePath,
        initialState: drillSources.initialState(manifest),
      });
      return {
        ctx: { host: drill.host, mode: 'drill', siteName: manifest.siteName, keychain: drillKeychain, history },
        siteName: manifest.siteName,
        source: drillSources.label(),
        drill,
      };
    });
  };

  let site = openDrill();

  // Reports of runs (issue 16): each run's report is saved beside its journal when the run stops.
  const reports = runReports({ journalDirectory, wizardVersion: options.version, timeZone: options.timeZone });
  const saveReportWhenStopped = (event: RunEvent): void => {
    if (event.type !== 'phase' || !STOPPED_PHASES.has(event.phase)) return;
    try {
      reports.save(event.runId);
    } catch (error) {
      // The journal holds everything the report would; the report can be made again from Completion.
      process.stderr.write(`The report of run ${event.runId} could not be saved: ${describeError(error).message}\n`);
    }
  };

  const runs = new RunManager({
    journalDirectory,
    flows: allFlows,
    site: () => site,
    emit: (event) => {
      rehearsal.observe(event);
      options.emit('run:event', event);
      saveReportWhenStopped(event);
    },
    runner: { operatorAccount: options.operatorAccount ?? operatorAccount(), wizardVersion: options.version },
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

  const resetDrill = () => {
    drill();
    copyDrillManifest();
    replaceSite(openDrill());
    return drill().reset();
  };

  // Drill panel, disaster scenarios, drill from a kit and drill history (issue 16).
  const rehearsal = createDrillRehearsal({
    dataDirectory: options.dataDirectory,
    speed: options.drillSpeed,
    runs,
    drill: () => site.drill,
    manifest: () => site.ctx.manifest,
    siteName: () => site.siteName,
    resetSite: () => void resetDrill(),
  });
  const rebuildDrill = (change: () => void): SiteInfo => {
    if (runs.hasActiveRun()) throw new OperatorError('A run is in progress: the drill site cannot be rebuilt now.');
    change();
    rehearsal.siteReplaced();
    return switchSite(openDrill);
  };

  const realHostOrRefuse = () => {
    if (!options.realHost) {
      throw new OperatorError(options.realModeUnavailableReason ?? 'The real site cannot be used here.');
    }
    return options.realHost;
  };
  /** The last check of each kit folder the operator made, so that loading it does not hash it all again. */
  const kitChecks = new Map<string, KitCheck>();
  /** The same for a drill built from a kit (never the real site's), with the kit's files as they were checked. */
  const drillKitChecks = new Map<string, { check: KitCheck; files: string }>();
  /** Every file of the kit hashed against its index, the progress shown wherever the kit was typed. */
  const checkKitShowingProgress = (path: string) =>
    checkKit(path, {
      titleOf: (flowId) => runs.flow(flowId).title,
      progress: kitProgress(
        { progress: (percent = 0, text = '') => options.emit('kit:check-progress', { path, percent, text }) },
        'Hashed',
      ),
    });

  const handlers: HandlerTable = {
    'app:info': () => ({
      version: options.version,
      host: options.host,
      platform: process.platform,
      realModeAvailable: options.realHost !== undefined,
      realModeUnavailableReason: options.realHost ? undefined : options.realModeUnavailableReason,
      dataDirectory: options.dataDirectory,
      portableKitFolder: options.portableKitFolder,
    }),
    'site:current': () => siteInfo(),
    'site:use-drill': () => switchSite(openDrill),
    'site:check-kit': async ({ path }) => {
      realHostOrRefuse();
      const checked = await checkKitShowingProgress(path.trim());
      kitChecks.set(checked.path, checked);
      return checked;
    },
    'site:use-real': async ({ manifestPath: given, acceptDamagedKit }) => {
      const realHost = realHostOrRefuse();
      // Recovery kit (issue 14): a kit folder is verified whole first (kept from the operator's check,
      // or done now), then its manifest is checked against its index once more as it is loaded.
      const check = kitChecks.get(given) ?? (await checkKit(given, { titleOf: (flowId) => runs.flow(flowId).title }));
      const refusal = kitCheckRefusal(check, acceptDamagedKit === true);
      if (refusal !== null) throw new OperatorError(refusal);
      const { manifestPath, kitFolder } = await kitSite(given);
      return switchSite(() =>
        siteFromManifest(manifestPath, (manifest) => {
          if (kitFolder !== null) manifest.recoveryKitPath ??= kitFolder;
          return {
            ctx: { host: realHost(), mode: 'real', siteName: manifest.siteName, keychain: realKeychain, history },
            siteName: manifest.siteName,
            source: manifestPath,
            drill: null,
          };
        }),
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
      const state = drill().signIn(computer);
      rehearsal.countDrillAction();
      return state;
    },
    'drill:state': () => drill().snapshot(),
    'drill:inject-fault': (fault) => {
      const state = drill().inject(fault);
      rehearsal.countDrillAction();
      return state;
    },
    'drill:reset': () => {
      if (runs.hasActiveRun()) throw new OperatorError('A run is in progress: the drill site cannot be reset now.');
      const state = resetDrill();
      rehearsal.siteReplaced();
      return state;
    },
    'drill:restart': ({ computer }) => {
      if (runs.hasActiveRun())
        throw new OperatorError('A run is in progress: restart the computer once it has finished.');
      const state = drill().restart(computer);
      rehearsal.countDrillAction();
      return state;
    },
    ...rehearsal.handlers,
    'drill:from-kit': async ({ folder, acceptDamagedKit }) => {
      // Read first: a folder that is not a kit is refused before every file is hashed.
      const kit = await readKitFolder(folder);
      // Building anyway follows the check the operator just read, as long as no file of the kit has
      // changed since (path, size and time); any other build checks the kit anew.
      const files = JSON.stringify(kit.files.map((file) => [file.path, file.size, file.modified]));
      const known = drillKitChecks.get(folder);
      const check =
        acceptDamagedKit === true && known?.files === files ? known.check : await checkKitShowingProgress(folder);
      drillKitChecks.set(folder, { check, files });
      if (kitCheckRefusal(check, acceptDamagedKit === true) !== null) return { check };
      drillKitChecks.delete(folder);
      const changed = new Set(
        check.problems.filter((problem) => problem.kind === 'changed').map((problem) => problem.file),
      );
      const held = changed.size > 0 ? await readKitFilesAgain(kit, changed) : kit;
      return { check, site: await rebuildDrill(() => drillSources.useKit(held)) };
    },
    'drill:use-sample': () => rebuildDrill(() => drillSources.useSample()),
    // Reports of runs (issue 16).
    'runs:past': () => reports.past(),
    'report:make': ({ runId }) => reports.save(runId),
    'report:save-pdf': async ({ runId }) => {
      const { saveReportPdf } = options;
      if (!saveReportPdf) {
        throw new OperatorError('Only the desktop wizard saves a PDF: open the report and print it from the browser.');
      }
      const { path, html } = reports.save(runId);
      return { path: await saveReportPdf({ runId, html, htmlPath: path }) };
    },
  };

  return { handlers, runs, drill, dispose: () => site.ctx.host.dispose() };
}
