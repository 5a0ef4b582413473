import { expectNoAxeViolations } from './support/axe';
import { expect, test } from './support/drill-wizard';

/**
 * axe-core on the Start page; every page of every procedure, with its Summary and Completion, is
 * checked in operator-actions.spec.ts as it walks them.
 */
test('Start preselects no procedure and has no axe-core violations', async ({ page, wizard }) => {
  await page.goto(wizard.url);
  const procedures = page.getByRole('radiogroup', { name: 'Procedure' });
  await expect(procedures.getByRole('radio').first()).toBeVisible();
  // Nothing is chosen for the operator: Next waits for a choice.
  await expect(procedures.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expectNoAxeViolations(page, 'Start');
});
