import type { Request } from '@playwright/test';
import { expect, test } from './support/drill-wizard';

test('the page keeps the token out of its address, its cookies and every later URL, and sends it in a header', async ({
  page,
  wizard,
}) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  const events = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/events');

  await page.goto(wizard.url);
  await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();

  // The event stream is open, authorised by the header.
  const stream = await events;
  expect(stream.status()).toBe(200);
  expect(await stream.request().headerValue('x-wizard-token')).toBe(wizard.token);

  expect(page.url()).toBe(`${wizard.origin}/`);
  expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe(
    '',
  );
  expect(await page.context().cookies()).toEqual([]);

  const [first, ...later] = requests.map((request) => request.url());
  expect(first).toBe(wizard.url);
  expect(later.length).toBeGreaterThan(0);
  for (const url of later) expect(url).not.toContain(wizard.token);
  const calls = requests.filter((request) => new URL(request.url()).pathname.startsWith('/api/'));
  expect(calls.length).toBeGreaterThan(1);
  for (const call of calls) expect(await call.headerValue('x-wizard-token')).toBe(wizard.token);

  // A reload starts without the token: the page says to open the printed address again.
  await page.reload();
  await expect(page.getByText(/open the address it printed/).first()).toBeVisible();
});
