import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StampedRecord } from '../../../src/main/engine/journal';
import type { RunManagerOptions } from '../../../src/main/engine/run-manager';
import { DrillSite } from '../../../src/main/host/drill/drill-site';
import type { DrillSiteState } from '../../../src/shared/drill-contract';
import type { SiteManifest } from '../../../src/shared/manifest';
import type { Answers } from '../../../src/shared/run-contract';
import { KIT_INDEX_FILE, KIT_PREVIOUS_INDEX_FILE } from '../../../src/main/knowledge/recovery-kit/kit-index';
import { KIT_CHECKSUM_FILE } from '../../../src/main/knowledge/recovery-kit/layout';
import { windowsBaseName } from '../../../src/main/knowledge/windows/paths';
import { kitEvidenceLines, verifyKitFolder } from '../../../src/main/procedures/common/kit-verification';
import type { CrashScenario } from './crash-scenarios';
import { createHarness, sampleManifest, type Harness } from './harness';
import { memoryKeychain } from './memory-keychain';

/**
 * The site a crash harness starts each run from, and how two end states are compared: what a
 * run leaves on the site, without the times and random bytes that differ between any two runs.
 */

/** Fast enough that a run of the slowest procedure takes a fraction of a second. */
export const CRASH_DRILL_SPEED = 1_000_000;

/**
 * A directory for one attempt. The harnesses write thousands of journal records, each flushed
 * to disk: on a RAM disk where there is one, so the flushes do not set the pace.
 */
export function crashDirectory(prefix: string): string {
  const root = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(root, `${prefix}-`));
}

/** Everything a wizard started on this site finds: the site, the keychain, the manifest, earlier journals. */
export interface PreparedSite {
  state: DrillSiteState;
  keychain: Map<string, string>;
  manifest: SiteManifest;
  journals: string;
}

/** A wizard on a copy of the prepared site: in memory, or read from `statePath` as after a restart. */
export function wizardOn(
  site: PreparedSite,
  options: { journals: string; statePath?: string; openJournal?: RunManagerOptions['openJournal'] },
): Harness & { keychainEntries: Map<string, string> } {
  const keychain = memoryKeychain();
  for (const [account, secret] of site.keychain) keychain.entries.set(account, secret);
  const harness = createHarness({
    drill: new DrillSite({
      manifest: site.manifest,
      speed: CRASH_DRILL_SPEED,
      initialState: site.state,
      statePath: options.statePath,
    }),
    journalDirectory: options.journals,
    keychain,
    manifest: site.manifest,
    openJournal: options.openJournal,
  });
  return Object.assign(harness, { keychainEntries: keychain.entries });
}

/** What a wizard holds on disk at this moment, to start another one from. */
export function siteNow(harness: Harness & { keychainEntries: Map<string, string> }): Omit<PreparedSite, 'journals'> {
  return {
    state: harness.drill.snapshot(),
    keychain: new Map(harness.keychainEntries),
    manifest: structuredClone(harness.ctx().manifest),
  };
}

/** The scenario's site, prepared once: each attempt starts from a copy. */
export async function prepareScenario(scenario: CrashScenario): Promise<{ site: PreparedSite; answers: Answers }> {
  const journals = join(crashDirectory('prepared'), 'journals');
  mkdirSync(journals, { recursive: true });
  const fresh: PreparedSite = {
    state: new DrillSite({ manifest: sampleManifest(), speed: CRASH_DRILL_SPEED }).snapshot(),
    keychain: new Map(),
    manifest: sampleManifest(),
    journals,
  };
  const harness = wizardOn(fresh, { journals });
  await scenario.prepare(harness);
  const answers = await scenario.answers(harness);
  return { site: { ...siteNow(harness), journals }, answers };
}

/** A copy of the earlier runs' journals, for one attempt. */
export function copyJournals(site: PreparedSite, directory: string): string {
  const journals = join(directory, 'journals');
  cpSync(site.journals, journals, { recursive: true });
  return journals;
}

/**
 * The site as a run leaves it, comparable between two runs: times, checksums of bytes that are
 * random every time (backups, key files, encrypted sections), generated key ids and the run's
 * own id (in file names, backup descriptions, markers) are taken out; lists whose order means
 * nothing are sorted. Counts stay: a second backup or restore is a second history row.
 */
