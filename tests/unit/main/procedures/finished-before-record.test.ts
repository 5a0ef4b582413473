import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal, type JournalRecord } from '../../../../src/main/engine/journal';
import type { SiteManifest } from '../../../../src/shared/manifest';
import { DrillSite } from '../../../../src/main/host/drill/drill-site';
import type { KeychainHost } from '../../../../src/main/host/types';
import type { FlowId, RunSnapshot } from '../../../../src/shared/run-contract';
import { createHarness, sampleManifest, tempDirectory, type Harness } from '../../support/harness';
import { beforeFinished, journalDyingBefore } from '../../support/crashing-journal';
import { memoryKeychain } from '../../support/memory-keychain';
import { keyAnswers, SERVICE_PASSWORD, SETUP_ANSWERS } from '../../../support/setup-answers';
import { orchestratorBackupAnswers } from '../../support/crash-scenarios';

/**
 * A step that did everything it does, and the process died before the journal recorded it: the
 * resumed run must see the step's effect on the site and leave it alone. Each case is one the
 * wizard got wrong before its steps read their evidence from the site.
 */

type Answers = Record<string, string | boolean>;

const SM = 'SQLSM01\\SCSM';

interface Site {
  statePath: string;
  journals: string;
  keychain: KeychainHost;
}

function newSite(): Site {
  const directory = tempDirectory('finished-before-record');
  return { statePath: join(directory, 'site.json'), journals: join(directory, 'journals'), keychain: memoryKeychain() };
}

/** The wizard started (again) on the site as it was saved: a new process. */
function open(
  site: Site,
  options: { dyingBefore?: string | ((record: JournalRecord) => boolean); manifest?: SiteManifest } = {},
): Harness {
  const { dyingBefore } = options;
  return createHarness({
    drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath: site.statePath }),
    journalDirectory: site.journals,
    keychain: site.keychain,
    manifest: options.manifest,
    openJournal:
      dyingBefore === undefined
        ? undefined
        : journalDyingBefore(typeof dyingBefore === 'string' ? beforeFinished(dyingBefore) : dyingBefore),
  });
}

const warnings = (snapshot: RunSnapshot) =>
  snapshot.checks.filter((check) => check.status === 'warn').map((check) => check.id);

async function runToEnd(harness: Harness, flowId: FlowId, answers: Answers, confirmations: Record<string, string>) {
  const prepared = await harness.runs.prepare(flowId, answers);
  expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
  await harness.runs.start(prepared.runId, warnings(prepared), confirmations);
  return harness.runs.settled(prepared.runId);
}

/** Runs the flow until the process dies just before `stepId`'s "finished" record, then starts the wizard again. */
async function crashBeforeFinished(
  site: Site,
  stepId: string,
  flowId: FlowId,
  answers: Answers,
  confirmations: Record<string, string> = {},
) {
  const crashed = await runToEnd(open(site, { dyingBefore: stepId }), flowId, answers, confirmations);
  expect(crashed.phase).toBe('failed');
  expect(crashed.outcomeMessage).toMatch(/journal could not be written/);
  const recorded = readJournal(crashed.journalPath);
  expect(recorded.some((record) => record.type === 'step-started' && record.stepId === stepId)).toBe(true);
  expect(recorded.some((record) => record.type === 'step-finished' && record.stepId === stepId)).toBe(false);
  return { runId: crashed.runId, after: open(site) };
}

async function resumeToEnd(
  harness: Harness,
  runId: string,
  options: { secrets?: Record<string, string>; confirmations?: Record<string, string> } = {},
) {
  const resumed = await harness.runs.resume(runId, options.secrets);
  await harness.runs.start(runId, warnings(resumed), options.confirmations ?? {});
  return { resumed, done: await harness.runs.settled(runId) };
}

const sqlServer = (harness: Harness, name: string) => harness.drill.snapshot().sqlServers.find((s) => s.name === name);

