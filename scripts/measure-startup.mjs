// Loads the drill's first page N times in Chromium and prints the median time to interactive:
// from navigation start until a procedure on the Start page can be chosen. Run after
// `npx electron-vite build`: `node scripts/measure-startup.mjs [loads]`.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const loads = Number(process.argv[2] ?? 15);
const host = spawn(
  process.execPath,
  ['out/main/browser-host.js', '--data-dir', mkdtempSync(join(tmpdir(), 'startup-'))],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  host.stdout.on('data', (chunk) => {
    out += chunk.toString();
    const match = /Drill wizard: (\S+)\n/.exec(out);
    if (match) resolve(match[1]);
  });
  host.on('exit', (code) => reject(new Error(`browser host exited (${code})`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const times = [];
let transferred = 0;
// The first load warms the machine (disk cache, JIT) and is not counted.
for (let index = 0; index <= loads; index += 1) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('radio').first().waitFor({ state: 'visible', timeout: 20_000 });
  const interactive = await page.evaluate('performance.now()');
  transferred = await page.evaluate(
    "performance.getEntriesByType('resource').reduce((sum, entry) => sum + entry.transferSize, 0)",
  );
  if (index > 0) times.push(interactive);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `Time to interactive over ${loads} loads: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}); bytes transferred for scripts and styles on the last load: ${transferred}`,
);
await browser.close();
host.kill('SIGTERM');
