import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CommandLineUnsupportedError, HostError, type HostErrorCode } from '../../../knowledge/failures';
import type { StepIo } from '../../types';
import { maskSecretsInText, SECRET_MASK } from '../../../knowledge/secret-text';
import {
  SECURE_STORAGE_TOOL,
  usageRefusal,
  type SecureStorageAction,
} from '../../../knowledge/service-manager/secure-storage-backup';
import { endProcess, killProcessTree } from './process-tree';
import { runToolWindow } from './tool-window';
import { quotedArguments, spawnArguments, windowsCommandLine } from '../../../knowledge/windows/command-line';

/**
 * Drives `SecureStorageBackup.exe Backup|Restore <file>` and answers its two password prompts.
 * Whether the real tool reads redirected input is unconfirmed, so it can run behind a
 * pseudo-console (the prompts are answered as if typed) or on plain pipes; a caller that meets
 * a refusal on one can retry on the other (see isInputRedirectionRefusal).
 * Whether the installed version has a command-line mode at all is unconfirmed too: when it
 * cannot be driven, the driver throws CommandLineUnsupportedError and the tool's own wizard can
 * be opened for the operator instead (runSecureStorageWizard).
 * The password travels only through the prompts: never argv, the environment, a log or an error.
 */

export interface SecureStorageCommand {
  executable: string;
  prefixArgs: string[];
}

export type ConsoleMode = 'pty' | 'pipes';

export interface DriveSecureStorageOptions {
  command: SecureStorageCommand;
  action: SecureStorageAction;
  file: string;
  password: string;
  mode: ConsoleMode;
  timeoutMs: number;
  /** How long the tool may take to ask for the password before it counts as not drivable. */
  promptTimeoutMs?: number;
  io: StepIo;
  env?: Record<string, string>;
}

export interface RunSecureStorageWizardOptions {
  command: SecureStorageCommand;
  /** Raised to two hours at least: the operator is working through the wizard's pages. */
  timeoutMs?: number;
  io: StepIo;
  env?: Record<string, string>;
}

const toolName = SECURE_STORAGE_TOOL;
const toolLocation = 'It is in Tools\\SecureStorageBackup on the installation media.';
const passwordPromptsExpected = 2;
// Generous for a slow .NET start on a loaded server; a windowed tool never prompts at all.
const defaultPromptTimeoutMs = 60_000;
const wizardMinTimeoutMs = 2 * 60 * 60_000;
// A question is told from output still being written by how long the tool stays silent after it.
const questionQuietMs = 300;
// Some programs ignore the polite signal; the process must not outlive the step.
const forceKillAfterMs = 2_000;
// Wide enough that ConPTY does not wrap a prompt or an echoed password across lines.
const ptyColumns = 500;
const ptyRows = 50;

const passwordPrompt = /password\s*:\s*$/i;
const question = /(?:[:?]|\(Y\/N\))\s*$/i;
const promptEcho = /password\s*:/i;
const stackFrame = /^\s+at\s/;
// ConPTY repaints the screen with escape sequences; they are noise for prompts and the journal.
// eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC
const terminalControl = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;
const notFoundText = /\b(?:not found|cannot find|could not find|does not exist)\b/i;
const accessDeniedText = /\baccess\b.*\bdenied\b|\bunauthori[sz]ed\b/i;
const completeText = /\bComplete\b/;
const redirectionText = /redirect/i;
// What a program says when it does not understand its arguments.
const usageText =
  /\busage\b|\bsyntax\b|^\s*\/\?|\b(?:invalid|unknown|unrecogni[sz]ed)\s+(?:argument|parameter|option|switch|command)/im;

export function describeSecureStorageCommand(
  command: SecureStorageCommand,
  action: SecureStorageAction,
  file: string,
): string {
  return windowsCommandLine(command.executable, [...command.prefixArgs, action, file]).shown;
}

export function describeSecureStorageWizard(command: SecureStorageCommand): string {
  return windowsCommandLine(command.executable, command.prefixArgs).shown;
}

/** True when the tool refused redirected input, so the same step may be retried on the other console mode. */
export function isInputRedirectionRefusal(error: unknown): boolean {
  if (!(error instanceof HostError) || error.code !== 'script') return false;
  return redirectionText.test(error.message) || redirectionText.test(error.details ?? '');
}

