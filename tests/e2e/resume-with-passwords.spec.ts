import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSnapshot } from '../../src/shared/run-contract';
import { expect, runFlow, screenshot, test } from './support/drill-wizard';

const PASSWORD = `Key'Backup"\`$(whoami)%TEMP%-pässwörd-🔑`;
const KEY = {
  server: 'SCSM02',
  mediaPath: 'D:\\',
  keyFile: '\\\\FS01\\RecoveryKit\\SMBackupkey.bin',
  remember: false,
  useRemembered: false,
};

test('a run that still needs a password resumes after a restart, asking for that password only', async ({
  page,
  wizard,
}) => {
  const backup = await runFlow(wizard, 'encryption-key', {
    ...KEY,
    action: 'backup',
    password: PASSWORD,
    confirmPassword: PASSWORD,
  });
  expect(backup.phase).toBe('succeeded');
  await wizard.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
  const wrong = 'not-the-right-password';
  const failed: RunSnapshot = await runFlow(wizard, 'encryption-key', {
    ...KEY,
    action: 'restore',
    password: wrong,
    confirmPassword: wrong,
  });
  expect(failed.phase).toBe('failed');

  // Everything closes; the wizard starts again and finds the run unfinished.
  await wizard.restart();
  await page.goto(wizard.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Unfinished runs' })).toBeVisible();
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('type', 'password');
  await expect(page.getByLabel('Confirm Password')).toHaveCount(0);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText(/need Password again: the wizard never stores them/)).toBeVisible();

  await password.fill(PASSWORD);
  await screenshot(page, '30-resume-asks-for-the-password');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 30_000 });
  expect((await wizard.state()).computers.find((c) => c.name === 'SCSM02')?.encryptionKeyId).not.toBeNull();

  // The password went to the run only: no journal and no file of the data folder holds it.
  const journals = join(wizard.dataDirectory, 'journals');
  for (const name of readdirSync(journals)) {
    expect(readFileSync(join(journals, name), 'utf8')).not.toContain(PASSWORD);
  }
  expect(await wizard.call<unknown[]>('runs:unfinished')).toEqual([]);
});
