import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../../../../src/main/knowledge/failures';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { readOrchestratorContext } from '../../../../../src/main/knowledge/orchestrator/web-config';
import type { SiteManifest } from '../../../../../src/shared/manifest';
import type { FlowId } from '../../../../../src/shared/run-contract';
import { createHarness, sampleManifest } from '../../../support/harness';
import { memoryKeychain } from '../../../support/memory-keychain';

type Harness = ReturnType<typeof createHarness>;
type Answers = Record<string, string | boolean>;

const KEY_PASSWORD = `Smk'pa"ss]--;wörd\u2019`;
const KEY_FILE = '\\\\FS01\\RecoveryKit\\Orchestrator\\SQLORCH01.key';
const BACKUP_FILE = '\\\\FS01\\RecoveryKit\\Databases\\Orchestrator-test.bak';

async function settle(harness: Harness, flowId: FlowId, answers: Answers, confirmations: Record<string, string> = {}) {
  const prepared = await harness.runs.prepare(flowId, answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, confirmations);
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

async function backUp(harness: Harness, remember = false) {
  const answers = {
    ...(await harness.runs.flow('backup-orchestrator').defaults(harness.ctx())),
    keyFile: KEY_FILE,
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    remember,
    backupFile: BACKUP_FILE,
    checkedIn: true,
  };
  expect((await settle(harness, 'backup-orchestrator', answers)).done?.phase).toBe('succeeded');
}

/** Onto SQLSPARE01: its service master key restored from the file, with the password the backup flow remembered. */
const ONTO_THE_SPARE_WITH_THE_REMEMBERED_KEY: Answers = {
  sqlServer: 'SQLSPARE01',
  keySituation: 'restore-key',
  useRemembered: true,
  consultedDba: true,
};

async function recoveryAnswers(harness: Harness, extra: Answers = {}): Promise<Answers> {
  return { ...(await harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx())), ...extra };
}

function manifestWithWebVersion(version: string): SiteManifest {
  const manifest = sampleManifest();
  const web = manifest.servers.find((server) => server.netbiosName === 'SCORCHWEB01');
  if (web) web.productVersion = version;
  return manifest;
}