export async function driveSecureStorageBackup(options: DriveSecureStorageOptions): Promise<{ output: string[] }> {
  const { command, action, file, password, mode, timeoutMs, io } = options;
  const promptTimeoutMs = options.promptTimeoutMs ?? defaultPromptTimeoutMs;
  checkPassword(password);
  const commandLine = describeSecureStorageCommand(command, action, file);
  checkToolExists(command, commandLine);

  const args = [...command.prefixArgs, action, file];
  const env = childEnvironment(options.env);
  const start: SessionStarter = mode === 'pty' ? await loadPtyStarter() : startWithPipes;
  const transcript = new Transcript(password, io);
  const details = (): string => [`Command: ${commandLine}`, ...transcript.lines].join('\n');

  io.progress(undefined, `Running ${toolName} ${action}`);

  return new Promise((resolve, reject) => {
    let settled = false;
    let passwordsTyped = 0;
    let questionTimer: NodeJS.Timeout | undefined;
    let session: ConsoleSession | undefined;

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overallTimer);
      clearTimeout(promptTimer);
      clearTimeout(questionTimer);
      transcript.flush();
      outcome();
    };

    const stop = (error: () => HostError): void => {
      finish(() => {
        session?.kill();
        reject(error());
      });
    };

    const overallTimer = setTimeout(() => {
      stop(
        () =>
          new HostError(
            'timeout',
            `${toolName} did not finish within ${Math.ceil(timeoutMs / 1000)} seconds and was stopped.`,
            details(),
          ),
      );
    }, timeoutMs);

    // A windowed program started with arguments says nothing on the console and waits for a click.
    const promptTimer = setTimeout(() => {
      stop(
        () =>
          new CommandLineUnsupportedError(
            `${toolName} cannot be driven from its command line on this version: it did not ask for the password on the console within ${Math.ceil(promptTimeoutMs / 1000)} seconds and was closed (it may have opened its own window instead).`,
            details(),
          ),
      );
    }, promptTimeoutMs);

    const onData = (chunk: string): void => {
      if (settled) return;
      transcript.feed(chunk);
      clearTimeout(questionTimer);
      const waiting = transcript.unansweredText();
      if (waiting.trim() === '') return;
      if (passwordPrompt.test(waiting) && passwordsTyped < passwordPromptsExpected) {
        passwordsTyped += 1;
        clearTimeout(promptTimer);
        transcript.markAnswered();
        session?.write(`${password}${mode === 'pty' ? '\r' : '\n'}`);
        io.progress(undefined, passwordsTyped === 1 ? 'Password entered' : 'Password confirmed');
        return;
      }
      if (question.test(waiting)) {
        questionTimer = setTimeout(() => {
          stop(() => new HostError('script', unexpectedPromptMessage(waiting.trim()), details()));
        }, questionQuietMs);
      }
    };

    const onExit = (exitCode: number | null, signal: string | null): void => {
      finish(() => {
        if (exitCode === 0 && transcript.lines.some((line) => completeText.test(line))) {
          resolve({ output: [...transcript.lines] });
        } else if (passwordsTyped === 0 && exitCode !== null) {
          reject(
            unpromptedExit(action, exitCode, transcript.lines, details()) ??
              toolFailure(action, exitCode, signal, transcript.lines, details()),
          );
        } else {
          reject(toolFailure(action, exitCode, signal, transcript.lines, details()));
        }
      });
    };

    const onError = (error: NodeJS.ErrnoException): void => {
      finish(() => reject(spawnFailure(error, commandLine)));
    };

    try {
      session = start(command.executable, args, env, { data: onData, exit: onExit, error: onError });
    } catch (error) {
      onError(error as NodeJS.ErrnoException);
    }
  });
}

/**
 * Opens the tool with no arguments, which shows its own wizard, and waits until the operator
 * closes it. Nothing is typed into it: the operator follows the guidance the step showed.
 */
