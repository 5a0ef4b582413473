import { describe, expect, it } from 'vitest';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import type { SqlStatement } from '../../../../../src/main/knowledge/sql/statement';

/**
 * Every builder, given names and paths an attacker (or an unlucky operator) could type, must
 * keep them out of the statement text and bind each exactly once. The builders are found by
 * enumeration, so one added later is checked without being listed here.
 */

const hostileBases = [
  "it's",
  "O''Brien",
  'x]; DROP DATABASE master; --',
  'a"b" [c]]',
  "line one\nline two\r\n-- three';",
  '/* open comment',
  'GO\nSELECT 1',
  '名前\u2019\u02BC🔐',
  '100%_[^a]\\\\server\\share\\',
  `]'${'x'.repeat(126)}`,
];

/** A distinct value per argument, so "exactly once" means something; the 128-character base stays 128. */
function hostile(base: string, position: number): string {
  return base.length >= 128 ? `${base.slice(0, 126)}#${position}` : `${base}#${position}`;
}

type Call = (value: (position: number) => string) => SqlStatement;

/** Builders that take more than strings. */
const special: Record<string, Call> = {
  restoreDatabase: (value) =>
    sqlStatements.restoreDatabase(value(0), value(1), {
      replace: true,
      moves: [
        { logicalName: value(2), physicalName: value(3) },
        { logicalName: value(4), physicalName: value(5) },
      ],
    }),
};

/**
 * The script text is the statement by design: it comes from the recovery kit, not from an
 * operator. The service master key statements take literals only; they have their own test.
 */
const notBound = new Set(['scriptBatch', 'backupServiceMasterKey', 'restoreServiceMasterKey']);

function callFor(name: string): { call: Call; arity: number } {
  const specialCall = special[name];
  if (specialCall) return { call: specialCall, arity: 6 };
  const builder = (sqlStatements as unknown as Record<string, (...args: string[]) => SqlStatement>)[name];
  if (!builder) throw new Error(`no builder ${name}`);
  const arity = builder.length;
  return { call: (value) => builder(...Array.from({ length: arity }, (_, position) => value(position))), arity };
}

const builders = Object.keys(sqlStatements).filter((name) => !notBound.has(name));

