import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core on the page as it is now: every violation, with the nodes it names, fails the test.
 * Specs call it on each page they visit, after the page's own actions (Connect, Test
 * Credentials, Read the backup) have changed what is on it.
 */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Legacy mode runs axe in the page itself: the default opens a blank page per check to merge frames,
  // which the wizard (one frame, no iframes but the report's) does not need, at seconds per page.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const found = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.nodes.length}): ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
  expect(found, `axe-core on ${where}`).toEqual([]);
}