export function comparableSite(state: DrillSiteState, runId: string): unknown {
  const site = JSON.parse(JSON.stringify(state).replaceAll(runId, '<run>')) as DrillSiteState;
  // An attempt of Setup cut short by the crash leaves its log; the logs of Setups that finished are counted.
  let setupRun = 0;
  for (const [key, file] of Object.entries(site.files)) {
    // Setup's installer log keeps one name and grows with every attempt, cut short or not; the
    // wizard's logs below count the installations that finished.
    if (isInstallerLog(file.path) && file.content !== undefined) file.content = '<installer log>';
    if (!isSetupLog(file.path)) continue;
    delete site.files[key];
    if (setupFinished(file.content)) {
      setupRun += 1;
      site.files[`setup log ${setupRun}`] = { ...file, path: `setup log ${setupRun}` };
    }
  }
  for (const file of Object.values(site.files)) {
    Reflect.deleteProperty(file, 'modified');
    Reflect.deleteProperty(file, 'sha256');
    if (file.keyBackup) file.keyBackup = { keyId: file.keyBackup.keyId, salt: '', passwordDigest: '' };
    if (file.sqlBackup) file.sqlBackup.backupFinishDate = '';
    if (file.content !== undefined) {
      file.content = file.path.startsWith('setup log')
        ? '<Setup log>'
        : withoutKitTimesAndHashes(
            file.path,
            file.content.replace(/<CipherValue>[^<]*<\/CipherValue>/g, '<CipherValue/>'),
          );
      file.size = Buffer.byteLength(file.content);
    }
  }
  for (const server of site.sqlServers) {
    for (const entry of server.backupHistory) entry.finished = '';
    for (const entry of server.restoreHistory) entry.restored = '';
    server.serviceMasterKeyModified = server.serviceMasterKeyModified === undefined ? undefined : '<changed>';
    server.folders.sort();
    server.logins.sort();
  }
  for (const computer of site.computers) {
    computer.folders.sort();
    computer.encryptionKeyId = computer.encryptionKeyId === null ? null : '<key>';
  }
  const sections = site.orchestrator.protectedSections;
  for (const computer of Object.keys(sections)) {
    sections[computer] = Object.fromEntries(
      [...new Set(Object.values(sections[computer] ?? {}))].sort().map((plain, index) => [String(index), plain]),
    );
  }
  return site;
}

/**
 * The kit folder as Verify kit sees it on this site: null when it holds no index; otherwise the
 * files the index claims that the folder does not hold as recorded (missing, or of another size
 * or SHA-256), and every problem, files the index does not know included.
 */
export async function kitOnSite(
  harness: Harness,
  folder: string,
): Promise<{ falseClaims: string[]; problems: string[] } | null> {
  const ctx = harness.ctx();
  const index = await ctx.host.kit.readIndex(folder);
  if (index === null) return null;
  const comparison = await verifyKitFolder(ctx.host.kit, folder, index);
  const claims = { ...comparison, problems: comparison.problems.filter((problem) => problem.kind !== 'unexpected') };
  return { falseClaims: kitEvidenceLines(claims), problems: kitEvidenceLines(comparison) };
}

/** What steps that must not run twice leave behind, counted on the site. */
/**
 * What the keychain remembers when a run has ended, to compare with an uninterrupted run's: every
 * entry as an [account, secret] pair, sorted, duplicates kept. A key file's entry is named by the
 * file's fingerprint, which differs from run to run (each export is encrypted afresh), so the
 * fingerprint is normalised: an entry left by an attempt cut short still shows as one entry more.
 */
export function comparableKeychain(entries: Iterable<[string, string]>): [string, string][] {
  return [...entries]
    .map(([account, secret]): [string, string] => [account.replace(/ \| [0-9A-F]{16}$/, ' | <fingerprint>'), secret])
    .sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
}

export function effects(state: DrillSiteState) {
  const databases = state.sqlServers.flatMap((server) => server.databases);
  return {
    restores: state.sqlServers.reduce((total, server) => total + server.restoreHistory.length, 0),
    backups: state.sqlServers.reduce((total, server) => total + server.backupHistory.length, 0),
    permissionBatches: databases.reduce((total, database) => total + database.permissionsScriptBatches, 0),
    setupRuns: Object.values(state.files).filter((file) => isSetupLog(file.path) && setupFinished(file.content)).length,
    managementPacks: databases.reduce((total, database) => total + (database.managementPacks?.length ?? 0), 0),
  };
}

/** Steps whose effect was complete on the site when the process died: finished or skipped in the journal, or `dyingBefore`. */
export function completedSteps(records: readonly StampedRecord[], dyingBefore?: string): Set<string> {
  const done = new Set<string>(dyingBefore ? [dyingBefore] : []);
  for (const record of records) {
    if (record.type === 'step-finished' || record.type === 'step-skipped') done.add(record.stepId);
  }
  return done;
}

/** Steps started again after the crash, from the records the resumed run added. */
export function restartedSteps(records: readonly StampedRecord[]): string[] {
  return records.flatMap((record) => (record.type === 'step-started' ? [record.stepId] : []));
}

/**
 * A kit index or checksum list with its times and checksums taken out (a backup's bytes differ
 * every time); what it lists, with sizes and roles, stays.
 */
function withoutKitTimesAndHashes(path: string, content: string): string {
  const name = windowsBaseName(path).toLowerCase();
  if (name === KIT_CHECKSUM_FILE.toLowerCase()) return content.replace(/^[0-9a-f]{64}/gm, '<sha256>');
  if (name !== KIT_INDEX_FILE && name !== KIT_PREVIOUS_INDEX_FILE) return content;
  return content.replace(/"(sha256|madeAt|startedAt|finishedAt)": "[^"]*"/g, '"$1": ""');
}

function isInstallerLog(path: string): boolean {
  return /\\SCSMInstall\.log$/i.test(path);
}

function isSetupLog(path: string): boolean {
  return /SCSMSetupWizard\d+\.txt$/i.test(path);
}

/** Setup got as far as installing: its log says so. */
function setupFinished(log: string | undefined): boolean {
  return log?.includes('Setup completed successfully.') === true;
}
