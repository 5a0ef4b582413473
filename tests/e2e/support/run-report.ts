import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { SCREENSHOT_DIRECTORY } from './drill-wizard';

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

  const checks = report.getByRole('table', { name: 'Checks before the run' }).first();
  for (const title of expected.checks)
    await expect(checks.getByRole('cell', { name: title, exact: true })).toBeVisible();

  const steps = report.getByRole('table', { name: 'Steps of the run' });
  for (const id of expected.steps) {
    const row = steps.locator(`tr[data-step="${id}"]`).first();
    await expect(row, id).toHaveCount(1);
    await expect(row.locator('td[data-duration-ms]'), id).toHaveText(/^\d+(\.\d)? (ms|s)$|min/);
    await expect(row.locator('td.status'), id).toHaveText(/^(done|skipped: already done)/);
  }
  // The timeline: a bar (or, for a step already done, a mark) per step.
  const timeline = report.locator('svg.timeline');
  await expect(timeline).toBeVisible();
  await expect(timeline.locator('[data-step]')).toHaveCount(expected.steps.length);
  for (const id of expected.steps) await expect(timeline.locator(`[data-step="${id}"]`), id).toHaveCount(1);

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

/** The report alone in a page of its own, whole, for people to look at (and its file beside the shot). */
export async function screenshotReport(page: Page, html: string, name: string): Promise<void> {
  const own = await page.context().newPage();
  await own.setViewportSize({ width: 1100, height: 900 });
  await own.setContent(html);
  await own.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
  await own.emulateMedia({ media: 'print' });
  await own.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}-print.png`), fullPage: true });
  writeFileSync(join(SCREENSHOT_DIRECTORY, `${name}.html`), html);
  await own.close();
}
