import type { Locator, Page } from '@playwright/test';
import type { FlowDescription, FlowId } from '../../src/shared/run-contract';
import { ABOVE_AIM, ACTION_SHARE_AIM, DOCUMENTED_ACTIONS } from '../support/documented-actions';
import { expectNoAxeViolations } from './support/axe';
import { expect, runFlow, screenshot, test, type DrillWizard } from './support/drill-wizard';

/**
 * Every procedure walked with a complete kit, as an operator would: the actions are counted by
 * the wrapper below (never by hand) and set against the documented manual path's
 * (tests/support/documented-actions.ts). On the way every page of the procedure is opened from
 * the rail and checked by axe-core, as are the Summary and Completion.
 */

/** A page that waits longer for the operator is a page the walk does not answer: fail early and say which. */
const ACTION_TIMEOUT = 20_000;

/** Clicks, fields typed or changed and confirmations: every action goes through here and is counted. */
class OperatorActions {
  /** What was done, in order, so that a count above the limit says which action was one too many. */
  readonly done: string[] = [];
  get count() {
    return this.done.length;
  }
  async click(target: Locator) {
    this.done.push(`click ${await name(target)}`);
    await target.click({ timeout: ACTION_TIMEOUT });
  }
  async fill(target: Locator, value: string) {
    this.done.push(`fill ${await name(target)}`);
    await target.fill(value, { timeout: ACTION_TIMEOUT });
  }
  async check(target: Locator) {
    this.done.push(`check ${await name(target)}`);
    await target.check({ timeout: ACTION_TIMEOUT });
  }
}

async function name(target: Locator): Promise<string> {
  const label = await target.evaluate(
    (element) =>
      element.getAttribute('aria-label') ??
      (element.id ? element.ownerDocument.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.closest('label')?.textContent ??
      element.textContent,
    undefined,
    { timeout: ACTION_TIMEOUT },
  );
  return `“${(label ?? '').trim().slice(0, 60)}”`;
}

type PageActions = (operator: OperatorActions, page: Page) => Promise<void>;

interface Walk {
  title: string;
  /** The site as it is when the procedure is needed, set up through the API: not the operator's work here. */
  prepare?(wizard: DrillWizard): Promise<void>;
  /** What the operator types on the pages the kit and the site cannot answer, by page title. */
  pages?: Record<string, PageActions>;
}

const SERVICE_PASSWORD = 'Svc-passw0rd-2026';
const KEY_PASSWORD = 'Key-backup-passw0rd';
const MASTER_KEY_PASSWORD = 'Smk-passw0rd-2026';

/** The key backup made while the server lived, into the kit with its password remembered, then the server lost. */
async function keyBackedUpThenRebuilt(wizard: DrillWizard, server: string) {
  await wizard.call('drill:sign-in', { computer: server });
  const { defaults } = await wizard.call<FlowDescription>('flow:describe', { flowId: 'encryption-key' });
  const backup = await runFlow(wizard, 'encryption-key', {
    ...defaults,
    action: 'backup',
    password: KEY_PASSWORD,
    confirmPassword: KEY_PASSWORD,
    remember: true,
  });
  expect(backup.phase).toBe('succeeded');
  await wizard.inject({ kind: 'server-rebuilt', computer: server });
}

async function keyRestored(wizard: DrillWizard, server: string) {
  await keyBackedUpThenRebuilt(wizard, server);
  const { defaults } = await wizard.call<FlowDescription>('flow:describe', { flowId: 'encryption-key' });
  expect((await runFlow(wizard, 'encryption-key', defaults)).phase).toBe('succeeded');
}

/** The server lost after the kit was prepared on it, then its key restored from the kit with the kit's password. */
async function keyRestoredFromKit(wizard: DrillWizard, server: string) {
  await wizard.inject({ kind: 'server-rebuilt', computer: server });
  await wizard.call('drill:sign-in', { computer: server });
  const { defaults } = await wizard.call<FlowDescription>('flow:describe', { flowId: 'encryption-key' });
  expect(defaults).toMatchObject({ action: 'restore' });
  const restored = await runFlow(wizard, 'encryption-key', {
    ...defaults,
    useRemembered: false,
    password: KEY_PASSWORD,
    confirmPassword: KEY_PASSWORD,
  });
  expect(restored.phase).toBe('succeeded');
}

/**
 * The drill's sample kit has no index until the wizard prepares it: a complete kit is a prepared
 * one. Setup's passwords and product key typed on its last page are remembered in the keychain:
 * no file of a kit can hold them.
 */
async function kitPrepared(wizard: DrillWizard, setupSecrets: Record<string, string> = {}) {
  await wizard.call('drill:sign-in', { computer: 'SCSM01' });
  const { defaults } = await wizard.call<FlowDescription>('flow:describe', { flowId: 'prepare-recovery-kit' });
  const prepared = await runFlow(wizard, 'prepare-recovery-kit', {
    ...defaults,
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    masterKeyPassword: MASTER_KEY_PASSWORD,
    confirmMasterKeyPassword: MASTER_KEY_PASSWORD,
    // No previous kit in the share says where Orchestrator's database is.
    orchestratorSqlServer: 'SQLORCH01',
    ...setupSecrets,
  });
  expect(['succeeded', 'failed']).toContain(prepared.phase);
}

const SETUP_SECRETS = {
  setupServiceAccount: 'CONTOSO\\svc-scsm',
  setupServicePassword: SERVICE_PASSWORD,
  setupReportingAccount: 'CONTOSO\\svc-scsm-reporting',
  setupReportingPassword: SERVICE_PASSWORD,
  setupProductKey: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
};

/** Asked once per run, where the passwords would be typed: unattended Setup gets them on its command line. */
const consent: PageActions = async (operator, page) => {
  await expect(page.getByText('The credentials were accepted.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Use the password remembered in the OS keychain' })).toBeChecked();
  await operator.check(page.getByRole('checkbox', { name: /No one else will be signed in/ }));
  await screenshot(page, '91-setup-account-remembered');
};

