import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { screenshot } from './support/drill-wizard';

/**
 * The start page's Real site takes a recovery kit folder, hashes every file against the kit index
 * with progress, and loads the manifest; damaged files are listed with the recoveries they affect.
 * The browser host drives only drills, so the page is served by a test host whose real-site
 * servers are the drill's (tests/e2e/support/real-site-host.ts); the kit is on this disk.
 */

const ROOT = resolve(__dirname, '..', '..');
/** Large enough that the hashing is seen under way, sparse so that it costs no disk. */
const BACKUP_BYTES = 2 * 1024 * 1024 * 1024;

interface KitFileSpec {
  path: string;
  role: string;
  extra?: Record<string, string>;
}

const FILES: KitFileSpec[] = [
  { path: 'site.json', role: 'site-manifest' },
  {
    path: 'Keys\\SCSM01-ServiceManager-key.bin',
    role: 'encryption-key',
    extra: { server: 'SCSM01', keyRole: 'Service Manager' },
  },
  {
    path: 'Databases\\ServiceManager.bak',
    role: 'database-backup',
    extra: { database: 'ServiceManager', sqlServer: 'SQLSM01\\SCSM' },
  },
  {
    path: 'Databases\\ServiceManager-permissions.sql',
    role: 'permissions-script',
    extra: { database: 'ServiceManager', sqlServer: 'SQLSM01\\SCSM' },
  },
  { path: 'ManagementPacks\\Contoso.Notifications.xml', role: 'management-pack', extra: { server: 'SCSM01' } },
];

const onDisk = (kit: string, path: string) => join(kit, ...path.split('\\'));

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A kit as Prepare leaves it, with its index; the backup a sparse file of 2 GB. */
async function writeKit(): Promise<string> {
  const kit = mkdtempSync(join(tmpdir(), 'real-site-kit-'));
  for (const folder of ['Keys', 'Databases', 'ManagementPacks']) mkdirSync(join(kit, folder));
  writeFileSync(onDisk(kit, 'site.json'), readFileSync(join(ROOT, 'assets', 'drill', 'contoso-site.json')));
  writeFileSync(onDisk(kit, FILES[1]?.path ?? ''), Buffer.alloc(4096, 3));
  writeFileSync(onDisk(kit, FILES[2]?.path ?? ''), '');
  truncateSync(onDisk(kit, FILES[2]?.path ?? ''), BACKUP_BYTES);
  writeFileSync(onDisk(kit, FILES[3]?.path ?? ''), 'CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS;\n');
  writeFileSync(onDisk(kit, FILES[4]?.path ?? ''), '<ManagementPack ID="Contoso.Notifications"/>\n');
  const files = [];
  for (const file of FILES) {
    const content = onDisk(kit, file.path);
    files.push({
      path: file.path,
      role: file.role,
      size: file.path.endsWith('.bak') ? BACKUP_BYTES : readFileSync(content).length,
      sha256: await sha256Of(content),
      madeAt: '2026-12-01T08:10:00+01:00',
      ...file.extra,
    });
  }
  const index = {
    schemaVersion: 1,
    siteName: 'Contoso production',
    madeBy: 'CONTOSO\\operator',
    madeOn: 'SCSM01',
    wizardVersion: 'e2e',
    startedAt: '2026-12-01T08:00:00+01:00',
    finishedAt: '2026-12-01T08:30:00+01:00',
    complete: true,
    missing: [],
    files,
  };
  writeFileSync(join(kit, 'kit-index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return kit;
}

let hostScript = '';
let child: ChildProcess | undefined;
let address = '';
let kit = '';

test.beforeAll(async () => {
  // Hashing the kit's index entries here takes a while on a busy machine.
  test.setTimeout(180_000);
  const outDirectory = join(ROOT, 'test-results', 'real-site-host');
  hostScript = join(outDirectory, 'real-site-host.js');
  await build({
    entryPoints: [join(__dirname, 'support', 'real-site-host.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile: hostScript,
    logLevel: 'warning',
  });
  kit = await writeKit();
  const data = mkdtempSync(join(tmpdir(), 'real-site-data-'));
  child = spawn(process.execPath, [hostScript, data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  address = await new Promise<string>((resolveAddress, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the real-site test host did not start: ${stderr}`)), 15_000);
    child?.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Real site wizard: (\S+)\n/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveAddress(match[1]);
      }
    });
  });
});

test.afterAll(() => {
  child?.kill('SIGTERM');
  if (kit) rmSync(kit, { recursive: true, force: true });
});

async function verifyAndLoad(page: Page) {
  await page.getByRole('button', { name: 'Verify and load the site' }).click();
}

test('verifies the kit folder whole with progress, loads it, and lists damaged files with the recoveries they affect', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(address);
  await page.getByRole('radio', { name: 'Real site' }).check();
  await page.getByLabel('Recovery kit folder, or its site manifest (site.json)').fill(kit);
  await verifyAndLoad(page);

  // While the 2 GB backup is hashed: bytes, rate and time left, as Verify kit shows them.
  const progress = page.getByRole('status').filter({ hasText: 'Verifying the kit' });
  await expect(progress).toContainText(/Hashed [\d.]+ GB of 2\.0 GB at \d+ MB\/s/);
  await screenshot(page, '90-real-site-kit-verifying');

  await expect(page.getByText('Kit verified')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Contoso production: 5 of 5 files intact/)).toBeVisible();
  await expect(page.getByText(/In use: the real site/)).toBeVisible();

  // A pack changed and a permissions script gone: a warning the operator may load past.
  writeFileSync(onDisk(kit, FILES[4]?.path ?? ''), '<ManagementPack ID="Contoso.Notifications" edited="yes"/>\n');
  rmSync(onDisk(kit, FILES[3]?.path ?? ''));
  await verifyAndLoad(page);
  await expect(page.getByText('Some files of the kit are damaged')).toBeVisible({ timeout: 60_000 });
  const rows = page.getByTestId('kit-problem');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'ServiceManager-permissions.sql' })).toContainText('Missing');
  await expect(rows.filter({ hasText: 'ServiceManager-permissions.sql' })).toContainText(
    'Restore Service Manager databases',
  );
  await expect(rows.filter({ hasText: 'Contoso.Notifications.xml' })).toContainText('Changed');
  await expect(rows.filter({ hasText: 'Contoso.Notifications.xml' })).toContainText('Import unsealed management packs');
  await screenshot(page, '91-real-site-kit-damaged');
  await expectNoAxeViolations(page, 'Real site: damaged kit files');
  await page.getByRole('button', { name: 'Load the site anyway' }).click();
  await expect(page.getByText(/In use: the real site/)).toBeVisible();

  // An encryption key changed: the kit is refused, with no way past.
  writeFileSync(onDisk(kit, FILES[1]?.path ?? ''), Buffer.alloc(4096, 4));
  await verifyAndLoad(page);
  await expect(page.getByText('This kit cannot be used')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('kit-problem').filter({ hasText: 'SCSM01-ServiceManager-key.bin' })).toContainText(
    'The kit cannot be used',
  );
  await expect(page.getByRole('button', { name: 'Load the site anyway' })).toHaveCount(0);
  await screenshot(page, '92-real-site-kit-refused');
});
