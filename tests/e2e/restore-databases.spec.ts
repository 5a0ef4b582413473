import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test, type DrillWizard } from './support/drill-wizard';

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

function checkRow(page: Page, id: string): Locator {
  return page.getByRole('table', { name: 'Checks before the run' }).getByTestId(`check-${id}`);
}

async function startFlow(page: Page, wizard: DrillWizard) {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Restore Service Manager databases' }).check();
  await next(page);
  await expect(heading(page, 'SQL Server')).toBeVisible();
}

async function connect(page: Page, instance: string) {
  await page.getByRole('radio', { name: new RegExp(`^${instance.replace(/\\/g, '\\\\')}`) }).check();
  await page.getByLabel('Restore onto SQL Server').fill(instance);
  await page.getByRole('button', { name: 'Connect' }).click();
}

/** From the Databases page to the Summary, keeping the kit's files and the default options. */
async function toSummary(page: Page, shots?: string) {
  await next(page);
  await expect(heading(page, 'Databases')).toBeVisible();
  if (shots) await screenshot(page, `${shots}-databases`);
  await next(page);
  await expect(heading(page, 'Backup files')).toBeVisible();
  if (shots) await screenshot(page, `${shots}-files`);
  await next(page);
  await expect(heading(page, 'Restore options')).toBeVisible();
  await expect(page.getByText(/original folders|original path/)).toBeVisible();
  if (shots) await screenshot(page, `${shots}-options`);
  await next(page);
  await expect(heading(page, 'Summary')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Checks before the run' })).toBeVisible({ timeout: 30_000 });
}

async function acknowledgeWarnings(page: Page) {
  for (const box of await page.getByRole('checkbox', { name: /^I have read this warning/ }).all()) await box.check();
}

/** When the simulated kit's backup file says it finished, as RESTORE HEADERONLY reads it. */
async function kitBackupFinished(wizard: DrillWizard, fileName: string): Promise<string> {
  const file = Object.values((await wizard.state()).files).find((candidate) =>
    candidate.path.toLowerCase().endsWith(`\\databases\\${fileName.toLowerCase()}`),
  );
  if (!file?.sqlBackup) throw new Error(`The drill's kit has no backup ${fileName}.`);
  return file.sqlBackup.backupFinishDate;
}

async function databaseStates(wizard: DrillWizard, server: string) {
  const sql = (await wizard.state()).sqlServers.find((candidate) => candidate.name === server);
  return Object.fromEntries((sql?.databases ?? []).map((database) => [database.name, database.state]));
}

test.describe('with a slow drill, so progress can be watched', () => {
  test.use({ drillSpeed: 2 });

  test('restores ServiceManager on the rebuilt server with progress, then its permissions', async ({
    page,
    wizard,
  }) => {
    await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' });
    await startFlow(page, wizard);
    await connect(page, 'SQLSM01\\SCSM');
    await expect(page.getByText(/Connected to SQLSM01\\SCSM: SQL Server/)).toBeVisible();
    await screenshot(page, '40-db-connect');
    await toSummary(page, '41-db');

    for (const id of ['sysadmin', 'machine-name', 'instance-name', 'server-name']) {
      await expect(checkRow(page, id)).toHaveAttribute('data-status', 'pass');
    }
    await expect(checkRow(page, 'backup-file-ServiceManager')).toHaveAttribute('data-status', 'pass');
    await expect(checkRow(page, 'backup-content-ServiceManager')).toHaveAttribute('data-status', 'pass');
    // The backup's date in the operator's zone, and its age in whole days on the site's clock.
    const finished = Date.parse(await kitBackupFinished(wizard, 'ServiceManager.bak'));
    const days = Math.floor((Date.now() - finished) / 86_400_000);
    await expect(checkRow(page, 'backup-content-ServiceManager')).toContainText(
      new RegExp(
        `verified; from SQLSM01\\\\SCSM, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\(UTC[+-]\\d\\d:\\d\\d\\), taken ${days} days? ago`,
      ),
    );
    await checkRow(page, 'backup-content-ServiceManager').scrollIntoViewIfNeeded();
    await screenshot(page, '42-db-backup-age');
    await expect(checkRow(page, 'clr')).toHaveAttribute('data-status', 'pass');
    await expect(checkRow(page, 'clr')).toContainText('the plan enables it');
    const plan = page.getByRole('list', { name: 'Plan' });
    await expect(plan).toContainText('RESTORE DATABASE @database FROM DISK = @path WITH CHECKSUM, RECOVERY, STATS = 5');
    await expect(plan).toContainText('\\\\FS01\\RecoveryKit\\Databases\\ServiceManager.bak');
    await expect(plan).toContainText("sp_configure N'clr enabled', 1");
    await acknowledgeWarnings(page);
    await screenshot(page, '42-db-summary');
    await page.getByRole('button', { name: 'Run' }).click();

    const restore = page.getByTestId('step-restore-ServiceManager');
    await expect(restore).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    const bar = page.getByRole('progressbar', { name: /^Progress of Restore ServiceManager/ });
    await expect(bar).toHaveAttribute('aria-valuenow', /^0\.[1-9]/, { timeout: 30_000 });
    await expect(restore).toContainText(/started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\)/);
    await screenshot(page, '43-db-restoring');
    await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('table', { name: 'Checks after the run' })).toContainText('ServiceManager is ONLINE');
    await expect(page.getByTestId('result-restore-ServiceManager')).toContainText(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\)/,
    );
    await screenshot(page, '44-db-complete');

    expect(await databaseStates(wizard, 'SQLSM01\\SCSM')).toMatchObject({ ServiceManager: 'ONLINE' });
  });
});

