import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HostError } from '../../../knowledge/failures';
import type { StepIo } from '../../types';
import { endProcess } from './process-tree';
import { spawnArguments, windowsCommandLine } from '../../../knowledge/windows/command-line';

/**
 * Opens a windowed program on this computer for the operator and waits until they close it:
 * SecureStorageBackup.exe's own wizard, Orchestrator's DBSetup. Nothing is typed into it; the
 * step shows the operator what to enter beforehand.
 */

export interface ToolWindowOptions {
  executable: string;
  /** Arguments before the program's own, which only a stand-in for the program needs. */
  prefixArgs?: readonly string[];
  /** The program's file name, as messages name it: DBSetup.exe. */
  programName: string;
  /** What the operator sees on screen, as progress and messages name it. */
  windowName: string;
  /** Where the program is to be found, told when it is not there. */
  whereToFind: string;
  timeoutMs: number;
  io: StepIo;
  env?: Record<string, string>;
}

const heartbeatMs = 60_000;

export async function runToolWindow(options: ToolWindowOptions): Promise<{ exitCode: number }> {
  const { executable, programName, windowName, timeoutMs, io } = options;
  // The plan showed the same text: the tool is started with nothing else.
  const commandLine = windowsCommandLine(executable, options.prefixArgs ?? []).shown;
  if (path.isAbsolute(executable) && !existsSync(executable)) {
    throw new HostError(
      'not-found',
      `${programName} was not found at ${executable}. ${options.whereToFind}`,
      commandLine,
    );
  }
  const lines = outputLines(io);
  const started = Date.now();
  const heartbeat = (): void =>
    io.progress(undefined, `${windowName} is open (${Math.floor((Date.now() - started) / 60_000)} min)`);
  heartbeat();

  return new Promise((resolve, reject) => {
    let settled = false;
    let stop: (() => void) | undefined;

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(beat);
      lines.flush();
      outcome();
    };

    const deadline = setTimeout(() => {
      finish(() => {
        stop?.();
        reject(
          new HostError(
            'timeout',
            `${windowName} was still open after ${Math.ceil(timeoutMs / 60_000)} minutes and was closed. Run the step again.`,
            `Command: ${commandLine}`,
          ),
        );
      });
    }, timeoutMs);
    const beat = setInterval(heartbeat, heartbeatMs);

    const failed = (error: NodeJS.ErrnoException): void =>
      finish(() => reject(startFailure(error, programName, commandLine)));
    try {
      const spawned = spawnArguments(executable, options.prefixArgs ?? []);
      const child = spawn(executable, spawned.args, {
        env: childEnvironment(options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        // Hidden, the window would never appear.
        windowsHide: false,
        shell: false,
        ...spawned.options,
      });
      child.stdout.setEncoding('utf8').on('data', lines.feed);
      child.stderr.setEncoding('utf8').on('data', lines.feed);
      child.on('error', failed);
      child.on('close', (exitCode, signal) => {
        finish(() => {
          if (exitCode !== null) {
            resolve({ exitCode });
            return;
          }
          reject(
            new HostError(
              'script',
              `${programName} was ended by ${signal ?? 'a signal'} before the operator closed it.`,
              `Command: ${commandLine}`,
            ),
          );
        });
      });
      stop = () => endProcess(child);
    } catch (error) {
      failed(error as NodeJS.ErrnoException);
    }
  });
}

/** Passes on what the program writes, line by line. */
function outputLines(io: StepIo): { feed(chunk: string): void; flush(): void } {
  let pending = '';
  const emit = (raw: string): void => {
    const line = raw.replace(/\r/g, '');
    if (line.trim() !== '') io.output(line);
  };
  return {
    feed(chunk) {
      const pieces = (pending + chunk).split('\n');
      pending = pieces.pop() ?? '';
      pieces.forEach(emit);
    },
    flush() {
      emit(pending);
      pending = '';
    },
  };
}

function childEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

function startFailure(error: NodeJS.ErrnoException, programName: string, commandLine: string): HostError {
  const details = `Command: ${commandLine}\n${String(error)}`;
  if (error.code === 'ENOENT') return new HostError('not-found', `${programName} could not be found.`, details);
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new HostError('access-denied', `${programName} could not be started: access is denied.`, details);
  }
  return new HostError('script', `${programName} could not be started.`, details);
}
