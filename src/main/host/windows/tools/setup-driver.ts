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
 * it runs the driver follows the logs Setup writes in the temp folder of the account running it
 * and passes them on, which also shows the operator that a long installation is still alive.
 * "Troubleshoot Service Manager deployment" names SCSMInstall.log; Microsoft support's SCSM
 * diagnostic tool collects every SCSM*.log there, and Setup's wizard writes SCSMSetupWizardNN.txt:
 * every SCSM*.log and SCSM*.txt written during the run is followed.
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

const setupLogName = /^SCSM.*\.(?:log|txt)$/i;
/** Setup's own log, beside Windows Installer's SCSM*.log. */
const setupWizardLog = /^SCSMSetupWizard\d*\.txt$/i;
/** Windows Installer's mark of a failed action, which "Troubleshoot Service Manager deployment" says to search for. */
const failureMark = /\breturn value 3\b/i;
/** Lines kept before the failure mark: Windows Installer logs the cause just above it. */
const failureContextLines = 6;
/** Enough of a log's beginning to tell a log written anew from one appended to. */
const headBytes = 256;
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

  const { logPath, logTail, failure } = await log.finish();
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
  return {
    exitCode: normaliseExitCode(ended.code),
    logPath,
    logTail: tail,
    ...(failure
      ? { failure: { logPath: failure.logPath, lines: failure.lines.map((line) => maskSecretsInText(line, secrets)) } }
      : {}),
  };
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
  /** When the file was last written, as the latest listing saw it. */
  modified: number;
  lines: LineSplitter | null;
  tail: string[];
  /** The last lines read, for the context of a failure mark. */
  recent: string[];
}

interface LogFile {
  modified: number;
  size: number;
}

interface LogBefore extends LogFile {
  head: Buffer;
}

/**
 * Follows every Setup log written since the run began. Files are compared with a snapshot taken
 * at the start rather than with the clock, so an older log is never mistaken for this run's,
 * whatever the file system's time resolution; of a log that existed before (SCSMInstall.log keeps
 * its name from run to run), only what this run added is read, unless it was written anew.
 */
class SetupLogFollower {
  private readonly followed = new Map<string, FollowedLog>();
  /** The log read last: the one handed back when none failed and the times do not tell. */
  private latest: string | null = null;
  private failure: { logPath: string; lines: string[] } | null = null;
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly directory: string,
    private readonly before: Map<string, LogBefore>,
    private readonly emit: (line: string) => void,
  ) {}

  static async watch(directory: string, emit: (line: string) => void): Promise<SetupLogFollower> {
    const before = new Map<string, LogBefore>();
    for (const [file, facts] of await setupLogs(directory)) {
      before.set(file, { ...facts, head: await readHead(file) });
    }
    return new SetupLogFollower(directory, before, emit);
  }

  /** Reads what was added since the last poll; polls never overlap. */
  poll(): Promise<void> {
    // A log Setup holds open without read sharing is read at the next poll.
    this.reading = this.reading.then(() => this.readOnce()).catch(() => undefined);
    return this.reading;
  }

  async finish(): Promise<{
    logPath: string | null;
    logTail: string[];
    failure: { logPath: string; lines: string[] } | null;
  }> {
    await this.poll();
    for (const state of this.followed.values()) state.lines?.end();
    const logPath = this.failure?.logPath ?? this.lastWritten();
    if (logPath === null) return { logPath: null, logTail: [], failure: null };
    return { logPath, logTail: [...(this.followed.get(logPath)?.tail ?? [])], failure: this.failure };
  }

  /**
   * The log Setup wrote to last, by the files' own times: the order polls happened to read them in
   * is not it (a poll that listed only the wizard's log, then read it whole, left the installer
   * log, written before the wizard's last lines, to be read last). Of logs written in the same
   * tick of the file system's clock, Setup's own (SCSMSetupWizardNN.txt, where it writes its
   * outcome, "Troubleshoot Service Manager deployment") over Windows Installer's.
   */
  private lastWritten(): string | null {
    let best: { file: string; rank: [number, number] } | null = null;
    for (const [file, state] of this.followed) {
      if (state.tail.length === 0) continue;
      const rank: [number, number] = [state.modified, setupWizardLog.test(path.basename(file)) ? 1 : 0];
      if (best === null || rank[0] > best.rank[0] || (rank[0] === best.rank[0] && rank[1] > best.rank[1])) {
        best = { file, rank };
      }
    }
    return best?.file ?? this.latest;
  }

  private async readOnce(): Promise<void> {
    const logs = [...(await setupLogs(this.directory))].sort(
      ([fileA, a], [fileB, b]) => a.modified - b.modified || fileA.localeCompare(fileB),
    );
    for (const [file, now] of logs) {
      if (!this.followed.has(file)) {
        const offset = await this.startOffset(file, now);
        if (offset === null) continue;
        this.followed.set(file, { offset, modified: now.modified, lines: null, tail: [], recent: [] });
        this.emit(`Following Setup's log ${file}`);
      }
      const state = this.followed.get(file);
      if (state !== undefined) state.modified = now.modified;
      try {
        await this.readAdded(file);
      } catch {
        // Held open without read sharing, or removed: read at the next poll if it is still there.
      }
    }
  }

  /** Where this run's part of a log begins, or null while it is as it was before the run. */
  private async startOffset(file: string, now: LogFile): Promise<number | null> {
    const before = this.before.get(file);
    if (before === undefined) return 0;
    if (before.modified === now.modified && before.size === now.size) return null;
    const appended =
      now.size >= before.size && (await readHead(file)).subarray(0, before.head.length).equals(before.head);
    return appended ? before.size : 0;
  }

  private async readAdded(file: string): Promise<void> {
    const state = this.followed.get(file);
    if (state === undefined) return;
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      // A smaller file was written anew: start over.
      if (size < state.offset) {
        state.offset = 0;
        state.lines = null;
      }
      while (state.offset < size) {
        const buffer = Buffer.alloc(Math.min(size - state.offset, readChunkBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, state.offset);
        if (bytesRead === 0) break;
        state.offset += bytesRead;
        const bytes = buffer.subarray(0, bytesRead);
        state.lines ??= logLineSplitter(bytes, (line) => this.take(file, state, line));
        state.lines.push(bytes);
        this.latest = file;
      }
    } finally {
      await handle.close();
    }
  }

  private take(file: string, state: FollowedLog, line: string): void {
    state.tail.push(line);
    if (state.tail.length > logTailLength) state.tail.shift();
    if (this.failure === null && failureMark.test(line)) {
      this.failure = { logPath: file, lines: [...state.recent, line] };
    }
    state.recent.push(line);
    if (state.recent.length > failureContextLines) state.recent.shift();
    this.emit(line);
  }
}

async function readHead(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(headBytes);
      const { bytesRead } = await handle.read(buffer, 0, headBytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return Buffer.alloc(0);
  }
}

function logLineSplitter(firstBytes: Buffer, emit: (line: string) => void): LineSplitter {
  const decoder = new TextDecoder(logEncoding(firstBytes));
  const lines = lineSplitter(emit);
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

/** Setup's logs in the folder, by full path, with their modification times and sizes. */
async function setupLogs(directory: string): Promise<Map<string, LogFile>> {
  const logs = new Map<string, LogFile>();
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return logs;
  }
  for (const name of names.filter((candidate) => setupLogName.test(candidate))) {
    const file = path.join(directory, name);
    try {
      const facts = await stat(file);
      if (facts.isFile()) logs.set(file, { modified: facts.mtimeMs, size: facts.size });
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
