import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lockDataFolder } from '../app/data-folder-lock';
import { createWizardCore } from '../app/wizard-core';
import { startBrowserHost, type BrowserHost } from './server';

/**
 * `npm run drill`: the wizard in a browser against the simulated site. It prints exactly one
 * line on stdout, the address with its token; everything else goes to stderr.
 */

const appRoot = resolve(__dirname, '..', '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    speed: { type: 'string', default: process.env.DRILL_SPEED ?? '10' },
    manifest: { type: 'string', default: join(appRoot, 'assets', 'drill', 'contoso-site.json') },
  },
});

const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a TCP port (0 picks a free one), not "${values.port}"\n`);
  process.exit(2);
}
if (!Number.isFinite(speed) || speed <= 0) {
  process.stderr.write(`--speed must be a positive number, not "${values.speed}"\n`);
  process.exit(2);
}

const dataDirectory =
  values['data-dir'] ??
  join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'sc-recovery-wizard', 'drill');

const lock = lockDataFolder(dataDirectory, 'browser');
if (!lock.held) {
  process.stderr.write(`${lock.message}\n`);
  process.exit(3);
}
process.on('exit', () => lock.release());

let host: BrowserHost | null = null;
const core = createWizardCore({
  host: 'browser',
  version: process.env.npm_package_version ?? '0.1.0',
  dataDirectory,
  drillManifestPath: values.manifest,
  drillSpeed: speed,
  realModeUnavailableReason:
    'The browser host drives only the drill site. Use the desktop wizard on the replacement server for a real recovery.',
  emit: (channel, payload) => host?.broadcast(channel, payload),
});

void startBrowserHost({ rendererDirectory: join(appRoot, 'out', 'renderer'), handlers: core.handlers, port }).then(
  (started) => {
    host = started;
    // Before the address is printed: whoever reads it may stop the host at once, and the lock must go with it.
    const stop = () => void Promise.all([started.close(), core.dispose()]).then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.stdout.write(`Drill wizard: ${started.url}\n`);
    process.stderr.write(`Drill data (journals and the simulated site) in ${dataDirectory}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`The drill wizard could not start: ${String(error)}\n`);
    process.exit(1);
  },
);