describe('sqlStatements', () => {
  it.each(builders)('%s keeps every value out of its text and binds it exactly once', (name) => {
    const { call, arity } = callFor(name);
    const benign = call((position) => `v${position}`);
    for (const base of hostileBases) {
      const values = Array.from({ length: arity }, (_, position) => hostile(base, position));
      const statement = call((position) => values[position] ?? '');
      // The text does not depend on the values at all, so no value can change what runs.
      expect(statement.text).toBe(benign.text);
      expect(statement.id).toBe(benign.id);
      for (const value of values) {
        expect(statement.text).not.toContain(value);
        expect(statement.params.filter((param) => param.value === value)).toHaveLength(1);
      }
      for (const param of statement.params) {
        expect(statement.text).toMatch(new RegExp(`@${param.name}\\b`));
      }
      expect(new Set(statement.params.map((param) => param.name)).size).toBe(statement.params.length);
    }
  });

  it('binds each file move of a restore as a logical and physical pair', () => {
    const statement = sqlStatements.restoreDatabase("Service'Manager", 'D:\\it]s.bak', {
      replace: false,
      moves: [
        { logicalName: "SM'Data", physicalName: 'E:\\Data\\SM]; --.mdf' },
        { logicalName: 'SM_Log\n', physicalName: 'F:\\Logs\\SM.ldf' },
      ],
    });
    expect(statement.params).toEqual([
      { name: 'database', type: 'nvarchar', value: "Service'Manager" },
      { name: 'path', type: 'nvarchar', value: 'D:\\it]s.bak' },
      { name: 'logical0', type: 'nvarchar', value: "SM'Data" },
      { name: 'physical0', type: 'nvarchar', value: 'E:\\Data\\SM]; --.mdf' },
      { name: 'logical1', type: 'nvarchar', value: 'SM_Log\n' },
      { name: 'physical1', type: 'nvarchar', value: 'F:\\Logs\\SM.ldf' },
    ]);
    expect(statement.text).toContain('MOVE @logical0 TO @physical0, MOVE @logical1 TO @physical1');
    expect(statement.text).not.toContain('REPLACE');
    expect(statement.long).toBe(true);
  });

  it.each(['checkDatabase', 'dropDatabase'] as const)(
    '%s quotes the name on the server and refuses a NULL QUOTENAME before running anything',
    (name) => {
      const { text } = sqlStatements[name](`${'x'.repeat(129)}]`);
      // The name reaches the statement text only through QUOTENAME; elsewhere it is a value.
      const quoted = text.match(/QUOTENAME\(@database\)/g)?.length ?? 0;
      const asValue = text.match(/DATABASEPROPERTYEX\(@database,/g)?.length ?? 0;
      expect(text.match(/@database/g)?.length).toBe(quoted + asValue);
      expect(quoted).toBeGreaterThan(0);
      const guard = text.indexOf('IF @sql IS NULL THROW');
      expect(guard).toBeGreaterThan(-1);
      expect(guard).toBeLessThan(text.indexOf('EXEC (@sql)'));
    },
  );

  it.each([
    ['tailLogBackup', () => sqlStatements.tailLogBackup('', 'C:\\Backups\\tail.trn')],
    ['checkDatabase', () => sqlStatements.checkDatabase('')],
    ['dropDatabase', () => sqlStatements.dropDatabase('')],
    ['setDatabaseOffline', () => sqlStatements.setDatabaseOffline('')],
    ['setDatabaseMultiUser', () => sqlStatements.setDatabaseMultiUser('')],
  ] as const)(
    '%s refuses an empty database name, which QUOTENAME would turn into [] and SQL Server refuse',
    (_, build) => {
      expect(build).toThrow(new RangeError('A database name must not be empty.'));
    },
  );

  it('passes a script batch through as it is, to run without a request timeout', () => {
    const text = "USE [ServiceManager];\nGRANT EXECUTE TO [CONTOSO\\svc-scsm];\nPRINT N'done';";
    expect(sqlStatements.scriptBatch(text)).toEqual({ id: 'script-batch', text, params: [], long: true });
  });

  describe('service master key statements, where the grammar takes literals only', () => {
    const hostilePaths = [
      "\\\\FS01\\Kit\\it's\\smk.key",
      "C:\\keys\\'; DROP DATABASE master; --.key",
      'C:\\名前\u2019\u02BC🔐\\smk.key',
    ];
    const hostilePasswords = [
      "pa'ss",
      "''",
      "x'; SHUTDOWN WITH NOWAIT; --",
      '\u2019\u02BC"`$(whoami)%PATH%',
      'p'.repeat(128),
    ];
    const literal = (value: string) => `N'${value.replaceAll("'", "''")}'`;

    it.each(hostilePaths.flatMap((path) => hostilePasswords.map((password) => [path, password])))(
      'backup: %s / %s has every quote doubled and nothing else changed',
      (path, password) => {
        const statement = sqlStatements.backupServiceMasterKey(path, password);
        expect(statement.text).toBe(
          `BACKUP SERVICE MASTER KEY TO FILE = ${literal(path)} ENCRYPTION BY PASSWORD = ${literal(password)}`,
        );
        expect(statement.display).toBe(
          `BACKUP SERVICE MASTER KEY TO FILE = ${literal(path)} ENCRYPTION BY PASSWORD = ********`,
        );
        expect(statement.params).toEqual([]);
      },
    );

    it.each(hostilePasswords)('restore with and without FORCE: %s', (password) => {
      const path = hostilePaths[0] ?? '';
      expect(sqlStatements.restoreServiceMasterKey(path, password, false).text).toBe(
        `RESTORE SERVICE MASTER KEY FROM FILE = ${literal(path)} DECRYPTION BY PASSWORD = ${literal(password)}`,
      );
      const forced = sqlStatements.restoreServiceMasterKey(path, password, true);
      expect(forced.text.endsWith(' FORCE')).toBe(true);
      expect(forced.display).toBe(
        `RESTORE SERVICE MASTER KEY FROM FILE = ${literal(path)} DECRYPTION BY PASSWORD = ******** FORCE`,
      );
    });

    it('refuses a NUL character rather than cut a password short', () => {
      expect(() => sqlStatements.backupServiceMasterKey('C:\\k.key', 'a\0b')).toThrow(RangeError);
    });
  });
});