const SERVICE_ACCOUNT = 'Configure the account for Service Manager services';

/** Setup's license terms: accepted by the operator on every install, as Setup's own page asks. */
const acceptLicense: PageActions = async (operator, page) =>
  operator.check(page.getByRole('checkbox', { name: /I have read, understood, and agree/ }));

const WALKS: Record<FlowId, Walk> = {
  'promote-management-server': {
    title: 'Promote a Service Manager management server',
    pages: {
      // Two additional servers could take over: which one is the operator's choice.
      'Server to promote': async (operator, page) => operator.check(page.getByRole('radio', { name: /^SCSM02/ })),
    },
  },
  'encryption-key': {
    title: 'Back up or restore an encryption key',
    prepare: (wizard) => keyBackedUpThenRebuilt(wizard, 'SCSM01'),
  },
  'restore-management-server': {
    title: 'Restore a Service Manager management server',
    prepare: async (wizard) => {
      await kitPrepared(wizard, SETUP_SECRETS);
      await keyRestoredFromKit(wizard, 'SCSM01');
    },
    pages: { 'Product registration': acceptLicense, [SERVICE_ACCOUNT]: consent },
  },
  'restore-dw-management-server': {
    title: 'Restore the data warehouse management server',
    prepare: async (wizard) => {
      await kitPrepared(wizard, SETUP_SECRETS);
      await keyRestored(wizard, 'SCSMDW01');
    },
    pages: { 'Product registration': acceptLicense },
  },
  'install-additional-management-server': {
    title: 'Install an additional management server',
    prepare: async (wizard) => {
      await kitPrepared(wizard, SETUP_SECRETS);
      await wizard.call('drill:sign-in', { computer: 'SCSM04' });
    },
    pages: { 'Product registration': acceptLicense, [SERVICE_ACCOUNT]: consent },
  },
  'import-management-packs': { title: 'Import unsealed management packs' },
  'restore-databases': {
    title: 'Restore Service Manager databases',
    prepare: (wizard) => wizard.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' }),
  },
  'recreate-dw-databases': {
    title: 'Recreate the data warehouse databases',
    pages: {
      'What recreating loses': async (operator, page) =>
        operator.check(page.getByRole('checkbox', { name: /There is no usable backup/ })),
    },
  },
  'backup-orchestrator': {
    title: 'Back up Orchestrator',
    // The kit's index holds this SQL Server's service master key, and no runbook is checked out.
    prepare: kitPrepared,
  },
  'recover-orchestrator-database': {
    title: 'Recover the Orchestrator database',
    prepare: async (wizard) => {
      const { defaults } = await wizard.call<FlowDescription>('flow:describe', { flowId: 'backup-orchestrator' });
      const backup = await runFlow(wizard, 'backup-orchestrator', {
        ...defaults,
        keyPassword: MASTER_KEY_PASSWORD,
        confirmKeyPassword: MASTER_KEY_PASSWORD,
        remember: true,
        checkedIn: true,
      });
      expect(backup.phase).toBe('succeeded');
    },
  },
  'verify-kit': {
    title: 'Verify the recovery kit',
    prepare: kitPrepared,
  },
  'copy-kit': {
    title: 'Copy the recovery kit to a drive',
    prepare: kitPrepared,
    pages: {
      // The drive is the one the operator just plugged in: nothing on the site names it.
      'Source and drive': async (operator, page) => operator.fill(page.getByLabel('Copy to'), 'E:\\RecoveryKit'),
    },
  },
  'prepare-recovery-kit': {
    title: 'Prepare the recovery kit',
    prepare: async (wizard) => {
      await wizard.call('drill:sign-in', { computer: 'SCSM01' });
    },
    pages: {
      // Nothing of Service Manager names Orchestrator's database, and no previous kit is there to say.
      'The site': async (operator, page) => {
        await operator.fill(page.getByLabel('Orchestrator database’s SQL Server'), 'SQLORCH01');
        await operator.click(page.getByRole('button', { name: 'Find the site' }));
        await expect(page.getByText(/Found 7 servers and 8 databases/)).toBeVisible({ timeout: 30_000 });
      },
      Passwords: async (operator, page) => {
        await operator.fill(page.getByLabel('Password for the encryption key files'), KEY_PASSWORD);
        await operator.fill(page.getByLabel('Type the key files’ password again'), KEY_PASSWORD);
        await operator.fill(page.getByLabel('Password for the service master key files'), MASTER_KEY_PASSWORD);
        await operator.fill(page.getByLabel('Type the service master key files’ password again'), MASTER_KEY_PASSWORD);
      },
    },
  },
};

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Pages new to the walk, kept as screenshots to look at as they are reviewed. */
const REVIEW_SCREENSHOTS: Record<string, string> = { 'Setup’s accounts': '92-prepare-setup-accounts' };

