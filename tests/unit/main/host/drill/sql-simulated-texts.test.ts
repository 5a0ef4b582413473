import { describe, expect, it, vi } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { HostError } from '../../../../../src/main/knowledge/failures';
import type { SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import { sampleManifest } from '../../../support/harness';
import { failure } from '../../../support/rejection';

/**
 * knowledge/sql/statements.ts as it would be after two careless edits: a restore left RESTORING
 * (NORECOVERY) and a column renamed. The drill builds each statement again from these same
 * builders, so the texts match; what it simulates of them does not, and it says so.
 */
vi.mock('../../../../../src/main/knowledge/sql/statements', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../../src/main/knowledge/sql/statements')>();
  const edited =
    <A extends unknown[]>(
      build: (...args: A) => ReturnType<typeof actual.sqlStatements.databaseState>,
      edit: (text: string) => string,
    ) =>
    (...args: A) => {
      const statement = build(...args);
      return { ...statement, text: edit(statement.text) };
    };
  return {
    ...actual,
    sqlStatements: {
      ...actual.sqlStatements,
      restoreDatabase: edited(actual.sqlStatements.restoreDatabase, (text) =>
        text.replace(', RECOVERY,', ', NORECOVERY,'),
      ),
      localServerName: edited(actual.sqlStatements.localServerName, (text) =>
        text.replace('SELECT name', 'SELECT srvname'),
      ),
    },
  };
});

const SM = { computer: 'SQLSM01', instance: 'SCSM', port: null };
const master: SqlTarget = { server: SM, database: 'master' };

describe('drill SQL Server: what it simulates of each statement', () => {
  it('refuses a restore its builder now leaves RESTORING, before anything changes', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1_000_000 });
    const restore = sqlStatements.restoreDatabase(
      'ServiceManager',
      '\\\\FS01\\RecoveryKit\\Databases\\ServiceManager.bak',
      {
        replace: true,
        moves: [],
      },
    );
    expect(restore.text).toContain('NORECOVERY');
    const refused = await failure(drill.host.sql.execute(master, restore), HostError);
    expect(refused.code).toBe('unsupported');
    expect(refused.message).toMatch(
      /^The drill does not simulate this "restore-database" statement: its simulation expects/,
    );
    const server = drill.snapshot().sqlServers.find((candidate) => candidate.name === 'SQLSM01\\SCSM');
    expect(server?.databases.find((db) => db.name === 'ServiceManager')?.state).toBe('ONLINE');
  });

  it('refuses a SELECT whose builder renamed the column the drill answers with', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1_000_000 });
    await expect(
      failure(drill.host.sql.execute(master, sqlStatements.localServerName()), HostError),
    ).resolves.toMatchObject({ code: 'unsupported', message: expect.stringContaining('"local-server-name"') });
  });
});