export function runSecureStorageWizard(options: RunSecureStorageWizardOptions): Promise<{ exitCode: number }> {
  const { command } = options;
  return runToolWindow({
    executable: command.executable,
    prefixArgs: command.prefixArgs,
    programName: toolName,
    windowName: 'The Encryption Key Backup or Restore Wizard',
    whereToFind: toolLocation,
    timeoutMs: Math.max(options.timeoutMs ?? 0, wizardMinTimeoutMs),
    io: options.io,
    env: options.env,
  });
}

interface SessionEvents {
  data(text: string): void;
  exit(exitCode: number | null, signal: string | null): void;
  error(error: NodeJS.ErrnoException): void;
}

interface ConsoleSession {
  write(text: string): void;
  kill(): void;
}

type SessionStarter = (
  executable: string,
  args: string[],
  env: Record<string, string>,
  events: SessionEvents,
) => ConsoleSession;

/**
 * Collects the output as lines with the password masked. Text after the last line break is held
 * back until the line ends, because a pseudo-console echoes the typed password in pieces and only
 * a whole line can be masked reliably.
 */
class Transcript {
  readonly lines: string[] = [];
  // The current line: `answered` holds the part up to the last typed password, `unanswered` what came after.
  private answered = '';
  private unanswered = '';

  constructor(
    private readonly password: string,
    private readonly io: StepIo,
  ) {}

  feed(chunk: string): void {
    const pieces = chunk.split('\n');
    const last = pieces.pop() ?? '';
    for (const piece of pieces) {
      this.emit(this.answered + this.unanswered + piece);
      this.answered = '';
      this.unanswered = '';
    }
    this.unanswered += last;
  }

  /** The text the tool wrote since the last line break or the last typed password, masked. */
  unansweredText(): string {
    const text = clean(this.unanswered);
    // The echo of the password just typed may still be arriving.
    if (this.answered !== '' && this.password.startsWith(text)) return '';
    return this.scrub(text);
  }

  markAnswered(): void {
    this.answered += this.unanswered;
    this.unanswered = '';
  }

  flush(): void {
    let tail = clean(this.unanswered);
    if (this.answered !== '' && tail !== '' && this.password.startsWith(tail)) tail = SECRET_MASK;
    const line = clean(this.answered) + tail;
    this.answered = '';
    this.unanswered = '';
    if (line.trim() !== '') this.emit(line);
  }

  private emit(raw: string): void {
    const line = this.scrub(clean(raw));
    this.lines.push(line);
    this.io.output(line);
  }

  private scrub(text: string): string {
    return maskSecretsInText(text, [this.password]);
  }
}

function clean(text: string): string {
  return text.replace(terminalControl, '').replace(/\r/g, '');
}

function checkToolExists(command: SecureStorageCommand, commandLine: string): void {
  if (path.isAbsolute(command.executable) && !existsSync(command.executable)) {
    throw new HostError(
      'not-found',
      `${toolName} was not found at ${command.executable}. ${toolLocation}`,
      commandLine,
    );
  }
}

function checkPassword(password: string): void {
  if (password === '') {
    throw new HostError('script', 'The password for the encryption key backup is empty.');
  }
  // A line break would answer the next prompt, and other control characters are edited away by a console.
  const hasControl = [...password].some((character) => {
    const code = character.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f;
  });
  if (hasControl) {
    throw new HostError(
      'script',
      'The password contains a line break or another control character, which cannot be typed at a console prompt.',
    );
  }
}

function childEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

function unexpectedPromptMessage(prompt: string): string {
  return (
    `${toolName} asked something the wizard does not know how to answer: "${prompt}". ` +
    'Run it by hand (the Encryption Key Backup or Restore Wizard) and follow the documented procedure.'
  );
}

function lastMeaningfulLine(lines: readonly string[]): string | undefined {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index]?.trim() ?? '';
    if (line === '' || promptEcho.test(line) || stackFrame.test(lines[index] ?? '')) continue;
    return line;
  }
  return undefined;
}

/**
 * Why a tool that ended before asking for the password has no command-line mode, or null when
 * it ended for a reason of its own (a missing file, say) that the operator must deal with.
 */