test('restores the data warehouse databases, moving files whose folder is gone', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLDW01\\SCDW' });
  await startFlow(page, wizard);
  await connect(page, 'SQLDW01\\SCDW');
  await expect(page.getByText(/Connected to SQLDW01\\SCDW/)).toBeVisible();
  await toSummary(page);
  await expect(checkRow(page, 'placement-DWDataMart')).toHaveAttribute('data-status', 'warn');
  await expect(checkRow(page, 'placement-DWDataMart')).toContainText('MOVE to');
  await expect(checkRow(page, 'disk-space')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByRole('list', { name: 'Plan' })).toContainText('MOVE @logical0 TO @physical0');
  await acknowledgeWarnings(page);
  await screenshot(page, '45-dw-summary');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  await screenshot(page, '46-dw-complete');
  const states = await databaseStates(wizard, 'SQLDW01\\SCDW');
  for (const name of ['DWStagingAndConfig', 'DWRepository', 'DWDataMart', 'OMDWDataMart', 'CMDWDataMart', 'Analyst']) {
    expect(states[name]).toBe('ONLINE');
  }
  const dw = (await wizard.state()).sqlServers.find((server) => server.name === 'SQLDW01\\SCDW');
  const dataMart = dw?.databases.find((database) => database.name === 'DWDataMart');
  expect(dataMart?.files.find((file) => file.type === 'D')?.physicalName).not.toMatch(/^F:\\DWData/);
});

test('a server reporting another computer name is refused', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM', machineName: 'SQLSM02' });
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByText(/This is not the lost instance/)).toBeVisible();
  await expect(page.getByTestId('check-machine-name')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('check-machine-name')).toContainText('SQLSM02');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await screenshot(page, '47-db-wrong-computer');
});

test('a server with another instance name is refused', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM', instanceName: 'SCSM2' });
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByText(/SQL Server Browser/)).toBeVisible();
  await page.getByLabel('Restore onto SQL Server').fill('SQLSM01\\SCSM2');
  await expect(page.getByText(/This differs from the lost instance/)).toBeVisible();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText(/This is not the lost instance/)).toBeVisible();
  await expect(page.getByTestId('check-instance-name')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('check-instance-name')).toContainText('SCSM2');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await screenshot(page, '48-db-wrong-instance');
});

test('a stale @@SERVERNAME is fixed when the operator asks for it', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' });
  await wizard.inject({ kind: 'sql-server-renamed', server: 'SQLSM01\\SCSM', staleName: 'WIN-7Q2K3M1\\SCSM' });
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByTestId('check-server-name')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('check-server-name')).toContainText('WIN-7Q2K3M1\\SCSM');
  await expect(page.getByTestId('check-server-name')).toContainText('Fix @@SERVERNAME');
  await screenshot(page, '49-db-stale-servername');
  await page.getByLabel('Fix @@SERVERNAME when only it is out of date').check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('check-server-name')).toHaveAttribute('data-status', 'warn');
  await toSummary(page);
  await expect(checkRow(page, 'server-name')).toHaveAttribute('data-status', 'warn');
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText('EXEC sys.sp_dropserver @server = @stale');
  await expect(plan).toContainText('WIN-7Q2K3M1\\SCSM');
  await expect(plan).toContainText('SQL Server (SCSM)');
  await acknowledgeWarnings(page);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('table', { name: 'Checks after the run' })).toContainText('SQLSM01\\SCSM');
  const sql = (await wizard.state()).sqlServers.find((server) => server.name === 'SQLSM01\\SCSM');
  expect(sql?.serverName).toBe('SQLSM01\\SCSM');
  await screenshot(page, '50-db-servername-fixed');
});

