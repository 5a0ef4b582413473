import { createHash } from 'node:crypto';
import type * as Mssql from 'mssql';
import { formatSqlServerName } from '../../../shared/sql-server-name';
import { buildConnectionConfig, type SqlDriverName } from './sql-connection-config';
import { toSqlError } from './sql-errors';
import { relaySqlMessage } from '../sql-progress';
import { HostError } from '../../knowledge/failures';
import type { SqlHost, SqlResult, SqlRow, StepIo } from '../types';
import type { SqlParamType, SqlStatement, SqlTarget } from '../../knowledge/sql/statement';

/**
 * SQL Server through mssql: its msnodesqlv8 driver for Windows integrated sign-in (the usual way
 * Service Manager's databases are administered, Windows only), tedious for SQL logins and for
 * domain accounts signed in by NTLM.
 */

export type MssqlModule = typeof Mssql;

export interface MssqlHostOptions {
  /** The ODBC driver msnodesqlv8 connects through; it must be installed on the computer. */
  odbcDriver?: string;
  /** Loads mssql with its msnodesqlv8 driver; tests hand in a stand-in. */
  loadIntegratedDriver?: () => Promise<MssqlModule>;
  /** Loads mssql with its tedious driver; tests hand in a stand-in. */
  loadTediousDriver?: () => Promise<MssqlModule>;
  /** Where the wizard runs: integrated sign-in is only possible on Windows. */
  platform?: NodeJS.Platform;
}

export const defaultOdbcDriver = 'ODBC Driver 17 for SQL Server';

type BeforeConnect = NonNullable<Mssql.config['beforeConnect']>;

interface SignIn {
  /** What the server said while refusing the latest sign-in; empty once one succeeds. */
  refusal: unknown[];
}

interface PoolEntry {
  sql: MssqlModule;
  connected: Promise<Mssql.ConnectionPool>;
  signIn: SignIn;
}

export function createMssqlHost(options: MssqlHostOptions = {}): SqlHost & { dispose(): Promise<void> } {
  const odbcDriver = options.odbcDriver ?? defaultOdbcDriver;
  const platform = options.platform ?? process.platform;
  const loaders: Record<SqlDriverName, () => Promise<MssqlModule>> = {
    msnodesqlv8: options.loadIntegratedDriver ?? loadMsnodesqlv8,
    tedious: options.loadTediousDriver ?? loadTedious,
  };
  const drivers = new Map<SqlDriverName, Promise<MssqlModule>>();
  const pools = new Map<string, PoolEntry>();

  const driverFor = (name: SqlDriverName): Promise<MssqlModule> => {
    if (name === 'msnodesqlv8' && platform !== 'win32') {
      return Promise.reject(
        new HostError(
          'unsupported',
          'Windows integrated authentication works only when the wizard runs on Windows: sign in with a SQL login or a domain account (NTLM) instead',
        ),
      );
    }
    const cached = drivers.get(name);
    if (cached) return cached;
    const loading = loaders[name]().catch((error: unknown) => {
      drivers.delete(name);
      throw error;
    });
    drivers.set(name, loading);
    return loading;
  };

  const poolFor = (sql: MssqlModule, name: SqlDriverName, config: Mssql.config, key: string): PoolEntry => {
    const cached = pools.get(key);
    if (cached) return cached;
    const signIn: SignIn = { refusal: [] };
    if (name === 'tedious') config.beforeConnect = listenToSignIn(signIn);
    const pool = new sql.ConnectionPool(config);
    // An unheard 'error' event would end the process; the pool itself drops a broken connection
    // (it validates each one before lending it out).
    pool.on('error', () => undefined);
    const entry: PoolEntry = { sql, connected: pool.connect(), signIn };
    // A pool that never connected is forgotten so the next statement tries again.
    entry.connected.catch(() => {
      if (pools.get(key) === entry) pools.delete(key);
    });
    pools.set(key, entry);
    return entry;
  };

  return {
    async execute(target: SqlTarget, statement: SqlStatement, io?: StepIo): Promise<SqlResult> {
      const long = statement.long === true;
      const { driver, config } = buildConnectionConfig(target, { odbcDriver, long });
      const sql = await driverFor(driver);
      const entry = poolFor(sql, driver, config, poolKey(target, long));
      let pool: Mssql.ConnectionPool;
      try {
        pool = await entry.connected;
      } catch (error) {
        throw toSqlError(error, target, { statement, connecting: true, precedingErrors: entry.signIn.refusal });
      }

      // Not pool.request(): mssql creates that from whichever driver was loaded last, and both may be.
      const request = new entry.sql.Request(pool);
      const messages: string[] = [];
      request.on('info', (info: { message?: unknown }) => {
        if (typeof info.message !== 'string') return;
        messages.push(info.message);
        relaySqlMessage(io, info.message);
      });
      for (const param of statement.params) {
        request.input(param.name, sqlType(entry.sql, param.type), param.value);
      }
      try {
        const result = await request.query(statement.text);
        return { rows: (result.recordset ?? []).map(toSqlRow), messages };
      } catch (error) {
        const signIn = (error as { name?: unknown } | null)?.name === 'ConnectionError';
        throw toSqlError(error, target, { statement, precedingErrors: signIn ? entry.signIn.refusal : [] });
      }
    },
    async dispose() {
      const open = [...pools.values()];
      pools.clear();
      await Promise.all(open.map((entry) => entry.connected.then((pool) => pool.close()).catch(() => undefined)));
    },
  };
}

