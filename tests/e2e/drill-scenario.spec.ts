import type { Locator, Page } from '@playwright/test';
import { writeKit } from '../unit/support/kit-folder';
import { expectNoAxeViolations } from './support/axe';
import { expect, screenshot, test } from './support/drill-wizard';
import { acknowledgeWarnings, fillSetupPages, heading, next } from './support/setup-pages';

/*
 * A disaster scenario rehearsed from the screen only, as an operator would: the drill panel, a
 * sign-in, a fault, then the procedures in the order the scenario gives them. No call to the
 * drill's channels from the test: every change to the simulated site comes from a click.
 */

async function openPanel(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Drill controls' }).click();
  const panel = page.getByRole('dialog', { name: 'Drill controls' });
  await expect(panel).toBeVisible();
  return panel;
}

async function closePanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close the drill controls' }).click();
  await expect(page.getByRole('dialog', { name: 'Drill controls' })).toHaveCount(0);
}

async function choose(page: Page, dropdown: Locator, option: string | RegExp): Promise<void> {
  await dropdown.click();
  await page.getByRole('option', { name: option }).click();
}

test('the primary management server lost: promote, then a new additional server, all from the screen', async ({
  page,
  wizard,
}) => {
  test.setTimeout(180_000);
  await page.goto(wizard.url);
  await expect(heading(page, 'What do you need to recover?')).toBeVisible();
  const history = page.getByRole('region', { name: 'Drill history' });
  await expect(history).toContainText('No drill has run yet.');

  // The scenario, from the drill panel: the failure happens at once, and the operator sits at SCSM02.
  let panel = await openPanel(page);
  await expect(panel.getByRole('region', { name: 'Disaster scenarios' })).toContainText(
    'The data warehouse management server is lost',
  );
  await screenshot(page, '60-drill-panel');
  const card = panel.getByTestId('scenario-primary-lost-promote');
  await card.getByRole('button', { name: 'Start this scenario' }).click();
  await card.getByRole('button', { name: 'Reset and start' }).click();
  await expect(card).toContainText('being rehearsed');
  const signedIn = panel.getByRole('combobox', { name: 'In this drill you are signed in on' });
  await expect(signedIn).toHaveText(/SCSM02/);

  // A fault of the operator's choosing on top: a service that will not stop on the server to promote.
  const faults = panel.getByRole('region', { name: 'Inject a fault' });
  await choose(page, faults.getByRole('combobox', { name: 'Fault' }), 'A service will not stop');
  await choose(page, faults.getByRole('combobox', { name: 'Computer' }), 'SCSM02');
  await choose(page, faults.getByRole('combobox', { name: 'Service' }), 'HealthService');
  await faults.getByRole('button', { name: 'Inject the fault' }).click();
  const waiting = faults.getByRole('list', { name: 'Faults waiting to happen' });
  await expect(waiting).toContainText('SCSM01 does not answer');
  await expect(waiting).toContainText('A service will not stop: SCSM02 (1 more time)');
  await closePanel(page);

  const bar = page.getByTestId('scenario-bar');
  await expect(bar).toContainText('Step 2 of 3');
  await expect(bar).toContainText('Happened on the simulated site: SCSM01 stops answering.');
  await expect(bar).toContainText('Now: Promote SCSM02');
  await expect(bar).toContainText('Next: Install an additional management server on SCSM04');
  await screenshot(page, '61-scenario-in-progress');

  // The promotion, opened from the scenario bar; the stuck service fails its step, Retry finishes it.
  await bar.getByRole('button', { name: /^Open “Promote/ }).click();
  await expect(heading(page, 'Server to promote')).toBeVisible();
  // Inside the procedure the bar keeps to what is being done, and leaves the height to the page.
  await expect(bar).toContainText('Now: Promote SCSM02');
  await expect(bar.getByRole('button', { name: /^Open “/ })).toHaveCount(0);
  await expect(bar).not.toContainText('Next: Install');
  await page.getByRole('radio', { name: /^SCSM02/ }).check();
  await screenshot(page, '70-scenario-bar-in-procedure');
  await next(page);
  await expect(heading(page, 'Service Manager database')).toBeVisible();
  await next(page);
  await expect(heading(page, 'Summary')).toBeVisible();
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('step-stop-healthservice')).toHaveAttribute('data-state', 'failed', {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 60_000 });

  // The scenario goes on: the next procedure is offered, on the spare computer.
  await expect(bar).toContainText('Step 3 of 3');
  await expect(bar).toContainText('Now: Install an additional management server on SCSM04');
  await expect(bar.getByRole('button', { name: 'Sign in on SCSM04' })).toBeVisible();
  await screenshot(page, '62-scenario-next-procedure');

  // SCSM04, the spare, is on the sign-in list of the panel.
  panel = await openPanel(page);
  await choose(
    page,
    panel.getByRole('combobox', { name: 'In this drill you are signed in on' }),
    /^SCSM04 \(scsm04\.contoso\.local\) — spare computer/,
  );
  await expect(panel.getByRole('combobox', { name: 'In this drill you are signed in on' })).toHaveText(/SCSM04/);
  await closePanel(page);
  await expect(bar.getByRole('button', { name: 'Sign in on SCSM04' })).toHaveCount(0);

  await bar.getByRole('button', { name: /^Open “Install an additional/ }).click();
  await fillSetupPages(page);
  await acknowledgeWarnings(page);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(heading(page, 'Completion')).toBeVisible({ timeout: 90_000 });
  await expect(bar).toContainText('All 3 steps done');
  await expect(bar).toContainText('Scenario complete');
  await expect(bar.getByRole('button', { name: 'Close the scenario' })).toBeVisible();

  // The drill history on the start page keeps the scenario with the time it would have taken.
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(heading(page, 'What do you need to recover?')).toBeVisible();
  const row = history.getByTestId('drill-history-scenario');
  await expect(row).toHaveAttribute('data-result', 'succeeded');
  await expect(row).toContainText('Scenario: The primary management server is lost: promote an additional one');
  await expect(row).toContainText('Promote a Service Manager management server: succeeded');
  await expect(row).toContainText('1 typed confirmation');
  await expect(row).toContainText('1 retry');
  const recoveryTime = row.getByTestId('simulated-recovery-time');
  // At real speed the stuck service alone waits 120 seconds; the drill ran it 40 times faster.
  await expect(recoveryTime).toContainText(/^[2-9] min \d+ s\s*ran in \d+\.\d s at 40× speed/);
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, '63-drill-history');
  console.log(`Simulated recovery time: ${(await recoveryTime.innerText()).replace(/\s+/g, ' ')}`);
});

