// `npm test`: every check the project has, in the order a failure is cheapest to read:
// types, lint, unit tests, the parser suites (real PowerShell and ScriptDom); the build and the
// browser end-to-end tests run alongside them (scripts/test-e2e-lane.mjs). On Linux, run as root on a machine that lacks them, it first installs
// the Debian packages the tests need (Chromium, gnome-keyring, D-Bus); then the whole run moves
// into a D-Bus session with an unlocked keyring when one can be started, for the keychain tests.
// It ends with one line: "Total: N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { printParserSummary, runParserSuites } from './test-parsers.mjs';
import { addCounts, CHROMIUM, E2E_LANE, npx, readJson, root, run, vitestStage } from './test-stages.mjs';

const results = { passed: 0, failed: 0, skipped: 0 };
const stageFailures = [];

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function stage(title, command, args) {
  if (!run(title, command, args)) {
    results.failed += 1;
    stageFailures.push(title);
  }
}

// What the tests need from Debian: Chromium for the end-to-end tests, gnome-keyring and D-Bus for a
// real Secret Service. Installed only where that is possible without asking (root with apt-get);
// elsewhere the stages that need them say so.
function installSystemPackages() {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return;
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium', 'fonts-dejavu-core']),
    ...(onPath('gnome-keyring-daemon') ? [] : ['gnome-keyring']),
    ...(onPath('dbus-run-session') ? [] : ['dbus']),
  ];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    console.log(`Missing here, and not installed since this is not root with apt-get: ${missing.join(', ')}.`);
    return;
  }
  console.log(`Installing the Debian packages the tests need: ${missing.join(', ')}.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get update', 'apt-get', ['update'], { env });
  run('apt-get install', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}
installSystemPackages();

// The keychain tests, unit and end-to-end, need a Secret Service: on Linux without a session bus,
// the whole run moves into a private D-Bus session with an unlocked gnome-keyring.
const canStartKeyring =
  process.platform === 'linux' &&
  !process.env.DBUS_SESSION_BUS_ADDRESS &&
  onPath('dbus-run-session') &&
  onPath('gnome-keyring-daemon');
if (canStartKeyring) {
  console.log('Starting a private D-Bus session with gnome-keyring for the keychain tests.');
  // A keyring is only created when the daemon is given a non-empty password to unlock it with.
  const inner = `printf 'drill-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node scripts/test-all.mjs`;
  const nested = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], { stdio: 'inherit' });
  process.exit(nested.status ?? 1);
}
if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
  console.log(
    'No D-Bus session and no dbus-run-session/gnome-keyring here: the keychain tests will say they are skipped.',
  );
}

mkdirSync('test-results', { recursive: true });
rmSync('test-results/vitest.json', { force: true });
rmSync('test-results/vitest-keychain.json', { force: true });
rmSync('test-results/playwright.json', { force: true });

// The build and the end-to-end tests need nothing from the other stages, and spend most of their
// time waiting on the drill's clock and the browser: they run alongside them, their output kept in
// a file and shown when they end. WIZARD_TEST_LANES=sequential runs them last instead, as one lane.
const E2E_LOG = 'test-results/e2e-lane.log';
const alongside = process.env.WIZARD_TEST_LANES !== 'sequential' && availableParallelism() >= 2;

