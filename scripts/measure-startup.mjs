// Loads the drill's first page N times in Chromium and prints the median time to interactive:
// from navigation start until a procedure on the Start page can be chosen (its radio button shows). Run after
// `npx electron-vite build`: `node scripts/measure-startup.mjs [loads] [app folder...]`.
//
// Every load is paired with a load of a blank page holding one radio button, served from this
// script: on a shared machine the absolute figure moves with the load, the difference to the blank
// page much less. Each extra app folder (a copy of a project with its own `out/`, e.g. the build
// before a change) is loaded in turn with this one, so a before/after comparison shares conditions.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const loads = Number(process.argv[2] ?? 15);
const appFolders = [resolve('.'), ...process.argv.slice(3).map((folder) => resolve(folder))];

function startHost(appFolder) {
  const host = spawn(
    process.execPath,
    [join(appFolder, 'out/main/browser-host.js'), '--data-dir', mkdtempSync(join(tmpdir(), 'startup-'))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = new Promise((resolveUrl, reject) => {
    let out = '';
    host.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const match = /Drill wizard: (\S+)\n/.exec(out);
      if (match) resolveUrl(match[1]);
    });
    host.on('exit', (code) => reject(new Error(`browser host of ${appFolder} exited (${code})`)));
  });
  return { host, url };
}

function startBlankPage() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end('<!doctype html><title>blank</title><label><input type="radio" name="p"> blank</label>');
  });
  return new Promise((resolveUrl) =>
    server.listen(0, '127.0.0.1', () => resolveUrl({ server, url: `http://127.0.0.1:${server.address().port}/` })),
  );
}

const hosts = appFolders.map(startHost);
const blank = await startBlankPage();
const targets = [
  { label: 'blank page (one radio button)', url: blank.url },
  ...(await Promise.all(hosts.map((host) => host.url))).map((url, index) => ({ label: appFolders[index], url })),
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
// One tab per target: each reloads its own origin, as an operator's window does, instead of paying
// for a new renderer process on every switch of origin.
for (const target of targets) target.page = await browser.newPage({ viewport: { width: 1280, height: 860 } });

async function load(target) {
  const { page } = target;
  await page.goto(target.url, { waitUntil: 'commit' });
  // On Start, a procedure's radio button: the site's radio buttons show before the procedures are
  // listed, and choosing one of those is not what the first page is for.
  const choice =
    target === targets[0]
      ? page.getByRole('radio')
      : page.getByRole('radiogroup', { name: 'Procedure' }).getByRole('radio');
  await choice.first().waitFor({ state: 'visible', timeout: 20_000 });
  const interactive = await page.evaluate('performance.now()');
  // The sizes as served (compressed) and as parsed, whether or not they came from the cache.
  target.sizes = await page.evaluate(
    "performance.getEntriesByType('resource').filter((entry) => /\\.(js|css)$/.test(new URL(entry.name).pathname)).reduce((sum, entry) => [sum[0] + entry.encodedBodySize, sum[1] + entry.decodedBodySize], [0, 0])",
  );
  return interactive;
}

// The first round warms the machine (disk cache, JIT, the hosts' caches) and is not counted.
for (const target of targets) target.times = [];
for (let index = 0; index <= loads; index += 1) {
  for (const target of targets) {
    const interactive = await load(target);
    if (index > 0) target.times.push(interactive);
  }
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const blankMedian = median(targets[0].times);
console.log(`Time to interactive over ${loads} loads each, interleaved:`);
for (const target of targets) {
  const sorted = [...target.times].sort((a, b) => a - b);
  const own = median(target.times);
  const relative =
    target === targets[0]
      ? ''
      : `; ${(own - blankMedian).toFixed(0)} ms more than the blank page (${(own / blankMedian).toFixed(1)}×)`;
  console.log(
    `  ${target.label}: median ${own.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})${relative}; scripts and styles ${target.sizes[0]} bytes served, ${target.sizes[1]} bytes parsed`,
  );
}
await browser.close();
blank.server.close();
for (const { host } of hosts) host.kill('SIGTERM');
