import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, runFlow, screenshot, siteManifest, test, type DrillWizard } from './support/drill-wizard';
import {
  checkReportFromCompletion,
  completionStepIds,
  screenshotReport,
  summaryCheckTitles,
} from './support/run-report';

const KEY_PASSWORD = `Smk'pa"ss-wörd-2026`;
const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** "Back up Orchestrator" through the API: the backup's own pages have their test. */
async function backUp(wizard: DrillWizard, options: { remember: boolean }) {
  const keyFile = '\\\\FS01\\RecoveryKit\\Orchestrator\\SQLORCH01-service-master-key.key';
  const backupFile = '\\\\FS01\\RecoveryKit\\Databases\\Orchestrator-drill.bak';
  const done = await runFlow(wizard, 'backup-orchestrator', {
    sqlServer: 'SQLORCH01',
    authentication: 'integrated',
    trustServerCertificate: false,
    database: 'Orchestrator',
    backupMasterKey: true,
    keyFile,
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    remember: options.remember,
    backupFile,
    checkedIn: true,
  });
  expect(done.phase).toBe('succeeded');
  return { keyFile, backupFile };
}

async function acknowledgeWarnings(page: Page) {
  for (const box of await page.getByRole('checkbox', { name: /^I have read this warning/ }).all()) await box.check();
}

interface Recovery {
  sqlServer: string;
  backupFile?: string;
  key?: { file: string; remembered: boolean };
  runbookServers: number;
  shots?: string;
}

/** Through every page to the Summary. */
async function toSummary(page: Page, wizard: DrillWizard, recovery: Recovery) {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Recover the Orchestrator database' }).check();
  await next(page);
  await expect(heading(page, 'Database server')).toBeVisible();
  await expect(page.getByLabel('Database', { exact: true })).toHaveValue('Orchestrator');
  await page.getByLabel('SQL Server', { exact: true }).fill('localhost');
  await expect(page.getByText(/name the computer explicitly: localhost/)).toBeVisible();
  await page.getByLabel('SQL Server', { exact: true }).fill(recovery.sqlServer);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText(new RegExp(`Connected to ${recovery.sqlServer}`))).toBeVisible();
  if (recovery.shots) await screenshot(page, `${recovery.shots}-database`);
  await next(page);

  await expect(heading(page, 'Backup')).toBeVisible();
  if (recovery.backupFile) await expect(page.getByLabel('Backup file')).toHaveValue(recovery.backupFile);
  await page.getByRole('button', { name: 'Read the backup' }).click();
  // The backup's date in the operator's zone, and how old it is: what the restore will lose.
  await expect(
    page.getByText(
      /A full backup of Orchestrator from SQLORCH01, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\), taken (just now|\d+ (minutes?|hours?|days?) ago)\./,
    ),
  ).toBeVisible();
  await next(page);

  await expect(heading(page, 'Service master key')).toBeVisible();
  if (recovery.key) {
    await page.getByRole('radio', { name: /^Another server, or the same server with a changed/ }).check();
    await expect(
      page.getByText(
        /The backup of Orchestrator was taken on SQLORCH01 \(\d{4}-\d\d-\d\d .*, taken (just now|\d+ (minutes?|hours?|days?) ago)\); this is SQLSPARE01\./,
      ),
    ).toBeVisible();
    await expect(page.getByLabel('Service master key file')).toHaveValue(recovery.key.file);
    if (recovery.key.remembered) {
      await page.getByLabel('Use the password remembered in the OS keychain for this key file').check();
      await expect(page.getByText(/remembered as "/)).toBeVisible();
    } else {
      await page.getByLabel('Password of the key file').fill(KEY_PASSWORD);
    }
    await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
    await page.getByLabel(/^I consulted the DBA/).check();
  } else {
    await expect(
      page.getByText(
        /The backup of Orchestrator was taken on SQLORCH01 \(\d{4}-\d\d-\d\d .*, taken (just now|\d+ (minutes?|hours?|days?) ago)\); this is SQLORCH01\./,
      ),
    ).toBeVisible();
  }
  if (recovery.shots) await screenshot(page, `${recovery.shots}-key`);
  await next(page);

  await expect(heading(page, 'Orchestrator servers')).toBeVisible();
  await expect(
    page.getByText(
      new RegExp(`of ${recovery.runbookServers} runbook servers|All ${recovery.runbookServers} runbook servers`),
    ),
  ).toBeVisible({ timeout: 30_000 });
  if (recovery.shots) await screenshot(page, `${recovery.shots}-servers`);
  await next(page);
  await expect(heading(page, 'Summary')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Checks before the run' })).toBeVisible({ timeout: 60_000 });
}

/** When each runbook server's step started and finished, from the run's journal. */
function runbookTimings(journalPath: string) {
  const records = readFileSync(journalPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; at: string; stepId?: string; durationMs?: number });
  const ofRunbook = (record: { stepId?: string }) => record.stepId?.startsWith('runbook-server-') === true;
  const started = records.filter((record) => record.type === 'step-started' && ofRunbook(record));
  const finished = records.filter((record) => record.type === 'step-finished' && ofRunbook(record));
  const times = (list: typeof records) => list.map((record) => Date.parse(record.at));
  return {
    servers: finished.length,
    wallMs: Math.max(...times(finished)) - Math.min(...times(started)),
    slowestMs: Math.max(...finished.map((record) => record.durationMs ?? 0)),
    totalMs: finished.reduce((sum, record) => sum + (record.durationMs ?? 0), 0),
  };
}

test('backs up Orchestrator, then recovers it onto the same server', async ({ page, wizard }) => {
  const backup = await backUp(wizard, { remember: false });
  await toSummary(page, wizard, {
    sqlServer: 'SQLORCH01',
    backupFile: backup.backupFile,
    runbookServers: 3,
    shots: '60-orch-same',
  });
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).not.toContainText('RESTORE SERVICE MASTER KEY');
  await expect(plan).toContainText('DBSetup.exe');
  await expect(plan).toContainText('Server: SQLORCH01 (exactly this; never localhost or .)');
  await acknowledgeWarnings(page);
  await page.getByLabel('Type Orchestrator to confirm').fill('Orchestrator');
  await screenshot(page, '61-orch-same-summary');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  const after = page.getByRole('table', { name: 'Checks after the run' });
  await expect(after).not.toContainText('Failed');
  await expect(page.getByRole('table', { name: 'Steps of the run' })).toContainText(
    'SCORCHRB02: Data Store Configuration',
  );
  await screenshot(page, '62-orch-same-complete');
});