function unpromptedExit(
  action: SecureStorageAction,
  exitCode: number,
  lines: readonly string[],
  details: string,
): CommandLineUnsupportedError | null {
  if (lines.some((line) => usageText.test(line))) return usageRefusal(action, details);
  // A windowed program ignores the console: it returns when its window is closed, without a word.
  if (lines.every((line) => line.trim() === '')) {
    return new CommandLineUnsupportedError(
      `${toolName} cannot be driven from its command line on this version: it ended (exit code ${exitCode}) without asking for the password or writing anything on the console.`,
      details,
    );
  }
  return null;
}

function toolFailure(
  action: SecureStorageAction,
  exitCode: number | null,
  signal: string | null,
  lines: readonly string[],
  details: string,
): HostError {
  const reason = lastMeaningfulLine(lines);
  if (exitCode === 0) {
    const outcome = action === 'Backup' ? 'backed up' : 'restored';
    return new HostError(
      'script',
      `${toolName} ended without reporting that it completed; the encryption key may not have been ${outcome}.`,
      details,
    );
  }
  const how = exitCode === null ? `was ended by ${signal ?? 'a signal'}` : `failed (exit code ${exitCode})`;
  const message = reason === undefined ? `${toolName} ${how} without saying why.` : `${toolName} ${how}: ${reason}`;
  let code: HostErrorCode = 'script';
  if (reason !== undefined && notFoundText.test(reason)) code = 'not-found';
  else if (reason !== undefined && accessDeniedText.test(reason)) code = 'access-denied';
  return new HostError(code, message, details);
}

function spawnFailure(error: NodeJS.ErrnoException, commandLine: string): HostError {
  const details = `Command: ${commandLine}\n${String(error)}`;
  if (error.code === 'ENOENT') return new HostError('not-found', `${toolName} could not be found.`, details);
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new HostError('access-denied', `${toolName} could not be started: access is denied.`, details);
  }
  return new HostError('script', `${toolName} could not be started.`, details);
}

function startWithPipes(
  executable: string,
  args: string[],
  env: Record<string, string>,
  events: SessionEvents,
): ConsoleSession {
  // On Windows the tool receives the command line the plan showed, not Node's own quoting of it.
  const spawned = spawnArguments(executable, args);
  const child = spawn(executable, spawned.args, {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
    shell: false,
    ...spawned.options,
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', events.data);
  child.stderr.on('data', events.data);
  // Writing after the tool has gone fails with EPIPE; its exit is reported through 'close'.
  child.stdin.on('error', () => undefined);
  child.on('error', events.error);
  child.on('close', (code, signal) => events.exit(code, signal));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    write(text) {
      if (running()) child.stdin.write(text, 'utf8');
    },
    kill() {
      endProcess(child);
    },
  };
}

type PtyModule = typeof import('node-pty');

async function loadPtyStarter(): Promise<SessionStarter> {
  let pty: PtyModule;
  try {
    // Loaded on demand: a missing or mismatched native module must fail this step, not the whole app.
    pty = await import('node-pty');
  } catch (error) {
    throw new HostError(
      'unsupported',
      `The pseudo-console is not available in this build of the wizard, so ${toolName} cannot be run through it.`,
      String(error),
    );
  }
  return (executable, args, env, events) => {
    // node-pty writes a command line from an argument list by quoting rules of its own, and
    // leaves an argument that starts and ends with a quote unquoted; given one string, it
    // only puts the program in front of it.
    const terminal = pty.spawn(executable, process.platform === 'win32' ? quotedArguments(args) : args, {
      name: 'xterm',
      cols: ptyColumns,
      rows: ptyRows,
      env,
      encoding: 'utf8',
    });
    let exited = false;
    terminal.onData(events.data);
    terminal.onExit(({ exitCode, signal }) => {
      exited = true;
      events.exit(signal ? null : exitCode, signal ? `signal ${signal}` : null);
    });
    return {
      write(text) {
        if (!exited) terminal.write(text);
      },
      kill() {
        killProcessTree(terminal.pid, () => {
          if (exited) return;
          terminal.kill();
          // node-pty takes no signal name on Windows, where taskkill has already forced the end.
          if (process.platform === 'win32') return;
          setTimeout(() => {
            if (!exited) terminal.kill('SIGKILL');
          }, forceKillAfterMs).unref();
        });
      },
    };
  };
}