async function backUpOrchestrator(site: Site) {
  const harness = open(site);
  const answers = await orchestratorBackupAnswers(harness, false);
  expect((await runToEnd(harness, 'backup-orchestrator', answers, {})).phase).toBe('succeeded');
}

async function orchestratorRecovery(site: Site): Promise<Answers> {
  await backUpOrchestrator(site);
  const harness = open(site);
  return harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx());
}

describe('a step finished just before its record is recognised as done on resume', () => {
  it('Orchestrator: RESTORE is not run again (it failed "database in use" for good)', async () => {
    const site = newSite();
    const answers = await orchestratorRecovery(site);
    const { runId, after } = await crashBeforeFinished(
      site,
      'restore-database',
      'recover-orchestrator-database',
      answers,
      {
        'restore-database': 'Orchestrator',
      },
    );
    const { resumed, done } = await resumeToEnd(after, runId);
    expect(resumed.plan.find((step) => step.id === 'restore-database')?.alreadyDone).toBe(true);
    expect(done.phase).toBe('succeeded');
    expect(sqlServer(after, 'SQLORCH01')?.restoreHistory).toHaveLength(1);
    expect(done.steps.find((step) => step.id === 'restore-database')?.state).toBe('skipped');
  });

  it('Orchestrator: the safety backup is taken once', async () => {
    const site = newSite();
    const answers = await orchestratorRecovery(site);
    const confirmations = { 'restore-database': 'Orchestrator' };
    const { runId, after } = await crashBeforeFinished(
      site,
      'safety-backup',
      'recover-orchestrator-database',
      answers,
      confirmations,
    );
    const { done } = await resumeToEnd(after, runId, { confirmations });
    expect(done.phase).toBe('succeeded');
    const backups = sqlServer(after, 'SQLORCH01')?.backupHistory.filter((entry) => entry.description?.includes(runId));
    expect(backups?.map((entry) => [entry.database, entry.type])).toEqual([['Orchestrator', 'D']]);
  });

  it('Orchestrator backup: the database backup is taken once, and nothing is asked for again', async () => {
    const site = newSite();
    const answers = await orchestratorBackupAnswers(open(site), true);
    const { runId, after } = await crashBeforeFinished(
      site,
      'backup-orchestrator-database',
      'backup-orchestrator',
      answers,
    );
    expect(after.runs.unfinished()[0]?.secretsNeeded).toEqual([]);
    const { resumed, done } = await resumeToEnd(after, runId);
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([true, true, true]);
    expect(done.phase).toBe('succeeded');
    expect(sqlServer(after, 'SQLORCH01')?.backupHistory).toHaveLength(1);
  });

  it('restoring onto a rebuilt server: no backup or SET OFFLINE of the database just restored, no RESTORE again', async () => {
    const site = newSite();
    const setup = open(site);
    setup.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    const defaults = await setup.runs.flow('restore-databases').defaults(setup.ctx());
    const answers = { ...defaults, originalServer: SM, sqlServer: SM };
    const { runId, after } = await crashBeforeFinished(site, 'restore-ServiceManager', 'restore-databases', answers);
    const { resumed, done } = await resumeToEnd(after, runId);
    expect(resumed.plan.map((step) => [step.id, step.alreadyDone])).toEqual([
      ['restore-ServiceManager', true],
      ['permissions-ServiceManager', false],
    ]);
    expect(done.phase).toBe('succeeded');
    expect(sqlServer(after, SM)?.backupHistory).toEqual([]);
    expect(sqlServer(after, SM)?.restoreHistory).toHaveLength(1);
  });

  it('the permissions script is applied once, whether the crash came after its last batch or in the middle', async () => {
    const site = newSite();
    const setup = open(site);
    setup.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    const defaults = await setup.runs.flow('restore-databases').defaults(setup.ctx());
    const answers = { ...defaults, originalServer: SM, sqlServer: SM };
    const { runId, after } = await crashBeforeFinished(
      site,
      'permissions-ServiceManager',
      'restore-databases',
      answers,
    );
    const batches = () =>
      sqlServer(after, SM)?.databases.find((db) => db.name === 'ServiceManager')?.permissionsScriptBatches ?? 0;
    const applied = batches();
    expect(applied).toBeGreaterThan(5);
    const { resumed, done } = await resumeToEnd(after, runId);
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([true, true]);
    expect(done.phase).toBe('succeeded');
    expect(batches()).toBe(applied);

    // The connection drops in the middle of the script: Retry goes on from the batch that failed.
    const again = newSite();
    const rebuilt = open(again);
    rebuilt.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    const ctx = rebuilt.ctx();
    const sql = ctx.host.sql;
    let sent = 0;
    ctx.host = {
      ...ctx.host,
      sql: {
        execute: async (target, statement, io) => {
          if (statement.id === 'script-batch-recorded' && (sent += 1) === 5) {
            throw new Error('A transport-level error has occurred when receiving results from the server.');
          }
          return sql.execute(target, statement, io);
        },
      },
    };
    const failed = await runToEnd(rebuilt, 'restore-databases', { ...answers }, {});
    expect(failed.phase).toBe('failed');
    expect(failed.steps.at(-1)?.error?.message).toMatch(/^Batch \d+ of \d+ .* failed: A transport-level error/);
    await rebuilt.runs.retry(failed.runId);
    const retried = await rebuilt.runs.settled(failed.runId);
    expect(retried.phase).toBe('succeeded');
    expect(retried.steps.at(-1)?.output.join('\n')).toContain('4 of ');
    expect(sqlServer(rebuilt, SM)?.databases.find((db) => db.name === 'ServiceManager')?.permissionsScriptBatches).toBe(
      applied,
    );
  });

  it('restoring over an online database: the safety backup, SET OFFLINE and RESTORE each happen once', async () => {
    const site = newSite();
    const setup = open(site);
    const defaults = await setup.runs.flow('restore-databases').defaults(setup.ctx());
    const answers = { ...defaults, originalServer: SM, sqlServer: SM };
    const confirmations = { 'restore-ServiceManager': 'ServiceManager' };
    for (const stepId of ['safety-backup-ServiceManager', 'offline-ServiceManager', 'restore-ServiceManager']) {
      const each = newSite();
      const { runId, after } = await crashBeforeFinished(each, stepId, 'restore-databases', answers, confirmations);
      const { done } = await resumeToEnd(after, runId, { confirmations });
      expect(done.phase, stepId).toBe('succeeded');
      expect(sqlServer(after, SM)?.backupHistory, stepId).toHaveLength(1);
      expect(sqlServer(after, SM)?.restoreHistory, stepId).toHaveLength(1);
    }
  });

  it('Setup killed after it finished: Resume asks for its passwords, sees it installed and does not run it again', async () => {
    const site = newSite();
    const setup = open(site);
    setup.drill.signIn('SCSM01');
    expect((await runToEnd(setup, 'encryption-key', keyAnswers('SCSM01', 'backup'), {})).phase).toBe('succeeded');
    setup.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    expect((await runToEnd(setup, 'encryption-key', keyAnswers('SCSM01', 'restore'), {})).phase).toBe('succeeded');
    const answers = { ...SETUP_ANSWERS, server: 'SCSM01' };
    const { runId, after } = await crashBeforeFinished(site, 'run-setup', 'restore-management-server', answers);
    const [unfinished] = after.runs.unfinished();
    expect(unfinished?.secretsNeeded.map((field) => field.name)).toEqual(['productKey', 'servicePassword']);
    const { resumed, done } = await resumeToEnd(after, runId, {
      secrets: { productKey: '', servicePassword: SERVICE_PASSWORD },
    });
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([true, true]);
    expect(done.phase).toBe('succeeded');
    const logs = Object.values(after.drill.snapshot().files).filter((file) =>
      /SCSMSetupWizard\d+\.txt$/.test(file.path),
    );
    expect(logs).toHaveLength(1);
  });
});

