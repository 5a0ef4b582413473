import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../../../knowledge/failures';
import type { SetupResult, StepIo } from '../../types';
import { endProcess } from './process-tree';
import { maskSecretsInText } from '../../../knowledge/secret-text';
import { argumentText, spawnArguments, type CommandArgument } from '../../../knowledge/windows/command-line';
import { normaliseExitCode } from '../../../knowledge/service-manager/setup-exit-codes';

/**
 * Runs Service Manager's Setup.exe and waits for it. Setup says little on its console, so while
 * it runs the driver follows the log Setup writes (SCSMSetupWizardNN.txt in the temp folder) and
 * passes it on, which also shows the operator that a long installation is still alive.
 */

export interface SetupCommand {
  executable: string;
  prefixArgs: string[];
}

export interface RunSetupOptions {
  timeoutMs: number;
  io: StepIo;
  /** Where Setup writes its log: the temp folder of the account that runs it. */
  logDirectory: string;
  /** Added to the wizard's own environment. */
  env?: Record<string, string>;
}

export type RunInteractiveSetupOptions = Omit<RunSetupOptions, 'timeoutMs'> & { timeoutMs?: number };

/** An operator may take a long time over Setup's own pages; the wizard must not cut them short. */
const INTERACTIVE_SETUP_MIN_TIMEOUT_MS = 4 * 60 * 60_000;

const toolName = 'Setup.exe';
const logTailLength = 40;
const logPollMs = 500;
const heartbeatMs = 60_000;
// A process that cannot be stopped must not hold the step for ever either.
const abandonAfterKillMs = 10_000;
// Programs Setup starts may inherit its output pipes and keep them open after it has exited.
const pipeCloseGraceMs = 2_000;
const readChunkBytes = 64 * 1024;

const setupLogName = /^SCSMSetupWizard.*\.txt$/i;
const helpSwitch = /^\s*\/([A-Za-z][A-Za-z0-9]*)/;

