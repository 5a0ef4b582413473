import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { checkStatementText } from '../../../../../src/main/host/drill/sql-statement-text';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { SqlError } from '../../../../../src/main/knowledge/failures';
import type { SqlStatement, SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import { interceptStatement } from '../../../support/sql-intercept';
import { createHarness, PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS, sampleManifest } from '../../../support/harness';
import { failure } from '../../../support/rejection';

/**
 * The drill's SQL Server reads the text it is sent: a statement whose text is not the one its
 * builder in knowledge/sql/statements.ts makes cannot pass a drill on its id alone.
 */

const SM = { computer: 'SQLSM01', instance: 'SCSM', port: null };
const master: SqlTarget = { server: SM, database: 'master' };
const serviceManager: SqlTarget = { server: SM, database: 'ServiceManager' };

function site(): DrillSite {
  return new DrillSite({ manifest: sampleManifest(), speed: 1_000_000 });
}

/** A builder as it would be after a careless edit: the same id and values, its text changed. */
function edited(build: () => SqlStatement, edit: (text: string) => string): SqlStatement {
  const statement = build();
  return { ...statement, text: edit(statement.text) };
}

describe('drill SQL Server: statement texts', () => {
  it('knows every statement knowledge/sql/statements.ts builds, and takes each as it is built', () => {
    const builders = Object.values(sqlStatements) as ((...values: unknown[]) => SqlStatement)[];
    const built = builders.map((build) => build('ServiceManager', 'C:\\Backups\\x.bak', { replace: false, moves: [] }));
    expect(
      built
        .map((statement) => () => checkStatementText(statement))
        .filter((check) => {
          try {
            check();
            return false;
          } catch {
            return true;
          }
        }),
    ).toEqual([]);
    expect(() => checkStatementText({ id: 'no-such-statement', text: 'SELECT 1', params: [] })).toThrow(
      'The drill does not simulate the statement "no-such-statement".',
    );
  });

  it('refuses a builder with a typo as SQL Server would, and says where the text differs', async () => {
    const drill = site();
    const typo = edited(
      () => sqlStatements.databaseState('ServiceManager'),
      (text) => text.replace('SELECT', 'SELEC'),
    );
    const refused = await failure(drill.host.sql.execute(master, typo), SqlError);
    expect(refused).toMatchObject({
      number: 102,
      problem: 'statement-failed',
      message: "Incorrect syntax near 'SELEC'.",
    });
    expect(refused.details).toContain('"database-state" statement differs from them at line 1, column 6');
    await expect(drill.host.sql.execute(master, sqlStatements.databaseState('ServiceManager'))).resolves.toMatchObject({
      rows: [{ state: 'ONLINE' }],
    });
  });

  it('finds a change on a later line and a clause left out', async () => {
    const drill = site();
    const tail = edited(
      () => sqlStatements.tailLogBackup('ServiceManager', 'C:\\Backups\\tail.trn'),
      (text) => text.replace('NORECOVERY, ', ''),
    );
    const refused = await failure(drill.host.sql.execute(master, tail), SqlError);
    expect(refused.message).toBe("Incorrect syntax near 'CHECKSUM'.");
    expect(refused.details).toMatch(/line 4, column \d+/);
    const restore = edited(
      () => sqlStatements.restoreDatabase('ServiceManager', 'C:\\Backups\\sm.bak', { replace: true, moves: [] }),
      (text) => text.replace('STATS = 5', 'STATS = 50'),
    );
    await expect(failure(drill.host.sql.execute(master, restore), SqlError)).resolves.toMatchObject({ number: 102 });
    const database = drill.snapshot().sqlServers.find((server) => server.name === 'SQLSM01\\SCSM')?.databases;
    expect(database?.find((db) => db.name === 'ServiceManager')?.state).toBe('ONLINE');
  });

  it('reads the literals of the service master key statements, and refuses a password quoted by hand', async () => {
    const drill = site();
    const handQuoted: SqlStatement = {
      id: 'backup-service-master-key',
      text: "BACKUP SERVICE MASTER KEY TO FILE = N'\\\\FS01\\RecoveryKit\\smk.key' ENCRYPTION BY PASSWORD = N'it's a secret'",
      params: [],
    };
    await expect(failure(drill.host.sql.execute(master, handQuoted), SqlError)).resolves.toMatchObject({
      number: 102,
      message: "Incorrect syntax near 's'.",
    });
    await expect(
      drill.host.sql.execute(
        master,
        sqlStatements.backupServiceMasterKey('\\\\FS01\\RecoveryKit\\smk.key', "it's a secret"),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses a parameter left out or sent with another type', async () => {
    const drill = site();
    const statement = sqlStatements.databaseSessionHosts('ServiceManager');
    await expect(
      failure(drill.host.sql.execute(master, { ...statement, params: [] }), SqlError),
    ).resolves.toMatchObject({ number: 137, message: 'Must declare the scalar variable "@database".' });
    await expect(
      failure(
        drill.host.sql.execute(master, {
          ...statement,
          params: [{ name: 'database', type: 'int', value: 5 }],
        }),
        SqlError,
      ),
    ).resolves.toMatchObject({ number: 206 });
  });

  it('fails a promotion whose EXEC was changed, before the active workflow server moves', async () => {
    const harness = createHarness();
    const drillHost = harness.drill.host;
    interceptStatement(harness, 'promote-active-workflow-server', (target, statement, drill, io) =>
      drill.execute(target, { ...statement, text: statement.text.replace('@fqdn', '@fdqn') }, io),
    );
    const prepared = await harness.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await harness.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const done = await harness.runs.settled(prepared.runId);
    expect(done.phase).toBe('failed');
    const promote = done.steps.find((step) => step.id === 'promote-active-workflow-server');
    expect(promote?.error?.message).toContain("Incorrect syntax near '@fdqn'.");
    const database = await drillHost.sql.execute(serviceManager, sqlStatements.serverIdentity());
    expect(database.rows).toHaveLength(1);
    expect(
      harness.drill.snapshot().sqlServers.find((server) => server.name === 'SQLSM01\\SCSM')?.databases[0]
        ?.activeWorkflowServer,
    ).toBe('scsm01.contoso.local');
  });
});
