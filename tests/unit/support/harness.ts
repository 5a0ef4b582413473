import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseManifest, type SiteManifest } from '../../../src/shared/manifest';
import { withPromotedPrimary } from '../../../src/shared/manifest-promotion';
import type { RunEvent } from '../../../src/shared/run-contract';
import { RunManager, type RunManagerOptions } from '../../../src/main/engine/run-manager';
import type { AnyFlowDefinition, FlowContext } from '../../../src/main/engine/flow-types';
import { allFlows } from '../../../src/main/procedures';
import { journalHistory } from '../../../src/main/engine/run-history';
import { DrillSite } from '../../../src/main/host/drill/drill-site';
import type { KeychainHost } from '../../../src/main/host/types';
import { memoryKeychain } from './memory-keychain';

export const SAMPLE_MANIFEST_PATH = resolve(__dirname, '../../../assets/drill/contoso-site.json');

export function sampleManifest(): SiteManifest {
  const parsed = parseManifest(readFileSync(SAMPLE_MANIFEST_PATH, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.manifest;
}

export function tempDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

export interface Harness {
  drill: DrillSite;
  ctx(): FlowContext;
  runs: RunManager;
  events: RunEvent[];
  journalDirectory: string;
}

/** A drill site and a run manager over it, fast enough for unit tests. */
export function createHarness(
  options: {
    drill?: DrillSite;
    journalDirectory?: string;
    flows?: readonly AnyFlowDefinition[];
    openJournal?: RunManagerOptions['openJournal'];
    keychain?: KeychainHost;
    /** The site's manifest, when a test needs another than the sample's (one an earlier run changed, say). */
    manifest?: SiteManifest;
    runner?: RunManagerOptions['runner'];
  } = {},
): Harness {
  const manifest = options.manifest ?? sampleManifest();
  const drill = options.drill ?? new DrillSite({ manifest, speed: 1000 });
  const journalDirectory = options.journalDirectory ?? tempDirectory('journal');
  const events: RunEvent[] = [];
  const ctx: FlowContext = {
    host: drill.host,
    manifest,
    mode: 'drill',
    siteName: manifest.siteName,
    keychain: options.keychain ?? memoryKeychain(),
    history: journalHistory(journalDirectory),
    manifestStore: {
      recordServer: async (server) => {
        ctx.manifest = { ...ctx.manifest, servers: [...ctx.manifest.servers, server] };
      },
      recordPrimary: async (netbiosName) => {
        ctx.manifest = withPromotedPrimary(ctx.manifest, netbiosName);
      },
    },
  };
  const runs = new RunManager({
    journalDirectory,
    flows: options.flows ?? allFlows,
    site: () => ({ ctx, siteName: manifest.siteName }),
    emit: (event) => events.push(event),
    openJournal: options.openJournal,
    runner: options.runner,
  });
  return { drill, runs, events, journalDirectory, ctx: () => ctx };
}

export const PROMOTE_ANSWERS = { server: 'SCSM02', sqlServer: 'SQLSM01\\SCSM', database: 'ServiceManager' };
export { PROMOTE_STEP_IDS } from '../../support/promote-steps';

export const PROMOTE_CONFIRMATIONS = { 'delete-health-service-state': 'DELETE' };
