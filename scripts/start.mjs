// `npm start`: builds the wizard, then opens the desktop app where Electron can run, or the
// drill wizard in a browser where it cannot (no Electron binary, no display).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const build = spawnSync(npx, ['electron-vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const child =
  binary && hasDisplay
    ? spawn(binary, ['.'], { stdio: 'inherit' })
    : (console.error(
        binary
          ? 'No display here: starting the drill wizard for a browser instead of the desktop window.'
          : 'The Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD?): starting the drill wizard for a browser instead.',
      ),
      spawn(process.execPath, ['out/main/browser-host.js', ...process.argv.slice(2)], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
