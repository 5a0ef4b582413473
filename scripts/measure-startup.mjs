// Loads the drill's first page N times in Chromium and prints the median time to interactive:
// from navigation start until a procedure on the Start page can be chosen (its radio button is in
// the page and the frame that shows it has been drawn). Run after `npx electron-vite build`:
// `node scripts/measure-startup.mjs [loads] [app folder...]`.
//
// The clock is the page's own (zero at navigation start): an observer installed before the page's
// first script notes when the radio button arrives and waits for the frame that draws it, then tells
// this script through the console. Nothing polls the page meanwhile: Playwright's own waiting runs
// its queries on the page's main thread and adds its round trips (about 100 ms on this machine,
// most of a blank page's figure when earlier stops measured that way).
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
for (const target of targets) {
  target.page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await target.page.addInitScript(inPageProbe, target === targets[0] ? '' : 'Procedure');
}

/* global document, MutationObserver, requestAnimationFrame -- inPageProbe runs in the page */
// Runs in the page before its own scripts. A radio button counts when its group is labelled by the
// given heading (any radio button on the blank page); the time is taken after the frame showing it.
function inPageProbe(groupLabel) {
  const found = () =>
    [...document.querySelectorAll('input[type="radio"]')].some((radio) => {
      if (!groupLabel) return true;
      const group = radio.closest('[role="radiogroup"]');
      const heading = group && document.getElementById(group.getAttribute('aria-labelledby') ?? '');
      return heading?.textContent?.trim() === groupLabel;
    });
  const observer = new MutationObserver(() => {
    if (!found()) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => console.debug(`interactive-at ${performance.now()}`), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function load(target) {
  const { page } = target;
  const interactive = new Promise((resolveTime, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target.label}: no procedure to choose within 20 s`)), 20_000);
    const listener = (message) => {
      const match = /^interactive-at (\S+)$/.exec(message.text());
      if (!match) return;
      clearTimeout(timer);
      page.off('console', listener);
      resolveTime(Number(match[1]));
    };
    page.on('console', listener);
  });
  await page.goto(target.url, { waitUntil: 'commit' });
  const time = await interactive;
  // The sizes as served (compressed) and as parsed, whether or not they came from the cache.
  target.sizes = await page.evaluate(
    "performance.getEntriesByType('resource').filter((entry) => /\\.(js|css)$/.test(new URL(entry.name).pathname)).reduce((sum, entry) => [sum[0] + entry.encodedBodySize, sum[1] + entry.decodedBodySize], [0, 0])",
  );
  return time;
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
