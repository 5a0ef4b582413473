import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { parseManifest, type SiteManifest } from '../../../../../src/shared/manifest';
import type { KeychainHost } from '../../../../../src/main/host/types';
import type { FlowId } from '../../../../../src/shared/run-contract';
import { createHarness, sampleManifest, type Harness } from '../../../support/harness';
import { memoryKeychain } from '../../../support/memory-keychain';
import { KEY_PASSWORD, keyAnswers } from '../../../../support/setup-answers';

/**
 * "Prepare the recovery kit" remembers Setup's secrets (the services account's password and the
 * product key) in the OS keychain; on the rebuilt server, the Setup procedure's pages are answered
 * from there, Test Credentials runs with the remembered password, and Setup's command line gets it
 * while the plan never shows it.
 */

const KIT = '\\\\FS01\\Kits\\Contoso';
const MASTER_PASSWORD = 'Smk-passw0rd-2026';
const SERVICE_PASSWORD = `Svc "pa$$" \\ wörd`;
const PRODUCT_KEY = 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY';

async function run(harness: Harness, flowId: FlowId, answers: Record<string, unknown>) {
  const prepared = await harness.runs.prepare(flowId, answers as Record<string, string | boolean>);
  expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

function kitManifest(drill: DrillSite): SiteManifest {
  const file = Object.values(drill.snapshot().files).find(
    (candidate) => candidate.path.toLowerCase() === `${KIT}\\site.json`.toLowerCase(),
  );
  const parsed = parseManifest(file?.content ?? '');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.manifest;
}

async function prepareAnswers(harness: Harness, setup: Record<string, string>) {
  return {
    ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
    kitFolder: KIT,
    mediaPath: 'D:\\',
    orchestratorSqlServer: 'SQLORCH01',
    orchestratorDatabase: 'Orchestrator',
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    masterKeyPassword: MASTER_PASSWORD,
    confirmMasterKeyPassword: MASTER_PASSWORD,
    ...setup,
  };
}

/** The Setup pages as the wizard fills them: the defaults, and what the management group page reads. */
async function setupDefaults(harness: Harness) {
  const defaults = await harness.runs.flow('restore-management-server').defaults(harness.ctx());
  const group = await harness.runs.lookup('restore-management-server', 'management-group', defaults);
  return { ...defaults, ...group.values };
}

/** The kit prepared with the secrets remembered, then SCSM01 lost, rebuilt and its key restored from the kit. */
async function rebuiltWithRememberedSecrets(keychain: KeychainHost) {
  const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
  const preparing = createHarness({ drill, keychain });
  drill.signIn('SCSM01');
  // Typed in another case than the directory's: Windows does not mind, nor may the keychain entry.
  const answers = await prepareAnswers(preparing, {
    setupServiceAccount: 'contoso\\SVC-SCSM',
    setupServicePassword: SERVICE_PASSWORD,
    setupProductKey: PRODUCT_KEY,
  });
  const tested = await preparing.runs.lookup('prepare-recovery-kit', 'setup-accounts', answers);
  expect(tested).toMatchObject({ ok: true, message: 'Accepted: contoso\\SVC-SCSM.' });
  const prepared = await run(preparing, 'prepare-recovery-kit', answers);
  expect(prepared.prepared.answersSummary).toContainEqual({
    label: 'Setup’s passwords and product key',
    value: 'the password of contoso\\SVC-SCSM, the product key: tested, then remembered in the OS keychain',
  });
  expect(prepared.done?.phase).toBe('succeeded');

  drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
  drill.signIn('SCSM01');
  const recovering = createHarness({ drill, keychain, manifest: kitManifest(drill) });
  const key = await run(recovering, 'encryption-key', {
    ...keyAnswers('SCSM01', 'restore'),
    keyFile: `${KIT}\\Keys\\SCSM01-ServiceManager-key.bin`,
  });
  expect(key.done?.phase).toBe('succeeded');
  return { drill, recovering };
}

describe('Setup’s secrets remembered when the kit was prepared', () => {
  it('answers the Setup pages from the keychain, and Setup’s command line gets them, the plan never', async () => {
    const keychain = memoryKeychain();
    const { drill, recovering } = await rebuiltWithRememberedSecrets(keychain);
    const site = recovering.ctx().siteName;
    expect(await keychain.accounts()).toEqual(
      expect.arrayContaining([
        `${site} | Services account | CONTOSO\\svc-scsm`,
        `${site} | Service Manager product key | Setup`,
      ]),
    );

    // The kit's page, prepared again: what is remembered is named, and nothing needs typing again.
    expect(
      await recovering.runs.lookup('prepare-recovery-kit', 'setup-accounts', {
        setupServiceAccount: 'CONTOSO\\svc-scsm',
        setupServicePassword: '',
        setupReportingAccount: '',
        setupReportingPassword: '',
        setupProductKey: '',
      }),
    ).toEqual({
      ok: true,
      message:
        'No password typed: nothing to test. The OS keychain already remembers the password of CONTOSO\\svc-scsm; Setup’s pages ask for what it does not remember.',
    });

    const defaults = await setupDefaults(recovering);
    expect(defaults).toMatchObject({
      serviceDomain: 'CONTOSO',
      serviceUser: 'svc-scsm',
      serviceUseRemembered: true,
      servicePassword: '',
      productKeyUseRemembered: true,
      productKey: '',
    });
    // Test Credentials with nothing typed: the remembered password is what the domain is asked about.
    expect(await recovering.runs.lookup('restore-management-server', 'service-account', defaults)).toEqual({
      ok: true,
      message: 'The credentials were accepted.',
    });

    const args: string[][] = [];
    const setup = drill.host.setup;
    const original = setup.run.bind(setup);
    setup.run = async (program, argv, io) => {
      args.push(argv.map((arg) => (typeof arg === 'string' ? arg : arg.map((part) => part.text).join(''))));
      return original(program, argv, io);
    };
    const answers = { ...defaults, server: 'SCSM01', acceptLicense: true, passwordsOnCommandLine: true };
    const { prepared, done } = await run(recovering, 'restore-management-server', answers);
    expect(prepared.checks.find((check) => check.id === 'evaluation-edition')).toMatchObject({
      status: 'pass',
      found: 'the one remembered in the OS keychain',
    });
    expect(prepared.checks.find((check) => check.id === 'remembered-servicePassword')?.status).toBe('pass');
    expect(prepared.answersSummary).toContainEqual({
      label: 'Services account',
      value: 'CONTOSO\\svc-scsm, password remembered in the OS keychain',
    });
    const plan = JSON.stringify(prepared.plan);
    expect(plan).not.toContain(PRODUCT_KEY);
    expect(plan).not.toContain('pa$$');
    expect(done?.phase).toBe('succeeded');
    expect(args).toHaveLength(1);
    expect(args[0]).toEqual(
      expect.arrayContaining([
        `/ProductKey:${PRODUCT_KEY}`,
        `/ServiceRunUnderAccount:CONTOSO\\svc-scsm\\${SERVICE_PASSWORD}`,
      ]),
    );
  });

  it('says so before anything runs when the keychain has lost the password since the page was read', async () => {
    const keychain = memoryKeychain();
    const { recovering } = await rebuiltWithRememberedSecrets(keychain);
    const defaults = await setupDefaults(recovering);
    await keychain.remove(`${recovering.ctx().siteName} | Services account | CONTOSO\\svc-scsm`);

    expect(await recovering.runs.lookup('restore-management-server', 'service-account', defaults)).toEqual({
      ok: false,
      message:
        'The OS keychain remembers no password for CONTOSO\\svc-scsm here: clear "Use the password remembered" and type it.',
    });
    const prepared = await recovering.runs.prepare('restore-management-server', {
      ...defaults,
      server: 'SCSM01',
      acceptLicense: true,
      passwordsOnCommandLine: true,
    } as Record<string, string | boolean>);
    expect(prepared.checks.find((check) => check.id === 'remembered-servicePassword')).toMatchObject({
      status: 'fail',
      found: 'not in the OS keychain',
      remedy:
        'Clear "Use the one remembered" on the Configure the account for Service Manager services page and type it.',
    });
  });

  it('remembers nothing it could not test, and names the account the domain refused', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const keychain = memoryKeychain();
    const harness = createHarness({ drill, keychain });
    drill.signIn('SCSM01');
    const refused = await harness.runs.lookup(
      'prepare-recovery-kit',
      'setup-accounts',
      await prepareAnswers(harness, { setupServiceAccount: 'CONTOSO\\nobody', setupServicePassword: SERVICE_PASSWORD }),
    );
    expect(refused).toEqual({
      ok: false,
      message: 'CONTOSO\\nobody: The domain does not know the account CONTOSO\\nobody.',
    });
    // Nothing typed: nothing tested, nothing remembered, and Setup's pages ask as before.
    const none = await prepareAnswers(harness, {});
    expect(await harness.runs.lookup('prepare-recovery-kit', 'setup-accounts', none)).toMatchObject({ ok: true });
    expect((await run(harness, 'prepare-recovery-kit', none)).done?.phase).toBe('succeeded');
    expect((await keychain.accounts()).filter((account) => !account.includes('key'))).toEqual([]);
    const defaults = await harness.runs.flow('restore-management-server').defaults(harness.ctx());
    expect(defaults).toMatchObject({ serviceUser: '', serviceUseRemembered: false, productKeyUseRemembered: false });
  });
});
