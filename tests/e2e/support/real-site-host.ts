import { join } from 'node:path';
import { createWizardCore } from '../../../src/main/app/wizard-core';
import { startBrowserHost, type BrowserHost } from '../../../src/main/browser-host/server';
import { DrillSite } from '../../../src/main/host/drill/drill-site';
import type { Host } from '../../../src/main/host/types';
import { loadManifestFile } from '../../../src/main/app/manifest-load';
import { memoryKeychain } from '../../unit/support/memory-keychain';

/**
 * The start page's Real site as the desktop app offers it, for a browser: the wizard's own core
 * and browser transport, with a real-site host. No Windows servers answer here, so the servers
 * are the drill's, standing in for them; the kit folder is read and hashed on this computer's own
 * disk by the same code as in the desktop app. Started in the repository's folder as
 * `node real-site-host.js <data folder>`, it prints `Real site wizard: <address>` once it listens.
 * Never part of the app.
 */

const ROOT = process.cwd();
const manifestPath = join(ROOT, 'assets', 'drill', 'contoso-site.json');
const dataDirectory = process.argv[2] ?? '';

let host: BrowserHost | null = null;
const core = createWizardCore({
  host: 'browser',
  version: 'e2e',
  dataDirectory,
  drillManifestPath: manifestPath,
  drillSpeed: 40,
  keychain: () => memoryKeychain(),
  realHost: (): Host => ({
    ...new DrillSite({ manifest: loadManifestFile(manifestPath), speed: 40 }).host,
    kind: 'windows',
  }),
  emit: (channel, payload) => host?.broadcast(channel, payload),
});

void startBrowserHost({ rendererDirectory: join(ROOT, 'out', 'renderer'), handlers: core.handlers }).then((started) => {
  host = started;
  process.on('SIGTERM', () => void Promise.all([started.close(), core.dispose()]).then(() => process.exit(0)));
  process.stdout.write(`Real site wizard: ${started.url}\n`);
});