/**
 * Review, not work: from the Summary every page is opened from the rail, as answered (after
 * Connect, Test Credentials, Read the backup), and checked by axe-core; then the rail's Summary.
 */
async function reviewEveryPage(page: Page, description: FlowDescription) {
  const rail = page.getByRole('navigation', { name: 'Wizard pages' });
  for (const flowPage of description.pages) {
    await rail.getByRole('button', { name: flowPage.title, exact: true }).click();
    await expect(heading(page)).toHaveText(flowPage.title);
    await expectNoAxeViolations(page, `${description.id}: ${flowPage.title}`);
    const shot = REVIEW_SCREENSHOTS[flowPage.title];
    if (shot) await screenshot(page, shot);
  }
  if (description.pages.length > 0) await rail.getByRole('button', { name: 'Summary', exact: true }).click();
}

/** The rail's entry for where the operator is, visible in the rail (it is at the foot of a long one). */
async function expectCurrentEntryInView(page: Page, where: string) {
  const rail = page.getByRole('navigation', { name: 'Wizard pages' });
  const [box, current] = await Promise.all([rail.boundingBox(), rail.locator('[aria-current="step"]').boundingBox()]);
  const inView =
    box !== null && current !== null && current.y >= box.y - 1 && current.y + current.height <= box.y + box.height + 1;
  expect(inView, `${where}: the rail shows the current entry`).toBe(true);
}

