import { SECRET_MASK } from '../secret-text';

/**
 * The one place a Windows command line is written, for every program the wizard starts
 * (Setup.exe, SecureStorageBackup.exe, DBSetup.exe, a tool's own window): the plan shows, and
 * the process receives, text built here. A program reads its arguments back with
 * CommandLineToArgvW or the Microsoft C runtime ("Parsing C++ command-line arguments"), so each
 * argument is quoted by their rules: backslashes are literal except before a double quote, where
 * they are doubled, and a double quote inside is escaped with one more backslash.
 */

/** How a secret part of an argument is shown: a password not at all, a product key by its last group. */
export type SecretKind = 'password' | 'product-key';

/** Part of an argument; a secret part is masked in the plan by its position, never by searching text. */
export interface ArgumentPart {
  text: string;
  secret?: SecretKind;
}

/** An argument: plain text, or parts of which some are secret (`/WorkflowAccount:DOMAIN\user\` + password). */
export type CommandArgument = string | readonly ArgumentPart[];

export interface WindowsCommandLine {
  /** What CreateProcess is given: the program quoted, then each argument quoted. */
  commandLine: string;
  /** The same, every secret part replaced by its mask before quoting, for the plan and messages. */
  shown: string;
  /** The arguments as the program will read them back, after its name. */
  args: string[];
}

/** Node's spawn arguments and the options that go with them. */
export interface SpawnArguments {
  args: string[];
  options: { windowsVerbatimArguments?: boolean; argv0?: string };
}

export function argumentText(argument: CommandArgument): string {
  return typeof argument === 'string' ? argument : argument.map((part) => part.text).join('');
}

function shownText(argument: CommandArgument): string {
  if (typeof argument === 'string') return argument;
  return argument.map((part) => (part.secret ? maskedSecret(part.text, part.secret) : part.text)).join('');
}

/**
 * A product key is licence data rather than a credential: it is shown as Windows' own licensing
 * tools show it (slmgr /dli: the partial product key), by its last group alone, so an auditor can
 * tell which key was used and nobody can use it from the plan.
 */
export function maskedSecret(value: string, kind: SecretKind): string {
  if (kind === 'password') return SECRET_MASK;
  const groups = value.split('-');
  const last = groups.at(-1) ?? '';
  return groups.length === 5 && last.length === 5 ? `*****-*****-*****-*****-${last}` : SECRET_MASK;
}

/**
 * Quotes one argument so that CommandLineToArgvW and the Microsoft C runtime read back exactly
 * `arg`. Quotes are added only when needed (white space, a quote, or nothing at all), so that a
 * plain switch reads as it is documented.
 */
export function quoteWindowsArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let quoted = '"';
  let backslashes = 0;
  for (const character of arg) {
    if (character === '\\') {
      backslashes += 1;
      continue;
    }
    if (character === '"') {
      quoted += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      quoted += '\\'.repeat(backslashes) + character;
    }
    backslashes = 0;
  }
  // Backslashes before the closing quote would otherwise escape it.
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/**
 * The program as the first word of a command line. Windows reads it up to the next quote, with
 * no escapes, so it is only wrapped in quotes, and a path holding a quote (which the answer
 * schemas refuse) cannot be written at all.
 */
export function quoteWindowsProgram(program: string): string {
  if (program.includes('"') || program === '') {
    throw new RangeError('A program path must be given and cannot hold a double quote.');
  }
  // Only a space or a tab ends the program's name, as node-pty, which writes it on a pseudo-console, also assumes.
  return /[ \t]/.test(program) ? `"${program}"` : program;
}

export function windowsCommandLine(program: string, args: readonly CommandArgument[]): WindowsCommandLine {
  const head = quoteWindowsProgram(program);
  return {
    commandLine: [head, ...args.map((arg) => quoteWindowsArgument(argumentText(arg)))].join(' '),
    shown: [head, ...args.map((arg) => quoteWindowsArgument(shownText(arg)))].join(' '),
    args: args.map(argumentText),
  };
}

/**
 * How to hand Node's spawn the command line windowsCommandLine writes, unchanged. On Windows,
 * with `windowsVerbatimArguments`, libuv joins argv0 and the arguments with single spaces and
 * quotes nothing itself (make_program_args in uv_spawn), so they go quoted already; elsewhere
 * (the stand-ins of the tests) there is no command line and the arguments go as they are.
 */
export function spawnArguments(
  program: string,
  args: readonly CommandArgument[],
  platform: NodeJS.Platform = process.platform,
): SpawnArguments {
  if (platform !== 'win32') return { args: args.map(argumentText), options: {} };
  return {
    args: args.map((arg) => quoteWindowsArgument(argumentText(arg))),
    options: { windowsVerbatimArguments: true, argv0: quoteWindowsProgram(program) },
  };
}

/** The arguments after the program, quoted, for a starter that takes them as one string (node-pty). */
export function quotedArguments(args: readonly CommandArgument[]): string {
  return args.map((arg) => quoteWindowsArgument(argumentText(arg))).join(' ');
}
