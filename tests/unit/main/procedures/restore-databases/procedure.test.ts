import { describe, expect, it } from 'vitest';
import { databaseFields } from '../../../../../src/shared/procedures/restore-databases';
import { createHarness } from '../../../support/harness';

type Harness = ReturnType<typeof createHarness>;
type Answers = Record<string, string | boolean>;

const SM = 'SQLSM01\\SCSM';
const DW = 'SQLDW01\\SCDW';
const KIT = '\\\\FS01\\RecoveryKit\\Databases';
const SQL_PASSWORD = `Sa'pa"ss]--;wörd`;

async function answersFor(harness: Harness, instance: string, extra: Answers = {}): Promise<Answers> {
  const defaults = await harness.runs.flow('restore-databases').defaults(harness.ctx());
  return { ...defaults, originalServer: instance, sqlServer: instance, ...extra };
}

async function run(harness: Harness, answers: Answers, confirmations: Record<string, string> = {}) {
  const prepared = await harness.runs.prepare('restore-databases', answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, confirmations);
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

const sqlServer = (harness: Harness, name: string) => harness.drill.snapshot().sqlServers.find((s) => s.name === name);
const check = (checks: { id: string }[], id: string) => checks.find((candidate) => candidate.id === id);

describe('restore Service Manager databases (drill)', () => {
  it('restores ServiceManager on the rebuilt server: verified backup, CLR, restore with progress, permissions', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    const { prepared, done } = await run(harness, await answersFor(harness, SM));
    for (const id of ['sysadmin', 'machine-name', 'instance-name', 'server-name', 'backup-file-ServiceManager']) {
      expect(check(prepared.checks, id)).toMatchObject({ status: 'pass' });
    }
    expect(check(prepared.checks, 'backup-content-ServiceManager')).toMatchObject({ status: 'pass' });
    expect(prepared.plan.map((step) => step.id)).toEqual([
      'enable-clr',
      'restore-ServiceManager',
      'permissions-ServiceManager',
    ]);
    expect(prepared.plan[1]?.destructive).toBeUndefined();

    expect(done?.phase).toBe('succeeded');
    const progress = harness.events.filter(
      (event) => event.type === 'step-progress' && event.stepId === 'restore-ServiceManager',
    );
    expect(progress.length).toBeGreaterThan(3);
    const database = sqlServer(harness, SM)?.databases.find((db) => db.name === 'ServiceManager');
    expect(database).toMatchObject({ state: 'ONLINE', managementGroup: 'CONTOSO-SM' });
    expect(database?.permissionsScriptBatches).toBeGreaterThan(1);
    expect(sqlServer(harness, SM)?.clrEnabled).toBe(true);
    expect(done?.verification.every((result) => result.status === 'pass')).toBe(true);
  });

  it('blocks a server that reports another computer name or instance name', async () => {
    const renamed = createHarness();
    renamed.drill.inject({ kind: 'database-server-rebuilt', server: SM, machineName: 'SQLSM02' });
    const first = await renamed.runs.prepare('restore-databases', await answersFor(renamed, SM));
    expect(check(first.checks, 'machine-name')).toMatchObject({
      status: 'fail',
      expected: 'SQLSM01',
      found: 'SQLSM02',
    });

    const otherInstance = createHarness();
    otherInstance.drill.inject({ kind: 'database-server-rebuilt', server: SM, instanceName: 'SCSM2' });
    const second = await otherInstance.runs.prepare(
      'restore-databases',
      await answersFor(otherInstance, SM, { sqlServer: 'SQLSM01\\SCSM2' }),
    );
    expect(check(second.checks, 'instance-name')).toMatchObject({ status: 'fail', expected: 'SCSM', found: 'SCSM2' });
  });

  it('offers the @@SERVERNAME fix only when asked, and restarts SQL Server for it', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    harness.drill.inject({ kind: 'sql-server-renamed', server: SM, staleName: 'WIN-7Q2K3M1\\SCSM' });
    const refused = await harness.runs.prepare('restore-databases', await answersFor(harness, SM));
    expect(check(refused.checks, 'server-name')).toMatchObject({ status: 'fail', found: 'WIN-7Q2K3M1\\SCSM' });

    const { prepared, done } = await run(harness, await answersFor(harness, SM, { fixServerName: true }));
    expect(check(prepared.checks, 'server-name')).toMatchObject({ status: 'warn' });
    expect(prepared.plan.slice(0, 2).map((step) => step.id)).toEqual(['rename-server', 'restart-sql-server']);
    expect(done?.phase).toBe('succeeded');
    expect(sqlServer(harness, SM)?.serverName).toBe(SM);
  });

  it('catches a corrupt backup before anything is touched', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    harness.drill.inject({ kind: 'sql-backup-corrupt', path: `${KIT}\\ServiceManager.bak` });
    const before = harness.drill.snapshot().sqlServers;
    const { prepared, done } = await run(harness, await answersFor(harness, SM));
    expect(done).toBeNull();
    expect(check(prepared.checks, 'backup-content-ServiceManager')).toMatchObject({ status: 'fail' });
    expect(harness.drill.snapshot().sqlServers).toEqual(before);
  });

  it('replaces an online database only with its name typed, after a copy-only backup', async () => {
    const harness = createHarness();
    const answers = await answersFor(harness, SM);
    const prepared = await harness.runs.prepare('restore-databases', answers);
    const restore = prepared.plan.find((step) => step.id === 'restore-ServiceManager');
    expect(restore?.destructive?.confirmWord).toBe('ServiceManager');
    // The management servers' services hold sessions in it, which RESTORE ... REPLACE cannot run beside.
    expect(prepared.plan.map((step) => step.id).slice(0, 3)).toEqual([
      'safety-backup-ServiceManager',
      'offline-ServiceManager',
      'restore-ServiceManager',
    ]);
    expect(prepared.plan.find((step) => step.id === 'offline-ServiceManager')?.commands[0]).toMatchObject({
      kind: 'sql',
      text: expect.stringContaining('SET OFFLINE WITH ROLLBACK IMMEDIATE'),
    });
    const warnings = prepared.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    await expect(harness.runs.start(prepared.runId, warnings, {})).rejects.toThrow(/Type ServiceManager to confirm/);
    await harness.runs.start(prepared.runId, warnings, { 'restore-ServiceManager': 'ServiceManager' });
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect(done.plan.find((step) => step.id === 'restore-ServiceManager')?.commands[0]).toMatchObject({
      kind: 'sql',
      text: expect.stringContaining('REPLACE'),
    });
    expect(sqlServer(harness, SM)?.databases.find((db) => db.name === 'ServiceManager')).toMatchObject({
      state: 'ONLINE',
      restoredFrom: expect.stringContaining('ServiceManager'),
    });
    expect(done.steps.find((step) => step.id === 'offline-ServiceManager')?.output).toContain(
      'ServiceManager is offline until the restore brings it back. To give up instead, bring it back as it was with: ALTER DATABASE [ServiceManager] SET ONLINE',
    );
  });

  it('resumed after the restore, leaves out the backup and SET OFFLINE that the restored database would now call for', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    harness.drill.inject({
      kind: 'operation-fails',
      operation: 'sql.script-batch-recorded',
      times: 1,
      message: 'The network went away.',
    });
    const { prepared, done } = await run(harness, await answersFor(harness, SM));
    expect(done?.steps.map((step) => [step.id, step.state])).toEqual([
      ['enable-clr', 'done'],
      ['restore-ServiceManager', 'done'],
      ['permissions-ServiceManager', 'failed'],
    ]);
    // Now online with the management servers' sessions in it: a new run would back it up and take it offline.
    const fresh = await harness.runs.prepare('restore-databases', await answersFor(harness, SM));
    expect(fresh.plan.map((step) => step.id)).toContain('offline-ServiceManager');

    // CLR is on now, so enabling it is not planned again either.
    const resumed = await harness.runs.resume(prepared.runId);
    expect(resumed.plan.map((step) => [step.id, step.alreadyDone])).toEqual([
      ['restore-ServiceManager', true],
      ['permissions-ServiceManager', false],
    ]);
    expect(check(resumed.checks, 'prepared-already')).toMatchObject({
      status: 'pass',
      found: expect.stringContaining('Take ServiceManager offline'),
    });
    const warnings = resumed.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    await harness.runs.start(prepared.runId, warnings, {});
    const finished = await harness.runs.settled(prepared.runId);
    expect(finished.phase).toBe('succeeded');
    expect(sqlServer(harness, SM)?.databases.find((db) => db.name === 'ServiceManager')?.state).toBe('ONLINE');
  });

  it('after a tail-log backup, which ends the sessions itself and leaves the database RESTORING, restores without SET OFFLINE', async () => {
    const harness = createHarness();
    const answers = await answersFor(harness, SM, { existingBackup: 'tail-log' });
    const prepared = await harness.runs.prepare('restore-databases', answers);
    expect(prepared.plan.map((step) => step.id).slice(0, 2)).toEqual([
      'safety-backup-ServiceManager',
      'restore-ServiceManager',
    ]);
    expect(prepared.plan[0]?.commands[0]).toMatchObject({
      text: expect.stringMatching(
        /SET SINGLE_USER WITH ROLLBACK IMMEDIATE[\s\S]*BACKUP LOG @database .* WITH NORECOVERY/,
      ),
    });

    // A failed tail-log backup gives the database back to the services before the step fails.
    harness.drill.inject({
      kind: 'operation-fails',
      operation: 'sql.backup-tail-log',
      times: 1,
      message: 'The backup share went away.',
    });
    const warnings = prepared.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    await harness.runs.start(prepared.runId, warnings, { 'restore-ServiceManager': 'ServiceManager' });
    const failed = await harness.runs.settled(prepared.runId);
    const backup = failed.steps.find((step) => step.id === 'safety-backup-ServiceManager');
    expect(backup?.state).toBe('failed');
    expect(backup?.error?.message).toContain('The backup share went away.');
    expect(backup?.output).toContain('ServiceManager is open to every session again (MULTI_USER).');

    await harness.runs.retry(prepared.runId);
    expect((await harness.runs.settled(prepared.runId)).phase).toBe('succeeded');
    expect(sqlServer(harness, SM)?.databases.find((db) => db.name === 'ServiceManager')).toMatchObject({
      state: 'ONLINE',
      restoredFrom: expect.stringContaining('ServiceManager.bak'),
    });
  });

  it('moves data warehouse files whose folder is gone, and keeps a SQL login password out of the journal', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: DW });
    const answers = await answersFor(harness, DW, {
      authentication: 'sql-login',
      sqlUser: 'sa',
      sqlPassword: SQL_PASSWORD,
      trustServerCertificate: true,
    });
    const { prepared, done } = await run(harness, answers);
    expect(check(prepared.checks, 'placement-DWDataMart')).toMatchObject({ status: 'warn' });
    expect(done?.phase).toBe('succeeded');
    for (const name of [
      'DWStagingAndConfig',
      'DWRepository',
      'DWDataMart',
      'OMDWDataMart',
      'CMDWDataMart',
      'Analyst',
    ]) {
      expect(sqlServer(harness, DW)?.databases.find((db) => db.name === name)?.state).toBe('ONLINE');
    }
    expect(JSON.stringify(done)).not.toContain(SQL_PASSWORD);
    expect(JSON.stringify(harness.events)).not.toContain(SQL_PASSWORD);
  });

  it('runs DBCC CHECKDB after the restore when asked', async () => {
    const harness = createHarness();
    harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    const { prepared, done } = await run(harness, await answersFor(harness, SM, { checkDatabase: true }));
    expect(prepared.plan.map((step) => step.id)).toContain('checkdb-ServiceManager');
    expect(prepared.plan.find((step) => step.id === 'checkdb-ServiceManager')?.commands[0]).toMatchObject({
      text: expect.stringContaining("N'DBCC CHECKDB (' + QUOTENAME(@database)"),
    });
    expect(done?.phase).toBe('succeeded');
    expect(done?.steps.find((step) => step.id === 'checkdb-ServiceManager')?.output).toContain(
      'DBCC CHECKDB found no errors in ServiceManager.',
    );
  });

  it('refuses answers that include no database of the chosen instance', async () => {
    const harness = createHarness();
    const answers = await answersFor(harness, SM, { [databaseFields(SM, 'ServiceManager').include]: false });
    await expect(harness.runs.prepare('restore-databases', answers)).rejects.toThrow(/at least one database/);
  });
});