// One fresh drill per procedure: the walks share nothing, so both workers take them.
test.describe.configure({ mode: 'parallel' });

for (const [flowId, walk] of Object.entries(WALKS) as [FlowId, Walk][]) {
  test(`${flowId}: operator actions with a complete kit, and axe-core on every page`, async ({ page, wizard }) => {
    test.slow();
    await walk.prepare?.(wizard);
    const description = await wizard.call<FlowDescription>('flow:describe', { flowId });
    const operator = new OperatorActions();

    await page.goto(wizard.url);
    await operator.check(page.getByRole('radio', { name: walk.title }));
    if (flowId === 'restore-databases') {
      await expect(page.getByRole('button', { name: 'Go to the Summary' })).toBeVisible({ timeout: 30_000 });
      await screenshot(page, '90-summary-offer');
    }

    // From Start: the procedure's pages are read ahead as soon as it is chosen.
    const answered = new Set<string>();
    for (let guard = 0; guard < 30; guard += 1) {
      const title = (await heading(page).textContent()) ?? '';
      if (title === 'Summary') break;
      const actions = walk.pages?.[title];
      if (actions && !answered.has(title)) {
        answered.add(title);
        await actions(operator, page);
      }
      // An operator reads the page once it has stopped asking the site and the keychain, as the
      // offer to skip ahead is decided from what they answer; deciding earlier clicks Next once too often.
      await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
      const offer = page.getByRole('button', { name: /^Go to (the Summary|“)/ });
      await operator.click((await offer.isVisible()) ? offer : page.getByRole('button', { name: 'Next' }));
      await expect(heading(page)).not.toHaveText(title);
    }

    await expect(heading(page)).toHaveText('Summary');
    await reviewEveryPage(page, description);
    await expect(heading(page)).toHaveText('Summary');
    await expect(page.getByRole('table', { name: 'Checks before the run' })).toBeVisible({ timeout: 30_000 });
    await expectNoAxeViolations(page, `${flowId}: Summary`);
    for (const box of await page.getByRole('checkbox', { name: /^I have read this warning/ }).all()) {
      await operator.check(box);
    }
    // The typed confirmations the plan asks for (architecture.md's safety rules): each is an action.
    for (const label of await page.getByText(/^Type \S+ to confirm$/).all()) {
      const text = (await label.textContent()) ?? '';
      await operator.fill(page.getByLabel(text, { exact: true }), /^Type (\S+) to confirm$/.exec(text)?.[1] ?? '');
    }
    await operator.click(page.getByRole('button', { name: 'Run' }));
    await expect(heading(page)).toHaveText('Completion', { timeout: 120_000 });
    await expectNoAxeViolations(page, `${flowId}: Completion`);
    await expectCurrentEntryInView(page, `${flowId}: Completion`);

    const documented = DOCUMENTED_ACTIONS[flowId].actions;
    const share = documented === null ? null : operator.count / documented;
    console.log(
      share === null
        ? `${flowId}: ${operator.count} actions (no documented manual path)`
        : `${flowId}: ${operator.count} actions against ${documented} documented (${Math.round(share * 100)} %)`,
    );
    if (process.env.WIZARD_LIST_ACTIONS) console.log(operator.done.join('\n'));
    const above = ABOVE_AIM[flowId];
    if (share === null) return;
    // Above the aim only where what costs the actions is named, and never by more than counted then.
    const done = `\n  ${operator.done.join('\n  ')}`;
    if (above) expect(operator.count, `${flowId}: ${above.why}${done}`).toBeLessThanOrEqual(above.actions);
    else expect(share, `${flowId}: ${operator.count} of ${documented}${done}`).toBeLessThanOrEqual(ACTION_SHARE_AIM);
  });
}