describe('a step cut short by a crash is finished on resume, as far as the site needs', () => {
  const renamedServer = async (site: Site) => {
    const setup = open(site);
    setup.drill.inject({ kind: 'database-server-rebuilt', server: SM });
    setup.drill.inject({ kind: 'sql-server-renamed', server: SM, staleName: 'WIN-7Q2K3M1\\SCSM' });
    const defaults = await setup.runs.flow('restore-databases').defaults(setup.ctx());
    return { ...defaults, originalServer: SM, sqlServer: SM, fixServerName: true };
  };
  const outputOf = (stepId: string, pattern: RegExp) => (record: JournalRecord) =>
    record.type === 'step-output' && record.stepId === stepId && pattern.test(record.line);
  const agent = (harness: Harness) =>
    harness.drill
      .snapshot()
      .computers.find((c) => c.name === 'SQLSM01')
      ?.services.find((s) => s.name === 'SQLAgent$SCSM');

  it('the SQL Server restart starts its Agent again when the crash came between the two', async () => {
    const site = newSite();
    const answers = await renamedServer(site);
    const crashed = await runToEnd(
      open(site, { dyingBefore: outputOf('restart-sql-server', /^SQL Server \(SCSM\) .* is running\.$/) }),
      'restore-databases',
      answers,
      {},
    );
    expect(crashed.outcomeMessage).toMatch(/journal could not be written/);
    const after = open(site);
    expect(agent(after)?.status).toBe('Stopped');
    const { resumed, done } = await resumeToEnd(after, crashed.runId);
    expect(resumed.plan.map((step) => [step.id, step.alreadyDone])).toEqual([
      ['rename-server', true],
      ['restart-sql-server', false],
      ['enable-clr', false],
      ['restore-ServiceManager', false],
      ['permissions-ServiceManager', false],
    ]);
    expect(done.phase).toBe('succeeded');
    expect(agent(after)?.status).toBe('Running');
  });

  it('a resumed run whose restart left SQL Server stopped says so, and goes on once it runs', async () => {
    const site = newSite();
    const answers = await renamedServer(site);
    const crashed = await runToEnd(
      open(site, { dyingBefore: outputOf('restart-sql-server', /^Starting SQL Server \(SCSM\)/) }),
      'restore-databases',
      answers,
      {},
    );
    const after = open(site);
    const blocked = await after.runs.resume(crashed.runId);
    expect(blocked.checks.find((check) => check.id === 'sql-service-running')).toMatchObject({
      status: 'fail',
      found: 'Stopped',
      remedy: expect.stringContaining(
        'was interrupted while it did. Start SQL Server (SCSM) and SQL Server Agent (SCSM)',
      ),
    });
    after.drill.restart('SQLSM01');
    const { done } = await resumeToEnd(after, crashed.runId);
    expect(done.phase).toBe('succeeded');
    expect(agent(after)?.status).toBe('Running');
  });

  it('a new management server recorded in the manifest before the crash does not fail its own check on resume', async () => {
    const site = newSite();
    const first = open(site, { dyingBefore: 'record-in-manifest' });
    first.drill.signIn('SCSM04');
    const crashed = await runToEnd(first, 'install-additional-management-server', SETUP_ANSWERS, {});
    expect(crashed.outcomeMessage).toMatch(/journal could not be written/);
    // The manifest file kept the new server, as the wizard writes it before the step ends.
    const after = open(site, { manifest: first.ctx().manifest });
    const { resumed, done } = await resumeToEnd(after, crashed.runId);
    expect(resumed.checks.find((check) => check.id === 'new-computer')).toMatchObject({ status: 'pass' });
    expect(resumed.plan.map((step) => step.alreadyDone)).toEqual([true, true, true]);
    expect(done.phase).toBe('succeeded');
  });
});
