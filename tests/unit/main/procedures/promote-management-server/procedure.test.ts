import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../../../src/main/engine/journal';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { sqlTarget } from '../../../../../src/main/procedures/common/sql-connection';
import { interceptStatement } from '../../../support/sql-intercept';
import { createHarness, PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS, PROMOTE_STEP_IDS } from '../../../support/harness';

const HEALTH_STATE = 'C:\\Program Files\\Microsoft System Center\\Service Manager\\Health Service State';

describe('promote a Service Manager management server (drill)', () => {
  it('promotes SCSM02: services cycled, state folder rebuilt, active workflow server changed', async () => {
    const { drill, runs } = createHarness();
    const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    expect(prepared.checks.map((c) => [c.id, c.status])).toEqual([
      ['server-role', 'pass'],
      ['console-closed', 'pass'],
      ['services-present', 'pass'],
      ['install-directory', 'pass'],
      ['database-reachable', 'pass'],
      ['database-procedure', 'pass'],
      ['database-matches-manifest', 'pass'],
    ]);
    expect(prepared.plan.map((s) => s.id)).toEqual(PROMOTE_STEP_IDS);
    const deleteStep = prepared.plan[3];
    expect(deleteStep?.destructive?.confirmWord).toBe('DELETE');
    expect(deleteStep?.commands[0]).toMatchObject({
      kind: 'powershell',
      script: 'Remove-DirectoryTree.ps1',
      args: { Path: HEALTH_STATE },
    });
    expect(prepared.plan[4]?.commands[0]).toEqual({
      kind: 'sql',
      server: 'SQLSM01\\SCSM',
      database: 'ServiceManager',
      text: 'EXEC dbo.p_PromoteActiveWorkflowServer @fqdn',
      params: [{ name: 'fqdn', type: 'nvarchar', value: 'scsm02.contoso.local' }],
    });

    await runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const done = await runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect(done.verification.every((c) => c.status === 'pass')).toBe(true);

    const state = drill.snapshot();
    const scsm02 = state.computers.find((c) => c.name === 'SCSM02');
    expect(scsm02?.services.map((s) => s.status)).toEqual(['Running', 'Running', 'Running']);
    expect(state.sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.databases[0]?.activeWorkflowServer).toBe(
      'scsm02.contoso.local',
    );
    // The agent rebuilt its folder on start; the old contents (Health Service Store) are gone.
    expect(scsm02?.folders).toContain(HEALTH_STATE);
    expect(scsm02?.folders.some((f) => f.endsWith('Health Service Store'))).toBe(false);

    const records = readJournal(done.journalPath).map((r) => r.type);
    expect(records[0]).toBe('run-started');
    expect(records.at(-1)).toBe('run-finished');
  });

  it('reads back which server runs the workflows, names it the primary in the manifest and says so on Completion', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    expect(prepared.plan[5]).toMatchObject({
      id: 'record-primary-in-manifest',
      title: 'Record SCSM02 as the primary management server in the manifest',
      alreadyDone: false,
      commands: [
        {
          kind: 'sql',
          server: 'SQLSM01\\SCSM',
          database: 'ServiceManager',
          text: expect.stringContaining('dbo.fn_ManagedTypeId_MicrosoftSystemCenterWorkflowTarget()'),
          params: [],
        },
      ],
    });
    await harness.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');

    const roles = harness.ctx().manifest.servers.map((server) => [server.netbiosName, server.roles]);
    expect(roles).toContainEqual(['SCSM02', ['sm-primary-management-server']]);
    expect(roles).toContainEqual(['SCSM01', ['sm-additional-management-server']]);
    expect(roles).toContainEqual(['SCSM03', ['sm-additional-management-server']]);
    expect(done.steps.find((step) => step.id === 'record-primary-in-manifest')?.output).toEqual([
      'The ServiceManager database names scsm02.contoso.local as the server that runs the workflows.',
      'The manifest now names SCSM02 the primary management server; SCSM01 is listed as an additional management server. The previous manifest is kept beside it.',
    ]);

    expect(done.verification[0]).toEqual({
      id: 'workflow-server',
      title: 'The ServiceManager database names SCSM02 as the server that runs the workflows',
      status: 'pass',
      expected: 'SCSM02 (scsm02.contoso.local)',
      found: 'scsm02.contoso.local',
    });
    expect(done.outcomeMessage).toContain(
      'SCSM02 runs the workflows now, as the ServiceManager database says (see the verification).',
    );

    // A second promotion of SCSM02 is refused: the manifest now names it the primary.
    const again = await harness.runs.prepare('promote-management-server', { ...PROMOTE_ANSWERS, server: 'SCSM02' });
    expect(again.checks.find((check) => check.id === 'server-role')?.status).toBe('fail');
  });

  it('leaves the manifest as it is when the database does not name the promoted server', async () => {
    const harness = createHarness();
    // The procedure returns without error, but the workflows stay where they were.
    interceptStatement(harness, 'promote-active-workflow-server', async () => ({ rows: [], messages: [] }));
    const prepared = await harness.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await harness.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const failed = await harness.runs.settled(prepared.runId);
    expect(failed.phase).toBe('failed');
    expect(failed.steps.find((step) => step.id === 'record-primary-in-manifest')?.error?.message).toMatch(
      /^The ServiceManager database names scsm01\.contoso\.local as the server that runs the workflows, not SCSM02: the manifest is left as it is\./,
    );
    expect(harness.ctx().manifest.servers.find((server) => server.netbiosName === 'SCSM01')?.roles).toEqual([
      'sm-primary-management-server',
    ]);
    expect(failed.steps.find((step) => step.id === 'start-omsdk')?.state).toBe('pending');
  });

  it('skips the promotion the database already records, and still records it in the manifest', async () => {
    const harness = createHarness();
    await harness.drill.host.sql.execute(
      sqlTarget('SQLSM01\\SCSM', 'ServiceManager'),
      sqlStatements.promoteActiveWorkflowServer('scsm02.contoso.local'),
    );
    const prepared = await harness.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await harness.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect(done.steps.find((step) => step.id === 'promote-active-workflow-server')?.state).toBe('skipped');
    expect(done.steps.find((step) => step.id === 'record-primary-in-manifest')?.state).toBe('done');
    expect(harness.ctx().manifest.servers.find((server) => server.netbiosName === 'SCSM02')?.roles).toEqual([
      'sm-primary-management-server',
    ]);
  });

  it('blocks the data warehouse server and a running console, with evidence and a remedy', async () => {
    const { drill, runs } = createHarness();
    drill.inject({
      kind: 'process-running',
      computer: 'SCSM02',
      process: 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console',
    });
    const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    const consoleCheck = prepared.checks.find((c) => c.id === 'console-closed');
    expect(consoleCheck).toMatchObject({ status: 'fail', expected: 'not running' });
    expect(consoleCheck?.found).toContain('running as process');
    expect(consoleCheck?.remedy).toContain('Close the Service Manager console on SCSM02');
    await expect(runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS)).rejects.toThrow(/failed check blocks/);

    const dw = await runs.prepare('promote-management-server', { ...PROMOTE_ANSWERS, server: 'SCSMDW01' });
    expect(dw.checks.find((c) => c.id === 'server-role')).toMatchObject({
      status: 'fail',
      found: 'Data warehouse management server',
    });
  });

  it('fails the procedure check against a database that is not ServiceManager', async () => {
    const { runs } = createHarness();
    const prepared = await runs.prepare('promote-management-server', {
      ...PROMOTE_ANSWERS,
      sqlServer: 'SQLDW01\\SCDW',
      database: 'DWStagingAndConfig',
    });
    expect(prepared.checks.find((c) => c.id === 'database-procedure')?.status).toBe('fail');
    expect(prepared.checks.find((c) => c.id === 'database-matches-manifest')?.status).toBe('warn');
  });

  it('names an unreachable database server in the check instead of failing the page', async () => {
    const { runs } = createHarness();
    const prepared = await runs.prepare('promote-management-server', {
      ...PROMOTE_ANSWERS,
      sqlServer: 'SQLSM09\\SCSM',
    });
    const check = prepared.checks.find((c) => c.id === 'database-reachable');
    expect(check?.status).toBe('fail');
    expect(check?.found).toMatch(/Cannot reach SQL Server SQLSM09\\SCSM/);
  });

  it('a service that will not stop fails the step with a clear message, and Retry then succeeds', async () => {
    const { drill, runs } = createHarness();
    drill.inject({ kind: 'service-will-not-stop', computer: 'SCSM02', service: 'HealthService', times: 1 });
    const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const failed = await runs.settled(prepared.runId);
    expect(failed.phase).toBe('failed');
    const step = failed.steps.find((s) => s.id === 'stop-healthservice');
    expect(step?.state).toBe('failed');
    expect(step?.error?.message).toBe(
      'Microsoft Monitoring Agent (HealthService) on SCSM02 did not stop within 120 seconds; it is still StopPending.',
    );
    // Nothing after the stuck service ran: the folder is still there.
    expect(drill.snapshot().computers.find((c) => c.name === 'SCSM02')?.folders).toContain(HEALTH_STATE);

    await runs.retry(prepared.runId);
    const retried = await runs.settled(prepared.runId);
    expect(retried.phase).toBe('succeeded');
    expect(retried.steps.find((s) => s.id === 'stop-omsdk')?.state).toBe('done');
  });

  it('refuses to delete the folder if a service was started again behind the wizard', async () => {
    const { drill, runs } = createHarness();
    const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    const original = drill.host.services.stop;
    // Simulate an operator restarting the agent in services.msc right after it was stopped.
    drill.host.services.stop = async (computer, name, timeout, io) => {
      await original(computer, name, timeout, io);
      if (name === 'System Center Management Configuration') {
        await drill.host.services.start(computer, 'Microsoft Monitoring Agent', timeout, io);
      }
    };
    await runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const failed = await runs.settled(prepared.runId);
    drill.host.services.stop = original;
    expect(failed.steps.find((s) => s.id === 'delete-health-service-state')?.error?.message).toMatch(
      /Not deleted: these services are not stopped on SCSM02: Microsoft Monitoring Agent \(Running\)/,
    );
  });
});