test.describe('web components 2019 and another SQL Server', () => {
  test.use({
    drillManifest: siteManifest((manifest) => {
      const web = manifest.servers.find((server) => server.netbiosName === 'SCORCHWEB01');
      if (web) web.productVersion = '10.19.40.0';
    }),
  });

  test('recovers onto another SQL Server: the key from its file, every server and the web service re-pointed', async ({
    page,
    wizard,
  }) => {
    const backup = await backUp(wizard, { remember: true });
    await toSummary(page, wizard, {
      sqlServer: 'SQLSPARE01',
      backupFile: backup.backupFile,
      key: { file: backup.keyFile, remembered: true },
      runbookServers: 3,
      shots: '63-orch-other',
    });
    const plan = page.getByRole('list', { name: 'Plan' });
    await expect(plan).toContainText('RESTORE SERVICE MASTER KEY FROM FILE');
    await expect(plan).toContainText('DECRYPTION BY PASSWORD = ********');
    await expect(plan).toContainText('Set-ConnectionStringsProtection.ps1');
    await expect(page.locator('body')).not.toContainText(KEY_PASSWORD);
    await acknowledgeWarnings(page);
    await screenshot(page, '64-orch-other-summary');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('table', { name: 'Checks after the run' })).not.toContainText('Failed');
    await screenshot(page, '65-orch-other-complete');
    const state = await wizard.state();
    const spare = state.sqlServers.find((server) => server.name === 'SQLSPARE01');
    const original = state.sqlServers.find((server) => server.name === 'SQLORCH01');
    expect(spare?.serviceMasterKeyId).toBe(original?.serviceMasterKeyId);
    expect(spare?.databases.find((database) => database.name === 'Orchestrator')?.state).toBe('ONLINE');
  });
});

