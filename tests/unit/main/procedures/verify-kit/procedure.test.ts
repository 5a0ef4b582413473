import { afterEach, describe, expect, it, vi } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { kitFileOutcome } from '../../../../../src/main/procedures/common/kit-files';
import { createHarness, sampleManifest, type Harness } from '../../../support/harness';
import { indexDrillKit } from '../../../support/drill-kit-index';
import { keyBackupAnswers, keyRestoreAnswers } from '../../../support/key-answers';
import { memoryKeychain } from '../../../support/memory-keychain';

const KIT = '\\\\FS01\\RecoveryKit';
const KEY_FILE = `${KIT}\\SCSM02-ServiceManager.bin`;
const PASSWORD = 'Kit-key-pässwörd-1';
const KEY_BACKUP = keyBackupAnswers(KEY_FILE, PASSWORD);
const KEY_RESTORE = keyRestoreAnswers(KEY_BACKUP);

afterEach(() => {
  vi.useRealTimers();
});

async function prepareAndRun(harness: Harness, flow: string, answers: Record<string, string | boolean>) {
  const prepared = await harness.runs.prepare(flow as never, answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

function output(harness: Harness, runId: string): string[] {
  return harness.events.flatMap((event) => (event.type === 'step-output' && event.runId === runId ? [event.line] : []));
}

/** A kit with a key backed up into it and an index made of it all. */
async function indexedKit(): Promise<{ harness: Harness; keychain: ReturnType<typeof memoryKeychain> }> {
  const keychain = memoryKeychain();
  const harness = createHarness({ keychain });
  const backup = await prepareAndRun(harness, 'encryption-key', KEY_BACKUP);
  expect(backup.done?.phase).toBe('succeeded');
  await indexDrillKit(harness, KIT, { 'SCSM02-ServiceManager.bin': 'SCSM02' });
  return { harness, keychain };
}

/** The same site with one backup, one key and one script changed after the kit was made. */
function damaged(harness: Harness, keychain: ReturnType<typeof memoryKeychain>): Harness {
  const state = harness.drill.snapshot();
  for (const [key, file] of Object.entries(state.files)) {
    if (/\\(ServiceManager\.bak|ServiceManager-permissions\.sql|SCSM02-ServiceManager\.bin)$/i.test(file.path)) {
      state.files[key] = { ...file, sha256: 'f'.repeat(64) };
    }
  }
  const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000, initialState: state });
  return createHarness({ drill, keychain });
}

