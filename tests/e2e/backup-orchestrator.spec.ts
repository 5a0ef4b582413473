import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './support/drill-wizard';

const KEY_PASSWORD = `Smk'pa"ss-wörd-2026`;

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('backs up the service master key and the Orchestrator database, then remembers the key was done', async ({
  page,
  wizard,
}) => {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Back up Orchestrator' }).check();
  await next(page);
  await expect(heading(page, 'Orchestrator database')).toBeVisible();
  await expect(page.getByLabel('SQL Server', { exact: true })).toHaveValue('SQLORCH01');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText(/Orchestrator is ONLINE; its backup will be compressed/)).toBeVisible();
  await next(page);

  await expect(heading(page, 'Service master key')).toBeVisible();
  await expect(
    page.getByText(
      /Neither the recovery kit nor this wizard's journals hold a backup of the service master key of SQLORCH01/,
    ),
  ).toBeVisible();
  await expect(page.getByLabel('Back up the service master key in this run')).toBeChecked();
  await page.getByLabel('Password that protects the key file').fill(KEY_PASSWORD);
  await page.getByLabel('Type the password again').fill(`${KEY_PASSWORD}x`);
  await expect(page.getByText('the two passwords differ')).toBeVisible();
  await page.getByLabel('Type the password again').fill(KEY_PASSWORD);
  await screenshot(page, '55-orchestrator-master-key');
  await next(page);

  await expect(heading(page, 'Database backup')).toBeVisible();
  // The database says no runbook is checked out: the authors' word is not asked for.
  await expect(page.getByText(/^No runbook is checked out \(read from/)).toBeVisible();
  await expect(page.getByLabel('The runbook authors have checked in their changes')).toHaveCount(0);
  await next(page);

  await expect(heading(page, 'Summary')).toBeVisible();
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText('ENCRYPTION BY PASSWORD = ********');
  await expect(plan).toContainText(
    'WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT, DESCRIPTION = @description, STATS = 5',
  );
  await expect(page.locator('body')).not.toContainText(KEY_PASSWORD);
  await screenshot(page, '56-orchestrator-backup-summary');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Keep the key file and its password apart and offline/).first()).toBeVisible();
  await screenshot(page, '57-orchestrator-backup-complete');

  // A second backup the same day: the key is not asked for again.
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Back up Orchestrator' }).check();
  await next(page);
  await page.getByRole('button', { name: 'Connect' }).click();
  await next(page);
  await expect(
    page.getByText(
      /backed up the service master key of SQLORCH01 to .+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .+, taken just now\)\./,
    ),
  ).toBeVisible();
  await expect(page.getByLabel('Back up the service master key in this run')).not.toBeChecked();
});

test('shows a key regenerated since its backup and a checked-out runbook as warnings to act on', async ({
  page,
  wizard,
}) => {
  // Fluent gives each intent of a message bar its own background.
  const background = (text: RegExp) =>
    page
      .getByRole('status')
      .filter({ hasText: text })
      .evaluate(
        (element) =>
          (
            globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }
          ).getComputedStyle(element).backgroundColor,
      );
  const open = async () => {
    await page.goto(wizard.url);
    await page.getByRole('radio', { name: 'Back up Orchestrator' }).check();
    await next(page);
    await page.getByRole('button', { name: 'Connect' }).click();
  };
  const typeKeyPassword = async () => {
    await page.getByLabel('Password that protects the key file').fill(KEY_PASSWORD);
    await page.getByLabel('Type the password again').fill(KEY_PASSWORD);
  };
  // A first backup takes the key; then a DBA regenerates it and an author checks a runbook out.
  await open();
  await next(page);
  await typeKeyPassword();
  await next(page);
  await next(page);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });
  await wizard.inject({ kind: 'sql-service-master-key-regenerated', server: 'SQLORCH01' });
  await wizard.inject({ kind: 'runbook-checked-out', runbook: 'Monthly patching', user: 'CONTOSO\\orch-author' });

  await open();
  const success = await background(/is ONLINE; its backup will be compressed/);
  await next(page);
  await expect(page.getByText(/the server's key was restored or regenerated after that/)).toBeVisible();
  const keyWarning = await background(/restored or regenerated after that/);
  await expect(page.getByLabel('Back up the service master key in this run')).toBeChecked();
  await typeKeyPassword();
  // Looked at as the operator would: once the page has taken the passwords.
  await expect(page.getByRole('button', { name: 'Next' })).toBeEnabled();
  await screenshot(page, '58-orchestrator-key-regenerated');
  await next(page);

  await expect(page.getByText(/^A runbook is checked out in the Runbook Designer/)).toBeVisible();
  const checkOutWarning = await background(/^A runbook is checked out in the Runbook Designer/);
  await expect(page.getByLabel('The runbook authors have checked in their changes')).toBeVisible();
  await screenshot(page, '59-orchestrator-runbook-checked-out');
  expect(keyWarning).toBe(checkOutWarning);
  expect(keyWarning).not.toBe(success);
});
