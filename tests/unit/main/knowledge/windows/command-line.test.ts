import { describe, expect, it } from 'vitest';
import { argsToCommandLine } from 'node-pty/lib/windowsPtyAgent';
import { psCalls } from '../../../../../src/main/knowledge/commands';
import { SECRET_MASK } from '../../../../../src/main/knowledge/secret-text';
import {
  describeSecureStorageCommand,
  describeSecureStorageWizard,
} from '../../../../../src/main/host/windows/tools/secure-storage-driver';
import {
  serverSetupArguments,
  type ServerSetupOptions,
} from '../../../../../src/main/knowledge/service-manager/setup-command-line';
import {
  argumentText,
  maskedSecret,
  quotedArguments,
  quoteWindowsProgram,
  spawnArguments,
  windowsCommandLine,
  type CommandArgument,
} from '../../../../../src/main/knowledge/windows/command-line';
import { pathAnswerProblem } from '../../../../../src/shared/validation/text-rules';
import { hostileStrings } from '../../../../support/hostile-strings';
import { commandLineToArgv } from '../../../support/windows-argv';

/** A command line cannot carry NUL (CreateProcess reads it as the end); every answer schema refuses it. */
const carried = hostileStrings.filter((value) => !value.includes('\0'));
/**
 * Program paths a path field accepts, as every tool's program comes from one (the media folder,
 * an install folder): each hostile string as a path, and as a folder on the media.
 */
const programs = hostileStrings
  .flatMap((value) => [value, `D:\\Media\\${value}\\Setup.exe`, `\\\\FS01\\Kit\\${value}.exe`])
  .filter((value) => pathAnswerProblem(value, { kind: 'file', where: 'local-or-unc' }, 'missing') === null);

/** Every program path with a hostile argument, and every hostile argument with a program path. */
function pairs(): [program: string, value: string][] {
  const count = Math.max(programs.length, carried.length);
  return Array.from({ length: count }, (_, index) => [
    programs[index % programs.length] ?? '',
    carried[index % carried.length] ?? '',
  ]);
}

function setupOptions(value: string): ServerSetupOptions {
  return {
    registeredOwner: value,
    registeredOrganization: `${value} Org`,
    productKey: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
    installPath: value,
    existingDatabase: { server: 'SQLSM01\\SCSM', database: value },
    serviceAccount: { domain: 'CONTOSO', user: value, password: value },
    workflowAccount: { domain: value, user: 'svc-wf', password: `${value}\\` },
    ceip: false,
    errorReporting: true,
  };
}

/** Every tool the wizard starts, with a hostile value wherever an answer reaches its arguments. */
const tools: [name: string, build: (value: string) => { program: string; args: CommandArgument[] }][] = [
  ['Setup.exe', (value) => ({ program: 'D:\\SCSM 2019\\Setup.exe', args: serverSetupArguments(setupOptions(value)) })],
  ['SecureStorageBackup.exe', (value) => ({ program: 'D:\\Tools\\SecureStorageBackup.exe', args: ['Backup', value] })],
  ['a tool window (DBSetup, the key wizard)', () => ({ program: 'C:\\Program Files\\DBSetup.exe', args: [] })],
];

