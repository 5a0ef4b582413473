import path from 'node:path';
import { PowerShell } from 'node-powershell';
import type { PowerShellCall } from '../../knowledge/commands';
import { HostError, type HostErrorCode } from '../../knowledge/failures';

/**
 * Runs the scripts of assets/scripts. Operator values travel only inside the base64 payload,
 * so the command text PowerShell parses holds nothing but a script path the wizard ships.
 */

export interface PowerShellInvocation {
  command: string;
  payload: string;
}

export interface PowerShellOutput {
  stdout: string;
  stderr: string;
  hadErrors: boolean;
}

export interface PowerShellExecutor {
  invoke(command: string): Promise<PowerShellOutput>;
  dispose(): Promise<void>;
}

export interface RunPowerShellOptions {
  scriptsDir: string;
  executor: PowerShellExecutor;
}

const scriptFileName = /^[A-Za-z0-9-]+\.ps1$/;

// Windows PowerShell decodes the commands it reads on stdin in the console's code page, not UTF-8.
const asciiOnly = /^[\x20-\x7E]*$/;

const scriptFailureCodes: readonly HostErrorCode[] = ['timeout', 'not-found', 'unreachable', 'access-denied', 'script'];

export function buildInvocation(call: PowerShellCall, scriptsDir: string): PowerShellInvocation {
  if (!scriptFileName.test(call.script)) {
    throw new HostError('script', `"${call.script}" is not the name of a script the wizard ships`);
  }
  // ComputerName last, so that no argument can redirect the call to another computer.
  const json = JSON.stringify({ ...call.args, ComputerName: call.computer });
  const payload = Buffer.from(json, 'utf8').toString('base64');
  return { command: `& ${scriptPathExpression(path.join(scriptsDir, call.script))} -Payload ${payload}`, payload };
}

/**
 * The script's path as PowerShell text in ASCII alone: quoted as it is where it is ASCII, else
 * decoded from base64 of its UTF-8 (the wizard may run from C:\Users\José\AppData\...).
 */
function scriptPathExpression(scriptPath: string): string {
  if (asciiOnly.test(scriptPath)) return `'${scriptPath.replace(/'/g, "''")}'`;
  const utf8 = Buffer.from(scriptPath, 'utf8').toString('base64');
  return `([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${utf8}')))`;
}

/** One Windows PowerShell process, which runs one command at a time. */
export interface PowerShellSession {
  invoke(command: string): Promise<PowerShellOutput>;
  dispose(): Promise<void>;
}

export interface PowerShellPoolOptions {
  /** How many sessions may run commands at the same time. */
  size?: number;
  /** The program each session runs: Windows PowerShell, unless a test names a PowerShell 7 (pwsh) to drive. */
  executable?: string;
  /** Starts a session; a node-powershell process of `executable` unless a test says otherwise. */
  createSession?: () => PowerShellSession;
}

// As many as the recommended number of runbook servers handled at once, so their service restarts
// wait side by side; each session is a PowerShell process that takes seconds to start and is only
// started when a call needs it.
const defaultPoolSize = 10;

/**
 * A few long-lived sessions shared by every call: started when first needed, since starting
 * Windows PowerShell takes seconds each time, and kept for the next call. A call that finds them
 * all busy waits its turn, first come first served.
 */
export function createNodePowerShellExecutor(options: PowerShellPoolOptions = {}): PowerShellExecutor {
  const size = options.size ?? defaultPoolSize;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`A PowerShell pool needs at least one session, not ${size}`);
  const executable = options.executable ?? 'powershell';
  const createSession = options.createSession ?? (() => startPowerShell(executable));
  const sessions = new Set<PowerShellSession>();
  const idle: PowerShellSession[] = [];
  const waiting: { start(): void; refuse(error: HostError): void }[] = [];
  let running = 0;
  let closed = false;

  const closedError = (): HostError => new HostError('script', 'The Windows PowerShell sessions have been closed.');

  const takeTurn = (): Promise<void> => {
    if (closed) return Promise.reject(closedError());
    if (running < size) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((start, refuse) => waiting.push({ start, refuse }));
  };

  // A finished call hands its turn straight to the longest waiting one, so none is overtaken.
  const endTurn = (): void => {
    const next = waiting.shift();
    if (next) next.start();
    else running -= 1;
  };

  const discard = async (session: PowerShellSession): Promise<void> => {
    sessions.delete(session);
    await session.dispose().catch(() => undefined);
  };

  return {
    async invoke(command) {
      await takeTurn();
      let session: PowerShellSession | undefined;
      try {
        session = idle.pop();
        if (!session) {
          session = createSession();
          sessions.add(session);
        }
        const output = await session.invoke(command);
        // A session closed by dispose while it ran is not handed out again.
        if (sessions.has(session)) idle.push(session);
        return output;
      } catch (error) {
        // The session is dead or wedged; the next call starts a fresh one.
        if (session) await discard(session);
        if (closed) throw closedError();
        throw new HostError('script', 'Windows PowerShell could not be started or stopped answering', String(error));
      } finally {
        endTurn();
      }
    },
    async dispose() {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.refuse(closedError());
      const open = [...sessions];
      sessions.clear();
      idle.length = 0;
      await Promise.all(open.map((session) => session.dispose().catch(() => undefined)));
    },
  };
}

function startPowerShell(executable: string): PowerShellSession {
  const shell = new PowerShell({
    executable,
    executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    throwOnInvocationError: false,
    // PowerShell 7 on Linux or macOS writes terminal mode switches (ESC [?1h) around each result
    // when TERM names a terminal, which would make the one JSON object unreadable.
    spawnOptions: { env: { ...process.env, TERM: 'dumb' } },
  });
  return {
    async invoke(command) {
      const result = await shell.invoke(command);
      return {
        stdout: result.stdout?.toString('utf8') ?? '',
        stderr: result.stderr?.toString('utf8') ?? '',
        hadErrors: result.hadErrors,
      };
    },
    async dispose() {
      await shell.dispose();
    },
  };
}

export async function runPowerShell(
  call: PowerShellCall,
  options: RunPowerShellOptions,
): Promise<Record<string, unknown>> {
  const { command, payload } = buildInvocation(call, options.scriptsDir);
  const output = await options.executor.invoke(command);
  const result = parseResult(output.stdout);
  if (!result) {
    throw new HostError('script', `PowerShell script ${call.script} returned no result`, evidence(output, payload));
  }
  if (result.ok === true) return result;
  const code = scriptFailureCodes.find((known) => known === result.code) ?? 'script';
  const message =
    typeof result.message === 'string' && result.message.length > 0
      ? result.message
      : `PowerShell script ${call.script} failed`;
  const details = typeof result.details === 'string' && result.details.length > 0 ? result.details : undefined;
  throw new HostError(code, message, details);
}

/** The `log` lines of a script's result, which the caller shows as the step's output. */
export function logLines(result: Record<string, unknown>): string[] {
  const log = result.log;
  if (typeof log === 'string') return [log];
  if (!Array.isArray(log)) return [];
  return log.filter((line): line is string => typeof line === 'string');
}

function parseResult(stdout: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.trim());
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  return typeof record.ok === 'boolean' ? record : null;
}

// PowerShell echoes a failed command line, payload included; the payload may one day carry a secret.
function evidence(output: PowerShellOutput, payload: string): string {
  const text = [output.stdout.trim(), output.stderr.trim()].filter((part) => part.length > 0).join('\n');
  return text.split(payload).join('<payload>');
}
