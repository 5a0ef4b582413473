import type * as Mssql from 'mssql';
import { formatSqlServerName } from '../../../shared/sql-server-name';
import { HostError, type SqlHost, type SqlParamType, type SqlRow, type SqlTarget, type StepIo } from '../types';

/**
 * SQL Server through mssql's msnodesqlv8 driver: the only mssql driver that signs in with the
 * Windows account running the wizard, which is how Service Manager's databases are administered.
 */

export type MssqlModule = typeof Mssql;

export interface MssqlHostOptions {
  /** The ODBC driver msnodesqlv8 connects through; it must be installed on the computer. */
  odbcDriver?: string;
  /** Loads mssql with its msnodesqlv8 driver; tests hand in a stand-in. */
  loadDriver?: () => Promise<MssqlModule>;
}

export const defaultOdbcDriver = 'ODBC Driver 17 for SQL Server';

const loginFailed = 18456;
const cannotOpenDatabase = 4060;

export function buildConnectionConfig(target: SqlTarget, odbcDriver: string = defaultOdbcDriver): Mssql.config {
  const { computer, instance, port } = target.server;
  return {
    driver: odbcDriver,
    server: computer,
    // An instance is found through the SQL Server Browser, which answers with its port.
    ...(instance ? {} : { port: port ?? 1433 }),
    database: target.database,
    options: {
      trustedConnection: true,
      encrypt: true,
      trustServerCertificate: false,
      ...(instance ? { instanceName: instance } : {}),
    },
  };
}

export function createMssqlHost(options: MssqlHostOptions = {}): SqlHost & { dispose(): Promise<void> } {
  const loadDriver = options.loadDriver ?? loadMsnodesqlv8;
  const odbcDriver = options.odbcDriver ?? defaultOdbcDriver;
  const pools = new Map<string, Promise<Mssql.ConnectionPool>>();
  let driver: Promise<MssqlModule> | undefined;

  const poolFor = (sql: MssqlModule, target: SqlTarget): Promise<Mssql.ConnectionPool> => {
    const key = `${formatSqlServerName(target.server)}|${target.database}`.toLowerCase();
    const cached = pools.get(key);
    if (cached) return cached;
    const pool = new sql.ConnectionPool(buildConnectionConfig(target, odbcDriver));
    // An unheard 'error' event would end the process; a broken pool is simply opened again.
    pool.on('error', () => pools.delete(key));
    const connecting = pool.connect().catch((error: unknown) => {
      pools.delete(key);
      throw connectionFailure(error, target);
    });
    pools.set(key, connecting);
    return connecting;
  };

  return {
    async execute(target, statement, io?: StepIo) {
      driver ??= loadDriver().catch((error: unknown) => {
        driver = undefined;
        throw error;
      });
      const sql = await driver;
      const pool = await poolFor(sql, target);
      const request = pool.request();
      const messages: string[] = [];
      request.on('info', (info: { message?: unknown }) => {
        if (typeof info.message !== 'string') return;
        messages.push(info.message);
        io?.output(info.message);
      });
      for (const param of statement.params) {
        request.input(param.name, sqlType(sql, param.type), param.value);
      }
      try {
        const result = await request.query(statement.text);
        return { rows: (result.recordset ?? []).map(toSqlRow), messages };
      } catch (error) {
        throw statementFailure(error, target);
      }
    },
    async dispose() {
      const open = [...pools.values()];
      pools.clear();
      await Promise.all(open.map((pool) => pool.then((connected) => connected.close()).catch(() => undefined)));
    },
  };
}

async function loadMsnodesqlv8(): Promise<MssqlModule> {
  try {
    const loaded: unknown = await import('mssql/msnodesqlv8');
    return ((loaded as { default?: MssqlModule }).default ?? loaded) as MssqlModule;
  } catch (error) {
    throw new HostError(
      'unsupported',
      'Windows integrated authentication needs the msnodesqlv8 driver, which is only available on Windows',
      String(error),
    );
  }
}

function sqlType(sql: MssqlModule, type: SqlParamType): Mssql.ISqlType | (() => Mssql.ISqlType) {
  switch (type) {
    case 'nvarchar':
      return sql.NVarChar(sql.MAX);
    case 'int':
      return sql.Int;
    case 'bit':
      return sql.Bit;
  }
}

function toSqlRow(row: Record<string, unknown>): SqlRow {
  const converted: SqlRow = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === null || value === undefined) converted[column] = null;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      converted[column] = value;
    else if (value instanceof Date) converted[column] = value.toISOString();
    else if (Buffer.isBuffer(value)) converted[column] = `0x${value.toString('hex')}`;
    else converted[column] = String(value);
  }
  return converted;
}

interface DriverError {
  message?: unknown;
  code?: unknown;
  number?: unknown;
}

function sqlErrorNumber(error: DriverError): number | undefined {
  if (typeof error.number === 'number') return error.number;
  // msnodesqlv8 reports the server's error number as `code` when a connection fails.
  if (typeof error.code === 'number') return error.code;
  return undefined;
}

function errorText(error: unknown): string {
  const message = (error as DriverError | null)?.message;
  return typeof message === 'string' && message.length > 0 ? message : String(error);
}

function details(error: unknown): string {
  const { code, number } = (error ?? {}) as DriverError;
  const tags = [
    code === undefined ? '' : `code ${String(code)}`,
    number === undefined ? '' : `number ${String(number)}`,
  ];
  const suffix = tags.filter((tag) => tag.length > 0).join(', ');
  return suffix ? `${errorText(error)} (${suffix})` : errorText(error);
}

function connectionFailure(error: unknown, target: SqlTarget): HostError {
  const server = formatSqlServerName(target.server);
  const text = errorText(error);
  const number = sqlErrorNumber((error ?? {}) as DriverError);
  if (number === loginFailed || /login failed/i.test(text)) {
    return new HostError(
      'access-denied',
      `Login failed for ${server}, database ${target.database}: ${text}`,
      details(error),
    );
  }
  if (number === cannotOpenDatabase) {
    return new HostError(
      'access-denied',
      `Cannot open database ${target.database} on ${server}: it does not exist or the account running the wizard has no access to it`,
      details(error),
    );
  }
  return new HostError(
    'unreachable',
    `Cannot reach SQL Server ${server}: ${reachHint(target)} (${text})`,
    details(error),
  );
}

function statementFailure(error: unknown, target: SqlTarget): HostError {
  if (error instanceof HostError) return error;
  const number = sqlErrorNumber((error ?? {}) as DriverError);
  if (number === loginFailed) return connectionFailure(error, target);
  return new HostError('sql', errorText(error), details(error));
}

function reachHint(target: SqlTarget): string {
  const { computer, instance, port } = target.server;
  if (instance) return `is the SQL Server Browser running on ${computer} and UDP 1434 open?`;
  return `is SQL Server listening on TCP port ${port ?? 1433} of ${computer} and is the firewall open?`;
}
