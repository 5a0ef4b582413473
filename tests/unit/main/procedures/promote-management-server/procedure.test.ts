import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../../../src/main/engine/journal';
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
