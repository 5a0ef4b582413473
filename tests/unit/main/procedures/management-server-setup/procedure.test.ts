import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { createHarness, sampleManifest } from '../../../support/harness';
import { memoryKeychain } from '../../../support/memory-keychain';
import { DW_ANSWERS, keyAnswers, SETUP_ANSWERS } from '../../../../support/setup-answers';

type Harness = ReturnType<typeof createHarness>;
type Answers = Record<string, string | boolean>;

async function run(harness: Harness, flowId: Parameters<Harness['runs']['prepare']>[0], answers: Answers) {
  const prepared = await harness.runs.prepare(flowId, answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

/** The documented order ("Implement Service Manager disaster recovery"): the key is backed up while the server lives, the server is rebuilt, the key restored. */
async function rebuildWithKey(harness: Harness, server: string) {
  harness.drill.signIn(server);
  expect((await run(harness, 'encryption-key', keyAnswers(server, 'backup'))).done?.phase).toBe('succeeded');
  harness.drill.inject({ kind: 'server-rebuilt', computer: server });
  expect((await run(harness, 'encryption-key', keyAnswers(server, 'restore'))).done?.phase).toBe('succeeded');
}

const computer = (harness: Harness, name: string) => harness.drill.snapshot().computers.find((c) => c.name === name);

describe('restore a Service Manager management server (drill)', () => {
  it('runs Setup unattended against the existing database once the key is restored', async () => {
    const harness = createHarness({ keychain: memoryKeychain() });
    await rebuildWithKey(harness, 'SCSM01');
    expect(computer(harness, 'SCSM01')?.services).toEqual([]);

    const { prepared, done } = await run(harness, 'restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    const commandLine = prepared.plan[0]?.commands[0];
    expect(commandLine).toMatchObject({ kind: 'program', computer: 'SCSM01' });
    const text = commandLine?.kind === 'program' ? commandLine.commandLine : '';
    expect(text).toContain('/UseExistingDatabase:SQLSM01\\SCSM:ServiceManager');
    expect(text).toMatch(/\/Silent$/);
    expect(text).not.toContain('pa$$');
    expect(text).toContain('********');
    // Asked once, on the services account page, rather than as a warning on every run.
    expect(prepared.checks.find((check) => check.id === 'passwords-on-command-line')).toMatchObject({
      status: 'pass',
      found: expect.stringContaining('confirmed on the services account page') as unknown,
    });
    await expect(
      harness.runs.prepare('restore-management-server', {
        ...SETUP_ANSWERS,
        server: 'SCSM01',
        passwordsOnCommandLine: false,
      }),
    ).rejects.toThrow(/no one else is signed in/);
    // No product key installs an evaluation edition that expires: the Summary puts it to the operator.
    expect(prepared.checks.find((check) => check.id === 'evaluation-edition')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('evaluation edition, which expires') as unknown,
    });
    const licensed = await harness.runs.prepare('restore-management-server', {
      ...SETUP_ANSWERS,
      server: 'SCSM01',
      productKey: 'BCDFG-HJKMP-QRTVW-XY234-6789B',
    });
    expect(licensed.checks.find((check) => check.id === 'evaluation-edition')?.status).toBe('pass');

    expect(done?.phase).toBe('succeeded');
    // Setup asked for no restart: the step says so, not "already done".
    expect(done?.steps.find((step) => step.id === 'restart-if-asked')).toMatchObject({
      state: 'done',
      output: ['Setup asked for no restart: nothing to do.'],
    });
    expect(done?.verification.every((check) => check.status === 'pass')).toBe(true);
    expect(computer(harness, 'SCSM01')?.services.map((s) => s.status)).toEqual(['Running', 'Running', 'Running']);
    const journal = JSON.stringify(done);
    expect(journal).not.toContain('pa$$');
  });

  it('blocks on a computer with another name, naming both', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    expect(prepared.checks.find((check) => check.id === 'same-computer')).toMatchObject({
      status: 'fail',
      expected: 'SCSM01 (scsm01.contoso.local)',
      found: 'SCSM02 (scsm02.contoso.local)',
    });
  });

  it('blocks until the encryption key was restored on this computer', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    harness.drill.signIn('SCSM01');
    const prepared = await harness.runs.prepare('restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    expect(prepared.checks.find((check) => check.id === 'encryption-key-restored')).toMatchObject({ status: 'fail' });
    await expect(harness.runs.start(prepared.runId, [], {})).rejects.toThrow(/failed check/);
  });

  it('shows the prerequisite failure when Setup exits with -14', async () => {
    const harness = createHarness({ keychain: memoryKeychain() });
    await rebuildWithKey(harness, 'SCSM01');
    harness.drill.inject({ kind: 'setup-exit-code', code: -14, times: 1 });
    const { done } = await run(harness, 'restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    expect(done?.phase).toBe('failed');
    const failed = done?.steps.find((step) => step.state === 'failed');
    expect(failed?.id).toBe('run-setup');
    expect(failed?.error?.message).toMatch(/prerequisite/i);
    expect(failed?.error?.message).toContain('Report Viewer');
    expect(failed?.error?.details).toContain('Setup exited with code -14');
  });

  it('shows the "Return value 3" line of SCSMInstall.log with the failed step (-1)', async () => {
    const harness = createHarness({ keychain: memoryKeychain() });
    await rebuildWithKey(harness, 'SCSM01');
    harness.drill.inject({ kind: 'setup-exit-code', code: -1, times: 1 });
    const { done } = await run(harness, 'restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    const failed = done?.steps.find((step) => step.state === 'failed');
    expect(failed?.id).toBe('run-setup');
    const installLog = 'C:\\Users\\Administrator\\AppData\\Local\\Temp\\SCSMInstall.log';
    expect(failed?.error?.message).toContain(
      `Setup's log ${installLog} marks where it failed: ConfigureServiceManagerDatabase: the services account could not sign in to the SQL Server instance. Action ended: ConfigureServiceManagerDatabase. Return value 3.`,
    );
    expect(failed?.output).toContain('Action ended: ConfigureServiceManagerDatabase. Return value 3.');
    const file = Object.values(harness.drill.snapshot().files).find((candidate) => candidate.path === installLog);
    expect(file?.content).toContain('Return value 3.');
  });

  it('asks for the restart Setup wants (3010) and resumes from its journal afterwards', async () => {
    const harness = createHarness({ keychain: memoryKeychain() });
    await rebuildWithKey(harness, 'SCSM01');
    harness.drill.inject({ kind: 'setup-exit-code', code: 3010, times: 1 });
    const { prepared, done } = await run(harness, 'restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    expect(done?.phase).toBe('failed');
    expect(done?.steps.map((step) => step.state)).toEqual(['done', 'failed']);
    expect(done?.steps[1]?.error?.message).toMatch(/Restart this computer.*Resume/);

    const unfinished = harness.runs.unfinished().find((entry) => entry.runId === prepared.runId);
    // Setup is done and recorded: nothing left needs a password, so Resume asks for none.
    expect(unfinished?.secretsNeeded).toEqual([]);
    harness.drill.restart('SCSM01');
    const resumed = await harness.runs.resume(prepared.runId);
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([true, true]);
    const warnings = resumed.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, {});
    const finished = await harness.runs.settled(prepared.runId);
    expect(finished.phase).toBe('succeeded');
  });
});

describe('restore the data warehouse management server (drill)', () => {
  it('guides Setup’s own wizard and checks the result', async () => {
    const harness = createHarness({ keychain: memoryKeychain() });
    await rebuildWithKey(harness, 'SCSMDW01');
    const { prepared, done } = await run(harness, 'restore-dw-management-server', DW_ANSWERS);
    // Always Setup's wizard for the data warehouse, as the recovery guide does: nothing to decide.
    expect(prepared.checks.find((check) => check.id === 'setup-mode')).toMatchObject({
      status: 'pass',
      found: expect.stringContaining('No documented unattended switch') as unknown,
    });
    expect(prepared.plan[0]?.commands[0]).toMatchObject({ kind: 'program', commandLine: 'D:\\Setup.exe' });
    expect(done?.phase).toBe('succeeded');
    const output = done?.steps[0]?.output.join('\n') ?? '';
    expect(output).toContain(
      'Configure the reporting server for the data warehouse: Report server URL = http://sqlrs01.contoso.local/ReportServer',
    );
    expect(output).toContain('DWRepository: database server = SQLDW01\\SCDW');
    const command = prepared.plan[0]?.commands[0];
    const pages = command?.kind === 'program' ? (command.setupPages ?? []) : [];
    expect(pages.map((page) => page.title)).toEqual([
      'Product registration',
      'Installation location',
      'Configure the data warehouse databases',
      'Configure the reporting server for the data warehouse',
      'Configure the account for Service Manager services',
      'Configure the reporting account',
      'Help improve System Center',
      'Use Microsoft Update',
    ]);
    // A password is named on its page, never shown and never offered to copy.
    const passwords = pages.flatMap((page) => page.values).filter((value) => value.label === 'Password');
    expect(passwords).toHaveLength(2);
    expect(passwords.every((value) => value.secret && !value.value.includes('passw0rd'))).toBe(true);
    expect(JSON.stringify(pages)).not.toContain('Report-passw0rd');
    expect(output).not.toContain('Report-passw0rd');
  });
});

describe('install an additional management server (drill)', () => {
  it('joins a new computer and records it in the manifest', async () => {
    const harness = createHarness();
    harness.drill.signIn('SCSM04');
    const { done } = await run(harness, 'install-additional-management-server', SETUP_ANSWERS);
    expect(done?.phase).toBe('succeeded');
    expect(harness.ctx().manifest.servers.find((server) => server.netbiosName === 'SCSM04')?.roles).toEqual([
      'sm-additional-management-server',
    ]);
  });

  it('refuses a computer that already is a management server', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('install-additional-management-server', SETUP_ANSWERS);
    expect(prepared.checks.find((check) => check.id === 'new-computer')).toMatchObject({
      status: 'fail',
      found: 'SCSM02',
    });
  });
});

describe('Setup pages read the site', () => {
  it('lists the databases, reads the management group and tests credentials', async () => {
    const harness = createHarness();
    const databases = await harness.runs.lookup('restore-management-server', 'databases', SETUP_ANSWERS);
    expect(databases.ok).toBe(true);
    expect(databases.options?.database?.map((option) => option.value)).toEqual(['ServiceManager']);

    const group = await harness.runs.lookup('restore-management-server', 'management-group', SETUP_ANSWERS);
    expect(group).toMatchObject({ ok: true, values: { managementGroupName: 'CONTOSO-SM' } });
    const wrongGroup = await harness.runs.lookup('restore-dw-management-server', 'management-group', SETUP_ANSWERS);
    expect(wrongGroup.ok).toBe(false);
    expect(wrongGroup.message).toContain('CONTOSO-DW');

    const accepted = await harness.runs.lookup('restore-management-server', 'service-account', SETUP_ANSWERS);
    expect(accepted).toEqual({ ok: true, message: 'The credentials were accepted.' });
    const unknown = await harness.runs.lookup('restore-management-server', 'service-account', {
      ...SETUP_ANSWERS,
      serviceUser: 'nobody',
    });
    expect(unknown.ok).toBe(false);

    const unreachable = await harness.runs.lookup('restore-management-server', 'databases', {
      ...SETUP_ANSWERS,
      sqlServer: 'SQLXX01\\SCSM',
    });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toMatch(/Cannot reach/);
  });
});

describe('Setup pages show the administrators group read from the database', () => {
  it('fills the field from MOMAdminGroup of the ServiceManager and DWStagingAndConfig databases', async () => {
    // The drill's databases name another group than the manifest: the field must come from the database.
    const drill = new DrillSite({
      manifest: { ...sampleManifest(), managementGroupAdministrators: 'CONTOSO\\SM Admins 2025' },
      speed: 1000,
    });
    const harness = createHarness({
      drill,
      manifest: { ...sampleManifest(), managementGroupAdministrators: undefined },
    });
    const group = await harness.runs.lookup('restore-management-server', 'management-group', SETUP_ANSWERS);
    expect(group).toMatchObject({
      ok: true,
      values: { managementGroupName: 'CONTOSO-SM', administrators: 'CONTOSO\\SM Admins 2025' },
    });
    expect(group.message).toBe(
      'ServiceManager belongs to the management group CONTOSO-SM. Administrators: CONTOSO\\SM Admins 2025, read from the database (the manifest records none).',
    );
    const dw = await harness.runs.lookup('restore-dw-management-server', 'management-group', DW_ANSWERS);
    expect(dw).toMatchObject({
      ok: true,
      values: { managementGroupName: 'CONTOSO-DW', administrators: 'CONTOSO\\SM Admins 2025' },
    });
  });

  it('says so on the page and in the Summary where the manifest records another group', async () => {
    const harness = createHarness({
      drill: new DrillSite({ manifest: sampleManifest(), speed: 1000 }),
      manifest: { ...sampleManifest(), managementGroupAdministrators: 'CONTOSO\\Old SCSM Admins' },
    });
    const group = await harness.runs.lookup('restore-management-server', 'management-group', SETUP_ANSWERS);
    expect(group.ok).toBe(true);
    expect(group.values?.administrators).toBe('CONTOSO\\SCSM Admins');
    expect(group.message).toContain(
      'Administrators: the database names CONTOSO\\SCSM Admins, but the manifest records CONTOSO\\Old SCSM Admins. Setup keeps the database’s group',
    );

    const prepared = await harness.runs.prepare('restore-management-server', {
      ...SETUP_ANSWERS,
      server: 'SCSM01',
      administrators: String(group.values?.administrators),
    });
    expect(prepared.answersSummary).toContainEqual({
      label: 'Management group administrators',
      value: 'CONTOSO\\SCSM Admins',
    });
    expect(prepared.answersSummary).toContainEqual({
      label: 'Administrators in the manifest (Setup keeps the database’s)',
      value: 'CONTOSO\\Old SCSM Admins',
    });
  });

  it('agrees with the manifest on the sample site', async () => {
    const group = await createHarness().runs.lookup('restore-management-server', 'management-group', SETUP_ANSWERS);
    expect(group.message).toBe(
      'ServiceManager belongs to the management group CONTOSO-SM. Administrators: CONTOSO\\SCSM Admins, read from the database, as the manifest records.',
    );
  });
});

describe('import unsealed management packs (drill)', () => {
  const answers = { server: 'SCSM02', packFolder: '\\\\FS01\\RecoveryKit\\ManagementPacks' };

  it('imports each pack after the pack it references and skips one already imported', async () => {
    const harness = createHarness();
    const { prepared, done } = await run(harness, 'import-management-packs', answers);
    expect(prepared.plan.map((step) => step.id)).toEqual([
      'import-contoso.library',
      'import-contoso.incident.customizations',
    ]);
    expect(prepared.checks[0]?.found).toContain('already imported: Contoso.Notifications 1.0.0.2');
    expect(done?.phase).toBe('succeeded');
  });

  it('says a mistyped folder is not there, and checks nothing in a folder without packs', async () => {
    const harness = createHarness();
    const mistyped = await harness.runs.lookup('import-management-packs', 'kit-folder', {
      ...answers,
      packFolder: '\\\\FS01\\RecoveryKit\\ManagementPack',
    });
    expect(mistyped).toMatchObject({ ok: false });
    expect(mistyped.message).toContain(
      'There is no folder \\\\FS01\\RecoveryKit\\ManagementPack, as SCSM02 sees it: check the path.',
    );
    expect(mistyped.checks ?? []).toEqual([]);

    const keys = await harness.runs.lookup('import-management-packs', 'kit-folder', {
      ...answers,
      packFolder: '\\\\FS01\\RecoveryKit\\Keys',
    });
    expect(keys).toMatchObject({
      ok: false,
      message: 'The folder cannot be imported as it is: no management pack XML files in it.',
    });
    expect(keys.checks?.map((check) => [check.id, check.status])).toEqual([['packs', 'fail']]);
  });

  it('reports a failed pack without stopping the others, and Retry imports it', async () => {
    const harness = createHarness();
    harness.drill.inject({
      kind: 'operation-fails',
      operation: 'serviceManager.import',
      times: 1,
      message: 'The management pack store is busy.',
    });
    const { prepared, done } = await run(harness, 'import-management-packs', answers);
    expect(done?.phase).toBe('failed');
    expect(done?.steps.map((step) => step.state)).toEqual(['failed', 'failed']);
    await harness.runs.retry(prepared.runId);
    expect((await harness.runs.settled(prepared.runId)).phase).toBe('succeeded');
  });
});
