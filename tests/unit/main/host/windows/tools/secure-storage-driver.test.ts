import { spawn } from 'node:child_process';
import { createDecipheriv, scryptSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  describeSecureStorageCommand,
  describeSecureStorageWizard,
  driveSecureStorageBackup,
  isInputRedirectionRefusal,
  runSecureStorageWizard,
  type ConsoleMode,
  type SecureStorageCommand,
} from '../../../../../../src/main/host/windows/tools/secure-storage-driver';
import { CommandLineUnsupportedError, HostError } from '../../../../../../src/main/knowledge/failures';
import type { SecureStorageAction } from '../../../../../../src/main/knowledge/service-manager/secure-storage-backup';
import type { StepIo } from '../../../../../../src/main/host/types';
import { expectNoSecret, failureOf } from '../../../../support/driver-assertions';

const standIn = fileURLToPath(
  new URL('../../../../../fixtures/secure-storage-backup/secure-storage-backup.mjs', import.meta.url),
);
const command: SecureStorageCommand = { executable: process.execPath, prefixArgs: [standIn] };
const realCommand: SecureStorageCommand = {
  executable: 'X:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe',
  prefixArgs: [],
};

const mixedPattern = ['a', 'Z', '9', 'ü', '密', 'я', '🔑', '"', "'", '`', '$', '(', ')', '%', '&', '|', ' ', 'é', '\\'];
const longPassword = Array.from({ length: 128 }, (_, index) => mixedPattern[index % mixedPattern.length]).join('');

const passwords: [label: string, password: string][] = [
  ['quotes, backticks and shell syntax', 'Pa\'ss"wo`rd$(rm -rf /)%PATH%;&|<>'],
  ['unicode', 'pässwörd-密码-пароль-🔑🔑'],
  ['128 mixed characters', longPassword],
  ['leading and trailing spaces', '  spaces around it  '],
  // Echoed by a pseudo-console, this must not pass for a third password prompt.
  ['text that ends like a prompt', 'the new password:'],
];

const plainPassword = 'correct horse battery';

interface RecordedIo extends StepIo {
  lines: string[];
  messages: string[];
}

function recordingIo(): RecordedIo {
  const lines: string[] = [];
  const messages: string[] = [];
  return {
    lines,
    messages,
    output: (line) => lines.push(line),
    progress: (_percent, message) => {
      if (message !== undefined) messages.push(message);
    },
  };
}

/** Reads the key out of a backup the way the format is defined, so the exact password bytes are checked. */
function decryptBackup(file: string, password: string): Buffer {
  const content = readFileSync(file);
  const salt = content.subarray(8, 24);
  const iv = content.subarray(24, 36);
  const tag = content.subarray(36, 52);
  const decipher = createDecipheriv('aes-256-gcm', scryptSync(Buffer.from(password, 'utf8'), salt, 32), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(content.subarray(52)), decipher.final()]);
}

let workDir: string;
let keyStore: string;

beforeEach(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'secure-storage-'));
  keyStore = path.join(workDir, 'machine-key.bin');
});

afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe.each<ConsoleMode>(['pty', 'pipes'])('driveSecureStorageBackup through %s', (mode) => {
  const drive = (
    action: SecureStorageAction,
    file: string,
    password: string,
    io: StepIo,
    extraEnv: Record<string, string> = {},
    timeoutMs = 10_000,
    promptTimeoutMs?: number,
  ) =>
    driveSecureStorageBackup({
      command,
      action,
      file,
      password,
      mode,
      timeoutMs,
      promptTimeoutMs,
      io,
      env: { STAND_IN_KEY_STORE: keyStore, ...extraEnv },
    });

  it.each(passwords)('backs up and restores the same key with a password of %s', async (_label, password) => {
    const backupFile = path.join(workDir, 'scsm key backup.bin');
    const backupIo = recordingIo();
    const backup = await drive('Backup', backupFile, password, backupIo);
    const originalKey = readFileSync(keyStore);
    expect(originalKey).toHaveLength(32);
    expect(backup.output).toContain('Secure Storage Key Backup Complete');
    expect(backupIo.lines).toEqual(backup.output);
    // The stand-in derived its key from exactly these UTF-8 bytes, spaces and all.
    expect(decryptBackup(backupFile, password).equals(originalKey)).toBe(true);

    rmSync(keyStore);
    const restoreIo = recordingIo();
    const restore = await drive('Restore', backupFile, password, restoreIo);
    expect(restore.output).toContain('Secure Storage Key Restore Complete');
    expect(readFileSync(keyStore).equals(originalKey)).toBe(true);

    const described = describeSecureStorageCommand(command, 'Restore', backupFile);
    expectNoSecret([password], backup, restore, backupIo, restoreIo, described);
  });

  it('reports a wrong password in the words of the tool and leaves the key alone', async () => {
    const backupFile = path.join(workDir, 'key.bin');
    await drive('Backup', backupFile, plainPassword, recordingIo());
    const machineKey = Buffer.alloc(32, 7);
    writeFileSync(keyStore, machineKey);

    const wrong = 'not the right password';
    const io = recordingIo();
    const error = await failureOf(drive('Restore', backupFile, wrong, io));
    expect(error.code).toBe('script');
    expect(error.message).toBe(
      'SecureStorageBackup.exe failed (exit code 5): The password is not correct for this backup file.',
    );
    expect(error.details).toContain('The password is not correct for this backup file.');
    expect(readFileSync(keyStore).equals(machineKey)).toBe(true);
    expect(isInputRedirectionRefusal(error)).toBe(false);
    // A real failure: opening the tool's own wizard would not help.
    expect(error).not.toBeInstanceOf(CommandLineUnsupportedError);
    expectNoSecret([wrong], error, io, describeSecureStorageCommand(command, 'Restore', backupFile));
  });

  it('names the missing backup file', async () => {
    const missing = path.join(workDir, 'no such backup.bin');
    const io = recordingIo();
    const error = await failureOf(drive('Restore', missing, plainPassword, io));
    expect(['not-found', 'script']).toContain(error.code);
    expect(error.message).toContain(missing);
    expect(error).not.toBeInstanceOf(CommandLineUnsupportedError);
    expect(existsSync(keyStore)).toBe(false);
    expectNoSecret([plainPassword], error, io);
  });

  it('names the missing folder of a backup', async () => {
    const folder = path.join(workDir, 'missing folder');
    const io = recordingIo();
    const error = await failureOf(drive('Backup', path.join(folder, 'key.bin'), plainPassword, io));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(folder);
    expectNoSecret([plainPassword], error, io);
  });

  it('passes on the rule for short passwords', async () => {
    const io = recordingIo();
    const error = await failureOf(drive('Backup', path.join(workDir, 'key.bin'), 'short', io));
    expect(error.message).toBe(
      'SecureStorageBackup.exe failed (exit code 3): The password must be at least 8 characters long.',
    );
    expectNoSecret(['short'], error, io);
  });

  it('stops at a question it cannot answer instead of waiting', async () => {
    const backupFile = path.join(workDir, 'key.bin');
    await drive('Backup', backupFile, plainPassword, recordingIo());
    const io = recordingIo();
    const started = Date.now();
    const error = await failureOf(
      drive('Restore', backupFile, plainPassword, io, { STAND_IN_EXTRA_PROMPT: 'Overwrite existing key? (Y/N): ' }),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('script');
    expect(error.message).toContain('"Overwrite existing key? (Y/N):"');
    expect(error.message).toContain('Encryption Key Backup or Restore Wizard');
    expectNoSecret([plainPassword], error, io);
  });

  it('stops a tool that never finishes at the timeout', async () => {
    const io = recordingIo();
    const timeoutMs = 1_500;
    const started = Date.now();
    const error = await failureOf(
      drive('Backup', path.join(workDir, 'key.bin'), plainPassword, io, { STAND_IN_HANG: '1' }, timeoutMs),
    );
    expect(Date.now() - started).toBeLessThan(timeoutMs + 1_000);
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('SecureStorageBackup.exe did not finish within 2 seconds');
    expectNoSecret([plainPassword], error, io);
  });

  it('recognises a version that answers its arguments with a usage text', async () => {
    const io = recordingIo();
    const error = await failureOf(
      drive('Backup', path.join(workDir, 'key.bin'), plainPassword, io, { STAND_IN_NO_COMMAND_LINE: '1' }),
    );
    expect(error).toBeInstanceOf(CommandLineUnsupportedError);
    expect(error.message).toBe(
      'SecureStorageBackup.exe cannot be driven from its command line on this version: it answered "Backup <file>" with its usage text instead of asking for the password.',
    );
    expect(error.details).toContain('Usage: SecureStorageBackup.exe');
    expect(io.lines).toContain('Usage: SecureStorageBackup.exe');
    expect(existsSync(path.join(workDir, 'key.bin'))).toBe(false);
    expectNoSecret([plainPassword], error, io);
  });

  it('recognises a windowed version that never asks on the console, and closes it', async () => {
    const io = recordingIo();
    const started = Date.now();
    const error = await failureOf(
      drive('Restore', path.join(workDir, 'key.bin'), plainPassword, io, { STAND_IN_WINDOWED: 'open' }, 10_000, 800),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(CommandLineUnsupportedError);
    expect(error.message).toContain('did not ask for the password on the console within 1 seconds and was closed');
    expectNoSecret([plainPassword], error, io);
  });

  it('recognises a windowed version that returns without a word', async () => {
    const io = recordingIo();
    const error = await failureOf(
      drive('Backup', path.join(workDir, 'key.bin'), plainPassword, io, { STAND_IN_WINDOWED: 'closed' }),
    );
    expect(error).toBeInstanceOf(CommandLineUnsupportedError);
    expect(error.message).toContain(
      'ended (exit code 0) without asking for the password or writing anything on the console',
    );
  });

  it('gives a slow tool the whole prompt timeout once it has asked', async () => {
    const backupFile = path.join(workDir, 'key.bin');
    const io = recordingIo();
    const result = await drive('Backup', backupFile, plainPassword, io, {}, 10_000, 5_000);
    expect(result.output).toContain('Secure Storage Key Backup Complete');
  });

  it('handles a tool that refuses redirected input', async () => {
    const io = recordingIo();
    const run = drive('Backup', path.join(workDir, 'key.bin'), plainPassword, io, { STAND_IN_REQUIRE_TTY: '1' });
    if (mode === 'pipes') {
      const error = await failureOf(run);
      expect(isInputRedirectionRefusal(error)).toBe(true);
      expect(error.message).toBe('SecureStorageBackup.exe failed (exit code 7): Input redirection is not supported.');
      expectNoSecret([plainPassword], error, io);
    } else {
      const result = await run;
      expect(result.output).toContain('Secure Storage Key Backup Complete');
      expectNoSecret([plainPassword], result, io);
    }
  });
});

describe('driveSecureStorageBackup before starting the tool', () => {
  const base = {
    action: 'Backup' as const,
    mode: 'pipes' as const,
    timeoutMs: 5_000,
    io: recordingIo(),
  };

  it('refuses a password that a console prompt would cut short', async () => {
    const error = await failureOf(
      driveSecureStorageBackup({ ...base, command, file: path.join(workDir, 'k.bin'), password: 'first line\nsecond' }),
    );
    expect(error.message).toContain('line break');
    expectNoSecret(['first line\nsecond'], error);
  });

  it('says where the tool was expected when it is missing', async () => {
    const executable = path.join(workDir, 'SecureStorageBackup.exe');
    const error = await failureOf(
      driveSecureStorageBackup({
        ...base,
        command: { executable, prefixArgs: [] },
        file: path.join(workDir, 'k.bin'),
        password: plainPassword,
      }),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(executable);
  });
});

describe('runSecureStorageWizard', () => {
  const wizardEnv = (state: string) => ({ STAND_IN_KEY_STORE: keyStore, STAND_IN_WIZARD: state });

  it('opens the tool without arguments and reports the exit code the operator closed it with', async () => {
    const io = recordingIo();
    expect(await runSecureStorageWizard({ command, io, env: wizardEnv('0') })).toEqual({ exitCode: 0 });
    expect(io.messages[0]).toBe('The Encryption Key Backup or Restore Wizard is open (0 min)');
    expect(await runSecureStorageWizard({ command, io: recordingIo(), env: wizardEnv('5') })).toEqual({
      exitCode: 5,
    });
  });

  it('waits two hours at least before closing a wizard left open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      const io = recordingIo();
      let outcome: unknown = 'pending';
      const run = runSecureStorageWizard({ command, io, timeoutMs: 1_000, env: wizardEnv('open') }).then(
        (result) => (outcome = result),
        (error: unknown) => (outcome = error),
      );
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(outcome).toBe('pending');
      expect(io.messages).toContain('The Encryption Key Backup or Restore Wizard is open (60 min)');
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      vi.useRealTimers();
      await run;
      expect(outcome).toBeInstanceOf(HostError);
      expect((outcome as HostError).code).toBe('timeout');
      expect((outcome as HostError).message).toBe(
        'The Encryption Key Backup or Restore Wizard was still open after 120 minutes and was closed. Run the step again.',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('says where the tool was expected when it is missing', async () => {
    const executable = path.join(workDir, 'SecureStorageBackup.exe');
    const error = await failureOf(
      runSecureStorageWizard({ command: { executable, prefixArgs: [] }, io: recordingIo() }),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(executable);
  });

  it('shows the command line of the plan without arguments', () => {
    expect(describeSecureStorageWizard(realCommand)).toBe('X:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe');
  });
});

describe('the test passwords', () => {
  it('include one of exactly 128 characters', () => {
    expect([...longPassword]).toHaveLength(128);
  });
});

describe('describeSecureStorageCommand', () => {
  it('shows the command line of the plan with the file as one argument', () => {
    expect(describeSecureStorageCommand(realCommand, 'Backup', 'D:\\Keys\\SM key.bin')).toBe(
      'X:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe Backup "D:\\Keys\\SM key.bin"',
    );
    expect(describeSecureStorageCommand(realCommand, 'Restore', 'D:\\Keys\\SM.bin')).toBe(
      'X:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe Restore D:\\Keys\\SM.bin',
    );
  });
});

describe('isInputRedirectionRefusal', () => {
  it('recognises the refusal of .NET console input as well', () => {
    const dotNet = new HostError(
      'script',
      'SecureStorageBackup.exe failed (exit code 1): Unhandled Exception: System.InvalidOperationException',
      'Cannot read keys when either application does not have a console or when console input has been redirected.',
    );
    expect(isInputRedirectionRefusal(dotNet)).toBe(true);
    expect(isInputRedirectionRefusal(new HostError('timeout', 'redirected', 'redirected'))).toBe(false);
    expect(isInputRedirectionRefusal(new Error('Input redirection is not supported.'))).toBe(false);
  });
});

describe('the stand-in for SecureStorageBackup.exe', () => {
  it('rejects a confirmation that differs from the password', async () => {
    const child = spawn(process.execPath, [standIn, 'Backup', path.join(workDir, 'key.bin')], {
      env: { ...process.env, STAND_IN_KEY_STORE: keyStore },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdin.end('first password\nsecond password\n');
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(exitCode).toBe(2);
    expect(output).toContain('Password: ');
    expect(output).toContain('Confirm password: ');
    expect(output).toContain('The passwords do not match.');
    expect(existsSync(path.join(workDir, 'key.bin'))).toBe(false);
  });
});
