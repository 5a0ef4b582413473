import { execFile } from 'node:child_process';

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
