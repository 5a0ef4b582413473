import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encryptionKeyRestoredCheck } from '../../../../../src/main/procedures/common/encryption-keys';
import { journalHistory } from '../../../../../src/main/engine/run-history';
import { createHarness } from '../../../support/harness';
import { memoryKeychain } from '../../../support/memory-keychain';

const PASSWORD = `Pa'ss"wo\`rd$(rm -rf /)%PATH%-pässwörd-🔑`;
const BACKUP = {
  server: 'SCSM02',
  action: 'backup',
  mediaPath: 'D:\\',
  keyFile: '\\\\FS01\\RecoveryKit\\SMBackupkey.bin',
  password: PASSWORD,
  confirmPassword: PASSWORD,
  remember: true,
  useRemembered: false,
};
const RESTORE = {
  ...BACKUP,
  action: 'restore',
  password: '',
  confirmPassword: '',
  remember: false,
  useRemembered: true,
};

async function run(
  harness: ReturnType<typeof createHarness>,
  answers: Record<string, string | boolean>,
  confirmations = {},
) {
  const prepared = await harness.runs.prepare('encryption-key', answers);
  const blocking = prepared.checks.filter((check) => check.status === 'fail');
  if (blocking.length > 0) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, confirmations);
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

describe('back up or restore an encryption key (drill)', () => {
  it('backs up the key, remembers the password under the file fingerprint, and restores with it', async () => {
    const keychain = memoryKeychain();
    const harness = createHarness({ keychain });
    const defaults = await harness.runs.flow('encryption-key').defaults(harness.ctx());
    expect(defaults).toMatchObject({
      server: 'SCSM02',
      keyFile: '\\\\FS01\\RecoveryKit\\Keys\\SCSM02-ServiceManager-key.bin',
      remember: true,
    });

    const backup = await run(harness, BACKUP);
    expect(backup.prepared.plan[0]?.commands[0]).toEqual({
      kind: 'program',
      computer: 'SCSM02',
      commandLine:
        'D:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe Backup \\\\FS01\\RecoveryKit\\SMBackupkey.bin',
      input: 'the password, twice (hidden)',
    });
    expect(backup.done?.phase).toBe('succeeded');
    expect(backup.done?.outcomeMessage).toContain('Keep the password offline');
    expect(backup.done?.verification[0]?.found).toMatch(/SMBackupkey\.bin: 1184 bytes, SHA-256 [0-9a-f]{64}$/);
    const [account] = [...keychain.entries.keys()];
    expect(account).toMatch(/^Contoso production \(drill\) \| Service Manager \| [0-9A-F]{16}$/);
    expect(keychain.entries.get(account ?? '')).toBe(PASSWORD);

    // The server is rebuilt under the same name: the key is gone until it is restored.
    const keyBefore = harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId;
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    expect(harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBeNull();

    const restore = await run(harness, RESTORE);
    expect(restore.prepared.checks.find((c) => c.id === 'remembered-password')?.status).toBe('pass');
    expect(restore.done?.phase).toBe('succeeded');
    expect(harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBe(keyBefore);
  });

  it('a wrong password is a clear error and changes nothing', async () => {
    const harness = createHarness();
    await run(harness, BACKUP);
    const before = harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId;
    const wrong = 'not-the-password';
    const restore = await run(harness, { ...RESTORE, useRemembered: false, password: wrong, confirmPassword: wrong });
    expect(restore.done?.phase).toBe('failed');
    expect(restore.done?.steps[0]?.error?.message).toBe(
      'SecureStorageBackup.exe failed (exit code 5): The password is not correct for this backup file.',
    );
    expect(harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBe(before);
    // The wizard closes. Its password was never stored: Resume asks for exactly that one again.
    const reopened = createHarness({ drill: harness.drill, journalDirectory: harness.journalDirectory });
    const [unfinished] = reopened.runs.unfinished();
    expect(unfinished?.secretsNeeded).toEqual([{ name: 'password', label: 'Password' }]);
    const { runId } = restore.prepared;
    await expect(reopened.runs.resume(runId)).rejects.toThrow(/need Password again/);
    await expect(reopened.runs.resume(runId, { password: PASSWORD, confirmPassword: PASSWORD })).rejects.toThrow(
      /does not need Confirm Password/,
    );
    const resumed = await reopened.runs.resume(runId, { password: PASSWORD });
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([false]);
    await reopened.runs.start(
      runId,
      resumed.checks.filter((c) => c.status === 'warn').map((c) => c.id),
      {},
    );
    const done = await reopened.runs.settled(runId);
    expect(done.phase).toBe('succeeded');
    expect(reopened.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBe(before);
    expect(readFileSync(done.journalPath, 'utf8')).not.toContain(PASSWORD);
  });

  it('blocks a key restore on a computer with another name, naming both', async () => {
    const harness = createHarness();
    const restore = await run(harness, {
      ...RESTORE,
      server: 'SCSM01',
      useRemembered: false,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(restore.done).toBeNull();
    expect(restore.prepared.checks.find((c) => c.id === 'same-computer')).toMatchObject({
      status: 'fail',
      expected: 'SCSM01',
      found: 'SCSM02',
    });
  });

  it('blocks missing media and a missing key file, and needs REPLACE to overwrite a backup', async () => {
    const harness = createHarness();
    const missing = await harness.runs.prepare('encryption-key', {
      ...RESTORE,
      mediaPath: 'E:\\',
      keyFile: '\\\\FS01\\RecoveryKit\\nothing.bin',
    });
    expect(missing.checks.find((c) => c.id === 'media')).toMatchObject({ status: 'fail', found: 'not there' });
    expect(missing.checks.find((c) => c.id === 'location')).toMatchObject({ status: 'fail', found: 'not found' });

    await run(harness, BACKUP);
    const again = await harness.runs.prepare('encryption-key', BACKUP);
    expect(again.plan[0]?.destructive?.confirmWord).toBe('REPLACE');
    await expect(harness.runs.start(again.runId, [], {})).rejects.toThrow(/Type REPLACE to confirm/);
  });

  it('carries on without remembering when the keychain is locked, after a warning', async () => {
    const keychain = memoryKeychain(false);
    const harness = createHarness({ keychain });
    // Not offered ticked where it cannot be done; ticked by the operator all the same, it warns.
    expect((await harness.runs.flow('encryption-key').defaults(harness.ctx())).remember).toBe(false);
    const backup = await run(harness, BACKUP);
    expect(backup.prepared.checks.find((c) => c.id === 'keychain')).toMatchObject({
      status: 'warn',
      found: expect.stringMatching(/^The OS keychain, the test keychain, is locked: /),
    });
    expect(backup.prepared.plan.map((step) => step.id)).toEqual(['back-up-key']);
    expect(backup.done?.phase).toBe('succeeded');
  });

  it('rejects a short password and a confirmation that does not match', async () => {
    const harness = createHarness();
    await expect(
      harness.runs.prepare('encryption-key', { ...BACKUP, password: 'short', confirmPassword: 'short' }),
    ).rejects.toThrow(/^These answers cannot be used\. Password: the password has at least 8 characters\.$/);
    await expect(
      harness.runs.prepare('encryption-key', { ...BACKUP, confirmPassword: 'something else' }),
    ).rejects.toThrow(/^These answers cannot be used\. Confirm Password: the two passwords do not match\.$/);
  });

  it('the order rule passes only after a successful restore of that key on that computer', async () => {
    const harness = createHarness();
    const ctx = () => harness.ctx();
    const check = encryptionKeyRestoredCheck('SCSM02');
    expect((await check.run(ctx())).status).toBe('fail');
    await run(harness, BACKUP);
    expect((await check.run(ctx())).status).toBe('fail');
    await run(harness, { ...RESTORE, useRemembered: false, password: PASSWORD, confirmPassword: PASSWORD });
    expect(await check.run(ctx())).toMatchObject({ status: 'pass' });
    expect((await encryptionKeyRestoredCheck('SCSM03').run(ctx())).status).toBe('fail');
    expect(journalHistory(harness.journalDirectory).succeeded('encryption-key', 'real')).toEqual([]);
  });

  it('says on the Introduction page what this computer’s registry records', async () => {
    const harness = createHarness();
    const evidence = async () => (await harness.runs.flow('encryption-key').defaults(harness.ctx())).registryEvidence;
    const introduction = harness.runs.flow('encryption-key').pages(harness.ctx().manifest)[0];
    expect(introduction?.fields.find((field) => field.name === 'registryEvidence')).toMatchObject({
      kind: 'text',
      readOnly: true,
    });
    expect(await evidence()).toBe('Service Manager management server (ServiceManager on SQLSM01\\SCSM)');
    harness.drill.signIn('SCSMDW01');
    expect(await evidence()).toBe('Data warehouse management server (DWStagingAndConfig on SQLDW01\\SCDW)');
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSMDW01' });
    expect(await evidence()).toBe('No Service Manager installed (as on a rebuilt server)');
    harness.drill.inject({ kind: 'computer-unreachable', computer: 'SCSMDW01' });
    expect(await evidence()).toMatch(/^Could not be read: Cannot reach SCSMDW01/);
  });
});

describe('when SecureStorageBackup.exe cannot be driven from its command line (drill)', () => {
  const FAULT = { kind: 'secure-storage-command-line-unsupported', times: 1 } as const;

  function mainStep(done: Awaited<ReturnType<typeof run>>['done']) {
    return done?.steps[0];
  }

  it('plans the fallback to the tool’s own wizard with what to enter there', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('encryption-key', BACKUP);
    expect(prepared.plan[0]?.commands[1]).toEqual({
      kind: 'program',
      computer: 'SCSM02',
      commandLine: 'D:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe',
      // Shown under the command line it replaces, not as a second run.
      fallbackFor: 'If the command line cannot be driven',
      guidance: [
        'Only if this version cannot be driven from its command line: the tool is opened with no arguments, as its own wizard, and you enter:',
        'Introduction: select Next.',
        'Backup or Restore?: select "Backup the Encryption Key", then Next.',
        'Provide a Location: enter \\\\FS01\\RecoveryKit\\SMBackupkey.bin, then Next.',
        'Provide a Password: in Password and in Confirm Password, enter the password you typed on this wizard’s "Provide a Password" page. Then select Next.',
        'After the message "Secure Storage Key Backup Complete", select Finish. This wizard then checks the result.',
      ],
    });
  });

  it('backs up through the wizard the operator drives, and checks the new file', async () => {
    const keychain = memoryKeychain();
    const harness = createHarness({ keychain });
    harness.drill.inject(FAULT);
    const { done } = await run(harness, BACKUP);
    expect(done?.phase).toBe('succeeded');
    const output = mainStep(done)?.output ?? [];
    expect(output).toContain(
      'SecureStorageBackup.exe cannot be driven from its command line on this version: it answered "Backup <file>" with its usage text instead of asking for the password.',
    );
    expect(output).toContain(
      'The Encryption Key Backup or Restore Wizard opens now. Enter these values, page by page:',
    );
    expect(output).toContain('Provide a Location: enter \\\\FS01\\RecoveryKit\\SMBackupkey.bin, then Next.');
    expect(output.at(-1)).toMatch(
      /^Checked: the wizard wrote \\\\FS01\\RecoveryKit\\SMBackupkey\.bin \(1184 bytes, fingerprint [0-9A-F]{16}\); it ended with exit code 0\.$/,
    );
    expect(JSON.stringify(done)).not.toContain(PASSWORD);
    expect(done?.verification[0]).toMatchObject({ status: 'pass' });
    expect(harness.drill.snapshot().faults).toEqual([]);
    // The backup the operator made opens with the password they chose, remembered as usual.
    expect([...keychain.entries.values()]).toEqual([PASSWORD]);
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    expect((await run(harness, RESTORE)).done?.phase).toBe('succeeded');
  });

  it('fails a wizard backup that left the old file in place', async () => {
    const harness = createHarness();
    await run(harness, BACKUP);
    // Rebuilt without its key, the server has nothing to back up: the wizard says so and writes nothing.
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    harness.drill.inject(FAULT);
    const { done } = await run(harness, BACKUP, { 'back-up-key': 'REPLACE' });
    expect(done?.phase).toBe('failed');
    expect(mainStep(done)?.error?.message).toBe(
      '\\\\FS01\\RecoveryKit\\SMBackupkey.bin is the one that was there before: the key was not backed up (the wizard ended with exit code 8). Run this step again and enter the values listed.',
    );
  });

  it('restores through the wizard and says the exit code is the only evidence', async () => {
    const harness = createHarness();
    await run(harness, BACKUP);
    const keyBefore = harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId;
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    harness.drill.inject(FAULT);
    const { done } = await run(harness, RESTORE);
    expect(done?.phase).toBe('succeeded');
    const output = mainStep(done)?.output ?? [];
    expect(output).toContain('Backup or Restore?: select "Restore the Encryption Key", then Next.');
    expect(output).toContain(
      'Provide a Password: in Password and in Confirm Password, enter the password this key file was backed up with. The one remembered in the OS keychain cannot be shown or typed for you: take it from where you keep it offline. Then select Next.',
    );
    expect(output.at(-1)).toBe(
      'The wizard ended with exit code 0. The restored key cannot be read from outside the tool, so that exit code is the only sign of success: it should have said "Secure Storage Key Restore Complete".',
    );
    expect(JSON.stringify(done)).not.toContain(PASSWORD);
    expect(harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBe(keyBefore);
  });

  it('fails a wizard restore that ended with another exit code, and leaves the key alone', async () => {
    const harness = createHarness();
    await run(harness, BACKUP);
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    harness.drill.inject(FAULT);
    const wrong = 'not-the-password';
    const { done } = await run(harness, { ...RESTORE, useRemembered: false, password: wrong, confirmPassword: wrong });
    expect(done?.phase).toBe('failed');
    expect(mainStep(done)?.error?.message).toBe(
      "The Encryption Key Backup or Restore Wizard ended with exit code 5: the key may not have been restored. Run this step again, and read the wizard's message before you select Finish.",
    );
    expect(harness.drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).toBeNull();
  });
});
