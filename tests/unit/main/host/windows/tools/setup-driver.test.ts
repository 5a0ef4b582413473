import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DOCUMENTED_SETUP_SWITCHES,
  serverSetupArguments,
  type ServerSetupOptions,
} from '../../../../../../src/main/knowledge/service-manager/setup-command-line';
import {
  readSetupSwitches,
  runInteractiveSetup,
  runSetupProgram,
  type SetupCommand,
} from '../../../../../../src/main/host/windows/tools/setup-driver';
import { describeSetupExit } from '../../../../../../src/main/knowledge/service-manager/setup-exit-codes';
import { argumentText, type CommandArgument } from '../../../../../../src/main/knowledge/windows/command-line';
import type { StepIo } from '../../../../../../src/main/host/types';
import { tempDirectory } from '../../../../support/harness';
import { expectNoSecret, failureOf } from '../../../../support/driver-assertions';

const standIn = fileURLToPath(new URL('../../../../../fixtures/setup/setup.mjs', import.meta.url));
const command: SetupCommand = { executable: process.execPath, prefixArgs: [standIn] };

const onWindows = process.platform === 'win32';
if (!onWindows) {
  console.warn(
    `Note: on ${process.platform} a process exit code carries only its low 8 bits, so Setup's -14, -15 and 3010 ` +
      'are checked here as 242, 241 and 194; on Windows the full codes are checked.',
  );
}
/** The exit code a process can report on this platform for `code`. */
const reported = (code: number): number => (onWindows ? code : ((code % 256) + 256) % 256);

const servicePassword = 'Svc "pass" \\ word 1!';
const workflowPassword = 'wf-пароль-🔑\\';

function setupOptions(overrides: Partial<ServerSetupOptions> = {}): ServerSetupOptions {
  return {
    registeredOwner: 'Contoso IT',
    registeredOrganization: 'Contoso',
    productKey: '',
    installPath: '',
    existingDatabase: { server: 'SQLSM01\\SCSM', database: 'ServiceManager' },
    serviceAccount: { domain: 'CONTOSO', user: 'svc-scsm', password: servicePassword },
    workflowAccount: { domain: 'CONTOSO', user: 'svc-wf', password: workflowPassword },
    ceip: false,
    errorReporting: false,
    ...overrides,
  };
}

interface RecordedIo extends StepIo {
  lines: string[];
  times: number[];
  messages: string[];
}

function recordingIo(): RecordedIo {
  const lines: string[] = [];
  const times: number[] = [];
  const messages: string[] = [];
  return {
    lines,
    times,
    messages,
    output: (line) => {
      lines.push(line);
      times.push(Date.now());
    },
    progress: (_percent, message) => {
      if (message !== undefined) messages.push(message);
    },
  };
}

let logDir: string;

beforeEach(() => {
  logDir = tempDirectory('setup-log');
});

afterEach(() => {
  rmSync(logDir, { recursive: true, force: true });
});

function run(
  args: readonly CommandArgument[],
  env: Record<string, string> = {},
  io = recordingIo(),
  timeoutMs = 15_000,
) {
  return runSetupProgram(command, args, {
    timeoutMs,
    io,
    logDirectory: logDir,
    env: { STANDIN_SETUP_LOG_DIR: logDir, ...env },
  });
}