/** The switch names `Setup.exe /?` lists, or null when it lists none or cannot be run. */
export async function readSetupSwitches(
  command: SetupCommand,
  opts: { timeoutMs: number; env?: Record<string, string> },
): Promise<string[] | null> {
  let output: string;
  try {
    output = await captureOutput(command, ['/?'], opts);
  } catch {
    return null;
  }
  const names: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const name = helpSwitch.exec(line)?.[1];
    if (name && !names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names.length > 0 ? names : null;
}

/** Runs Setup unattended with `args` (unquoted, one per switch) and waits for it to exit. */
export function runSetupProgram(
  command: SetupCommand,
  args: readonly CommandArgument[],
  opts: RunSetupOptions,
): Promise<SetupResult> {
  return runSetup(command, args, opts, 'Setup is running…');
}

/** Opens Setup's own wizard and waits until the operator closes it. */
export function runInteractiveSetup(command: SetupCommand, opts: RunInteractiveSetupOptions): Promise<SetupResult> {
  const timeoutMs = Math.max(opts.timeoutMs ?? 0, INTERACTIVE_SETUP_MIN_TIMEOUT_MS);
  return runSetup(command, [], { ...opts, timeoutMs }, "Setup's wizard is open…");
}

async function runSetup(
  command: SetupCommand,
  args: readonly CommandArgument[],
  opts: RunSetupOptions,
  activity: string,
): Promise<SetupResult> {
  const { io } = opts;
  if (path.isAbsolute(command.executable) && !existsSync(command.executable)) {
    throw new HostError(
      'not-found',
      `${toolName} was not found at ${command.executable}. It is in the root folder of the Service Manager installation media.`,
    );
  }
  // Node would refuse it with an error that quotes the argument, password and all.
  if (args.some((arg) => argumentText(arg).includes('\0'))) {
    throw new HostError(
      'script',
      `An argument for ${toolName} contains a NUL character, which Windows cannot pass on.`,
    );
  }
  // Setup's log may echo its own command line: the secret parts of it are masked as free text.
  const secrets = args.flatMap((arg) =>
    typeof arg === 'string' ? [] : arg.filter((part) => part.secret).map((part) => part.text),
  );
  const show = (line: string): void => io.output(maskSecretsInText(line, secrets));
  const log = await SetupLogFollower.watch(opts.logDirectory, show);

  const started = Date.now();
  const heartbeat = (): void =>
    io.progress(undefined, `${activity} (${Math.floor((Date.now() - started) / 60_000)} min)`);
  heartbeat();

  let child: ChildProcess;
  try {
    child = startSetup(command, args, { hidden: false, env: opts.env });
  } catch (error) {
    throw startFailure(error as NodeJS.ErrnoException, command.executable);
  }
  const stdout = lineSplitter(show);
  const stderr = lineSplitter(show);
  child.stdout?.on('data', stdout.push);
  child.stderr?.on('data', stderr.push);

  let timedOut = false;
  let abandon: (() => void) | undefined;
  const abandoned = new Promise<null>((resolve) => (abandon = () => resolve(null)));
  const timers = [setInterval(heartbeat, heartbeatMs), setInterval(() => void log.poll(), logPollMs)];
  const deadline = setTimeout(() => {
    timedOut = true;
    endProcess(child);
    setTimeout(() => abandon?.(), abandonAfterKillMs).unref();
  }, opts.timeoutMs);

  let ended: ProcessEnd | null;
  try {
    ended = await Promise.race([waitForEnd(child), abandoned]);
  } catch (error) {
    throw startFailure(error as NodeJS.ErrnoException, command.executable);
  } finally {
    clearTimeout(deadline);
    for (const timer of timers) clearInterval(timer);
  }
  stdout.end();
  stderr.end();

  const { logPath, logTail } = await log.finish();
  const tail = logTail.map((line) => maskSecretsInText(line, secrets));
  const evidence = [`Log: ${logPath ?? '(none found)'}`, ...tail].join('\n');
  if (timedOut) {
    const stopped = ended === null ? 'could not be stopped: end it in Task Manager' : 'was stopped';
    const readLog = logPath ? `Read its log (${logPath}) to see how far it got, and remove` : 'Remove';
    throw new HostError(
      'timeout',
      `${toolName} did not finish within ${duration(opts.timeoutMs)} and ${stopped}. ` +
        `${readLog} whatever it installed halfway (Programs and Features) before you run it again.`,
      evidence,
    );
  }
  if (ended === null || ended.code === null) {
    throw new HostError(
      'script',
      `${toolName} was ended (${ended?.signal ?? 'unknown'}) before it finished.`,
      evidence,
    );
  }
  return { exitCode: normaliseExitCode(ended.code), logPath, logTail: tail };
}

interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function startSetup(
  command: SetupCommand,
  args: readonly CommandArgument[],
  options: { hidden: boolean; env: Record<string, string> | undefined },
): ChildProcess {
  const argv = [...command.prefixArgs, ...args];
  const common = {
    env: options.env ? { ...process.env, ...options.env } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[],
    // Setup is a windowed program: hidden, its wizard or an error dialog would never be seen.
    windowsHide: options.hidden,
    shell: false,
  };
  // Setup receives exactly the command line the plan showed rather than Node's own quoting of it.
  const spawned = spawnArguments(command.executable, argv);
  return spawn(command.executable, spawned.args, { ...common, ...spawned.options });
}

/** Resolves when the process has exited, rejects when it could not be started. */
function waitForEnd(child: ChildProcess): Promise<ProcessEnd> {
  return new Promise((resolve, reject) => {
    // Always listened to: an 'error' nobody hears (a failed kill, say) would end the wizard.
    child.on('error', (error) => {
      if (child.pid === undefined) reject(error);
    });
    child.once('exit', (code, signal) => {
      const closed = new Promise<void>((done) => {
        child.once('close', () => done());
        setTimeout(done, pipeCloseGraceMs).unref();
      });
      void closed.then(() => resolve({ code, signal }));
    });
  });
}

function captureOutput(
  command: SetupCommand,
  args: readonly string[],
  opts: { timeoutMs: number; env?: Record<string, string> },
): Promise<string> {
  // Hidden: the help is read by the wizard, not shown to the operator.
  const child = startSetup(command, args, { hidden: true, env: opts.env });
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      endProcess(child);
      reject(new Error(`${toolName} /? did not finish within ${duration(opts.timeoutMs)}`));
    }, opts.timeoutMs);
  });
  return Promise.race([waitForEnd(child), timeout])
    .then(() => text)
    .finally(() => clearTimeout(timer));
}

function startFailure(error: NodeJS.ErrnoException, executable: string): HostError {
  // Never the error's own text: Node's may quote the arguments, and they hold passwords.
  const reason = error.code ?? error.name;
  const details = `${reason} starting ${executable}`;
  if (error.code === 'ENOENT') {
    return new HostError('not-found', `${toolName} could not be found at ${executable}.`, details);
  }
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new HostError(
      'script',
      `${toolName} could not be started: access is denied. Run the wizard as an administrator.`,
      details,
    );
  }
  return new HostError('script', `${toolName} could not be started (${reason}).`, details);
}

