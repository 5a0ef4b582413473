// Runs after `npm install`. Two native pieces cannot be had on every machine, so npm is told not to
// run their own install scripts (`allowScripts` in package.json) and they are tried here, where a
// failure is explained instead of failing the whole install:
// - Electron's binary, downloaded from GitHub. Without it `npm start` serves the drill wizard to a
//   browser instead of opening the desktop window.
// - node-pty, built from source where it ships no prebuilt binary (Linux). Without it the
//   SecureStorageBackup driver types the password through pipes instead of a pseudo-console.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');

function runIn(directory, command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: directory,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    timeout: 15 * 60 * 1000,
    shell: process.platform === 'win32' && !command.endsWith('.js'),
  });
  return result.status === 0;
}

function installElectronBinary() {
  const electron = join(modules, 'electron');
  if (!existsSync(join(electron, 'install.js'))) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('Electron: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its binary is not downloaded.');
    return;
  }
  const download = spawnSync(process.execPath, ['install.js'], {
    cwd: electron,
    encoding: 'utf8',
    timeout: 15 * 60 * 1000,
  });
  if (download.status === 0) return;
  const cause = `${download.stderr ?? ''}${download.stdout ?? ''}`.trim().split('\n')[0] || `exit ${download.status}`;
  console.log(
    `\nElectron: its binary could not be downloaded here (${cause}). The install goes on:` +
      '\n`npm start` will serve the drill wizard to a browser instead of opening the desktop window.\n',
  );
}

function buildNodePty() {
  const pty = join(modules, 'node-pty');
  if (!existsSync(join(pty, 'package.json'))) return;
  // A prebuilt binary for this platform (Windows, macOS) is simply copied into place.
  let built = runIn(pty, process.execPath, ['scripts/prebuild.js']);
  if (!built) {
    // Building from source needs Node's headers: use the installed ones rather than downloading them.
    const env =
      !process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
    const gyp = process.env.npm_config_node_gyp;
    built = gyp
      ? runIn(pty, process.execPath, [gyp, 'rebuild'], env)
      : runIn(pty, process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp', ['rebuild'], env);
  }
  if (built) {
    runIn(pty, process.execPath, ['scripts/post-install.js']);
    return;
  }
  console.log(
    '\nnode-pty: no prebuilt binary for this platform and the build from source failed (see above). The install' +
      '\ngoes on: the SecureStorageBackup driver will type the key password through pipes instead of a pseudo-console.\n',
  );
}

installElectronBinary();
buildNodePty();
