import { describe, expect, it } from 'vitest';
import { buildConnectionConfig } from '../../../../../src/main/host/windows/sql-connection-config';
import type { SqlAuthentication, SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import { parseSqlServerName, type SqlServerName } from '../../../../../src/shared/sql-server-name';

function server(text: string): SqlServerName {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function target(text: string, authentication?: SqlAuthentication, trust?: boolean): SqlTarget {
  return {
    server: server(text),
    database: 'ServiceManager',
    ...(authentication ? { authentication } : {}),
    ...(trust === undefined ? {} : { trustServerCertificate: trust }),
  };
}

const odbc = { odbcDriver: 'ODBC Driver 18 for SQL Server', long: false };
const sqlLogin: SqlAuthentication = { kind: 'sql-login', user: 'scsm_admin', password: 'Pa55-w0rd!' };
const ntlm: SqlAuthentication = { kind: 'ntlm', domain: 'CONTOSO', user: 'operator', password: 'Pa55-w0rd!' };

describe('buildConnectionConfig', () => {
  it('signs in as the Windows account through msnodesqlv8 when no authentication is given', () => {
    expect(buildConnectionConfig(target('SQL01'), odbc)).toEqual({
      driver: 'msnodesqlv8',
      config: {
        driver: 'ODBC Driver 18 for SQL Server',
        server: 'SQL01',
        port: 1433,
        database: 'ServiceManager',
        connectionTimeout: 30_000,
        requestTimeout: 60_000,
        options: { trustedConnection: true, encrypt: true, trustServerCertificate: false, useUTC: false },
      },
    });
  });

  it('signs in with a SQL login through tedious', () => {
    expect(buildConnectionConfig(target('SQL01,14330', sqlLogin), odbc)).toEqual({
      driver: 'tedious',
      config: {
        server: 'SQL01',
        port: 14330,
        database: 'ServiceManager',
        connectionTimeout: 30_000,
        requestTimeout: 60_000,
        user: 'scsm_admin',
        password: 'Pa55-w0rd!',
        options: { encrypt: true, trustServerCertificate: false, useUTC: false },
      },
    });
  });

  it('signs in a domain account by NTLM through tedious, with the field names tedious reads', () => {
    const { driver, config } = buildConnectionConfig(target('SQL01.contoso.com\\SCSM', ntlm), odbc);
    expect(driver).toBe('tedious');
    expect(config.authentication).toEqual({
      type: 'ntlm',
      options: { domain: 'CONTOSO', userName: 'operator', password: 'Pa55-w0rd!' },
    });
    expect(config).not.toHaveProperty('user');
    expect(config).not.toHaveProperty('password');
  });

  it('names the instance and leaves the port to the SQL Server Browser', () => {
    for (const authentication of [undefined, sqlLogin, ntlm]) {
      const { config } = buildConnectionConfig(target('SQL01.contoso.com\\SCSM', authentication), odbc);
      expect(config.server).toBe('SQL01.contoso.com');
      expect(config.options?.instanceName).toBe('SCSM');
      expect(config).not.toHaveProperty('port');
    }
  });

  it('uses the port after a comma, else 1433, and never an instance name with a port', () => {
    expect(buildConnectionConfig(target('SQL01,14330', ntlm), odbc).config.port).toBe(14330);
    expect(buildConnectionConfig(target('SQL01', ntlm), odbc).config.port).toBe(1433);
    expect(buildConnectionConfig(target('SQL01,14330'), odbc).config.options).not.toHaveProperty('instanceName');
  });

  it('always encrypts and trusts a server certificate only when the operator said so', () => {
    for (const authentication of [undefined, sqlLogin, ntlm]) {
      expect(buildConnectionConfig(target('SQL01', authentication), odbc).config.options).toMatchObject({
        encrypt: true,
        trustServerCertificate: false,
      });
      expect(buildConnectionConfig(target('SQL01', authentication, false), odbc).config.options).toMatchObject({
        encrypt: true,
        trustServerCertificate: false,
      });
      expect(buildConnectionConfig(target('SQL01', authentication, true), odbc).config.options).toMatchObject({
        encrypt: true,
        trustServerCertificate: true,
      });
    }
  });

  it('hands the trust choice to the ODBC driver, which mssql would otherwise leave out', () => {
    expect(buildConnectionConfig(target('SQL01'), odbc).config.beforeConnect).toBeUndefined();
    const { config } = buildConnectionConfig(target('SQL01', undefined, true), odbc);
    const odbcSettings = {
      conn_str: 'Driver=ODBC Driver 18 for SQL Server;Server=SQL01,1433;Trusted_Connection=Yes;Encrypt=Yes',
    };
    (config.beforeConnect as unknown as (settings: { conn_str: string }) => void)(odbcSettings);
    expect(odbcSettings.conn_str).toBe(
      'Driver=ODBC Driver 18 for SQL Server;Server=SQL01,1433;Trusted_Connection=Yes;Encrypt=Yes;TrustServerCertificate=Yes',
    );
  });

  it('lets BACKUP, RESTORE and DBCC run without a request timeout', () => {
    for (const authentication of [undefined, sqlLogin, ntlm]) {
      const { config } = buildConnectionConfig(target('SQL01', authentication), { ...odbc, long: true });
      expect(config.requestTimeout).toBe(0);
      expect(config.connectionTimeout).toBe(30_000);
    }
  });
});

describe('buildConnectionConfig with the real mssql', () => {
  /** mssql turns its config into tedious's in `_config()`, before any connection is attempted. */
  async function tediousConfig(config: unknown): Promise<Record<string, unknown>> {
    const mssql = await import('mssql');
    const Pool = (mssql.default ?? mssql).ConnectionPool as unknown as new (config: unknown) => {
      _config(): Record<string, unknown>;
    };
    return new Pool(config)._config();
  }

  it('reaches tedious with NTLM, the instance, encryption and no request timeout', async () => {
    const { config } = buildConnectionConfig(target('SQL01\\SCSM', ntlm), { ...odbc, long: true });
    const tedious = await tediousConfig(config);
    expect(tedious.authentication).toEqual({
      type: 'ntlm',
      options: { domain: 'CONTOSO', userName: 'operator', password: 'Pa55-w0rd!' },
    });
    expect(tedious.options).toMatchObject({
      instanceName: 'SCSM',
      encrypt: true,
      trustServerCertificate: false,
      database: 'ServiceManager',
      connectTimeout: 30_000,
      requestTimeout: 0,
      useUTC: false,
    });
    expect(tedious.options).not.toHaveProperty('port');
  });

  it('reaches tedious with a SQL login on a port', async () => {
    const { config } = buildConnectionConfig(target('SQL01,14330', sqlLogin, true), odbc);
    const tedious = await tediousConfig(config);
    expect(tedious.authentication).toEqual({
      type: 'default',
      options: { userName: 'scsm_admin', password: 'Pa55-w0rd!' },
    });
    expect(tedious.options).toMatchObject({ port: 14330, trustServerCertificate: true, requestTimeout: 60_000 });
  });
});
