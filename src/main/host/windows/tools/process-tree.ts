import { execFile, type ChildProcess } from 'node:child_process';

/**
 * Ends a tool and everything it started. On Windows, ending only the top process can leave its
 * children holding the console or, for Setup, its own installers running; `kill` then makes sure.
 */
export function killProcessTree(pid: number | undefined, kill: () => void): void {
  if (process.platform !== 'win32' || pid === undefined) {
    kill();
    return;
  }
  execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => kill());
}

// Some programs ignore the polite signal; the process must not outlive the step.
const forceKillAfterMs = 2_000;

/** Ends a child process and its tree: the polite signal first, SIGKILL if it is still there. */
export function endProcess(child: ChildProcess): void {
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  killProcessTree(child.pid, () => {
    if (!running()) return;
    child.kill();
    setTimeout(() => {
      if (running()) child.kill('SIGKILL');
    }, forceKillAfterMs).unref();
  });
}