test('the drill panel works from the keyboard, and refuses a folder that is not a recovery kit', async ({
  page,
  wizard,
}) => {
  await page.goto(wizard.url);
  await expect(heading(page, 'What do you need to recover?')).toBeVisible();
  const open = page.getByRole('button', { name: 'Drill controls' });
  await open.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Drill controls' });
  await expect(panel).toBeVisible();

  const folder = panel.getByLabel('Recovery kit folder');
  await folder.focus();
  await page.keyboard.type(wizard.dataDirectory);
  await page.keyboard.press('Enter');
  // Said beside the folder typed, not at the top of the panel out of sight.
  const refusal = panel.getByText(`${wizard.dataDirectory} is not a recovery kit: it has no site.json`);
  await expect(refusal).toBeInViewport();
  await expect(refusal).toHaveCount(1);
  await screenshot(page, '64-drill-panel-not-a-kit');

  // A path longer than any folder is said where it is typed, not refused in the request's own words.
  await folder.fill(`E:\\${'x'.repeat(1100)}`);
  await expect(panel.getByText('A folder path has at most 1,024 characters.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Build the drill from this kit' })).toBeDisabled();
  await expect(panel.getByText(/request for drill:from-kit/)).toHaveCount(0);
  await folder.focus();

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(open).toBeFocused();
});

/** From Start, the drill panel opened, the kit's folder typed and the build asked for; the panel. */
async function buildDrillFromKit(page: Page, url: string, folder: string): Promise<Locator> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Drill controls' }).click();
  const panel = page.getByRole('dialog', { name: 'Drill controls' });
  await panel.getByLabel('Recovery kit folder').fill(folder);
  await panel.getByRole('button', { name: 'Build the drill from this kit' }).click();
  return panel;
}

test('a drill from a recovery kit verifies the kit first, and is built from its damaged files only when asked', async ({
  page,
  wizard,
}) => {
  // The index records another SHA-256 for the backup than the file has, and lists no other file.
  const { folder } = writeKit({ index: true, checksums: true });
  const panel = await buildDrillFromKit(page, wizard.url, folder);

  await expect(panel.getByText('Some files of the kit are damaged')).toBeInViewport();
  const problems = panel.getByTestId('kit-problem');
  await expect(problems.filter({ hasText: 'Databases\\ServiceManager.bak' })).toContainText('Changed');
  await expect(page.getByText('Site: Contoso production (drill)', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'drill panel with a damaged kit');
  await screenshot(page, '65-drill-from-damaged-kit');

  await panel.getByRole('button', { name: 'Build the drill anyway' }).click();
  await expect(panel.getByText('The drill site is now built from the recovery kit: Fabrikam.')).toBeVisible();
  // The findings were read and acted on: no second "anyway" for a drill already built.
  await expect(panel.getByRole('button', { name: 'Build the drill anyway' })).toHaveCount(0);
  await expect(page.getByText('Site: Fabrikam', { exact: true })).toBeVisible();
});

test('a drill from a kit made by hand says that nothing in it could be verified', async ({ page, wizard }) => {
  const { folder } = writeKit({ checksums: true });
  const panel = await buildDrillFromKit(page, wizard.url, folder);
  await expect(panel.getByText('The drill site is now built from the recovery kit: Fabrikam.')).toBeVisible();
  await expect(
    panel.getByText(/has no kit-index\.json \(a kit made by hand\).*nothing in the folder could be verified/),
  ).toBeVisible();
  // Another folder typed: the findings were of the last one.
  await panel.getByLabel('Recovery kit folder').fill(`${folder}-other`);
  await expect(panel.getByText(/nothing in the folder could be verified/)).toHaveCount(0);
});
