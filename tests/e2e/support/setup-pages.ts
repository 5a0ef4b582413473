import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expect, screenshot, test } from './drill-wizard';

/** The Setup pages as an operator fills them, shared by the specs that run Setup in the drill. */

export const SERVICE_PASSWORD = `Svc'pa"ss\`$(whoami)-wörd`;

/**
 * axe-core checks each of these pages as answered (after Connect and Test Credentials) in
 * operator-actions.spec.ts, which opens every page of every procedure from the rail.
 */
export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
}
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/**
 * Typed rather than taken from the keychain: another spec on the same drill keychain (the
 * operator-actions walks prepare kits that remember Setup's secrets) may have left one remembered.
 */
async function typeInstead(page: Page, rememberedBox: string): Promise<void> {
  const box = page.getByRole('checkbox', { name: rememberedBox, exact: true });
  if (await box.isChecked()) await box.uncheck();
}

/** The pages every Setup flow shares, from the media to the services account. */
export async function fillSetupPages(page: Page, options: { dataWarehouse?: boolean; shots?: string } = {}) {
  // Twelve pages of lookups and Setup's run: on a loaded machine the data warehouse walk went past 90 s.
  test.slow();
  const shot = async (name: string) => {
    if (options.shots) await screenshot(page, `${options.shots}-${name}`);
  };
  await expect(heading(page, 'Installation media')).toBeVisible();
  await page.getByLabel('Service Manager media (drive or folder)').fill('D:\\');
  await next(page);

  await expect(heading(page, 'Product registration')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Contoso IT');
  await page.getByLabel('Organization').fill('Contoso, Ltd.');
  await typeInstead(page, 'Use the product key remembered in the OS keychain');
  await page.getByLabel('Product key', { exact: true }).fill('ABCDE-12345');
  await expect(page.getByText('a product key is 25 characters in 5 groups')).toBeVisible();
  await page.getByLabel('Product key', { exact: true }).fill('');
  await page.getByLabel(/I have read, understood, and agree/).check();
  await shot('registration');
  await next(page);

  await expect(heading(page, 'Installation location')).toBeVisible();
  await expect(page.getByText(/GB free, 2\.0 GB required/)).toBeVisible();
  await next(page);

  await expect(heading(page, 'System check results')).toBeVisible();
  await expect(page.getByText('All checks passed.')).toBeVisible();
  await expect(page.getByTestId('check-not-installed')).toHaveAttribute('data-status', 'pass');
  await shot('system-check');
  await next(page);

  await expect(heading(page, /^Configure the (Service Manager database|data warehouse databases)$/)).toBeVisible();
  await expect(page.getByRole('radio', { name: /Use an existing database/ })).toBeChecked();
  await expect(page.getByText(/Connected to SQL(SM|DW)01\\SC(SM|DW): \d+ databases/)).toBeVisible();
  await shot('database');
  await next(page);

  await expect(heading(page, /management group$/)).toBeVisible();
  await expect(page.getByLabel('Management group name')).toHaveValue(
    options.dataWarehouse ? 'CONTOSO-DW' : 'CONTOSO-SM',
  );
  await expect(page.getByLabel('Management group name')).toHaveAttribute('readonly', '');
  // The administrators group comes from the database (MOMAdminGroup), compared with the manifest's.
  await expect(page.getByLabel('Management group administrators')).toHaveValue('CONTOSO\\SCSM Admins');
  await expect(
    page.getByText(
      options.dataWarehouse
        ? 'Administrators: CONTOSO\\SCSM Admins, read from the database (the manifest records none).'
        : 'Administrators: CONTOSO\\SCSM Admins, read from the database, as the manifest records.',
      { exact: false },
    ),
  ).toBeVisible();
  await shot('management-group');
  await next(page);

  if (options.dataWarehouse) {
    await expect(heading(page, 'Configure the reporting server for the data warehouse')).toBeVisible();
    const url = page.getByLabel('Report server URL');
    await expect(url).toHaveValue('http://sqlrs01.contoso.local/ReportServer');
    await url.fill('http://sqlrs02.contoso.local/ReportServer');
    await expect(page.getByText(/This is not the URL the manifest records/)).toBeVisible();
    await url.fill('http://sqlrs01.contoso.local/ReportServer');
    await expect(page.getByText(/This is not the URL the manifest records/)).toHaveCount(0);
    await next(page);
  }

  await expect(heading(page, 'Configure the account for Service Manager services')).toBeVisible();
  await page.getByLabel('Services account: user name').fill('svc-scsm');
  await typeInstead(page, 'Use the password remembered in the OS keychain');
  await page.getByLabel('Services account: password').fill(SERVICE_PASSWORD);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(page.getByText('Select Test Credentials: Next waits until the credentials are accepted.')).toBeVisible();
  await page.getByRole('button', { name: 'Test Credentials' }).click();
  await expect(page.getByText('The credentials were accepted.')).toBeVisible();
  if (!options.dataWarehouse) {
    await page.getByRole('checkbox', { name: /No one else will be signed in to this computer/ }).check();
  }
  await shot('account');
  await next(page);

  if (options.dataWarehouse) {
    await expect(heading(page, 'Configure the reporting account')).toBeVisible();
    await page.getByLabel('Reporting account: user name').fill('svc-scsm-reporting');
    await typeInstead(page, 'Use the password remembered in the OS keychain');
    await page.getByLabel('Reporting account: password').fill('Report-passw0rd');
    await page.getByRole('button', { name: 'Test Credentials' }).click();
    await expect(page.getByText('The credentials were accepted.')).toBeVisible();
    await next(page);
  }

  await expect(heading(page, 'Help improve System Center')).toBeVisible();
  await next(page);
  if (options.dataWarehouse) {
    await expect(heading(page, 'Use Microsoft Update')).toBeVisible();
    await next(page);
  }
  await expect(heading(page, 'Summary')).toBeVisible();
  await expectNoAxeViolations(page, 'Summary');
}

export async function acknowledgeWarnings(page: Page) {
  await expect(page.getByRole('table', { name: 'Checks before the run' })).toBeVisible();
  for (const box of await page.getByRole('checkbox', { name: /^I have read this warning/ }).all()) await box.check();
}