/**
 * One pool per way of signing in. The password is part of the key only as a hash, so a changed
 * password opens a new pool without the password itself sitting in a map key.
 */
function poolKey(target: SqlTarget, long: boolean): string {
  const auth = target.authentication ?? { kind: 'integrated' };
  const user = auth.kind === 'integrated' ? '' : auth.kind === 'ntlm' ? `${auth.domain}\\${auth.user}` : auth.user;
  const password = auth.kind === 'integrated' ? '' : createHash('sha256').update(auth.password).digest('hex');
  return JSON.stringify([
    formatSqlServerName(target.server).toLowerCase(),
    target.database,
    auth.kind,
    user.toLowerCase(),
    password,
    target.trustServerCertificate === true,
    long,
  ]);
}

/**
 * tedious keeps only the last message of a refused sign-in ("Login failed for user ..."), which
 * hides an earlier "Cannot open database" (4060). Listening to the connection while it signs
 * in keeps them all.
 */
function listenToSignIn(signIn: SignIn): BeforeConnect {
  return (connection) => {
    const heard: unknown[] = [];
    const collect = (token: unknown) => heard.push(token);
    connection.on('errorMessage', collect);
    connection.once('connect', (error?: unknown) => {
      connection.removeListener('errorMessage', collect);
      signIn.refusal = error ? heard : [];
    });
  };
}

async function loadMsnodesqlv8(): Promise<MssqlModule> {
  try {
    return moduleOf(await import('mssql/msnodesqlv8'));
  } catch (error) {
    throw new HostError(
      'unsupported',
      'Windows integrated authentication needs the msnodesqlv8 driver, which is not installed with this copy of the wizard',
      String(error),
    );
  }
}

async function loadTedious(): Promise<MssqlModule> {
  return moduleOf(await import('mssql'));
}

function moduleOf(loaded: unknown): MssqlModule {
  return ((loaded as { default?: MssqlModule }).default ?? loaded) as MssqlModule;
}

function sqlType(sql: MssqlModule, type: SqlParamType): Mssql.ISqlType | (() => Mssql.ISqlType) {
  switch (type) {
    case 'nvarchar':
      return sql.NVarChar(sql.MAX);
    case 'int':
      return sql.Int;
    case 'bit':
      return sql.Bit;
    case 'bigint':
      return sql.BigInt;
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