function startE2eLane() {
  if (!alongside) return null;
  console.log(`\n=== Build and end-to-end tests, alongside the stages below (output in ${E2E_LOG} until they end)`);
  const log = openSync(E2E_LOG, 'w');
  const [program, args, env] = ownKeyring('e2e-lane-keyring', [process.execPath, 'scripts/test-e2e-lane.mjs']);
  const lane = spawn(program, args, { cwd: root, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  closeSync(log);
  return new Promise((done) => lane.on('exit', (code) => done(code ?? 1)));
}

// Two lanes on one Secret Service step on each other (one's changes fail the other's listings,
// and gnome-keyring may ask to unlock a collection the other is creating), and a unit lane that
// starts and kills wizard processes for ten minutes once lost its keyring daemon under the
// keychain tests: on Linux the lane alongside and the keychain tests each get a D-Bus session and
// a keyring of their own, in their own data folder.
const SECRET_SERVICE_RESTARTED = 'secret-service-restarted';
function ownKeyring(folder, command) {
  if (process.platform !== 'linux' || !onPath('dbus-run-session') || !onPath('gnome-keyring-daemon')) {
    return [command[0], command.slice(1), {}];
  }
  const home = join(root, 'test-results', folder);
  rmSync(home, { recursive: true, force: true });
  // gnome-keyring-daemon (42.1 on Debian 12) dies now and then under the keychain tests; D-Bus then
  // starts the Secret Service again from the first service file it finds, which under this
  // XDG_DATA_HOME is this one: a daemon that unlocks the same keyring, instead of one that asks for
  // an unlock prompt nobody can see.
  const services = join(home, 'dbus-1', 'services');
  mkdirSync(services, { recursive: true });
  // Each start leaves a mark: the keychain stage can tell that its daemon died under it.
  writeFileSync(
    join(services, 'org.freedesktop.secrets.service'),
    `[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sh -c "touch '${join(home, SECRET_SERVICE_RESTARTED)}'; printf drill-keyring | exec gnome-keyring-daemon --foreground --unlock --components=secrets"\n`,
  );
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const inner = `printf 'drill-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`;
  return ['dbus-run-session', ['--', 'sh', '-c', inner], { XDG_DATA_HOME: home }];
}

function runE2eLane() {
  return spawnSync(process.execPath, ['scripts/test-e2e-lane.mjs'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const e2eLane = startE2eLane();

stage('Type check', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
stage('Type check (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
stage('Lint', npx, ['eslint', '.']);

const KEYCHAIN_TESTS = 'tests/unit/main/host/keychain';
function unitStage(title, args, reportFile, wrap) {
  const counts = vitestStage(title, args, reportFile, { wrap });
  if (counts) {
    addCounts(results, counts);
  } else {
    results.failed += 1;
    stageFailures.push(`${title} (no report)`);
  }
}
function keychainStage(folder) {
  const title = 'Keychain tests (a D-Bus session and keyring of their own)';
  const counts = vitestStage(title, [KEYCHAIN_TESTS], 'test-results/vitest-keychain.json', {
    wrap: (command) => ownKeyring(folder, command),
  });
  return { title, counts, restarted: existsSync(join(root, 'test-results', folder, SECRET_SERVICE_RESTARTED)) };
}
let keychain = keychainStage('keychain-tests-keyring');
// Debian 12's gnome-keyring-daemon 42.1 dies now and then under the churn test (about one run in
// six with both cores busy); the wizard process then holds an encryption session the new daemon does
// not know, and the rest of the file fails. That, and only that, is run once more in a new session.
if ((!keychain.counts || keychain.counts.failed > 0) && keychain.restarted) {
  console.log(
    '\nThe keychain tests failed after gnome-keyring-daemon died under them (D-Bus had to start it again). They run once more in a new D-Bus session and keyring; only that run counts.',
  );
  keychain = keychainStage('keychain-tests-keyring-again');
}
if (keychain.counts) {
  addCounts(results, keychain.counts);
} else {
  results.failed += 1;
  stageFailures.push(`${keychain.title} (no report)`);
}
unitStage('Unit tests', ['--exclude', `${KEYCHAIN_TESTS}/**`], 'test-results/vitest.json');

const parsers = runParserSuites();
addCounts(results, parsers.totals);
stageFailures.push(...parsers.failures);
printParserSummary(parsers);

let e2eExit;
if (e2eLane) {
  e2eExit = await e2eLane;
  console.log(`\n=== Build and end-to-end tests (ran alongside; their output from ${E2E_LOG})`);
  process.stdout.write(readFileSync(E2E_LOG, 'utf8'));
} else {
  e2eExit = runE2eLane();
}
if (e2eExit === E2E_LANE.buildFailed) {
  results.failed += 1;
  stageFailures.push('Build');
} else if (e2eExit === E2E_LANE.noChromium) {
  results.failed += 1;
  stageFailures.push('End-to-end tests (no Chromium)');
} else {
  const report = readJson('test-results/playwright.json');
  if (report) {
    results.passed += report.stats.expected + report.stats.flaky;
    results.failed += report.stats.unexpected;
    results.skipped += report.stats.skipped;
  } else {
    results.failed += 1;
    stageFailures.push('End-to-end tests (no report)');
  }
}

if (stageFailures.length > 0) console.log(`\nFailed stages: ${stageFailures.join(', ')}`);
console.log(`\nTotal: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed === 0 ? 0 : 1);
