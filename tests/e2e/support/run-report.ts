import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { SCREENSHOT_DIRECTORY } from './drill-wizard';

/** The check titles the Summary shows, as the report must repeat them. */
export async function summaryCheckTitles(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Checks before the run' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  return table.locator('tr[data-testid^="check-"] td:first-child').allInnerTexts();
}

/** The ids of the steps Completion lists, in plan order. */
export async function completionStepIds(page: Page): Promise<string[]> {
  const ids = await page
    .getByRole('table', { name: 'Steps of the run' })
    .locator('[data-testid^="result-"]')
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('result-'.length));
}

export interface ReportExpectations {
  /** The titles of the checks the Summary showed before the run. */
  checks: string[];
  /** Each step's id, in plan order. */
  steps: string[];
  /** Values that must never be in the report, in any form. */
  secrets: string[];
  /** Screenshot name prefix. */
  shots: string;
}

/**
 * Opens the report from Completion's button and checks it as an operator handing it on would: every check
 * with its result, every step with its start, duration and result, the timeline with a bar per step,
 * and no secret in any form. Returns the HTML for figures.
 */
export async function checkReportFromCompletion(page: Page, expected: ReportExpectations): Promise<string> {
  await page.getByRole('button', { name: 'Report of this run' }).click();
  const dialog = page.getByRole('dialog', { name: /^Report of run / });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/Saved beside the journal: .+\.html$/)).toBeVisible();
  const report = page.frameLocator('iframe[title^="Report of run"]');
  await expect(report.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();

  // Read in one go: a run of fifty servers has too many rows to wait on one by one.
  const checkTitles = await report
    .getByRole('table', { name: 'Checks before the run' })
    .first()
    .locator('tbody tr td:nth-child(2)')
    .allInnerTexts();
  expect(checkTitles).toEqual(expected.checks);

  const rows = await report
    .getByRole('table', { name: 'Steps of the run' })
    .locator('tr[data-step]')
    .evaluateAll((found) =>
      found.map((row) => ({
        id: row.getAttribute('data-step'),
        duration: row.querySelector('td[data-duration-ms]')?.textContent ?? '',
        result: row.querySelector('td.status')?.textContent ?? '',
      })),
    );
  expect(rows.map((row) => row.id)).toEqual(expected.steps);
  for (const row of rows) {
    expect(row.duration, row.id ?? '').toMatch(/^\d+(\.\d)? (ms|s)$|min/);
    expect(row.result, row.id ?? '').toMatch(/^(done|skipped: already done)/);
  }
  // The timeline: a bar (or, for a step already done, a mark) per step, in plan order.
  const timeline = report.locator('svg.timeline');
  await expect(timeline).toBeVisible();
  const marks = await timeline
    .locator('[data-step]')
    .evaluateAll((found) => found.map((mark) => mark.getAttribute('data-step')));
  expect(marks).toEqual(expected.steps);

  const html = await report.locator('html').evaluate((root) => `<!DOCTYPE html>\n${root.outerHTML}`);
  for (const secret of expected.secrets) {
    const escaped = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), escaped, escaped.replace(/'/g, '&#39;')]) {
      expect(html).not.toContain(form);
    }
  }
  await page.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${expected.shots}-dialog.png`) });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return html;
}

/**
 * The report alone in a page of its own, whole, for people to look at (its file beside the shot);
 * `print` adds the page as the print stylesheet lays it out, which takes long for a long report.
 */
export async function screenshotReport(page: Page, html: string, name: string, print = true): Promise<void> {
  writeFileSync(join(SCREENSHOT_DIRECTORY, `${name}.html`), html);
  const own = await page.context().newPage();
  await own.setViewportSize({ width: 1100, height: 900 });
  await own.setContent(html);
  await own.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
  if (print) {
    await own.emulateMedia({ media: 'print' });
    await own.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}-print.png`), fullPage: true });
  }
  await own.close();
}
