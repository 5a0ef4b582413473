import { describe, expect, it } from 'vitest';
import { formatSqlServerName, parseSqlServerName } from '../../../src/shared/sql-server-name';

describe('SQL Server names', () => {
  it('reads computer, computer\\instance and computer,port', () => {
    expect(parseSqlServerName('SQLSM01')).toEqual({ computer: 'SQLSM01', instance: null, port: null });
    expect(parseSqlServerName(' SQLSM01\\SCSM ')).toEqual({ computer: 'SQLSM01', instance: 'SCSM', port: null });
    expect(parseSqlServerName('sql.contoso.local,14330')).toEqual({
      computer: 'sql.contoso.local',
      instance: null,
      port: 14330,
    });
    expect(formatSqlServerName({ computer: 'SQLSM01', instance: 'SCSM', port: null })).toBe('SQLSM01\\SCSM');
  });

  it('explains what is wrong', () => {
    expect(parseSqlServerName('')).toMatch(/enter the SQL Server/);
    expect(parseSqlServerName('localhost\\SCSM')).toMatch(/name the computer explicitly/);
    expect(parseSqlServerName('.')).toMatch(/name the computer explicitly/);
    expect(parseSqlServerName('SQL01\\SC SM')).toBe(
      '“SC SM” is not a SQL Server instance name: at most 16 letters, digits, _ and $, starting with a letter or _',
    );
    expect(parseSqlServerName('SQL01,99999')).toBe('“99999” is not a TCP port (1-65535)');
    expect(parseSqlServerName('SQL01,0x10')).toBe('“0x10” is not a TCP port (1-65535)');
    expect(parseSqlServerName('SQL01\\A,1433')).toBe('give either an instance name or a port, not both');
    expect(parseSqlServerName("SQL01'; DROP")).toBe(
      "“SQL01'; DROP” is not a computer name: letters, digits, hyphens and dots, at most 253",
    );
    // A pasted page is quoted by its first characters and its length, its line breaks escaped.
    expect(parseSqlServerName(`a\n${'x'.repeat(20_180)}`)).toBe(
      `“a{U+000A}${'x'.repeat(30)}…” (20,182 characters) is not a computer name: letters, digits, hyphens and dots, at most 253`,
    );
  });
});