describe('recover the Orchestrator database (drill)', () => {
  it('onto the same server: replaces the database after its name is typed, then DBSetup, the services and the Web API', async () => {
    const harness = createHarness();
    await backUp(harness);
    const answers = await recoveryAnswers(harness);
    expect(answers).toMatchObject({ sqlServer: 'SQLORCH01', database: 'Orchestrator', backupFile: BACKUP_FILE });
    expect(answers.keyFile).toBe(KEY_FILE);
    const prepared = await harness.runs.prepare('recover-orchestrator-database', answers);
    expect(prepared.checks.find((check) => check.id === 'key-situation')?.status).toBe('pass');
    expect(prepared.checks.find((check) => check.id === 'existing-database')?.status).toBe('warn');
    expect(prepared.plan.map((step) => step.id)).toEqual([
      'safety-backup',
      'database-offline',
      'restore-database',
      'management-server-data-store',
      'restart-management-service',
      'runbook-server-scorch01',
      'runbook-server-scorchrb01',
      'runbook-server-scorchrb02',
      'web-config-scorchweb01',
      'web-recycle-scorchweb01',
    ]);
    // The runbook server on the management server needs only its restart.
    expect(prepared.plan.find((step) => step.id === 'runbook-server-scorch01')?.commands.map((c) => c.kind)).toEqual([
      'powershell',
      'powershell',
    ]);
    expect(prepared.plan.find((step) => step.id === 'runbook-server-scorchrb01')?.commands[0]).toMatchObject({
      kind: 'program',
      computer: 'SCORCHRB01',
      guidance: expect.arrayContaining(['Server: SQLORCH01 (exactly this; never localhost or .)']),
    });
    expect(prepared.plan.find((step) => step.id === 'restore-database')?.destructive?.confirmWord).toBe('Orchestrator');

    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, { 'restore-database': 'Orchestrator' });
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect(done.verification.map((check) => [check.id, check.status])).toEqual([
      ['database-online', 'pass'],
      ['management-service', 'pass'],
      ['runbook-services', 'pass'],
      ['database-sessions', 'pass'],
      ['web-service-scorchweb01', 'pass'],
    ]);
    const state = harness.drill.snapshot();
    for (const computer of ['SCORCH01', 'SCORCHRB01', 'SCORCHRB02']) {
      expect(state.orchestrator.dataStores[computer]).toEqual({ server: 'SQLORCH01', database: 'Orchestrator' });
    }
    expect(state.orchestrator.connections.SCORCHRB02?.orunbook).toEqual({
      server: 'SQLORCH01',
      database: 'Orchestrator',
    });
    // Beside the web folder, not in it, named by the day so that a resumed run finds it again.
    const copies = Object.values(state.files).filter((file) => file.path.includes('web.config.before-recovery-'));
    expect(copies.map((file) => file.path)).toEqual([
      expect.stringMatching(
        /^C:\\Program Files\\Microsoft System Center\\Orchestrator\\WebApi-web\.config\.before-recovery-\d{8}$/,
      ),
    ]);
  });

  it('onto another server: the key restored with the remembered password, and the 2019 web service re-pointed and encrypted again', async () => {
    const keychain = memoryKeychain();
    const manifest = manifestWithWebVersion('10.19.40.0');
    const harness = createHarness({ keychain, drill: new DrillSite({ manifest, speed: 1000 }) });
    await backUp(harness, true);
    const answers = await recoveryAnswers(harness, ONTO_THE_SPARE_WITH_THE_REMEMBERED_KEY);
    const { prepared, done } = await settle(harness, 'recover-orchestrator-database', answers);
    expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const keyStep = prepared.plan.find((step) => step.id === 'restore-service-master-key');
    expect(keyStep?.commands[0]).toMatchObject({
      text: `RESTORE SERVICE MASTER KEY FROM FILE = N'${KEY_FILE}' DECRYPTION BY PASSWORD = ********`,
    });
    expect(prepared.plan.find((step) => step.id === 'web-config-scorchweb01')?.commands.map((c) => c.kind)).toEqual([
      'powershell',
      'powershell',
      'powershell',
      'powershell',
    ]);
    expect(done?.phase).toBe('succeeded');
    expect(done?.verification.every((check) => check.status === 'pass')).toBe(true);

    const state = harness.drill.snapshot();
    const spare = state.sqlServers.find((server) => server.name === 'SQLSPARE01');
    const original = state.sqlServers.find((server) => server.name === 'SQLORCH01');
    expect(spare?.serviceMasterKeyId).toBe(original?.serviceMasterKeyId);
    expect(spare?.databases.find((database) => database.name === 'Orchestrator')?.encryptedBy).toBe(
      spare?.serviceMasterKeyId,
    );
    expect(state.orchestrator.dataStores.SCORCHRB01).toEqual({ server: 'SQLSPARE01', database: 'Orchestrator' });
    const web = state.orchestrator.webComponents[0];
    const config = Object.values(state.files).find((file) => file.path === web?.configFile)?.content ?? '';
    expect(config).toContain('configProtectionProvider="RsaProtectedConfigurationProvider"');
    expect(web?.loaded).toEqual({ server: 'SQLSPARE01', database: 'Orchestrator' });
    const plain = Object.values(state.orchestrator.protectedSections.SCORCHWEB01 ?? {}).at(-1) ?? '';
    expect(readOrchestratorContext(`<configuration>${plain}</configuration>`)).toEqual({
      dataSource: 'SQLSPARE01',
      initialCatalog: 'Orchestrator',
    });
    expect(JSON.stringify(done)).not.toContain(KEY_PASSWORD);
    expect(JSON.stringify(harness.events)).not.toContain(KEY_PASSWORD);
  });

  it('a wrong key password stops the run at the key, before the database is touched', async () => {
    const harness = createHarness();
    await backUp(harness);
    const before = harness.drill.snapshot().sqlServers.find((server) => server.name === 'SQLSPARE01');
    const answers = await recoveryAnswers(harness, {
      sqlServer: 'SQLSPARE01',
      keySituation: 'restore-key',
      keyPassword: `${KEY_PASSWORD}x`,
      consultedDba: true,
    });
    const { done } = await settle(harness, 'recover-orchestrator-database', answers);
    expect(done?.phase).toBe('failed');
    const failed = done?.steps.filter((step) => step.state === 'failed') ?? [];
    expect(failed.map((step) => step.id)).toEqual(['restore-service-master-key']);
    expect(failed[0]?.error?.message).toMatch(/password/);
    expect(done?.steps.find((step) => step.id === 'restore-database')?.state).toBe('pending');
    expect(harness.drill.snapshot().sqlServers.find((server) => server.name === 'SQLSPARE01')).toEqual(before);
    expect(JSON.stringify(done)).not.toContain(KEY_PASSWORD);
    expect(JSON.stringify(harness.events)).not.toContain(KEY_PASSWORD);
    const journals = readdirSync(harness.journalDirectory).map((file) =>
      readFileSync(join(harness.journalDirectory, file), 'utf8'),
    );
    expect(journals.join('\n')).not.toContain(KEY_PASSWORD);
  });

  it('refuses "same server" for a backup taken elsewhere, and the key page without the DBA or FORCE consent', async () => {
    const harness = createHarness();
    await backUp(harness);
    const { prepared, done } = await settle(
      harness,
      'recover-orchestrator-database',
      await recoveryAnswers(harness, { sqlServer: 'SQLSPARE01' }),
    );
    expect(done).toBeNull();
    expect(prepared.checks.find((check) => check.id === 'key-situation')).toMatchObject({
      status: 'fail',
      found: 'taken on SQLORCH01',
    });
    const key = { keySituation: 'restore-key', keyPassword: KEY_PASSWORD };
    await expect(
      harness.runs.prepare('recover-orchestrator-database', await recoveryAnswers(harness, key)),
    ).rejects.toThrow(/ask the DBA first/);
    await expect(
      harness.runs.prepare(
        'recover-orchestrator-database',
        await recoveryAnswers(harness, { ...key, consultedDba: true, force: true }),
      ),
    ).rejects.toThrow(/FORCE loses/);
    await expect(
      harness.runs.prepare('recover-orchestrator-database', await recoveryAnswers(harness, { sqlServer: '.' })),
    ).rejects.toThrow(/name the computer explicitly/);
    const forced = await harness.runs.prepare(
      'recover-orchestrator-database',
      await recoveryAnswers(harness, {
        ...key,
        sqlServer: 'SQLSPARE01',
        consultedDba: true,
        force: true,
        forceAccepted: true,
      }),
    );
    expect(forced.plan.find((step) => step.id === 'restore-service-master-key')).toMatchObject({
      destructive: { confirmWord: 'FORCE' },
      commands: [{ text: expect.stringMatching(/DECRYPTION BY PASSWORD = \*{8} FORCE$/) }],
    });
  });

  it('an unreachable runbook server fails alone; the others finish, and Retry runs only it', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'computer-unreachable', computer: 'SCORCHRB02' });
    const answers = await recoveryAnswers(harness);
    const prepared = await harness.runs.prepare('recover-orchestrator-database', answers);
    expect(prepared.checks.find((check) => check.id === 'runbook-servers')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('SCORCHRB02'),
    });
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, { 'restore-database': 'Orchestrator' });
    const failed = await harness.runs.settled(prepared.runId);
    expect(failed.phase).toBe('failed');
    expect(failed.steps.filter((step) => step.state !== 'done').map((step) => [step.id, step.state])).toEqual([
      ['runbook-server-scorchrb02', 'failed'],
    ]);
    expect(failed.steps.find((step) => step.state === 'failed')?.error?.message).toMatch(/Cannot reach SCORCHRB02/);

    harness.drill.restart('SCORCHRB02');
    await harness.runs.retry(prepared.runId);
    const retried = await harness.runs.settled(prepared.runId);
    expect(retried.phase).toBe('succeeded');
    expect(harness.drill.snapshot().orchestrator.dataStores.SCORCHRB02).toEqual({
      server: 'SQLORCH01',
      database: 'Orchestrator',
    });
  });

  it('resumed after the restore, leaves out what only prepared for it: the restored database is not taken offline', async () => {
    const keychain = memoryKeychain();
    const harness = createHarness({ keychain });
    await backUp(harness, true);
    harness.drill.inject({ kind: 'computer-unreachable', computer: 'SCORCHRB02' });
    const answers = await recoveryAnswers(harness, ONTO_THE_SPARE_WITH_THE_REMEMBERED_KEY);
    const { prepared, done } = await settle(harness, 'recover-orchestrator-database', answers);
    expect(prepared.plan.map((step) => step.id)).not.toContain('database-offline');
    expect(done?.phase).toBe('failed');

    // The database now exists and is online, which on a fresh plan would add a backup and SET OFFLINE.
    const fresh = await harness.runs.prepare('recover-orchestrator-database', answers);
    expect(fresh.plan.map((step) => step.id)).toContain('database-offline');

    harness.drill.restart('SCORCHRB02');
    const resumed = await harness.runs.resume(prepared.runId);
    expect(resumed.plan.map((step) => step.id)).toEqual(prepared.plan.map((step) => step.id));
    expect(resumed.checks.find((check) => check.id === 'prepared-already')).toMatchObject({
      status: 'pass',
      found: expect.stringContaining('Take Orchestrator offline'),
    });
    const warnings = resumed.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, {});
    const finished = await harness.runs.settled(prepared.runId);
    expect(finished.phase).toBe('succeeded');
    const spare = harness.drill.snapshot().sqlServers.find((server) => server.name === 'SQLSPARE01');
    expect(spare?.databases.find((database) => database.name === 'Orchestrator')?.state).toBe('ONLINE');
  });

  it('where DBSetup cannot be opened (another computer on a real site), the step says what to enter there, and Retry goes on', async () => {
    const harness = createHarness();
    const ctx = harness.ctx();
    const drillHost = ctx.host;
    ctx.host = {
      ...drillHost,
      orchestrator: {
        ...drillHost.orchestrator,
        configureDataStore: async (computer, entries, io) => {
          if (computer !== 'SCORCHRB01') return drillHost.orchestrator.configureDataStore(computer, entries, io);
          throw new HostError('unsupported', `Sign in to ${computer}, run "${entries.toolPath}", then choose Retry.`);
        },
      },
    };
    const prepared = await harness.runs.prepare('recover-orchestrator-database', await recoveryAnswers(harness));
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, { 'restore-database': 'Orchestrator' });
    const failed = await harness.runs.settled(prepared.runId);
    const step = failed.steps.find((candidate) => candidate.id === 'runbook-server-scorchrb01');
    expect(step?.state).toBe('failed');
    expect(step?.error?.message).toMatch(/^Sign in to SCORCHRB01, run ".*DBSetup\.exe", then choose Retry\.$/);
    expect(step?.output).toContain('Server: SQLORCH01 (exactly this; never localhost or .)');
    await harness.runs.retry(prepared.runId);
    const retried = await harness.runs.settled(prepared.runId);
    expect(retried.phase).toBe('succeeded');
    expect(retried.steps.find((candidate) => candidate.id === 'runbook-server-scorchrb01')?.output).toContain(
      'DBSetup on SCORCHRB01 was left to you; going on as you chose Retry.',
    );
  });

  it('a failed web.config edit still encrypts the section again, and Retry finishes from the kept copy', async () => {
    const manifest = manifestWithWebVersion('10.19.40.0');
    const harness = createHarness({ drill: new DrillSite({ manifest, speed: 1000 }) });
    await backUp(harness);
    harness.drill.inject({
      kind: 'operation-fails',
      operation: 'orchestrator.writeConfig',
      times: 1,
      message: 'The disk is full.',
    });
    const answers = await recoveryAnswers(harness, {
      sqlServer: 'SQLSPARE01',
      keySituation: 'restore-key',
      keyPassword: KEY_PASSWORD,
      consultedDba: true,
    });
    const prepared = await harness.runs.prepare('recover-orchestrator-database', answers);
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, {});
    const failed = await harness.runs.settled(prepared.runId);
    expect(failed.steps.filter((step) => step.state === 'failed').map((step) => step.id)).toEqual([
      'web-config-scorchweb01',
    ]);
    const web = harness.drill.snapshot().orchestrator.webComponents[0];
    const configText = () =>
      Object.values(harness.drill.snapshot().files).find((file) => file.path === web?.configFile)?.content ?? '';
    expect(configText()).toContain('configProtectionProvider="RsaProtectedConfigurationProvider"');

    await harness.runs.retry(prepared.runId);
    const retried = await harness.runs.settled(prepared.runId);
    expect(retried.phase).toBe('succeeded');
    expect(configText()).toContain('configProtectionProvider="RsaProtectedConfigurationProvider"');
    const step = retried.steps.find((candidate) => candidate.id === 'web-config-scorchweb01');
    expect(step?.output.some((line) => line.includes('is kept from an earlier attempt'))).toBe(true);
    const copies = Object.values(harness.drill.snapshot().files).filter((file) =>
      file.path.includes('web.config.before-recovery-'),
    );
    expect(copies).toHaveLength(1);
    expect(copies[0]?.content).toContain('configProtectionProvider="RsaProtectedConfigurationProvider"');
    expect(web && harness.drill.snapshot().orchestrator.webComponents[0]?.loaded).toEqual({
      server: 'SQLSPARE01',
      database: 'Orchestrator',
    });
  });
});
