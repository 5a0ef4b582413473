import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './support/drill-wizard';

const KEY_PASSWORD = `Kit'key"pass-wörd`;
const MASTER_PASSWORD = `Smk'pa"ss]--;wörd`;

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('prepares a recovery kit from a folder with no manifest: discovery, keys, backups, scripts, index', async ({
  page,
  wizard,
}) => {
  await wizard.call('drill:sign-in', { computer: 'SCSM01' });
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Prepare the recovery kit' }).check();
  await next(page);

  await expect(heading(page, 'Recovery kit')).toBeVisible();
  await page.getByLabel('Kit folder').fill('\\\\FS01\\Kits\\Contoso');
  await page.getByLabel('Service Manager media (drive or folder)').fill('D:\\');
  await next(page);

  await expect(heading(page, 'The site')).toBeVisible();
  // No previous kit says where the Orchestrator database is: the page asks, and reads its servers there.
  await page.getByRole('button', { name: 'Find the site' }).click();
  await expect(
    page.getByText(/There is no previous kit in the kit folder to say where the Orchestrator database is/),
  ).toBeVisible();
  await screenshot(page, '79-prepare-kit-orchestrator-asked');
  await page.getByLabel('Orchestrator database’s SQL Server').fill('SQLORCH01');
  await page.getByRole('button', { name: 'Find the site' }).click();
  await expect(page.getByText(/Found 7 servers and 8 databases of the management group CONTOSO-SM/)).toBeVisible();
  await expect(page.getByText('SCSMDW01', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('SCORCHRB02', { exact: true }).first()).toBeVisible();
  await screenshot(page, '80-prepare-kit-discovered');
  await next(page);

  await expect(heading(page, 'Passwords')).toBeVisible();
  await page.getByLabel('Password for the encryption key files').fill(KEY_PASSWORD);
  await page.getByLabel('Type the key files’ password again').fill(KEY_PASSWORD);
  await page.getByLabel('Password for the service master key files').fill(MASTER_PASSWORD);
  await page.getByLabel('Type the service master key files’ password again').fill(MASTER_PASSWORD);
  await next(page);

  // Setup's secrets are optional; typed, they are tested before the kit is made.
  await expect(heading(page, 'Setup’s accounts')).toBeVisible();
  await page.getByLabel('Services account', { exact: true }).fill('CONTOSO\\svc-scsm');
  await page.getByLabel('Services account: password').fill('Svc-passw0rd-2026');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.getByRole('button', { name: 'Test Credentials' }).click();
  await expect(page.getByText('Accepted: CONTOSO\\svc-scsm.')).toBeVisible();
  await next(page);

  await expect(heading(page, 'Summary')).toBeVisible();
  await expect(
    page.getByText(/the password of CONTOSO\\svc-scsm: tested, then remembered in the OS keychain/),
  ).toBeVisible();
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText(
    'SecureStorageBackup.exe Backup \\\\FS01\\Kits\\Contoso\\Keys\\SCSM01-ServiceManager-key.bin',
  );
  await expect(plan).toContainText('RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM');
  await page.getByLabel('I have read this warning: Encryption keys this computer can back up').check();
  await screenshot(page, '81-prepare-kit-summary');
  await page.getByRole('button', { name: 'Run' }).click();

  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/Could not: rebuild SCSM02 under its name \(its key is not in the kit\)/)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(KEY_PASSWORD);
  await screenshot(page, '82-prepare-kit-complete');
  const files = Object.values((await wizard.state()).files).map((file) => file.path);
  expect(files).toEqual(
    expect.arrayContaining([
      '\\\\FS01\\Kits\\Contoso\\site.json',
      '\\\\FS01\\Kits\\Contoso\\kit-index.json',
      '\\\\FS01\\Kits\\Contoso\\Databases\\ServiceManager-permissions.sql',
    ]),
  );
});
