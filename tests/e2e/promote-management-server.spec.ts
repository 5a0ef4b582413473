import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './support/drill-wizard';

const HEALTH_STATE = 'C:\\Program Files\\Microsoft System Center\\Service Manager\\Health Service State';

async function openStart(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'DRILL — simulated site' })).toBeVisible();
}

async function answerPages(page: Page, server = 'SCSM02'): Promise<void> {
  await page.getByRole('radio', { name: 'Promote a Service Manager management server' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Server to promote' })).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(`^${server}`) }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Service Manager database' })).toBeVisible();
  await expect(page.getByLabel('Database server')).toHaveValue('SQLSM01\\SCSM');
  await expect(page.getByLabel('Database name')).toHaveValue('ServiceManager');
}

async function toSummary(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  await expect(page.getByTestId('check-database-procedure')).toHaveAttribute('data-status', 'pass');
}

async function confirmAndRun(page: Page): Promise<void> {
  const run = page.getByRole('button', { name: 'Run' });
  await expect(run).toBeDisabled();
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await expect(run).toBeEnabled();
  await run.click();
  // A quick drill run may already be on Completion; the caller asserts what must be true next.
  const progress = page.getByRole('heading', { level: 1, name: 'Progress' });
  const completion = page.getByRole('heading', { level: 1, name: 'Completion' });
  await expect(progress.or(completion).first()).toBeVisible();
}

test('promotes SCSM02 from the start page to completion and changes the simulated site', async ({ page, wizard }) => {
  const before = await wizard.state();
  expect(before.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
    'scsm01.contoso.local',
  );

  await openStart(page, wizard.url);
  await screenshot(page, '01-start');
  await answerPages(page);
  await screenshot(page, '03-database');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await screenshot(page, '02-server');
  await page.getByRole('button', { name: 'Next' }).click();
  await toSummary(page);

  // Every step shows exactly what it will run before anything runs.
  const plan = page.getByRole('list', { name: 'Plan' });
  await expect(plan).toContainText("Stop-ServiceAndWait.ps1 -DisplayName 'Microsoft Monitoring Agent'");
  await expect(plan).toContainText(`Remove-DirectoryTree.ps1 -Path '${HEALTH_STATE}'`);
  await expect(plan).toContainText('EXEC dbo.p_PromoteActiveWorkflowServer @fqdn');
  await expect(plan).toContainText("@fqdn nvarchar = 'scsm02.contoso.local'");
  // The manifest is changed only once the database is read back and names the promoted server.
  await expect(plan).toContainText('Record SCSM02 as the primary management server in the manifest');
  await expect(plan).toContainText('dbo.fn_ManagedTypeId_MicrosoftSystemCenterWorkflowTarget()');
  await expect(plan).not.toContainText('Already done');
  await screenshot(page, '04-summary');

  await confirmAndRun(page);
  // A drill run can finish before the browser has drawn Progress; its screenshot is taken when it is there.
  const progressRow = page.getByTestId('step-stop-omsdk');
  const completion = page.getByRole('heading', { level: 1, name: 'Completion' });
  await expect(progressRow.or(completion).first()).toBeVisible();
  if (await progressRow.isVisible()) await screenshot(page, '05-progress');
  await expect(page.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Promote a Service Manager management server: completed and verified.')).toBeVisible();
  // Completion says which server runs the workflows, as the ServiceManager database says it.
  await expect(page.getByText(/SCSM02 runs the workflows now, as the ServiceManager database says/)).toBeVisible();
  const workflowServer = page.getByTestId('check-workflow-server');
  await expect(workflowServer).toHaveAttribute('data-status', 'pass');
  await expect(workflowServer).toContainText(
    'The ServiceManager database names SCSM02 as the server that runs the workflows',
  );
  await expect(workflowServer).toContainText('scsm02.contoso.local');
  const journal = page.getByLabel('Run journal');
  await expect(journal).toHaveValue(new RegExp(`^${wizard.dataDirectory}/journals/.+\\.jsonl$`));
  await screenshot(page, '06-completion');

  const after = await wizard.state();
  const scsm02 = after.computers.find((c) => c.name === 'SCSM02');
  expect(after.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
    'scsm02.contoso.local',
  );
  expect(scsm02?.services.map((s) => `${s.name}:${s.status}`)).toEqual([
    'OMSDK:Running',
    'HealthService:Running',
    'OMCFG:Running',
  ]);
  // The old agent state is gone; the agent made a fresh, empty folder when it started.
  expect(scsm02?.folders).toContain(HEALTH_STATE);
  expect(scsm02?.folders.some((f) => f.endsWith('Health Service Store'))).toBe(false);
  // The other additional server was not touched.
  const scsm03 = after.computers.find((c) => c.name === 'SCSM03');
  expect(scsm03?.folders.some((f) => f.endsWith('Health Service Store'))).toBe(true);

  // The manifest names the new primary; the former one is an additional server now.
  const site = await wizard.call<{ servers: { netbiosName: string; roles: string[] }[] }>('site:current');
  const roles = Object.fromEntries(site.servers.map((server) => [server.netbiosName, server.roles]));
  expect(roles.SCSM02).toEqual(['sm-primary-management-server']);
  expect(roles.SCSM01).toEqual(['sm-additional-management-server']);
});

test('a service that will not stop gives a clear error, and Retry then succeeds', async ({ page, wizard }) => {
  await wizard.inject({ kind: 'service-will-not-stop', computer: 'SCSM02', service: 'HealthService', times: 1 });
  await openStart(page, wizard.url);
  await answerPages(page);
  await toSummary(page);
  await confirmAndRun(page);

  const stuck = page.getByTestId('step-stop-healthservice');
  await expect(stuck).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(stuck).toContainText(
    'Microsoft Monitoring Agent (HealthService) on SCSM02 did not stop within 120 seconds; it is still StopPending.',
  );
  await expect(page.getByTestId('step-stop-omsdk')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('step-delete-health-service-state')).toHaveAttribute('data-state', 'pending');
  await screenshot(page, '07-progress-failed');
  // Nothing after the stuck service ran.
  const during = await wizard.state();
  expect(during.computers.find((c) => c.name === 'SCSM02')?.folders).toContain(HEALTH_STATE);

  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 30_000 });
  const after = await wizard.state();
  expect(after.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
    'scsm02.contoso.local',
  );
});

