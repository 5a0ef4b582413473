import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/drill-wizard';

/** Presses Tab until the element has focus, as an operator without a mouse would. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    const focused = await target.evaluate(
      (element) =>
        element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
    );
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

test('the promote flow can be run from start to completion with the keyboard alone', async ({ page, wizard }) => {
  await page.goto(wizard.url);
  await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();

  await tabTo(page, page.getByRole('radio', { name: 'Promote a Service Manager management server' }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Server to promote' })).toBeVisible();
  await tabTo(page, page.getByRole('radio', { name: /^SCSM02/ }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: /^SCSM02/ })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Service Manager database' })).toBeVisible();
  await tabTo(page, page.getByLabel('Database name'));
  // Enter in a text box moves on, as in Windows setup wizards.
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  const confirm = page.getByLabel('Type DELETE to confirm');
  await tabTo(page, confirm);
  await page.keyboard.type('DELETE');
  await tabTo(page, page.getByRole('button', { name: 'Run' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 30_000 });
  const state = await wizard.state();
  expect(state.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
    'scsm02.contoso.local',
  );
});