test.describe('fifty runbook servers', () => {
  test.use({
    // Slow enough that the block can be seen running.
    drillSpeed: 10,
    drillManifest: siteManifest((manifest) => {
      for (let index = 3; index <= 49; index += 1) {
        const name = `SCORCHRB${String(index).padStart(2, '0')}`;
        manifest.servers.push({
          netbiosName: name,
          fqdn: `${name.toLowerCase()}.contoso.local`,
          roles: ['orchestrator-runbook-server'],
          installDirectory: 'C:\\Program Files (x86)\\Microsoft System Center\\Orchestrator',
          productVersion: '10.22.2.0',
        });
      }
    }),
  });

  test('every server ends with its own status, in about one server’s time per batch of ten', async ({
    page,
    wizard,
  }) => {
    await toSummary(page, wizard, { sqlServer: 'SQLORCH01', runbookServers: 50 });
    // Opening and checking the report of fifty servers adds to a test already long on a busy machine.
    test.slow();
    const checks = await summaryCheckTitles(page);
    await acknowledgeWarnings(page);
    await page.getByLabel('Type Orchestrator to confirm').fill('Orchestrator');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByText(/^Running 10 steps at once/)).toBeVisible({ timeout: 60_000 });
    // The rows re-render as progress arrives, so the browser scrolls, not a locator that may be replaced.
    await page.evaluate('document.querySelector(\'[data-testid="step-runbook-server-scorchrb08"]\')?.scrollIntoView()');
    await screenshot(page, '66-orch-fifty-progress');
    await expect(heading(page, 'Completion')).toBeVisible({ timeout: 180_000 });
    const steps = page.getByRole('table', { name: 'Steps of the run' });
    for (let index = 1; index <= 49; index += 1) {
      const name = `scorchrb${String(index).padStart(2, '0')}`;
      await expect(steps.getByTestId(`result-runbook-server-${name}`)).toHaveAttribute('data-state', 'done');
    }
    await expect(steps.getByTestId('result-runbook-server-scorch01')).toHaveAttribute('data-state', 'done');
    await screenshot(page, '67-orch-fifty-complete');

    // The report of the run, opened from Completion: every check and step, a lane and a bar per server.
    const stepIds = await completionStepIds(page);
    expect(stepIds.filter((id) => id.startsWith('runbook-server-'))).toHaveLength(50);
    const opened = Date.now();
    const html = await checkReportFromCompletion(page, {
      checks,
      steps: stepIds,
      secrets: [KEY_PASSWORD],
      shots: '83-report-orch-fifty',
    });
    test.info().annotations.push({
      type: 'figure',
      description: `report of the fifty-server recovery: ${Buffer.byteLength(html)} bytes, made and shown in ${Date.now() - opened} ms`,
    });
    expect(html).toMatch(/At most 10 steps ran at the same time/);
    await screenshotReport(page, html, '84-report-orch-fifty', false);

    const timings = runbookTimings(await page.getByLabel('Run journal').inputValue());
    const batches = Math.ceil(50 / 10);
    test.info().annotations.push({
      type: 'timing',
      description: `50 runbook servers in ${timings.wallMs} ms; slowest server ${timings.slowestMs} ms; ${batches} batches; one after another would take ${timings.totalMs} ms`,
    });
    expect(timings.servers).toBe(50);
    // A sliding window of ten: about one server's time per batch, with a little room for scheduling.
    expect(timings.wallMs).toBeLessThanOrEqual(batches * timings.slowestMs * 1.25);
  });
});

test('one unreachable runbook server ends as a partial result, and Retry finishes it alone', async ({
  page,
  wizard,
}) => {
  await wizard.inject({ kind: 'computer-unreachable', computer: 'SCORCHRB02' });
  await toSummary(page, wizard, { sqlServer: 'SQLORCH01', runbookServers: 3 });
  const runbooks = page.getByRole('table', { name: 'Checks before the run' }).getByTestId('check-runbook-servers');
  await expect(runbooks).toHaveAttribute('data-status', 'warn');
  await expect(runbooks).toContainText('SCORCHRB02');
  await acknowledgeWarnings(page);
  await page.getByLabel('Type Orchestrator to confirm').fill('Orchestrator');
  await page.getByRole('button', { name: 'Run' }).click();

  const failed = page.getByTestId('step-runbook-server-scorchrb02');
  await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 120_000 });
  await expect(failed).toContainText('Cannot reach SCORCHRB02');
  await expect(page.getByTestId('step-runbook-server-scorchrb01')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('step-runbook-server-scorch01')).toHaveAttribute('data-state', 'done');
  await expect(page.getByText(/The step "SCORCHRB02: Data Store Configuration/)).toBeVisible();
  await screenshot(page, '68-orch-partial');

  await wizard.call('drill:restart', { computer: 'SCORCHRB02' });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('table', { name: 'Steps of the run' }).getByTestId('result-runbook-server-scorchrb02'),
  ).toHaveAttribute('data-state', 'done');
  await screenshot(page, '69-orch-retried');
});