describe('recreate the data warehouse databases (drill)', () => {
  const recreateAnswers = async (harness: Harness, extra: Answers = {}): Promise<Answers> => ({
    ...(await harness.runs.flow('recreate-dw-databases').defaults(harness.ctx())),
    acknowledgeLoss: true,
    ...extra,
  });

  it('is refused until the loss of history is acknowledged', async () => {
    const harness = createHarness();
    await expect(
      harness.runs.prepare('recreate-dw-databases', await recreateAnswers(harness, { acknowledgeLoss: false })),
    ).rejects.toThrow(/accept the loss/);
  });

  it('backs up what is left, drops it only after RECREATE is typed, and leaves the names free for Setup', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('recreate-dw-databases', await recreateAnswers(harness));
    expect(prepared.plan.map((step) => step.id)).toEqual([
      'backup-DWStagingAndConfig',
      'backup-DWRepository',
      'backup-DWDataMart',
      'backup-OMDWDataMart',
      'backup-CMDWDataMart',
      'drop-dw-databases',
    ]);
    expect(prepared.plan.at(-1)?.destructive?.confirmWord).toBe('RECREATE');
    const warnings = prepared.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    await expect(harness.runs.start(prepared.runId, warnings, {})).rejects.toThrow(/Type RECREATE/);
    await harness.runs.start(prepared.runId, warnings, { 'drop-dw-databases': 'RECREATE' });
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    const names = sqlServer(harness, DW)?.databases.map((db) => db.name);
    expect(names).toEqual(['Analyst']);
    const backups = Object.values(harness.drill.snapshot().files).filter((file) => /before-recreate/.test(file.path));
    expect(backups).toHaveLength(5);
    // The plan and Completion name each backup by its full path.
    const folder = 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.SCDW\\MSSQL\\Backup\\';
    expect(prepared.plan[0]?.title).toBe(
      `Take a copy-only backup of DWStagingAndConfig before it is dropped, to ${folder}DWStagingAndConfig-before-recreate-${prepared.runId}.bak`,
    );
    const kept = done.verification.find((check) => check.id === 'kept-backups');
    expect(kept?.status).toBe('pass');
    for (const file of backups) expect(kept?.found).toContain(file.path);
    expect(kept?.found?.split('; ')).toHaveLength(5);
  });
});