describe('runSetupProgram with the Setup.exe stand-in', () => {
  const args = serverSetupArguments(setupOptions());
  const secrets = [servicePassword, workflowPassword];

  it('runs Setup to success and hands back its log', async () => {
    const io = recordingIo();
    const result = await run(args, {}, io);
    expect(result.exitCode).toBe(0);
    expect(result.logPath).toBe(path.join(logDir, 'SCSMSetupWizard01.txt'));
    expect(result.logTail.some((line) => line.endsWith('Setup completed successfully.'))).toBe(true);
    expect(result.logTail.some((line) => line.endsWith('Argument[2]: /RegisteredOwner:Contoso IT'))).toBe(true);
    expect(result.logTail.length).toBeLessThanOrEqual(40);
    expect(io.lines).toContain('Checking prerequisites...');
    expect(io.lines).toContain(`Following Setup's log ${result.logPath}`);
    expect(io.messages[0]).toBe('Setup is running… (0 min)');
    expectNoSecret(secrets, result, io, readFileSync(result.logPath ?? '', 'utf8'));
  });

  it('reports failed prerequisite checks (-14) with the cause at the end of the log', async () => {
    const result = await run(args, { STANDIN_SETUP_EXIT_CODE: '-14' });
    expect(result.exitCode).toBe(reported(-14));
    expect(result.logTail.at(-2)).toMatch(
      /Prerequisite check failed: Microsoft Report Viewer Redistributable is not installed\.$/,
    );
    if (onWindows) expect(describeSetupExit(result.exitCode).message).toContain('prerequisite checks failed');
  });

  it('reports an invalid command line (-15) when /Silent is not last', async () => {
    const misplaced = [...args.slice(0, -2), '/Silent', ...args.slice(-2, -1)];
    const result = await run(misplaced);
    expect(result.exitCode).toBe(reported(-15));
    expect(result.logTail.join('\n')).toContain('Invalid command line: /Silent must be the last argument.');
  });

  it('reports an invalid command line (-15) for a switch this Setup does not list', async () => {
    const io = recordingIo();
    const result = await run(args, { STANDIN_SETUP_OMIT_SWITCHES: 'UseExistingDatabase' }, io);
    expect(result.exitCode).toBe(reported(-15));
    expect(io.lines).toContain('Invalid command line: /UseExistingDatabase is not a parameter this Setup accepts.');
    expectNoSecret(secrets, result, io);
  });

  it('reports success that needs a restart (3010)', async () => {
    const result = await run(args, { STANDIN_SETUP_EXIT_CODE: '3010' });
    expect(result.exitCode).toBe(reported(3010));
    expect(result.logTail.join('\n')).toContain('A restart is required to complete the installation.');
  });

  it('passes the log on while Setup is still running', async () => {
    const io = recordingIo();
    const runMs = 2_000;
    const result = await run(args, { STANDIN_SETUP_RUN_MS: String(runMs) }, io);
    const ended = Date.now();
    const checking = io.lines.findIndex((line) => line.endsWith('Checking prerequisites.'));
    expect(checking).toBeGreaterThanOrEqual(0);
    expect(ended - (io.times[checking] ?? ended)).toBeGreaterThan(runMs / 2);
    expect(result.exitCode).toBe(0);
  });

  it('follows this run’s log, not an older one in the same folder', async () => {
    const earlier = path.join(logDir, 'SCSMSetupWizard01.txt');
    writeFileSync(earlier, 'an earlier installation\r\n');
    // Dated later than this run's log, as a clock set back would leave it: only a changed file counts.
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(earlier, later, later);
    const io = recordingIo();
    const result = await run(args, {}, io);
    expect(result.logPath).toBe(path.join(logDir, 'SCSMSetupWizard02.txt'));
    expect([...result.logTail, ...io.lines].join('\n')).not.toContain('an earlier installation');
  });

  it('follows SCSMInstall.log beside the wizard’s log', async () => {
    const io = recordingIo();
    const result = await run(args, {}, io);
    const installLog = path.join(logDir, 'SCSMInstall.log');
    expect(io.lines).toContain(`Following Setup's log ${installLog}`);
    expect(io.lines).toContain(`Following Setup's log ${path.join(logDir, 'SCSMSetupWizard01.txt')}`);
    expect(io.lines.some((line) => /ConfigureServiceManagerDatabase\. Return value 1\.$/.test(line))).toBe(true);
    expect(io.lines).toContain('Installation of Microsoft System Center Service Manager completed successfully.');
    expect(result.failure).toBeUndefined();
  });

  it('hands back the "Return value 3" line of SCSMInstall.log with the lines that name the cause', async () => {
    const io = recordingIo();
    const result = await run(args, { STANDIN_SETUP_EXIT_CODE: '-1' }, io);
    const installLog = path.join(logDir, 'SCSMInstall.log');
    expect(result.exitCode).toBe(reported(-1));
    expect(result.logPath).toBe(installLog);
    expect(result.failure?.logPath).toBe(installLog);
    expect(result.failure?.lines.at(-2)).toBe(
      'ConfigureServiceManagerDatabase: Login failed for the services account on the SQL Server instance.',
    );
    expect(result.failure?.lines.at(-1)).toMatch(
      /^Action ended \d\d:\d\d:\d\d: ConfigureServiceManagerDatabase\. Return value 3\.$/,
    );
    expect(result.failure?.lines.length).toBeLessThanOrEqual(7);
    expect(result.logTail.at(-1)).toBe('=== Logging stopped ===');
    expectNoSecret(secrets, result, io);
  });

  it('reads only what this run added to an SCSMInstall.log an earlier run left', async () => {
    const installLog = path.join(logDir, 'SCSMInstall.log');
    writeFileSync(installLog, 'an earlier installation\r\nAction ended 01:02:03: InstallFinalize. Return value 3.\r\n');
    const io = recordingIo();
    const result = await run(args, {}, io);
    expect(io.lines).toContain(`Following Setup's log ${installLog}`);
    expect(io.lines.some((line) => line.startsWith('=== Logging started'))).toBe(true);
    expect(io.lines.join('\n')).not.toContain('an earlier installation');
    expect(result.failure).toBeUndefined();
    expect(readFileSync(installLog, 'utf8')).toContain('an earlier installation');
  });

  it('reads the whole of an SCSMInstall.log written anew', async () => {
    const installLog = path.join(logDir, 'SCSMInstall.log');
    writeFileSync(installLog, 'an earlier installation\r\n');
    const io = recordingIo();
    await run(args, { STANDIN_SETUP_INSTALL_LOG_NEW: '1' }, io);
    const started = io.lines.findIndex((line) => line.startsWith('=== Logging started'));
    expect(started).toBeGreaterThan(io.lines.indexOf(`Following Setup's log ${installLog}`));
    expect(io.lines.join('\n')).not.toContain('an earlier installation');
  });

  it('stops Setup at the timeout and says where its log is', async () => {
    const io = recordingIo();
    const timeoutMs = 1_500;
    const started = Date.now();
    const error = await failureOf(run(args, { STANDIN_SETUP_RUN_MS: '60000' }, io, timeoutMs));
    expect(Date.now() - started).toBeLessThan(timeoutMs + 5_000);
    expect(error.code).toBe('timeout');
    const logPath = path.join(logDir, 'SCSMSetupWizard01.txt');
    expect(error.message).toContain('Setup.exe did not finish within 2 seconds and was stopped.');
    expect(error.message).toContain(logPath);
    const pid = Number(/Process id: (\d+)/.exec(readFileSync(logPath, 'utf8'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
    expectNoSecret(secrets, error, io);
  });

  it('masks the passwords when Setup writes its own command line into its log', async () => {
    const io = recordingIo();
    const result = await run(args, { STANDIN_SETUP_LOG_COMMAND_LINE: '1' }, io);
    expect(io.lines.some((line) => line.includes('Command line: /Install:Server'))).toBe(true);
    expect(result.logTail.some((line) => line.includes('/WorkflowAccount:CONTOSO\\svc-wf\\********'))).toBe(true);
    expectNoSecret(secrets, result, io);
  });

  it('hands Setup exactly the arguments it was given, hostile values and all', async () => {
    const hostile = [
      'Contoso "IT" \\ Ops\\',
      'C:\\Program Files\\SM folder\\',
      'a\\\\"b',
      '%PATH% & del /q C:\\* | more ^ < > ( )',
      'Überwachung – 服务 🔑',
      '   ',
    ];
    for (const value of hostile) {
      const argvFile = path.join(logDir, 'argv.json');
      const hostileArgs = serverSetupArguments(
        setupOptions({
          registeredOwner: value,
          registeredOrganization: `${value}x`,
          installPath: value,
          serviceAccount: { domain: 'CONTOSO', user: 'svc', password: `${value}pw` },
        }),
      );
      const result = await run(hostileArgs, { STANDIN_SETUP_ARGV_FILE: argvFile });
      expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual(hostileArgs.map(argumentText));
      expect(result.exitCode).toBe(0);
      expect(result.logTail.join('\n'), `the tail of ${result.logPath ?? 'no log'}`).toContain(
        ` Argument[2]: ${argumentText(hostileArgs[2] ?? '')}\n`,
      );
    }
  });

  it('reads a log Setup writes in UTF-16', async () => {
    const io = recordingIo();
    const owner = 'Überwachung – 服务 🔑';
    const result = await run(
      serverSetupArguments(setupOptions({ registeredOwner: owner })),
      { STANDIN_SETUP_LOG_UTF16: '1' },
      io,
    );
    expect(result.logTail.some((line) => line.endsWith(`Argument[2]: /RegisteredOwner:${owner}`))).toBe(true);
    expect(io.lines.some((line) => line.endsWith('Setup completed successfully.'))).toBe(true);
  });

  it('refuses an argument Windows cannot pass on, without repeating it', async () => {
    const withNul = serverSetupArguments(
      setupOptions({ serviceAccount: { domain: 'CONTOSO', user: 'svc', password: 'nul\0password' } }),
    );
    const error = await failureOf(run(withNul));
    expect(error.code).toBe('script');
    expect(error.message).toContain('NUL character');
    expectNoSecret(['nul\0password', 'password'], error);
  });

  it('says where Setup.exe was expected when it is missing', async () => {
    const executable = path.join(logDir, 'media', 'Setup.exe');
    const error = await failureOf(
      runSetupProgram({ executable, prefixArgs: [] }, args, {
        timeoutMs: 5_000,
        io: recordingIo(),
        logDirectory: logDir,
      }),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(executable);
    expectNoSecret(secrets, error);
  });

  it('reports a program that cannot be found on the path as not found', async () => {
    const error = await failureOf(
      runSetupProgram({ executable: 'no-such-setup-program-here', prefixArgs: [] }, args, {
        timeoutMs: 5_000,
        io: recordingIo(),
        logDirectory: logDir,
      }),
    );
    expect(error.code).toBe('not-found');
    expectNoSecret(secrets, error);
  });
});

describe('runInteractiveSetup with the Setup.exe stand-in', () => {
  it('opens the wizard without arguments and waits for it to close', async () => {
    const io = recordingIo();
    const started = Date.now();
    const result = await runInteractiveSetup(command, {
      io,
      logDirectory: logDir,
      env: { STANDIN_SETUP_LOG_DIR: logDir, STANDIN_SETUP_GUI_MS: '400' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(result.exitCode).toBe(0);
    expect(io.lines).toContain('The Service Manager Setup wizard opened (stand-in).');
    expect(result.logTail.some((line) => line.endsWith('Mode: wizard'))).toBe(true);
    expect(result.logTail.some((line) => line.includes('Argument['))).toBe(false);
    expect(io.messages[0]).toBe("Setup's wizard is open… (0 min)");
  });
});

describe('readSetupSwitches', () => {
  const documented = [...DOCUMENTED_SETUP_SWITCHES];

  it('reads every switch the stand-in lists for /?', async () => {
    expect(await readSetupSwitches(command, { timeoutMs: 10_000 })).toEqual(documented);
  });

  it('misses the switches a Setup of another version does not list', async () => {
    const listed = await readSetupSwitches(command, {
      timeoutMs: 10_000,
      env: { STANDIN_SETUP_OMIT_SWITCHES: 'UseExistingDatabase, productkey' },
    });
    expect(listed).toEqual(documented.filter((name) => name !== 'UseExistingDatabase' && name !== 'ProductKey'));
  });

  it('answers null when the program lists nothing, cannot start or does not finish', async () => {
    const silent = { executable: process.execPath, prefixArgs: ['-e', 'console.log("Usage: see the documentation")'] };
    expect(await readSetupSwitches(silent, { timeoutMs: 10_000 })).toBeNull();
    const missing = { executable: path.join(logDir, 'Setup.exe'), prefixArgs: [] };
    expect(await readSetupSwitches(missing, { timeoutMs: 10_000 })).toBeNull();
    const hanging = { executable: process.execPath, prefixArgs: ['-e', 'setTimeout(() => {}, 60000)'] };
    const started = Date.now();
    expect(await readSetupSwitches(hanging, { timeoutMs: 500 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
