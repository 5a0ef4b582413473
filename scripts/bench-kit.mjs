// npm run bench:kit: the wizard's kit verify and copy-and-verify against sha256sum and cp, on a
// generated kit of more than 4 GB in a temporary folder, and against the machine's SHA-256 limit
// (OpenSSL's single-core speed times the cores). A measurement, not a test: it prints figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

/** A kit as a site makes it: a few large database backups, many small packs, scripts and keys. */
function kitFiles() {
  const backups = [
    ['ServiceManager', 1250],
    ['DWRepository', 900],
    ['DWDataMart', 700],
    ['DWStagingAndConfig', 350],
    ['Orchestrator', 420],
    ['ReportServer', 160],
    ['OMDWDataMart', 140],
    ['CMDWDataMart', 130],
  ];
  const files = backups.flatMap(([database, size]) => [
    { path: `Databases/${database}.bak`, size: size * MB },
    { path: `Databases/${database}-permissions.sql`, size: 40 * 1024 + database.length * 997 },
  ]);
  for (let n = 0; n < 320; n += 1) {
    files.push({ path: `ManagementPacks/Contoso.Pack${n}.xml`, size: 8 * 1024 + ((n * 7919) % (2 * MB)) });
  }
  for (const server of ['SCSM01', 'SCSM02', 'SCSMDW01']) files.push({ path: `Keys/${server}.bin`, size: 2 * 1024 });
  files.push({ path: 'Keys/SQLOR01-service-master-key.smk', size: 1024 }, { path: 'site.json', size: 6 * 1024 });
  return files;
}

function makeKit(folder, files) {
  const block = randomFillSync(Buffer.alloc(16 * MB));
  let counter = 0;
  for (const file of files) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    for (let left = file.size; left > 0;) {
      // A fresh first word per block, so no two blocks (and no two files) are the same.
      block.writeUInt32LE(counter++, 0);
      const length = Math.min(left, block.length);
      writeSync(fd, block, 0, length);
      left -= length;
    }
    closeSync(fd);
  }
}

async function loadKitModules(folder) {
  const outfile = join(folder, 'kit-modules.cjs');
  await build({
    stdin: {
      contents: `export { localKit } from './src/main/host/kit/local-kit';\nexport { compareKit } from './src/main/knowledge/recovery-kit/kit-compare';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

async function timed(what) {
  execFileSync('sync');
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await what();
  const cpu = process.cpuUsage(cpuBefore);
  // This process's CPU time, its hashing threads included: how much of the cores it was given.
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

function sha256sum(folder, files) {
  const run = spawnSync(
    'sha256sum',
    files.map((file) => file.path),
    { cwd: folder, maxBuffer: 64 * MB },
  );
  if (run.status !== 0) throw new Error(`sha256sum failed: ${run.stderr}`);
}

/** Bytes a second; OpenSSL divides by its CPU time unless told `-elapsed` (then by the wall clock). */
function opensslSpeed(elapsed) {
  const args = ['speed', ...(elapsed ? ['-elapsed'] : []), '-bytes', '16384', '-seconds', '3', 'sha256'];
  const text = execFileSync('openssl', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = text.split('\n').find((l) => /^sha256\s/.test(l));
  const kPerSecond = Number(line?.trim().split(/\s+/).at(-1)?.replace(/k$/, ''));
  if (!Number.isFinite(kPerSecond)) throw new Error(`openssl speed printed no sha256 figure:\n${text}`);
  return kPerSecond * 1000;
}

const rate = (bytes, seconds) => `${(bytes / seconds / 1e6).toFixed(0)} MB/s`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-kit-'));
  try {
    const { localKit, compareKit } = await loadKitModules(work);
    const files = kitFiles();
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const kit = join(work, 'kit');
    console.log(`Generating a kit of ${files.length} files, ${(total / 1e9).toFixed(2)} GB, in ${kit}`);
    makeKit(kit, files);
    const paths = files.map((file) => file.path.replaceAll('/', '\\'));

    // Warm the cache, and make the index the wizard verifies against.
    const hashed = await localKit.hash(kit, paths);
    const index = {
      schemaVersion: 1,
      siteName: 'Bench',
      madeBy: 'bench',
      madeOn: 'bench',
      wizardVersion: '0',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      complete: true,
      missing: [],
      files: hashed.map((file) => ({ ...file, role: 'database-backup', madeAt: new Date().toISOString() })),
    };
    await localKit.writeIndex(kit, index);

    const verify = async (folder) => {
      const listed = await localKit.list(folder);
      const found = await localKit.hash(
        folder,
        listed.map((file) => file.path),
      );
      const { problems } = compareKit(
        index,
        listed.map((file, n) => ({ ...file, sha256: found[n]?.sha256 ?? null })),
      );
      if (problems.length > 0) throw new Error(`the kit does not verify: ${JSON.stringify(problems.slice(0, 3))}`);
    };

    const reference = await timed(() => sha256sum(kit, files));
    const wizard = await timed(() => verify(kit));
    console.log(`sha256sum:              ${reference.seconds.toFixed(2)} s (${rate(total, reference.seconds)})`);
    console.log(
      `wizard verify:          ${wizard.seconds.toFixed(2)} s (${rate(total, wizard.seconds)}), ${wizard.cpuSeconds.toFixed(2)} s of CPU (${rate(total, wizard.cpuSeconds)} per CPU second)`,
    );

    const copyByCp = join(work, 'copy-by-cp');
    const cp = await timed(() => {
      execFileSync('cp', ['-r', kit, copyByCp]);
      sha256sum(copyByCp, files);
    });
    rmSync(copyByCp, { recursive: true, force: true });
    const copyByWizard = join(work, 'copy-by-wizard');
    const wizardCopy = await timed(async () => {
      await localKit.copy(kit, copyByWizard, paths);
      await verify(copyByWizard);
    });
    console.log(`cp + sha256sum:         ${cp.seconds.toFixed(2)} s`);
    console.log(`wizard copy-and-verify: ${wizardCopy.seconds.toFixed(2)} s`);

    const cores = availableParallelism();
    const single = opensslSpeed(false);
    const limit = single * cores;
    console.log(`OpenSSL SHA-256: ${rate(single, 1)} on one core, ${cores} cores: limit ${rate(limit, 1)}`);
    // On a shared machine the wall clock shows what one core actually gave while this ran.
    console.log(`OpenSSL SHA-256 by the wall clock just now: ${rate(opensslSpeed(true), 1)} on one core`);
    const verifyRatio = reference.seconds / wizard.seconds;
    const share = (total / wizard.seconds / limit) * 100;
    console.log(
      `kit verify: ${verifyRatio.toFixed(1)}× sha256sum, ${share.toFixed(0)} % of the machine's SHA-256 limit`,
    );
    console.log(`kit copy-and-verify: ${(cp.seconds / wizardCopy.seconds).toFixed(1)}× cp + sha256sum`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
