import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseSqlServerName, type SqlServerName } from '../../../../../src/shared/sql-server-name';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { HostError, SqlError } from '../../../../../src/main/knowledge/failures';
import type { SqlAuthentication, SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import type { StepIo } from '../../../../../src/main/host/types';
import { createMssqlHost, type MssqlModule } from '../../../../../src/main/host/windows/sql-client';
import { failure } from '../../../support/rejection';

function server(text: string): SqlServerName {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const sqlLogin: SqlAuthentication = { kind: 'sql-login', user: 'scsm_admin', password: 'Pa55-w0rd!' };

function target(text: string, database = 'ServiceManager', authentication: SqlAuthentication = sqlLogin): SqlTarget {
  return { server: server(text), database, authentication };
}

interface Bound {
  name: string;
  type: unknown;
  value: unknown;
}

type Config = Record<string, unknown>;

/** Stands in for mssql: records what the host asks of it and answers as the test says. */
function fakeMssql(behaviour: {
  connect?: (config: Config) => unknown;
  query?: (text: string, bound: Bound[], request: EventEmitter) => Promise<{ recordset?: Record<string, unknown>[] }>;
}) {
  const log = {
    pools: [] as Config[],
    closed: 0,
    bound: [] as Bound[],
    texts: [] as string[],
    requestPools: [] as Config[],
  };
  const types = {
    NVarChar: (length: number) => ({ type: 'nvarchar', length }),
    Int: { type: 'int' },
    Bit: { type: 'bit' },
    BigInt: { type: 'bigint' },
    MAX: -1,
  };

  class ConnectionPool extends EventEmitter {
    constructor(readonly config: Config) {
      super();
      log.pools.push(config);
    }
    async connect() {
      const error = behaviour.connect?.(this.config);
      if (error) throw error;
      return this;
    }
    async close() {
      log.closed += 1;
    }
    request(): never {
      throw new Error('the host must build requests from its own driver module');
    }
  }

  class Request extends EventEmitter {
    private readonly bound: Bound[] = [];
    constructor(pool: ConnectionPool) {
      super();
      log.requestPools.push(pool.config);
    }
    input(name: string, type: unknown, value: unknown) {
      this.bound.push({ name, type, value });
      log.bound.push({ name, type, value });
      return this;
    }
    async query(text: string) {
      log.texts.push(text);
      return behaviour.query ? behaviour.query(text, this.bound, this) : { recordset: [] };
    }
  }

  const module = { ...types, ConnectionPool, Request } as unknown as MssqlModule;
  return { log, load: async () => module };
}

function recordingIo(): StepIo & {
  lines: string[];
  progress: (percent: number | undefined, message?: string) => void;
  steps: unknown[];
} {
  const lines: string[] = [];
  const steps: unknown[] = [];
  return {
    lines,
    steps,
    output: (line) => lines.push(line),
    progress: (percent, message) => steps.push([percent, message]),
  };
}

async function sqlFailure(promise: Promise<unknown>): Promise<SqlError> {
  const error = await failure(promise, HostError);
  if (!(error instanceof SqlError)) throw new Error(`expected a SqlError, got ${error.name}: ${error.message}`);
  return error;
}

describe('createMssqlHost', () => {
  it('binds every parameter with its type and never edits the statement text', async () => {
    const fake = fakeMssql({ query: async () => ({ recordset: [{ present: 1 }] }) });
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    const hostile = "dbo.p_X'; DROP DATABASE ServiceManager; --";
    const statement = sqlStatements.procedureExists(hostile);
    const result = await host.execute(target('SQL01\\SCSM'), statement);
    expect(fake.log.texts).toEqual([statement.text]);
    expect(fake.log.bound).toEqual([{ name: 'procedure', type: { type: 'nvarchar', length: -1 }, value: hostile }]);
    expect(result).toEqual({ rows: [{ present: 1 }], messages: [] });
  });

  it('binds int, bit and bigint parameters with their own types', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    await host.execute(target('SQL01'), {
      id: 'typed',
      text: 'SELECT @count AS count, @flag AS flag, @bytes AS bytes',
      params: [
        { name: 'count', type: 'int', value: 5 },
        { name: 'flag', type: 'bit', value: true },
        { name: 'bytes', type: 'bigint', value: 5_000_000_000 },
      ],
    });
    expect(fake.log.bound).toEqual([
      { name: 'count', type: { type: 'int' }, value: 5 },
      { name: 'flag', type: { type: 'bit' }, value: true },
      { name: 'bytes', type: { type: 'bigint' }, value: 5_000_000_000 },
    ]);
  });

  it('relays PRINT and STATS messages to the result, the output and the progress bar', async () => {
    const fake = fakeMssql({
      query: async (_text, _bound, request) => {
        request.emit('info', { message: '35 percent processed.', number: 3211 });
        request.emit('info', { message: 'RESTORE DATABASE successfully processed 100 pages.', number: 3014 });
        return {};
      },
    });
    const io = recordingIo();
    const result = await createMssqlHost({ loadTediousDriver: fake.load }).execute(
      target('SQL01'),
      sqlStatements.restoreDatabase('ServiceManager', 'D:\\Backups\\ServiceManager.bak', { replace: true, moves: [] }),
      io,
    );
    const expected = ['35 percent processed.', 'RESTORE DATABASE successfully processed 100 pages.'];
    expect(result).toEqual({ rows: [], messages: expected });
    expect(io.lines).toEqual(expected);
    expect(io.steps).toEqual([[35, '35 percent processed.']]);
  });

  it('turns dates and binary values into text', async () => {
    const fake = fakeMssql({
      query: async () => ({
        recordset: [{ at: new Date('2024-05-01T10:00:00Z'), key: Buffer.from([1, 171]), none: null }],
      }),
    });
    const result = await createMssqlHost({ loadTediousDriver: fake.load }).execute(
      target('SQL01'),
      sqlStatements.serverIdentity(),
    );
    expect(result.rows).toEqual([{ at: '2024-05-01T10:00:00.000Z', key: '0x01ab', none: null }]);
  });

  it('runs long statements on a pool without a request timeout, and short ones on one with', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    await host.execute(target('SQL01', 'master'), sqlStatements.serverFacts());
    await host.execute(target('SQL01', 'master'), sqlStatements.verifyBackup('D:\\Backups\\ServiceManager.bak'));
    expect(fake.log.pools.map((config) => config.requestTimeout)).toEqual([60_000, 0]);
    expect(fake.log.requestPools.map((config) => config.requestTimeout)).toEqual([60_000, 0]);
  });

  it('keeps one pool per server, database and sign-in and closes them all on dispose', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    await host.execute(target('SQL01\\SCSM'), sqlStatements.serverIdentity());
    await host.execute(target('sql01\\scsm'), sqlStatements.serverIdentity());
    await host.execute(target('SQL01\\SCSM', 'DWStagingAndConfig'), sqlStatements.serverIdentity());
    expect(fake.log.pools).toHaveLength(2);
    await host.dispose();
    expect(fake.log.closed).toBe(2);
  });

  it('opens a new pool when the password changes', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    const changed: SqlAuthentication = { ...sqlLogin, password: 'N3w-Pa55!' };
    await host.execute(target('SQL01'), sqlStatements.serverIdentity());
    await host.execute(target('SQL01'), sqlStatements.serverIdentity());
    await host.execute(target('SQL01', 'ServiceManager', changed), sqlStatements.serverIdentity());
    expect(fake.log.pools.map((config) => config.password)).toEqual(['Pa55-w0rd!', 'N3w-Pa55!']);
  });

  it('signs in with NTLM through tedious', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    await host.execute(
      target('SQL01', 'ServiceManager', { kind: 'ntlm', domain: 'CONTOSO', user: 'operator', password: 'Pa55-w0rd!' }),
      sqlStatements.serverIdentity(),
    );
    expect(fake.log.pools[0]).toMatchObject({
      authentication: { type: 'ntlm', options: { domain: 'CONTOSO', userName: 'operator', password: 'Pa55-w0rd!' } },
    });
  });

  it('uses msnodesqlv8 for Windows integrated sign-in on Windows', async () => {
    const integrated = fakeMssql({});
    const tedious = fakeMssql({});
    const host = createMssqlHost({
      platform: 'win32',
      loadIntegratedDriver: integrated.load,
      loadTediousDriver: tedious.load,
    });
    await host.execute(target('SQL01', 'ServiceManager', { kind: 'integrated' }), sqlStatements.serverIdentity());
    expect(integrated.log.pools).toHaveLength(1);
    expect(integrated.log.pools[0]).toMatchObject({ options: { trustedConnection: true } });
    expect(tedious.log.pools).toHaveLength(0);
  });

  it('says plainly that integrated sign-in needs Windows, without loading a driver', async () => {
    let loaded = false;
    const host = createMssqlHost({
      platform: 'linux',
      loadIntegratedDriver: async () => {
        loaded = true;
        return fakeMssql({}).load();
      },
    });
    const error = await failure(
      host.execute(target('SQL01', 'master', { kind: 'integrated' }), sqlStatements.serverIdentity()),
      HostError,
    );
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('Windows integrated authentication works only when the wizard runs on Windows');
    expect(loaded).toBe(false);
  });

  // msnodesqlv8 may well be installed on Windows, so its absence can only be shown elsewhere.
  it.skipIf(process.platform === 'win32')('reports a missing msnodesqlv8 driver as unsupported', async () => {
    const host = createMssqlHost({ platform: 'win32' });
    const error = await failure(
      host.execute(target('SQL01', 'master', { kind: 'integrated' }), sqlStatements.serverIdentity()),
      HostError,
    );
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('needs the msnodesqlv8 driver');
  });

  it('reports a refused sign-in as login-failed, naming the SQL login and never the password', async () => {
    const fake = fakeMssql({
      connect: () =>
        Object.assign(new Error("Login failed for user 'scsm_admin'."), { name: 'ConnectionError', code: 'ELOGIN' }),
    });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(target('SQL01'), sqlStatements.serverIdentity()),
    );
    expect(error.problem).toBe('login-failed');
    expect(error.code).toBe('access-denied');
    expect(error.message).toContain('SQL Server SQL01 refused the sign-in of the SQL login scsm_admin');
    expect(`${error.message}${error.details}`).not.toContain('Pa55-w0rd!');
  });

  it('keeps the "cannot open database" tedious hears during sign-in ahead of the generic login failure', async () => {
    const fake = fakeMssql({
      connect: (config) => {
        const connection = new EventEmitter();
        (config.beforeConnect as (connection: EventEmitter) => void)(connection);
        connection.emit('errorMessage', {
          name: 'ERROR',
          number: 4060,
          state: 1,
          message: 'Cannot open database "ServiceManager" requested by the login. The login failed.',
        });
        connection.emit('errorMessage', {
          name: 'ERROR',
          number: 18456,
          state: 1,
          message: "Login failed for user 'scsm_admin'.",
        });
        connection.emit('connect', new Error("Login failed for user 'scsm_admin'."));
        return Object.assign(new Error("Login failed for user 'scsm_admin'."), {
          name: 'ConnectionError',
          code: 'ELOGIN',
        });
      },
    });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(target('SQL01'), sqlStatements.serverIdentity()),
    );
    expect(error.problem).toBe('cannot-open-database');
    expect(error.number).toBe(4060);
    expect(error.details).toContain('number 18456');
  });

  it('points at the SQL Server Browser when a named instance cannot be found', async () => {
    const fake = fakeMssql({
      connect: () =>
        Object.assign(new Error('Failed to get response from SQL Server Browser on SQL01'), {
          name: 'ConnectionError',
          code: 'EINSTLOOKUP',
        }),
    });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(target('SQL01\\SCSM'), sqlStatements.serverIdentity()),
    );
    expect(error.problem).toBe('instance-not-found');
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('SQL Server Browser service may not be running');
    expect(error.message).toContain('UDP port 1434');
    expect(error.details).toContain('EINSTLOOKUP');
  });

  it('names the TCP port when a server given by port cannot be reached', async () => {
    const fake = fakeMssql({ connect: () => Object.assign(new Error('socket hang up'), { code: 'ESOCKET' }) });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(target('SQL01,14330'), sqlStatements.serverIdentity()),
    );
    expect(error.problem).toBe('server-unreachable');
    expect(error.message).toContain('Cannot reach SQL Server SQL01,14330 on TCP port 14330');
  });

  it('tries to connect again after a failed connection', async () => {
    let attempts = 0;
    const fake = fakeMssql({
      connect: () => (++attempts === 1 ? Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }) : undefined),
    });
    const host = createMssqlHost({ loadTediousDriver: fake.load });
    await failure(host.execute(target('SQL01'), sqlStatements.serverIdentity()), HostError);
    await expect(host.execute(target('SQL01'), sqlStatements.serverIdentity())).resolves.toEqual({
      rows: [],
      messages: [],
    });
  });

  it('maps a batch by all its errors: 3201 before the generic 3013 means the backup is unreadable', async () => {
    const fake = fakeMssql({
      query: async () => {
        throw Object.assign(new Error('RESTORE DATABASE is terminating abnormally.'), {
          name: 'RequestError',
          code: 'EREQUEST',
          number: 3013,
          state: 1,
          precedingErrors: [
            Object.assign(
              new Error(
                "Cannot open backup device 'D:\\Backups\\SM.bak'. Operating system error 2(The system cannot find the file specified.).",
              ),
              {
                name: 'RequestError',
                code: 'EREQUEST',
                number: 3201,
                state: 2,
                lineNumber: 1,
              },
            ),
          ],
        });
      },
    });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(
        target('SQL01', 'master'),
        sqlStatements.restoreDatabase('ServiceManager', 'D:\\Backups\\SM.bak', { replace: false, moves: [] }),
      ),
    );
    expect(error.problem).toBe('backup-unreadable');
    expect(error.number).toBe(3201);
    expect(error.message).toContain('database ServiceManager');
    expect(error.details).toContain('number 3013');
  });

  it('reports any other failed statement with the SQL Server message', async () => {
    const fake = fakeMssql({
      query: async () => {
        throw Object.assign(new Error("Could not find stored procedure 'dbo.p_PromoteActiveWorkflowServer'."), {
          name: 'RequestError',
          code: 'EREQUEST',
          number: 2812,
        });
      },
    });
    const error = await sqlFailure(
      createMssqlHost({ loadTediousDriver: fake.load }).execute(
        target('SQL01'),
        sqlStatements.promoteActiveWorkflowServer('scsm02.contoso.com'),
      ),
    );
    expect(error.problem).toBe('statement-failed');
    expect(error.code).toBe('sql');
    expect(error.message).toContain("Could not find stored procedure 'dbo.p_PromoteActiveWorkflowServer'.");
    expect(error.message).toContain('SQL01');
    expect(error.details).toContain('number 2812');
  });
});