test('Back keeps the answers, and Next is blocked while a page is not valid', async ({ page, wizard }) => {
  await openStart(page, wizard.url);
  await answerPages(page, 'SCSM03');
  const next = page.getByRole('button', { name: 'Next' });

  await page.getByLabel('Database server').fill('localhost\\SCSM');
  await expect(next).toBeDisabled();
  await expect(
    page.getByText('name the computer explicitly: localhost, . and (local) change meaning on another machine'),
  ).toBeVisible();
  await page.getByLabel('Database name').fill('');
  await expect(page.getByText('enter the database name')).toBeVisible();
  await screenshot(page, '03b-database-invalid');

  await page.getByLabel('Database server').fill('SQLSM01,14330');
  await page.getByLabel('Database name').fill('ServiceManager');
  await expect(next).toBeEnabled();

  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByRole('radio', { name: /^SCSM03/ })).toBeChecked();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What do you need to recover?' })).toBeVisible();
  await next.click();
  await next.click();
  await expect(page.getByLabel('Database server')).toHaveValue('SQLSM01,14330');

  // The typed answers reach the checks: a port-addressed server that the manifest does not name warns.
  await next.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  await expect(page.getByTestId('check-database-matches-manifest')).toHaveAttribute('data-status', 'warn');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByLabel('Database name')).toHaveValue('ServiceManager');
});

test('a run interrupted by a closed window resumes from the start page without repeating finished steps', async ({
  page,
  wizard,
}) => {
  await wizard.inject({
    kind: 'operation-fails',
    operation: 'sql.promote-active-workflow-server',
    times: 1,
    message: 'Timeout expired. The timeout period elapsed prior to completion of the operation.',
  });
  await openStart(page, wizard.url);
  await answerPages(page);
  await toSummary(page);
  await confirmAndRun(page);
  await expect(page.getByTestId('step-promote-active-workflow-server')).toHaveAttribute('data-state', 'failed', {
    timeout: 30_000,
  });

  // The operator closes everything: the wizard process ends, then starts again.
  await page.close();
  await wizard.restart();
  const fresh = await page.context().newPage();
  await openStart(fresh, wizard.url);
  await expect(fresh.getByText('Make scsm02.contoso.local the active workflow server')).toBeVisible();
  await screenshot(fresh, '08-start-unfinished');
  await fresh.getByRole('button', { name: 'Resume' }).click();
  await expect(fresh.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  // The folder was deleted before the interruption: no confirmation is asked again.
  await expect(fresh.getByLabel('Type DELETE to confirm')).toHaveCount(0);
  await screenshot(fresh, '09-summary-resumed');
  await fresh.getByRole('button', { name: 'Run' }).click();
  await expect(fresh.getByRole('heading', { level: 1, name: 'Completion' })).toBeVisible({ timeout: 30_000 });
  const after = await wizard.state();
  expect(after.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
    'scsm02.contoso.local',
  );
  expect(await wizard.call<unknown[]>('runs:unfinished')).toEqual([]);
});
