import type { Locator, Page } from '@playwright/test';
import { keyAnswers } from '../support/setup-answers';
import { expectNoAxeViolations } from './support/axe';
import { expect, runFlow, screenshot, test, type DrillWizard } from './support/drill-wizard';
import { acknowledgeWarnings, fillSetupPages, heading, next, SERVICE_PASSWORD } from './support/setup-pages';

/** The documented order ("Implement Service Manager disaster recovery"): back up the key while the server lives, lose the server, rebuild it, restore the key. */
async function rebuild(wizard: DrillWizard, server: string, options: { restoreKey: boolean }) {
  await wizard.call('drill:sign-in', { computer: server });
  expect((await runFlow(wizard, 'encryption-key', keyAnswers(server, 'backup'))).phase).toBe('succeeded');
  await wizard.inject({ kind: 'server-rebuilt', computer: server });
  if (options.restoreKey) {
    expect((await runFlow(wizard, 'encryption-key', keyAnswers(server, 'restore'))).phase).toBe('succeeded');
  }
}

async function startFlow(page: Page, wizard: DrillWizard, title: string) {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: title }).check();
  await next(page);
}

async function run(page: Page) {
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });
}

/** A failed step keeps the wizard on Progress, where Retry is. */
async function runUntilStepFails(page: Page, stepId: string) {
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId(`step-${stepId}`)).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
}

function checkRow(page: Page, id: string): Locator {
  return page.getByRole('table', { name: 'Checks before the run' }).getByTestId(`check-${id}`);
}

test('restores a Service Manager management server to "Setup completed successfully"', async ({ page, wizard }) => {
  await rebuild(wizard, 'SCSM01', { restoreKey: true });
  await startFlow(page, wizard, 'Restore a Service Manager management server');
  await expect(heading(page, 'Server to restore')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^SCSM01/ })).toBeChecked();
  await next(page);
  await fillSetupPages(page, { shots: '20-setup' });

  await expect(checkRow(page, 'same-computer')).toHaveAttribute('data-status', 'pass');
  await expect(checkRow(page, 'encryption-key-restored')).toHaveAttribute('data-status', 'pass');
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText('D:\\Setup.exe /Install:Server /AcceptEula:YES "/RegisteredOwner:Contoso IT"');
  await expect(plan).toContainText('/UseExistingDatabase:SQLSM01\\SCSM:ServiceManager');
  await expect(plan).toContainText('/ServiceRunUnderAccount:CONTOSO\\svc-scsm\\********');
  await expect(page.locator('body')).not.toContainText(SERVICE_PASSWORD);
  await acknowledgeWarnings(page);
  await screenshot(page, '21-setup-summary');
  await run(page);
  await expect(page.getByText('Setup completed successfully.').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Checks after the run' })).toContainText(
    'SQLSM01\\SCSM / ServiceManager',
  );
  // "Done" alone read as if Windows had been restarted.
  await expect(page.getByTestId('result-restart-if-asked')).toContainText('Setup asked for no restart: nothing to do.');
  await screenshot(page, '22-setup-complete');
  const scsm01 = (await wizard.state()).computers.find((computer) => computer.name === 'SCSM01');
  expect(scsm01?.services.map((service) => service.status)).toEqual(['Running', 'Running', 'Running']);
});

test('blocks Setup on another computer name, and until the key is restored here', async ({ page, wizard }) => {
  // A fresh computer, but named SCSM04 instead of the lost SCSM01.
  await wizard.call('drill:sign-in', { computer: 'SCSM04' });
  await startFlow(page, wizard, 'Restore a Service Manager management server');
  await page.getByRole('radio', { name: /^SCSM01/ }).check();
  await next(page);
  // The first test walked these pages with axe-core.
  await fillSetupPages(page);
  await expect(checkRow(page, 'same-computer')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'same-computer')).toContainText('SCSM01 (scsm01.contoso.local)');
  await expect(checkRow(page, 'same-computer')).toContainText('SCSM04 (scsm04.contoso.local)');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await screenshot(page, '23-setup-wrong-computer');

  // On the rebuilt SCSM01 the name is right, but its key has not been restored yet.
  await rebuild(wizard, 'SCSM01', { restoreKey: false });
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(checkRow(page, 'same-computer')).toHaveAttribute('data-status', 'pass');
  await expect(checkRow(page, 'encryption-key-restored')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'encryption-key-restored')).toContainText('Restore the encryption key of SCSM01 first');
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();
  await screenshot(page, '24-setup-key-not-restored');

  await runFlow(wizard, 'encryption-key', keyAnswers('SCSM01', 'restore'));
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(checkRow(page, 'encryption-key-restored')).toHaveAttribute('data-status', 'pass');
});

