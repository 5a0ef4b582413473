import { describe, expect, it } from 'vitest';
import { batchCode, createdLogins, literalsOf } from '../../../../../src/main/host/drill/tsql-batch';
import { splitSqlBatches } from '../../../../../src/main/knowledge/sql/batch-splitter';
import {
  loginLeftOutReason,
  permissionsScript,
  quotedName,
  type CatalogRows,
} from '../../../../../src/main/knowledge/sql/permissions-script';
import { hostileStrings } from '../../../../support/hostile-strings';

const SID = '0x010500000000000515000000A1B2C3D4E5F60718293A4B5C01020304';
const HASH = `0x0200${'AB'.repeat(68)}`;

function rowsFor(names: readonly string[]): CatalogRows {
  return {
    logins: names.map((name) => ({
      name,
      type: name.includes('\\') ? 'U' : 'S',
      sid: SID,
      passwordHash: name.includes('\\') ? null : HASH,
      defaultDatabase: 'master',
      isDisabled: false,
      checkPolicy: true,
      checkExpiration: false,
    })),
    serverRoleMembers: names.map((member) => ({ role: 'dbcreator', member })),
    serverPermissions: names.map((grantee) => ({ state: 'GRANT', permission: 'VIEW SERVER STATE', grantee })),
    users: names.map((name) => ({ name, type: 'S', sid: SID, login: name, defaultSchema: 'dbo' })),
    roles: ['sdk_users'],
    roleMembers: names.map((member) => ({ role: 'sdk_users', member })),
    permissions: names.map((grantee) => ({
      state: 'GRANT',
      permission: 'SELECT',
      class: 1,
      objectSchema: 'dbo',
      objectName: 'MT_System$WorkItem$Incident',
      schemaName: null,
      grantee,
    })),
  };
}

/**
 * The hostile corpus as sysnames: 1 to 128 characters, no NUL, none a login a restore leaves out,
 * and no two that differ only in case (SQL Server's default collation takes them for one name).
 */
const names = [
  ...new Map(
    hostileStrings
      .filter((name) => name.length > 0 && name.length <= 128 && !name.includes('\0'))
      .filter((name) => !loginLeftOutReason(name, 'SQLSM01'))
      .map((name) => [name.toLowerCase(), name] as const),
  ).values(),
];

describe('the permissions script written from the catalog views', () => {
  it('quotes every hostile login and user name so each batch holds exactly the name it should', () => {
    expect(names.length).toBeGreaterThan(250);
    const script = permissionsScript('ServiceManager', 'SQLSM01\\SCSM', 'SQLSM01', rowsFor(names));
    const batches = splitSqlBatches(script.text);
    expect(script.batches).toBe(batches.length);
    expect(script.logins).toBe(names.length);
    // The drill's own T-SQL reader, which shares no code with the splitter or the generator,
    // finds every batch whole and reads each CREATE LOGIN's name back exactly.
    const created: string[] = [];
    for (const batch of batches) {
      const lexed = batchCode(batch.text);
      if ('number' in lexed) throw new Error(`${lexed.text} in ${JSON.stringify(batch.text)}`);
      created.push(...createdLogins(lexed.code).map((entry) => entry.login));
    }
    expect(created).toEqual(names);
    // Where the reader found the literal of each CREATE LOGIN batch, the text there is the name, its quotes doubled.
    const loginBatches = batches.filter((batch) =>
      /^IF NOT EXISTS \(SELECT 1 FROM sys\.server_principals/.test(batch.text),
    );
    expect(loginBatches).toHaveLength(names.length);
    loginBatches.forEach((batch, index) => {
      const name = names[index] ?? '';
      const lexed = batchCode(batch.text);
      const code = 'code' in lexed ? lexed.code : '';
      // The first literal, in the IF before any bracketed name: brackets are code to that reader.
      const match = /N'[ \n]*'/.exec(code);
      expect(literalsOf(batch.text.slice(match?.index ?? 0, (match?.index ?? 0) + (match?.[0].length ?? 0)))).toEqual([
        name,
      ]);
      expect(batch.text).toContain(`CREATE LOGIN ${quotedName(name)} `);
    });
  });

  it('recreates SQL logins with their SID and password hash, Windows logins from Windows, then users, roles and permissions', () => {
    const script = permissionsScript(
      'ServiceManager',
      'SQLSM01\\SCSM',
      'SQLSM01',
      rowsFor(['scsm_reader', 'CONTOSO\\svc-scsm']),
    );
    const batches = splitSqlBatches(script.text).map((batch) => batch.text.trim());
    expect(batches).toContain(
      `IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'scsm_reader')\n    CREATE LOGIN [scsm_reader] WITH PASSWORD = ${HASH} HASHED, SID = ${SID}, DEFAULT_DATABASE = [master], CHECK_POLICY = ON, CHECK_EXPIRATION = OFF;`,
    );
    expect(batches).toContain(
      "IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'CONTOSO\\svc-scsm')\n    CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS WITH DEFAULT_DATABASE = [master];",
    );
    expect(batches).toContain('ALTER SERVER ROLE [dbcreator] ADD MEMBER [scsm_reader];');
    expect(batches).toContain('GRANT VIEW SERVER STATE TO [CONTOSO\\svc-scsm];');
    expect(batches).toContain(
      "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'sdk_users' AND type = 'R')\n    CREATE ROLE [sdk_users];",
    );
    expect(batches).toContain('ALTER USER [scsm_reader] WITH LOGIN = [scsm_reader];');
    expect(batches).toContain('ALTER ROLE [sdk_users] ADD MEMBER [CONTOSO\\svc-scsm];');
    expect(batches).toContain('GRANT SELECT ON OBJECT::[dbo].[MT_System$WorkItem$Incident] TO [scsm_reader];');
  });

  it('leaves out and lists the logins a restore must not recreate', () => {
    const leftOut = [
      '##MS_PolicyTsqlExecutionLogin##',
      'sa',
      'SQLSM01\\Administrator',
      'NT AUTHORITY\\SYSTEM',
      'NT SERVICE\\MSSQL$SCSM',
    ];
    const script = permissionsScript(
      'ServiceManager',
      'SQLSM01\\SCSM',
      'SQLSM01',
      rowsFor([...leftOut, 'CONTOSO\\svc-scsm']),
    );
    expect(script.leftOut.map((entry) => entry.name)).toEqual(leftOut);
    expect(script.logins).toBe(1);
    for (const name of leftOut) expect(script.text).not.toContain(quotedName(name));
    expect(script.text).toContain('Left out: "##MS_PolicyTsqlExecutionLogin##", "sa", "SQLSM01\\\\Administrator"');
  });

  it('refuses a permission or state that is not one, rather than writing it into the script', () => {
    const rows = rowsFor(['scsm_reader']);
    expect(() =>
      permissionsScript('ServiceManager', 'S', 'S', {
        ...rows,
        serverPermissions: [
          { state: 'GRANT', permission: 'CONTROL SERVER TO [x]; DROP DATABASE y; --', grantee: 'scsm_reader' },
        ],
      }),
    ).toThrow(/is not a permission name/);
    expect(() =>
      permissionsScript('ServiceManager', 'S', 'S', {
        ...rows,
        permissions: [{ ...rows.permissions[0]!, state: 'REVOKE' }],
      }),
    ).toThrow(/is not a permission state/);
    expect(() =>
      permissionsScript('ServiceManager', 'S', 'S', { ...rows, logins: [{ ...rows.logins[0]!, sid: "0x01'; DROP" }] }),
    ).toThrow(/SID is not 0x hex/);
  });
});
