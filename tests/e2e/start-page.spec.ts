import { expectNoAxeViolations } from './support/axe';
import { expect, screenshot, test } from './support/drill-wizard';

/**
 * The Start page: nothing chosen for the operator, the drill read once, and a chosen procedure
 * read ahead. Every page of every procedure, with its Summary and Completion, is checked by
 * axe-core in operator-actions.spec.ts as it walks them.
 */
test('Start preselects no procedure, reads the drill once and has no axe-core violations', async ({ page, wizard }) => {
  const asked: string[] = [];
  page.on('request', (request) => {
    const channel = /\/api\/invoke\/([\w:-]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (channel) asked.push(channel);
  });
  await page.goto(wizard.url);
  const procedures = page.getByRole('radiogroup', { name: 'Procedure' });
  await expect(procedures.getByRole('radio').first()).toBeVisible();
  // Nothing is chosen for the operator: Next waits for a choice.
  await expect(procedures.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(page.getByLabel('In this drill you are signed in on')).toBeVisible();
  await expectNoAxeViolations(page, 'Start');
  // The sign-in list, the scenario bar and the drill history share one reading of the drill.
  for (const channel of ['drill:state', 'drill:scenarios', 'drill:history']) {
    expect(
      asked.filter((name) => name === channel),
      channel,
    ).toHaveLength(1);
  }
});

test('a procedure the site answers whole offers the Summary from Start', async ({ page, wizard }) => {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Import unsealed management packs' }).check();
  const offer = page.getByRole('button', { name: 'Go to the Summary' });
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Next' })).toBeEnabled();
  await expectNoAxeViolations(page, 'Start with the Summary offered');
  await screenshot(page, '01-start-summary-offer');
  await offer.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Summary');
  await expect(page.getByRole('table', { name: 'Checks before the run' })).toBeVisible({ timeout: 30_000 });
  // Back goes to the procedure's last page, which was filled without being opened.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('navigation', { name: 'Wizard pages' })).toBeVisible();
});