test('a corrupt backup is caught before anything is touched', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' });
  await wizard.inject({ kind: 'sql-backup-corrupt', path: '\\\\FS01\\RecoveryKit\\Databases\\ServiceManager.bak' });
  const before = await wizard.state();
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByText(/Connected to SQLSM01\\SCSM/)).toBeVisible();
  await toSummary(page);
  await expect(checkRow(page, 'backup-content-ServiceManager')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'backup-content-ServiceManager')).toContainText('Damage to the backup set');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await checkRow(page, 'backup-content-ServiceManager').scrollIntoViewIfNeeded();
  await screenshot(page, '51-db-corrupt-backup');
  const after = await wizard.state();
  expect(after.sqlServers).toEqual(before.sqlServers);
});

test('replacing a database that is online needs its name typed, and a backup of it comes first', async ({
  page,
  wizard,
}) => {
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByText(/Connected to SQLSM01\\SCSM/)).toBeVisible();
  await next(page);
  await expect(page.getByText(/already exist on SQLSM01\\SCSM/)).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await toSummary(page);
  await expect(checkRow(page, 'existing-ServiceManager')).toHaveAttribute('data-status', 'warn');
  await expect(checkRow(page, 'existing-ServiceManager')).toContainText('A copy-only backup of it is taken first');
  await acknowledgeWarnings(page);
  const run = page.getByRole('button', { name: 'Run' });
  await expect(run).toBeDisabled();
  await expect(page.getByText('Type ServiceManager to confirm "Restore ServiceManager').first()).toBeVisible();
  await page.getByLabel('Type ServiceManager to confirm').fill('servicemanager');
  await expect(run).toBeDisabled();
  await page.getByLabel('Type ServiceManager to confirm').fill('ServiceManager');
  await screenshot(page, '52-db-replace-confirm');
  await expect(run).toBeEnabled();
  await run.click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  const files = Object.values((await wizard.state()).files).map((file) => file.path);
  expect(files.some((path) => /\\ServiceManager-before-restore-\d{8}-\d{6}-[0-9a-f]{8}\.bak$/.test(path))).toBe(true);
});

test('recreating the data warehouse databases says what is lost and needs RECREATE typed', async ({ page, wizard }) => {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: /^Recreate the data warehouse databases/ }).check();
  await next(page);
  await expect(heading(page, 'What recreating loses')).toBeVisible();
  await expect(page.getByText(/Everything kept only in the data warehouse is gone for good/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await screenshot(page, '53-dw-recreate-loss');
  await page.getByLabel(/There is no usable backup, and I accept/).check();
  await next(page);
  await expect(page.getByRole('radio', { name: /^SQLDW01\\SCDW/ })).toBeChecked();
  // This flow has no step that renames the server, so it does not offer to.
  await expect(page.getByLabel(/Fix @@SERVERNAME/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText(/Connected to SQLDW01\\SCDW/)).toBeVisible();
  await next(page);
  await expect(heading(page, 'Before dropping')).toBeVisible();
  await next(page);
  await expect(heading(page, 'Summary')).toBeVisible();
  await expect(checkRow(page, 'dw-databases')).toHaveAttribute('data-status', 'warn');
  await acknowledgeWarnings(page);
  const run = page.getByRole('button', { name: 'Run' });
  await expect(run).toBeDisabled();
  await page.getByLabel('Type RECREATE to confirm').fill('RECREATE');
  await screenshot(page, '54-dw-recreate-confirm');
  await run.click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/let its Setup create new databases on SQLDW01\\SCDW/)).toBeVisible();
  const remaining = await databaseStates(wizard, 'SQLDW01\\SCDW');
  expect(Object.keys(remaining)).toEqual(['Analyst']);
});

test('with no database ticked, the Databases page says so above the boxes and Next waits', async ({ page, wizard }) => {
  await startFlow(page, wizard);
  await connect(page, 'SQLSM01\\SCSM');
  await expect(page.getByText(/Connected to SQLSM01\\SCSM/)).toBeVisible();
  await next(page);
  await expect(heading(page, 'Databases')).toBeVisible();
  for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
  const problem = page.getByRole('alert').filter({ hasText: 'choose at least one database to restore' });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('Next is unavailable.');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'ServiceManager' }).check();
  await expect(problem).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeEnabled();
});