interface LineSplitter {
  push(chunk: Buffer | string): void;
  end(): void;
}

function lineSplitter(emit: (line: string) => void): LineSplitter {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  const take = (text: string): void => {
    const pieces = (rest + text).split('\n');
    rest = pieces.pop() ?? '';
    for (const piece of pieces) {
      const line = piece.replace(/\r$/, '');
      if (line.trim() !== '') emit(line);
    }
  };
  return {
    push: (chunk) => take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    end: () => take(`${decoder.decode()}\n`),
  };
}

interface FollowedLog {
  offset: number;
  lines: LineSplitter | null;
  tail: string[];
}

/**
 * Follows the newest Setup log written since the run began. Files are compared with a snapshot
 * taken at the start rather than with the clock, so an older log is never mistaken for this
 * run's, whatever the file system's time resolution.
 */
class SetupLogFollower {
  private readonly followed = new Map<string, FollowedLog>();
  private current: string | null = null;
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly directory: string,
    private readonly before: Map<string, number>,
    private readonly emit: (line: string) => void,
  ) {}

  static async watch(directory: string, emit: (line: string) => void): Promise<SetupLogFollower> {
    return new SetupLogFollower(directory, await setupLogs(directory), emit);
  }

  /** Reads what was added since the last poll; polls never overlap. */
  poll(): Promise<void> {
    // A log Setup holds open without read sharing is read at the next poll.
    this.reading = this.reading.then(() => this.readOnce()).catch(() => undefined);
    return this.reading;
  }

  async finish(): Promise<{ logPath: string | null; logTail: string[] }> {
    await this.poll();
    if (this.current === null) return { logPath: null, logTail: [] };
    const state = this.followed.get(this.current);
    state?.lines?.end();
    return { logPath: this.current, logTail: [...(state?.tail ?? [])] };
  }

  private async readOnce(): Promise<void> {
    const newest = await this.newestWritten();
    if (newest === null) return;
    if (newest !== this.current) {
      if (this.current !== null) await this.readAdded(this.current);
      this.current = newest;
      this.emit(`Following Setup's log ${newest}`);
    }
    await this.readAdded(newest);
  }

  private async newestWritten(): Promise<string | null> {
    let newest: { file: string; modified: number } | null = null;
    for (const [file, modified] of await setupLogs(this.directory)) {
      if (this.before.get(file) === modified) continue;
      if (newest === null || modified > newest.modified) newest = { file, modified };
    }
    return newest?.file ?? null;
  }

  private async readAdded(file: string): Promise<void> {
    let state = this.followed.get(file);
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      // A smaller file was written anew: start over.
      if (state === undefined || size < state.offset) {
        state = { offset: 0, lines: null, tail: [] };
        this.followed.set(file, state);
      }
      while (state.offset < size) {
        const buffer = Buffer.alloc(Math.min(size - state.offset, readChunkBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, state.offset);
        if (bytesRead === 0) break;
        state.offset += bytesRead;
        const bytes = buffer.subarray(0, bytesRead);
        state.lines ??= logLineSplitter(state, bytes, this.emit);
        state.lines.push(bytes);
      }
    } finally {
      await handle.close();
    }
  }
}

function logLineSplitter(state: FollowedLog, firstBytes: Buffer, emit: (line: string) => void): LineSplitter {
  const decoder = new TextDecoder(logEncoding(firstBytes));
  const lines = lineSplitter((line) => {
    state.tail.push(line);
    if (state.tail.length > logTailLength) state.tail.shift();
    emit(line);
  });
  return {
    push: (chunk) => lines.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    end: () => {
      lines.push(decoder.decode());
      lines.end();
    },
  };
}

/** Windows programs write logs in UTF-16 as often as in UTF-8; the first bytes tell which. */
function logEncoding(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return 'utf-16le';
  return 'utf-8';
}

/** Setup's logs in the folder, by full path, with their modification times. */
async function setupLogs(directory: string): Promise<Map<string, number>> {
  const logs = new Map<string, number>();
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return logs;
  }
  for (const name of names.filter((candidate) => setupLogName.test(candidate))) {
    const file = path.join(directory, name);
    try {
      logs.set(file, (await stat(file)).mtimeMs);
    } catch {
      // Removed between listing and reading: not this run's log.
    }
  }
  return logs;
}

function duration(ms: number): string {
  const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  if (ms >= 120_000) return plural(Math.ceil(ms / 60_000), 'minute');
  return plural(Math.ceil(ms / 1000), 'second');
}
