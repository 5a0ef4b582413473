import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../../../src/main/knowledge/secret-text';
import { maskSecretsInText } from '../../../../../src/main/knowledge/secret-text';
import {
  serverSetupArguments,
  switchName,
  unlistedSwitches,
  type ServerSetupOptions,
} from '../../../../../src/main/knowledge/service-manager/setup-command-line';
import {
  argumentText,
  quoteWindowsArgument,
  windowsCommandLine,
  type CommandArgument,
} from '../../../../../src/main/knowledge/windows/command-line';
import { commandLineToArgv } from '../../../support/windows-argv';

const formatCommandLine = (program: string, args: readonly CommandArgument[]) => windowsCommandLine(program, args);

/** The secret parts of the arguments, in order. */
function secretParts(args: readonly CommandArgument[]): string[] {
  return args.flatMap((arg) => (typeof arg === 'string' ? [] : arg.filter((part) => part.secret).map((p) => p.text)));
}

const setupPath = 'D:\\SCSM 2019\\Setup.exe';

function options(overrides: Partial<ServerSetupOptions> = {}): ServerSetupOptions {
  return {
    registeredOwner: 'Contoso IT',
    registeredOrganization: 'Contoso',
    productKey: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
    installPath: 'C:\\Program Files\\Microsoft System Center\\Service Manager',
    existingDatabase: { server: 'SQLSM01\\SCSM', database: 'ServiceManager' },
    serviceAccount: { domain: 'CONTOSO', user: 'svc-scsm', password: 'Service pass 1!' },
    workflowAccount: { domain: 'CONTOSO', user: 'svc-wf', password: 'Workflow"pass\\' },
    ceip: false,
    errorReporting: true,
    ...overrides,
  };
}

const hostileValues: [label: string, value: string][] = [
  ['plain', 'Contoso'],
  ['spaces', 'Contoso IT Operations'],
  ['a tab', 'a\tb'],
  ['double quotes', 'say "hello"'],
  ['a lone quote', '"'],
  ['backslashes inside', 'C:\\Program Files\\SM'],
  ['a trailing backslash', 'C:\\Program Files\\'],
  ['trailing backslashes without spaces', 'C:\\Temp\\\\'],
  ['backslashes before a quote', 'a\\\\"b'],
  ['quote at the end after backslashes', 'x\\"'],
  ['empty', ''],
  ['only spaces', '   '],
  ['only backslashes', '\\\\\\'],
  ['unicode', 'Überwachung – 服务 🔑 пароль'],
  ['shell syntax', '%PATH% & del /q C:\\* | more ^ < > ( )'],
  ['doubled quotes', 'a""b'],
];

describe('serverSetupArguments', () => {
  it('gives one switch per entry, in the documented order, with /Silent last', () => {
    expect(serverSetupArguments(options()).map(argumentText)).toEqual([
      '/Install:Server',
      '/AcceptEula:YES',
      '/RegisteredOwner:Contoso IT',
      '/RegisteredOrganization:Contoso',
      '/ProductKey:ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
      '/InstallPath:C:\\Program Files\\Microsoft System Center\\Service Manager',
      '/UseExistingDatabase:SQLSM01\\SCSM:ServiceManager',
      '/ServiceRunUnderAccount:CONTOSO\\svc-scsm\\Service pass 1!',
      '/WorkflowAccount:CONTOSO\\svc-wf\\Workflow"pass\\',
      '/CustomerExperienceImprovementProgram:NO',
      '/EnableErrorReporting:YES',
      '/Silent',
    ]);
  });

  it('leaves out the product key (evaluation) and the install path (default) when they are empty', () => {
    const args = serverSetupArguments(options({ productKey: '', installPath: '', ceip: true, errorReporting: false }));
    expect(args.map(switchName)).toEqual([
      'Install',
      'AcceptEula',
      'RegisteredOwner',
      'RegisteredOrganization',
      'UseExistingDatabase',
      'ServiceRunUnderAccount',
      'WorkflowAccount',
      'CustomerExperienceImprovementProgram',
      'EnableErrorReporting',
      'Silent',
    ]);
    expect(args).toContain('/CustomerExperienceImprovementProgram:YES');
    expect(args).toContain('/EnableErrorReporting:NO');
    expect(args.at(-1)).toBe('/Silent');
  });

  it('names a default instance by the computer alone', () => {
    const args = serverSetupArguments(options({ existingDatabase: { server: 'SQLSM01', database: 'SM' } }));
    expect(args).toContain('/UseExistingDatabase:SQLSM01:SM');
  });
});

