import { flowIdSchema } from '../../src/shared/run-contract';
import { expectNoAxeViolations } from './support/axe';
import { expect, test } from './support/drill-wizard';

/**
 * axe-core on the Start page and on the first page of every procedure, reached as an operator
 * would; the procedures' own specs run it on further pages they visit.
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

for (const flowId of flowIdSchema.options) {
  test(`the first page of ${flowId} has no axe-core violations`, async ({ page, wizard }) => {
    await page.goto(wizard.url);
    const radio = page.locator(`input[type=radio][value="${flowId}"]`);
    await expect(radio).toBeVisible();
    test.skip(await radio.isDisabled(), `${flowId} cannot run on the drill's site as it starts`);
    await radio.check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('What do you need to recover?');
    await expectNoAxeViolations(page, `the first page of ${flowId}`);
  });
}
