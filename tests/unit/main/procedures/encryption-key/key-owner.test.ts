import { describe, expect, it } from 'vitest';
import { recordedKeyOwner } from '../../../../../src/main/procedures/common/kit-key-owner';
import { KIT_PREVIOUS_INDEX_FILE } from '../../../../../src/main/knowledge/recovery-kit/kit-index';
import { createHarness } from '../../../support/harness';

/**
 * Issue 14: backing up SCSM02's key after SCSM01's into the same file replaced SCSM01's key after
 * only REPLACE was typed, and a later restore on the rebuilt SCSM01 put SCSM02's key there with
 * every check passing.
 */

const PASSWORD = `Key'pa"ss-wörd`;
const SHARED_FILE = '\\\\FS01\\RecoveryKit\\SMBackupkey.bin';

function answers(server: string, action: 'backup' | 'restore', keyFile = SHARED_FILE) {
  return {
    server,
    action,
    mediaPath: 'D:\\',
    keyFile,
    password: PASSWORD,
    confirmPassword: PASSWORD,
    remember: false,
    useRemembered: false,
  };
}

type Harness = ReturnType<typeof createHarness>;

async function run(harness: Harness, flowAnswers: Record<string, string | boolean>, confirmations = {}) {
  const prepared = await harness.runs.prepare('encryption-key', flowAnswers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, confirmations);
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

function keyOf(harness: Harness, computer: string): string | null | undefined {
  return harness.drill.snapshot().computers.find((candidate) => candidate.name === computer)?.encryptionKeyId;
}

describe('a key file is restored only on the server whose key it holds', () => {
  it('names whose key an existing file holds, then refuses to restore SCSM02’s key on SCSM01', async () => {
    const harness = createHarness();
    const scsm01Key = keyOf(harness, 'SCSM01');
    harness.drill.signIn('SCSM01');
    expect((await run(harness, answers('SCSM01', 'backup'))).done?.phase).toBe('succeeded');

    harness.drill.signIn('SCSM02');
    const second = await run(harness, answers('SCSM02', 'backup'), { 'back-up-key': 'REPLACE' });
    const location = second.prepared.checks.find((check) => check.id === 'location');
    expect(location?.status).toBe('warn');
    expect(location?.found).toContain("holds SCSM01's Service Manager key");
    expect(second.prepared.plan.find((step) => step.id === 'back-up-key')?.destructive?.warning).toContain(
      "SCSM01's Service Manager key",
    );
    expect(second.done?.phase).toBe('succeeded');

    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    harness.drill.signIn('SCSM01');
    const restore = await run(harness, answers('SCSM01', 'restore'));
    const owner = restore.prepared.checks.find((check) => check.id === 'key-owner');
    expect(owner).toMatchObject({ status: 'fail', found: "this file holds SCSM02's Service Manager key" });
    expect(restore.done).toBeNull();
    expect(keyOf(harness, 'SCSM01')).toBeNull();
    expect(scsm01Key).not.toBeNull();
  });

  it('gives every server a file of its own by default, and restores each on its server', async () => {
    const harness = createHarness();
    const defaults: Record<string, string> = {};
    for (const server of ['SCSM01', 'SCSM02']) {
      harness.drill.signIn(server);
      const prefilled = await harness.runs.flow('encryption-key').defaults(harness.ctx());
      defaults[server] = String(prefilled.keyFile);
      expect((await run(harness, answers(server, 'backup', defaults[server]))).done?.phase).toBe('succeeded');
    }
    expect(defaults).toEqual({
      SCSM01: '\\\\FS01\\RecoveryKit\\Keys\\SCSM01-ServiceManager-key.bin',
      SCSM02: '\\\\FS01\\RecoveryKit\\Keys\\SCSM02-ServiceManager-key.bin',
    });
    const original = keyOf(harness, 'SCSM01');
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    harness.drill.signIn('SCSM01');
    const wrong = await run(harness, answers('SCSM01', 'restore', defaults.SCSM02));
    expect(wrong.prepared.checks.find((check) => check.id === 'key-owner')?.status).toBe('fail');
    expect(wrong.prepared.checks.find((check) => check.id === 'file-name')?.status).toBe('warn');
    const right = await run(harness, answers('SCSM01', 'restore', defaults.SCSM01));
    expect(right.prepared.checks.find((check) => check.id === 'key-owner')).toMatchObject({
      status: 'pass',
      found: "recorded: SCSM01's Service Manager key",
    });
    expect(right.done?.phase).toBe('succeeded');
    expect(keyOf(harness, 'SCSM01')).toBe(original);
  });

  it('reads the owner from the index Prepare set aside, only while the key file is the one it recorded', async () => {
    const ctx = createHarness().ctx();
    const here = await ctx.host.system.computerName();
    const kit = '\\\\FS01\\Kits\\Aside';
    const file = `${kit}\\Keys\\SCSM01-ServiceManager-key.bin`;
    await ctx.host.files.createFolder(here, kit);
    await ctx.host.files.createFolder(here, `${kit}\\Keys`);
    await ctx.host.files.writeText(here, file, 'the key as the kit recorded it');
    const facts = await ctx.host.files.stat(here, file);
    const entry = { path: 'Keys\\SCSM01-ServiceManager-key.bin', role: 'encryption-key', size: facts.size };
    const aside = {
      schemaVersion: 1,
      siteName: 'Contoso',
      madeBy: 'CONTOSO\\operator',
      madeOn: 'SCSM01',
      wizardVersion: 'test',
      startedAt: '2026-12-01T08:00:00Z',
      finishedAt: '2026-12-01T08:30:00Z',
      complete: true,
      missing: [],
      files: [
        {
          ...entry,
          sha256: facts.sha256,
          madeAt: '2026-12-01T08:10:00Z',
          server: 'SCSM01',
          keyRole: 'Service Manager',
        },
      ],
    };
    await ctx.host.files.writeText(here, `${kit}\\${KIT_PREVIOUS_INDEX_FILE}`, JSON.stringify(aside));
    expect(await recordedKeyOwner(ctx, file)).toEqual({ server: 'SCSM01', keyRole: 'Service Manager' });
    await ctx.host.files.writeText(here, file, 'another key written since');
    expect(await recordedKeyOwner(ctx, file)).toBeNull();
  });
});