describe('the secret parts of the arguments', () => {
  it('are the product key and the passwords of the two accounts, each the whole value', () => {
    expect(secretParts(serverSetupArguments(options()))).toEqual([
      'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
      'Service pass 1!',
      'Workflow"pass\\',
    ]);
    const tricky = options({ serviceAccount: { domain: 'C', user: 'u', password: 'a\\b\\c:d' } });
    expect(secretParts(serverSetupArguments(tricky))).toContain('a\\b\\c:d');
  });
});

describe('switchName and unlistedSwitches', () => {
  it('takes the name between the slash and the first colon', () => {
    expect(switchName('/Install:Server')).toBe('Install');
    expect(switchName('/Silent')).toBe('Silent');
    expect(switchName('/UseExistingDatabase:SQL01\\SCSM:ServiceManager')).toBe('UseExistingDatabase');
  });

  it('names each switch the list lacks once, comparing without regard to case', () => {
    const args = [
      '/Install:Server',
      '/ACCEPTEULA:YES',
      '/UseExistingDatabase:a:b',
      '/useexistingdatabase:c:d',
      '/Silent',
    ];
    expect(unlistedSwitches(args, ['install', 'AcceptEula', 'silent'])).toEqual(['UseExistingDatabase']);
    expect(unlistedSwitches(args, ['Install', 'AcceptEula', 'UseExistingDatabase', 'Silent'])).toEqual([]);
  });
});

