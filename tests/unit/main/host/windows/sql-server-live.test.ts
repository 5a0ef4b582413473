import { describe, expect, it } from 'vitest';
import { parseSqlServerName } from '../../../../../src/shared/sql-server-name';
import { splitSqlBatches } from '../../../../../src/main/knowledge/sql/batch-splitter';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { SqlError } from '../../../../../src/main/knowledge/failures';
import type { SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import { createMssqlHost } from '../../../../../src/main/host/windows/sql-client';

/**
 * Against a real SQL Server, when one is named: WIZARD_TEST_SQL_SERVER (computer\instance or
 * computer,port), WIZARD_TEST_SQL_USER and WIZARD_TEST_SQL_PASSWORD of a sysadmin SQL login, and
 * WIZARD_TEST_SQL_TRUST=1 for a self-signed certificate. Nothing is created or changed: the
 * statements only read, and the failing ones fail before they touch anything.
 */

const serverText = process.env.WIZARD_TEST_SQL_SERVER ?? '';
const user = process.env.WIZARD_TEST_SQL_USER ?? '';
const password = process.env.WIZARD_TEST_SQL_PASSWORD ?? '';
const configured = serverText !== '' && user !== '' && password !== '';
if (!configured) {
  console.warn(
    'Skipped: the live SQL Server tests need WIZARD_TEST_SQL_SERVER, WIZARD_TEST_SQL_USER and WIZARD_TEST_SQL_PASSWORD (no SQL Server here).',
  );
}

function target(passwordToUse = password): SqlTarget {
  const server = parseSqlServerName(serverText);
  if (typeof server === 'string') throw new Error(`WIZARD_TEST_SQL_SERVER: ${server}`);
  return {
    server,
    database: 'master',
    authentication: { kind: 'sql-login', user, password: passwordToUse },
    trustServerCertificate: process.env.WIZARD_TEST_SQL_TRUST === '1',
  };
}

describe.skipIf(!configured)('a real SQL Server', () => {
  it('reads the server facts the restore checks compare', async () => {
    const host = createMssqlHost();
    try {
      const { rows } = await host.execute(target(), sqlStatements.serverFacts());
      expect(rows[0]?.machineName).toEqual(expect.any(String));
      expect([0, 1]).toContain(Number(rows[0]?.clrEnabled));
      expect(Number(rows[0]?.isSysadmin)).toBe(1);
    } finally {
      await host.dispose();
    }
  }, 60_000);

  it('runs a split script batch by batch and maps a missing backup to backup-unreadable', async () => {
    const host = createMssqlHost();
    try {
      const batches = splitSqlBatches("SELECT N'GO' AS a\nGO\n/* GO */ SELECT 2 AS b\nGO 2\n");
      expect(batches).toHaveLength(2);
      for (const batch of batches) await host.execute(target(), sqlStatements.scriptBatch(batch.text));
      const missing = host.execute(target(), sqlStatements.backupHeader('Z:\\no-such-folder\\none.bak'));
      await expect(missing).rejects.toMatchObject({ problem: 'backup-unreadable' });
    } finally {
      await host.dispose();
    }
  }, 60_000);

  it('says login failed for a wrong password, without the password', async () => {
    const host = createMssqlHost();
    const wrong = `${password}-wrong'"`;
    try {
      const error = await host.execute(target(wrong), sqlStatements.serverFacts()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SqlError);
      expect((error as SqlError).problem).toBe('login-failed');
      expect(`${(error as SqlError).message} ${(error as SqlError).details ?? ''}`).not.toContain(wrong);
    } finally {
      await host.dispose();
    }
  }, 60_000);
});
