import { readFileSync } from 'node:fs';
import { expect, screenshot, test } from './support/drill-wizard';
import { PROMOTE_STEP_IDS } from '../support/promote-steps';
import { checkReportFromCompletion, screenshotReport, summaryCheckTitles } from './support/run-report';

test('the report of a promotion, opened from Completion and from the start page’s past runs', async ({
  page,
  wizard,
}) => {
  await page.goto(wizard.url);
  await page.getByRole('radio', { name: 'Promote a Service Manager management server' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /^SCSM02/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  const checks = await summaryCheckTitles(page);
  expect(checks.length).toBeGreaterThan(0);
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 60_000 });

  const started = Date.now();
  const html = await checkReportFromCompletion(page, {
    checks,
    steps: PROMOTE_STEP_IDS,
    secrets: [],
    shots: '80-report-promote',
  });
  test.info().annotations.push({
    type: 'figure',
    description: `promote report: ${Buffer.byteLength(html)} bytes, opened in ${Date.now() - started} ms`,
  });
  expect(html).toContain('Typed <strong>DELETE</strong> to confirm');
  expect(html).toContain('Succeeded: completed and verified');
  // Local time with its zone, as the host running the drill gives it.
  expect(html).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\)/);
  await screenshotReport(page, html, '81-report-promote');

  await page.getByRole('button', { name: 'Start over' }).click();
  const past = page.getByRole('table', { name: 'Past runs' });
  await expect(past).toBeVisible();
  await expect(past.getByRole('row')).toHaveCount(2);
  await expect(past).toContainText('Promote a Service Manager management server');
  await expect(past).toContainText('Succeeded: completed and verified');
  await past.scrollIntoViewIfNeeded();
  await screenshot(page, '82-start-past-runs');
  await past.getByRole('button', { name: /^Report of Promote a Service Manager management server/ }).click();
  const report = page.frameLocator('iframe[title^="Report of run"]');
  await expect(
    report.getByRole('heading', { level: 1, name: 'Promote a Service Manager management server' }),
  ).toBeVisible();

  // In a drill the browser prints the report (its print stylesheet lays it out) or downloads it whole.
  type ReportWindow = { contentWindow: { print(): void; printed?: boolean } | null };
  const reportFrame = page.locator('iframe[title^="Report of run"]');
  await reportFrame.evaluate((frame) => {
    const view = (frame as unknown as ReportWindow).contentWindow;
    // The print dialog itself is the browser's: the test records that the report's own window was asked to print.
    if (view) view.print = () => (view.printed = true);
  });
  await page.getByRole('button', { name: 'Print' }).click();
  expect(await reportFrame.evaluate((frame) => (frame as unknown as ReportWindow).contentWindow?.printed)).toBe(true);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}\.html$/);
  const downloaded = readFileSync(await file.path(), 'utf8');
  expect(downloaded).toContain('<h1>Promote a Service Manager management server</h1>');
  expect(downloaded).toContain('<svg class="timeline"');
});