describe('quoteWindowsArgument', () => {
  it.each(hostileValues)('reads back exactly through CommandLineToArgvW: %s', (_label, value) => {
    const line = `Setup.exe ${quoteWindowsArgument(value)} ${quoteWindowsArgument(`/RegisteredOwner:${value}`)} /Silent`;
    expect(commandLineToArgv(line)).toEqual(['Setup.exe', value, `/RegisteredOwner:${value}`, '/Silent']);
  });

  it('quotes only when it must', () => {
    expect(quoteWindowsArgument('/Install:Server')).toBe('/Install:Server');
    expect(quoteWindowsArgument('C:\\Temp\\')).toBe('C:\\Temp\\');
    expect(quoteWindowsArgument('/InstallPath:C:\\Program Files\\SM')).toBe('"/InstallPath:C:\\Program Files\\SM"');
    expect(quoteWindowsArgument('C:\\Program Files\\')).toBe('"C:\\Program Files\\\\"');
    expect(quoteWindowsArgument('a"b')).toBe('"a\\"b"');
    expect(quoteWindowsArgument('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quoteWindowsArgument('')).toBe('""');
  });

  it('reads back a whole Setup command line of hostile values', () => {
    for (const [, value] of hostileValues) {
      const args = serverSetupArguments(
        options({
          registeredOwner: value,
          installPath: value,
          serviceAccount: { domain: 'CONTOSO', user: 'svc', password: value },
        }),
      );
      const line = formatCommandLine(setupPath, args).commandLine;
      expect(commandLineToArgv(line)).toEqual([setupPath, ...args.map(argumentText)]);
    }
  });
});

describe('the CommandLineToArgvW stand-in used by these tests', () => {
  it('follows the documented examples', () => {
    // The examples of Microsoft's "Parsing C++ command-line arguments".
    expect(commandLineToArgv('p "abc" d e')).toEqual(['p', 'abc', 'd', 'e']);
    expect(commandLineToArgv('p a\\\\b d"e f"g h')).toEqual(['p', 'a\\\\b', 'de fg', 'h']);
    expect(commandLineToArgv('p a\\\\\\"b c d')).toEqual(['p', 'a\\"b', 'c', 'd']);
    expect(commandLineToArgv('p a\\\\\\\\"b c" d e')).toEqual(['p', 'a\\\\b c', 'd', 'e']);
    // Here CommandLineToArgvW (and the C runtime before 2008) ends the quoted part where the 2008
    // runtime reads `ab" c d`; quoteWindowsArgument never writes two quotes in a row inside one.
    expect(commandLineToArgv('p a"b"" c d')).toEqual(['p', 'ab"', 'c', 'd']);
    expect(commandLineToArgv('"C:\\Program Files\\x.exe" a')).toEqual(['C:\\Program Files\\x.exe', 'a']);
    expect(commandLineToArgv('x.exe ""')).toEqual(['x.exe', '']);
  });
});

describe('the Setup command line of the plan', () => {
  it('shows the command line with the program quoted, every password masked and the product key partly', () => {
    const o = options();
    const line = formatCommandLine(setupPath, serverSetupArguments(o)).shown;
    expect(line).toBe(
      '"D:\\SCSM 2019\\Setup.exe" /Install:Server /AcceptEula:YES "/RegisteredOwner:Contoso IT" ' +
        '/RegisteredOrganization:Contoso /ProductKey:*****-*****-*****-*****-UVWXY ' +
        '"/InstallPath:C:\\Program Files\\Microsoft System Center\\Service Manager" ' +
        '/UseExistingDatabase:SQLSM01\\SCSM:ServiceManager ' +
        `/ServiceRunUnderAccount:CONTOSO\\svc-scsm\\${SECRET_MASK} /WorkflowAccount:CONTOSO\\svc-wf\\${SECRET_MASK} ` +
        '/CustomerExperienceImprovementProgram:NO /EnableErrorReporting:YES /Silent',
    );
  });

  // A password of quotes or backslashes alone would be found in any quoted command line. The
  // other values are ones no password here is part of: masking is by position, so a password
  // that equals another answer (an organization "Contoso") shows there as that answer.
  it.each(hostileValues.filter(([, value]) => /[\p{L}\p{N}]/u.test(value)))(
    'never shows any part of a password with %s',
    (_label, password) => {
      const o = options({
        registeredOwner: 'Fabrikam Operations',
        registeredOrganization: 'Fabrikam',
        installPath: 'E:\\SM',
        serviceAccount: { domain: 'CONTOSO', user: 'svc', password },
      });
      const line = formatCommandLine(setupPath, serverSetupArguments(o)).shown;
      expect(line).toContain(`/ServiceRunUnderAccount:CONTOSO\\svc\\${SECRET_MASK}`);
      // Neither raw nor in the escaped form quoting would give it.
      expect(line.includes(password)).toBe(false);
      const quotedInside = quoteWindowsArgument(password).replace(/^"|"$/g, '');
      expect(line.includes(quotedInside)).toBe(false);
      // Whether the password has a space must not show in the quoting either.
      expect(line).not.toContain(`"/ServiceRunUnderAccount:`);
    },
  );

  it('masks Setup’s own echo of a secret as free text, overlapping secrets without leaving a piece of either', () => {
    expect(maskSecretsInText('xx-abcdefghij-yy', ['abcdefgh', 'cdefghij'])).toBe(`xx-${SECRET_MASK}-yy`);
    expect(maskSecretsInText('password1password1', ['password1'])).toBe(SECRET_MASK);
    expect(maskSecretsInText('a secret and a secret', ['secret', ''])).toBe(`a ${SECRET_MASK} and a ${SECRET_MASK}`);
  });

  it('masks by position: a value that equals a password elsewhere on the line is another argument', () => {
    const args: CommandArgument[] = [
      '/RegisteredOwner:hunter2',
      [{ text: '/WorkflowAccount:D\\u\\' }, { text: 'hunter2', secret: 'password' }],
    ];
    expect(formatCommandLine('Setup.exe', args).shown).toBe(
      `Setup.exe /RegisteredOwner:hunter2 /WorkflowAccount:D\\u\\${SECRET_MASK}`,
    );
  });
});