test('shows the prerequisite failure when Setup exits with -14', async ({ page, wizard }) => {
  await rebuild(wizard, 'SCSM01', { restoreKey: true });
  await wizard.inject({ kind: 'setup-exit-code', code: -14, times: 1 });
  await startFlow(page, wizard, 'Restore a Service Manager management server');
  await next(page);
  // The first test walked these pages with axe-core.
  await fillSetupPages(page);
  await acknowledgeWarnings(page);
  await runUntilStepFails(page, 'run-setup');
  const step = page.getByTestId('step-run-setup');
  await expect(step).toContainText("Setup's prerequisite checks failed (exit code -14)");
  await expect(step).toContainText(
    'The log says: Prerequisite check failed: Microsoft Report Viewer Redistributable 2015 is not installed.',
  );
  await screenshot(page, '25-setup-prerequisites-failed');
});

test('3010: says to restart, then resumes after the restart', async ({ page, wizard }) => {
  await rebuild(wizard, 'SCSM01', { restoreKey: true });
  await wizard.inject({ kind: 'setup-exit-code', code: 3010, times: 1 });
  await startFlow(page, wizard, 'Restore a Service Manager management server');
  await next(page);
  // The first test walked these pages with axe-core.
  await fillSetupPages(page);
  await acknowledgeWarnings(page);
  await runUntilStepFails(page, 'restart-if-asked');
  await expect(page.getByTestId('step-run-setup')).toHaveAttribute('data-state', 'done');
  await expect(page.getByText(/Restart this computer, start the wizard again and choose Resume/).first()).toBeVisible();
  await screenshot(page, '26-setup-restart-needed');

  await wizard.call('drill:restart', { computer: 'SCSM01' });
  await wizard.restart();
  await page.goto(wizard.url);
  const unfinished = page.getByRole('region', { name: /Unfinished runs/ });
  await expect(unfinished).toContainText('Restore a Service Manager management server');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(heading(page, 'Summary')).toBeVisible();
  await acknowledgeWarnings(page);
  await screenshot(page, '27-setup-resumed');
  await run(page);
  await expect(page.getByText(/completed and verified/).first()).toBeVisible();
});

test('restores the data warehouse management server through Setup’s own wizard', async ({ page, wizard }) => {
  await rebuild(wizard, 'SCSMDW01', { restoreKey: true });
  await startFlow(page, wizard, 'Restore the data warehouse management server');
  await expect(page.getByRole('radio', { name: /^SCSMDW01/ })).toBeChecked();
  await next(page);
  await fillSetupPages(page, { dataWarehouse: true, shots: '28-dw' });
  await expect(checkRow(page, 'setup-mode')).toContainText('No documented unattended switch');
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText('You enter in its pages:');
  await expect(plan).toContainText(
    'Configure the reporting server for the data warehouse: Report server URL = http://sqlrs01.contoso.local/ReportServer.',
  );
  await expect(plan).toContainText('DWRepository: database = Use an existing database: DWRepository');
  await acknowledgeWarnings(page);
  await screenshot(page, '28-dw-summary');
  // Setup fails once, so Progress stays up with the checklist the operator types from.
  await wizard.inject({ kind: 'setup-exit-code', code: 1603, times: 1 });
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('step-run-setup')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  const checklist = page.getByRole('region', { name: /^In Setup’s wizard, page \d of 8/ });
  await expect(checklist).toHaveAccessibleName('In Setup’s wizard, page 1 of 8: Product registration');
  await expect(checklist.getByRole('button', { name: 'Copy Name' })).toBeVisible();
  for (let at = 0; at < 4; at += 1) await checklist.getByRole('button', { name: 'Next Setup page' }).click();
  await expect(
    page.getByRole('heading', { name: /page 5 of 8: Configure the account for Service Manager services/ }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy User name' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy Password' })).toHaveCount(0);
  await screenshot(page, '28-dw-setup-checklist');
  await expectNoAxeViolations(page, 'Progress with the Setup checklist');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Setup completed successfully/).first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Checks after the run' })).toContainText(
    'SQLDW01\\SCDW / DWStagingAndConfig',
  );
  await screenshot(page, '29-dw-complete');
});

test('imports the kit’s management packs, each after the pack it references', async ({ page, wizard }) => {
  await startFlow(page, wizard, 'Import unsealed management packs');
  await expect(heading(page, 'Management server')).toBeVisible();
  await next(page);
  await expect(heading(page, 'Exported management packs')).toBeVisible();
  await expect(page.getByText('2 to import, 1 already imported.')).toBeVisible();
  await expect(page.getByTestId('check-order')).toContainText(
    'Contoso.Library 1.0.0.3 → Contoso.Incident.Customizations 1.0.0.7',
  );
  await screenshot(page, '30-packs-folder');
  await next(page);
  await expect(heading(page, 'Summary')).toBeVisible();
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan.getByRole('listitem').first()).toContainText('Import Contoso.Library 1.0.0.3');
  await run(page);
  await expect(page.getByText(/completed and verified/).first()).toBeVisible();
  await screenshot(page, '31-packs-complete');
});