describe('verify the recovery kit (drill)', () => {
  it('passes an intact kit, hashing every file with progress in bytes', async () => {
    const { harness } = await indexedKit();
    const { prepared, done } = await prepareAndRun(harness, 'verify-kit', { kitFolder: KIT });
    expect(prepared.checks.find((check) => check.id === 'kit-index')).toMatchObject({ status: 'pass' });
    expect(done?.phase).toBe('succeeded');
    expect(output(harness, prepared.runId)).toContain('24 of 24 files intact.');
    const progress = harness.events.filter((event) => event.type === 'step-progress' && event.runId === prepared.runId);
    // The drill reads at its assumed disk speed, timed by its own clock (drill-kit.ts).
    expect(JSON.stringify(progress.at(-1))).toMatch(/Hashed 5\d\.\d GB of 5\d\.\d GB at 400 MB\/s/);
    expect(progress.some((event) => /about \d+ s left/.test(JSON.stringify(event)))).toBe(true);
  });

  it('passes a kit whose folder also holds a file the index does not know, naming that file', async () => {
    const { harness, keychain } = await indexedKit();
    const state = harness.drill.snapshot();
    const stray = `${KIT}\\Databases\\ServiceManager-2025.bak`;
    state.files[stray.toLowerCase()] = {
      path: stray,
      size: 4096,
      modified: '2026-11-01T08:00:00.000Z',
      sha256: 'a'.repeat(64),
    };
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000, initialState: state });
    const withStray = createHarness({ drill, keychain });
    const { prepared, done } = await prepareAndRun(withStray, 'verify-kit', { kitFolder: KIT });
    expect(done?.phase).toBe('succeeded');
    const lines = output(withStray, prepared.runId);
    expect(lines).toContain('24 of 24 files intact.');
    expect(lines.some((line) => line.startsWith('UNEXPECTED Databases\\ServiceManager-2025.bak'))).toBe(true);
    expect(lines.some((line) => /^1 file\(s\) in the folder are not in the kit index/.test(line))).toBe(true);
  });

  it('refuses a folder without an index, before anything runs', async () => {
    const harness = createHarness();
    const { prepared, done } = await prepareAndRun(harness, 'verify-kit', { kitFolder: KIT });
    expect(done).toBeNull();
    expect(prepared.checks.find((check) => check.id === 'kit-index')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('no kit index'),
    });
  });

  it('catches a damaged backup, key and script: Verify lists each, and each recovery flow refuses it before any step', async () => {
    const intact = await indexedKit();
    const harness = damaged(intact.harness, intact.keychain);

    const verify = await prepareAndRun(harness, 'verify-kit', { kitFolder: KIT });
    expect(verify.done?.phase).toBe('failed');
    const changed = output(harness, verify.prepared.runId).filter((line) => line.startsWith('CHANGED'));
    expect(changed.map((line) => line.split(':')[0])).toEqual([
      'CHANGED Databases\\ServiceManager-permissions.sql',
      'CHANGED Databases\\ServiceManager.bak',
      'CHANGED SCSM02-ServiceManager.bin',
    ]);
    expect(changed[1]).toContain(`expected database backup`);
    expect(changed[1]).toContain(`found 4832976896 bytes, SHA-256 ${'f'.repeat(64)}`);

    const restoreDefaults = await harness.runs.flow('restore-databases').defaults(harness.ctx());
    const restore = await prepareAndRun(harness, 'restore-databases', {
      ...restoreDefaults,
      originalServer: 'SQLSM01\\SCSM',
      sqlServer: 'SQLSM01\\SCSM',
    });
    expect(restore.done).toBeNull();
    for (const id of ['backup-file-ServiceManager', 'script-ServiceManager']) {
      expect(restore.prepared.checks.find((check) => check.id === id)).toMatchObject({
        status: 'fail',
        expected: expect.stringMatching(/^(database backup|permissions script): \d+ bytes, SHA-256 [0-9a-f]{64}$/),
        found: expect.stringContaining('f'.repeat(64)),
      });
    }
    const key = await prepareAndRun(harness, 'encryption-key', KEY_RESTORE);
    expect(key.done).toBeNull();
    expect(key.prepared.checks.find((check) => check.id === 'kit-file')).toMatchObject({
      status: 'fail',
      expected: expect.stringContaining('encryption key backup (Service Manager) from SCSM02'),
    });
    // Nothing ran: no run of either flow reached a step.
    expect(harness.events.some((event) => event.type === 'step-started' && event.runId !== verify.prepared.runId)).toBe(
      false,
    );
  });

  it('the same flows accept the intact kit through its index, saying when the file was made and how long ago', async () => {
    const { harness } = await indexedKit();
    // The index says the key file was made 2026-12-01 07:10 UTC; the site's clock reads 34 days and 2 hours later.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2027-01-04T09:10:00Z'));
    const key = await harness.runs.prepare('encryption-key', KEY_RESTORE);
    expect(key.checks.find((check) => check.id === 'kit-file')).toMatchObject({
      status: 'pass',
      found: expect.stringMatching(
        /^matches the kit index \(encryption key backup \(Service Manager\) from SCSM02, 2026-12-01 \d\d:\d\d:00 \S+ \(UTC[+-]\d\d:\d\d\), taken 34 days ago\)$/,
      ),
    });
  });

  it('a kit file whose index entry names another server fails, naming that server', async () => {
    const { harness } = await indexedKit();
    expect(await kitFileOutcome(harness.ctx(), KEY_FILE, 'SCSM01')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining("it is SCSM02's, not SCSM01's"),
    });
    expect(await kitFileOutcome(harness.ctx(), KEY_FILE, 'scsm02.contoso.com')).toMatchObject({ status: 'pass' });
  });
});