describe('windowsCommandLine', () => {
  it.each(tools)('reads back byte for byte through CommandLineToArgvW for %s', (_name, build) => {
    let tried = 0;
    for (const value of carried) {
      const { program, args } = build(value);
      const line = windowsCommandLine(program, args);
      expect(commandLineToArgv(line.commandLine)).toEqual([program, ...args.map(argumentText)]);
      expect(line.args).toEqual(args.map(argumentText));
      tried += 1;
    }
    expect(tried).toBe(carried.length);
  });

  it('reads back every program path a path field accepts, with hostile arguments after it', () => {
    expect(programs.length).toBeGreaterThan(300);
    for (const [program, value] of pairs()) {
      const line = windowsCommandLine(program, ['Restore', value]);
      expect(commandLineToArgv(line.commandLine)).toEqual([program, 'Restore', value]);
    }
  });

  it('refuses a program path it cannot write rather than write another program', () => {
    expect(() => quoteWindowsProgram('C:\\a"b.exe')).toThrow(/double quote/);
    expect(() => quoteWindowsProgram('')).toThrow(/must be given/);
  });

  it('quotes a program only when it has white space', () => {
    expect(quoteWindowsProgram('D:\\Setup.exe')).toBe('D:\\Setup.exe');
    expect(quoteWindowsProgram('D:\\SCSM 2019\\Setup.exe')).toBe('"D:\\SCSM 2019\\Setup.exe"');
  });

  it('masks a secret part by its position, before quoting, and nothing else', () => {
    const args: CommandArgument[] = [
      '/RegisteredOwner:CONTOSO hunter2',
      [{ text: '/WorkflowAccount:CONTOSO\\wf\\' }, { text: 'CON', secret: 'password' }],
      [{ text: '/ProductKey:' }, { text: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY', secret: 'product-key' }],
      [{ text: '/ServiceRunUnderAccount:CONTOSO\\svc\\' }, { text: 'p a"ss\\', secret: 'password' }],
    ];
    const line = windowsCommandLine('Setup.exe', args);
    // The password CON masks the argument it is, not CONTOSO elsewhere; a value that happens to
    // equal no secret is shown as it is, and the quoting does not tell that a password has a space.
    expect(line.shown).toBe(
      `Setup.exe "/RegisteredOwner:CONTOSO hunter2" /WorkflowAccount:CONTOSO\\wf\\${SECRET_MASK} ` +
        `/ProductKey:*****-*****-*****-*****-UVWXY /ServiceRunUnderAccount:CONTOSO\\svc\\${SECRET_MASK}`,
    );
    expect(commandLineToArgv(line.commandLine).slice(1)).toEqual(args.map(argumentText));
  });

  it('shows a product key by its last group alone, and anything else given as one as a password', () => {
    expect(maskedSecret('ABCDE-FGHIJ-KLMNO-PQRST-UVWXY', 'product-key')).toBe('*****-*****-*****-*****-UVWXY');
    expect(maskedSecret('not-a-key', 'product-key')).toBe(SECRET_MASK);
    expect(maskedSecret('ABCDE-FGHIJ-KLMNO-PQRST-UVWXY', 'password')).toBe(SECRET_MASK);
  });
});

describe('how the command line reaches the process', () => {
  it('hands Node on Windows the quoted words, joined by libuv with single spaces into the same command line', () => {
    for (const value of carried) {
      const args = serverSetupArguments(setupOptions(value));
      const spawned = spawnArguments('D:\\SCSM 2019\\Setup.exe', args, 'win32');
      expect(spawned.options).toEqual({ windowsVerbatimArguments: true, argv0: '"D:\\SCSM 2019\\Setup.exe"' });
      expect([spawned.options.argv0, ...spawned.args].join(' ')).toBe(
        windowsCommandLine('D:\\SCSM 2019\\Setup.exe', args).commandLine,
      );
    }
    expect(spawnArguments('/usr/bin/node', ['a b', [{ text: 'c"d' }]], 'linux')).toEqual({
      args: ['a b', 'c"d'],
      options: {},
    });
  });

  it('gives the pseudo-console the same command line (node-pty only puts the program before the string)', () => {
    for (const [program, value] of pairs()) {
      const args = ['Backup', value];
      expect(argsToCommandLine(program, quotedArguments(args))).toBe(windowsCommandLine(program, args).commandLine);
    }
  });

  it('would not, given node-pty an argument list: it leaves a value in quotes unquoted', () => {
    const value = '"C:\\Key Backups\\key.bin"';
    expect(commandLineToArgv(argsToCommandLine('tool.exe', ['Backup', value]))).not.toEqual([
      'tool.exe',
      'Backup',
      value,
    ]);
  });
});

describe('the aspnet_regiis.exe command line the plan shows and the script hands on', () => {
  it('reads back as the switch, the section and the folder, whatever the folder', () => {
    for (const folder of carried) {
      const { args } = psCalls.protectConnectionStrings('ORCH02', folder, 'encrypt');
      expect(commandLineToArgv(`aspnet_regiis.exe ${String(args.Arguments)}`)).toEqual([
        'aspnet_regiis.exe',
        '-pef',
        'connectionStrings',
        folder,
      ]);
    }
  });
});

describe('the SecureStorageBackup.exe command lines of the plan', () => {
  const tool = { executable: 'X:\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe', prefixArgs: [] };

  it('read back as the tool, the action and the file, whatever the file', () => {
    for (const file of carried) {
      expect(commandLineToArgv(describeSecureStorageCommand(tool, 'Backup', file))).toEqual([
        tool.executable,
        'Backup',
        file,
      ]);
    }
    expect(describeSecureStorageWizard(tool)).toBe(tool.executable);
  });
});
