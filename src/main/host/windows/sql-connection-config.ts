import type * as Mssql from 'mssql';
import type { SqlTarget } from '../../knowledge/sql/statement';

/**
 * How mssql is told to reach a target. Windows integrated sign-in exists only in the
 * msnodesqlv8 driver (ODBC, Windows); SQL logins and NTLM with an explicit domain account go
 * through tedious, which runs anywhere.
 */

export type SqlDriverName = 'msnodesqlv8' | 'tedious';

export interface ConnectionConfig {
  driver: SqlDriverName;
  config: Mssql.config;
}

export interface ConnectionConfigOptions {
  /** The ODBC driver msnodesqlv8 connects through; it must be installed on this computer. */
  odbcDriver: string;
  /** BACKUP, RESTORE and DBCC: no request timeout at all. */
  long: boolean;
}

const connectionTimeoutMs = 30_000;
const requestTimeoutMs = 60_000;

export function buildConnectionConfig(target: SqlTarget, opts: ConnectionConfigOptions): ConnectionConfig {
  const { computer, instance, port } = target.server;
  const trust = target.trustServerCertificate === true;
  const common = {
    server: computer,
    // A named instance's port comes from the SQL Server Browser; the two cannot be combined.
    ...(instance ? {} : { port: port ?? 1433 }),
    database: target.database,
    connectionTimeout: connectionTimeoutMs,
    // Both drivers read 0 as "no timeout": a restore of a large database runs for hours.
    requestTimeout: opts.long ? 0 : requestTimeoutMs,
  };
  const options = {
    encrypt: true,
    trustServerCertificate: trust,
    // SQL Server's datetime columns (msdb's backup history, RESTORE HEADERONLY's dates) carry the
    // server's local time with no zone; both drivers would read them as UTC. The wizard runs at the
    // site, in the SQL Server's zone, so they are read as this computer's local time instead and a
    // backup's time and age come out right outside UTC.
    useUTC: false,
    ...(instance ? { instanceName: instance } : {}),
  };
  const auth = target.authentication ?? { kind: 'integrated' };

  switch (auth.kind) {
    case 'integrated':
      return {
        driver: 'msnodesqlv8',
        config: {
          ...common,
          driver: opts.odbcDriver,
          options: { ...options, trustedConnection: true },
          ...(trust ? { beforeConnect: trustInOdbc } : {}),
        },
      };
    case 'sql-login':
      return { driver: 'tedious', config: { ...common, user: auth.user, password: auth.password, options } };
    case 'ntlm':
      return {
        driver: 'tedious',
        config: {
          ...common,
          authentication: {
            type: 'ntlm',
            options: { domain: auth.domain, userName: auth.user, password: auth.password },
          },
          options,
        },
      };
  }
}

/**
 * mssql's msnodesqlv8 pool builds the ODBC connection string from driver, server, database,
 * credentials, Trusted_Connection and Encrypt only, so `trustServerCertificate` never reaches the
 * ODBC driver. beforeConnect receives the ODBC settings (not a tedious connection, whatever
 * mssql's types say) before the connection opens, which is the one place to add it.
 */
const trustInOdbc = ((odbc: { conn_str: string }) => {
  odbc.conn_str += ';TrustServerCertificate=Yes';
}) as unknown as NonNullable<Mssql.config['beforeConnect']>;
