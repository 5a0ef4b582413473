import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseSqlServerName, type SqlServerName } from '../../../src/shared/sql-server-name';
import { sqlStatements } from '../../../src/main/host/sql-statements';
import { HostError, type SqlTarget, type StepIo } from '../../../src/main/host/types';
import { buildConnectionConfig, createMssqlHost, type MssqlModule } from '../../../src/main/host/windows/sql-client';

function server(text: string): SqlServerName {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function target(text: string, database = 'ServiceManager'): SqlTarget {
  return { server: server(text), database };
}

describe('buildConnectionConfig', () => {
  it('connects to the default instance on TCP 1433', () => {
    expect(buildConnectionConfig(target('SQL01'))).toEqual({
      driver: 'ODBC Driver 17 for SQL Server',
      server: 'SQL01',
      port: 1433,
      database: 'ServiceManager',
      options: { trustedConnection: true, encrypt: true, trustServerCertificate: false },
    });
  });

  it('names the instance and leaves the port to the SQL Server Browser', () => {
    const config = buildConnectionConfig(target('SQL01.contoso.com\\SCSM', 'DWStagingAndConfig'));
    expect(config).toEqual({
      driver: 'ODBC Driver 17 for SQL Server',
      server: 'SQL01.contoso.com',
      database: 'DWStagingAndConfig',
      options: { trustedConnection: true, encrypt: true, trustServerCertificate: false, instanceName: 'SCSM' },
    });
    expect(config).not.toHaveProperty('port');
  });

  it('uses the port given after a comma', () => {
    const config = buildConnectionConfig(target('SQL01,14330'), 'ODBC Driver 18 for SQL Server');
    expect(config.port).toBe(14330);
    expect(config.driver).toBe('ODBC Driver 18 for SQL Server');
    expect(config.options).not.toHaveProperty('instanceName');
  });
});

interface Bound {
  name: string;
  type: unknown;
  value: unknown;
}

/** Stands in for mssql: records what the host asks of it and answers as the test says. */
function fakeMssql(behaviour: {
  connect?: (config: Record<string, unknown>) => Error | undefined;
  query?: (text: string, bound: Bound[], request: EventEmitter) => Promise<{ recordset?: Record<string, unknown>[] }>;
}) {
  const log = { pools: [] as Record<string, unknown>[], closed: 0, bound: [] as Bound[], texts: [] as string[] };
  const types = {
    NVarChar: (length: number) => ({ type: 'nvarchar', length }),
    Int: { type: 'int' },
    Bit: { type: 'bit' },
    MAX: -1,
  };

  class ConnectionPool extends EventEmitter {
    constructor(private readonly config: Record<string, unknown>) {
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
    request() {
      const request = new EventEmitter();
      const bound: Bound[] = [];
      return Object.assign(request, {
        input(name: string, type: unknown, value: unknown) {
          bound.push({ name, type, value });
          log.bound.push({ name, type, value });
          return request;
        },
        async query(text: string) {
          log.texts.push(text);
          return behaviour.query ? behaviour.query(text, bound, request) : { recordset: [] };
        },
      });
    }
  }

  const module = { ...types, ConnectionPool } as unknown as MssqlModule;
  return { log, loadDriver: async () => module };
}

function recordingIo(): StepIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
}

async function failure(promise: Promise<unknown>): Promise<HostError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof HostError)) throw new Error(`expected a HostError, got ${String(error)}`);
  return error;
}

describe('createMssqlHost', () => {
  it('binds every parameter with its type and never edits the statement text', async () => {
    const fake = fakeMssql({ query: async () => ({ recordset: [{ present: 1 }] }) });
    const host = createMssqlHost({ loadDriver: fake.loadDriver });
    const hostile = "dbo.p_X'; DROP DATABASE ServiceManager; --";
    const statement = sqlStatements.procedureExists(hostile);
    const result = await host.execute(target('SQL01\\SCSM'), statement);
    expect(fake.log.texts).toEqual([statement.text]);
    expect(fake.log.bound).toEqual([{ name: 'procedure', type: { type: 'nvarchar', length: -1 }, value: hostile }]);
    expect(result).toEqual({ rows: [{ present: 1 }], messages: [] });
  });

  it('binds int and bit parameters as Int and Bit', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadDriver: fake.loadDriver });
    await host.execute(target('SQL01'), {
      id: 'typed',
      text: 'SELECT @count AS count, @flag AS flag',
      params: [
        { name: 'count', type: 'int', value: 5 },
        { name: 'flag', type: 'bit', value: true },
      ],
    });
    expect(fake.log.bound).toEqual([
      { name: 'count', type: { type: 'int' }, value: 5 },
      { name: 'flag', type: { type: 'bit' }, value: true },
    ]);
  });

  it('forwards PRINT and STATS messages to the result and the step output', async () => {
    const fake = fakeMssql({
      query: async (_text, _bound, request) => {
        request.emit('info', { message: '10 percent processed.', number: 3211 });
        request.emit('info', { message: 'RESTORE DATABASE successfully processed 100 pages.', number: 3014 });
        return {};
      },
    });
    const io = recordingIo();
    const result = await createMssqlHost({ loadDriver: fake.loadDriver }).execute(
      target('SQL01'),
      sqlStatements.serverIdentity(),
      io,
    );
    const expected = ['10 percent processed.', 'RESTORE DATABASE successfully processed 100 pages.'];
    expect(result).toEqual({ rows: [], messages: expected });
    expect(io.lines).toEqual(expected);
  });

  it('turns dates and binary values into text', async () => {
    const fake = fakeMssql({
      query: async () => ({
        recordset: [{ at: new Date('2024-05-01T10:00:00Z'), key: Buffer.from([1, 171]), none: null }],
      }),
    });
    const result = await createMssqlHost({ loadDriver: fake.loadDriver }).execute(
      target('SQL01'),
      sqlStatements.serverIdentity(),
    );
    expect(result.rows).toEqual([{ at: '2024-05-01T10:00:00.000Z', key: '0x01ab', none: null }]);
  });

  it('keeps one pool per server and database and closes them all on dispose', async () => {
    const fake = fakeMssql({});
    const host = createMssqlHost({ loadDriver: fake.loadDriver });
    await host.execute(target('SQL01\\SCSM'), sqlStatements.serverIdentity());
    await host.execute(target('sql01\\scsm'), sqlStatements.serverIdentity());
    await host.execute(target('SQL01\\SCSM', 'DWStagingAndConfig'), sqlStatements.serverIdentity());
    expect(fake.log.pools).toHaveLength(2);
    await host.dispose();
    expect(fake.log.closed).toBe(2);
  });

  it('reports a failed login as access denied', async () => {
    const fake = fakeMssql({
      connect: () => Object.assign(new Error("Login failed for user 'CONTOSO\\operator'."), { code: 18456 }),
    });
    const error = await failure(
      createMssqlHost({ loadDriver: fake.loadDriver }).execute(target('SQL01'), sqlStatements.serverIdentity()),
    );
    expect(error.code).toBe('access-denied');
    expect(error.message).toMatch(
      /^Login failed for SQL01, database ServiceManager: Login failed for user 'CONTOSO\\operator'\./,
    );
  });

  it('points at the SQL Server Browser when a named instance cannot be reached', async () => {
    const fake = fakeMssql({
      connect: () => Object.assign(new Error('Failed to connect to SQL01\\SCSM in 15000ms'), { code: 'EINSTLOOKUP' }),
    });
    const error = await failure(
      createMssqlHost({ loadDriver: fake.loadDriver }).execute(target('SQL01\\SCSM'), sqlStatements.serverIdentity()),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(
      'Cannot reach SQL Server SQL01\\SCSM: is the SQL Server Browser running on SQL01 and UDP 1434 open?',
    );
    expect(error.details).toContain('EINSTLOOKUP');
  });

  it('names the TCP port when a server given by port cannot be reached', async () => {
    const fake = fakeMssql({ connect: () => Object.assign(new Error('socket hang up'), { code: 'ESOCKET' }) });
    const error = await failure(
      createMssqlHost({ loadDriver: fake.loadDriver }).execute(target('SQL01,14330'), sqlStatements.serverIdentity()),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('TCP port 14330 of SQL01');
  });

  it('tries to connect again after a failed connection', async () => {
    let attempts = 0;
    const fake = fakeMssql({
      connect: () => (++attempts === 1 ? Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }) : undefined),
    });
    const host = createMssqlHost({ loadDriver: fake.loadDriver });
    await failure(host.execute(target('SQL01'), sqlStatements.serverIdentity()));
    await expect(host.execute(target('SQL01'), sqlStatements.serverIdentity())).resolves.toEqual({
      rows: [],
      messages: [],
    });
  });

  it('reports a failed statement with the SQL Server message', async () => {
    const fake = fakeMssql({
      query: async () => {
        throw Object.assign(new Error("Could not find stored procedure 'dbo.p_PromoteActiveWorkflowServer'."), {
          code: 'EREQUEST',
          number: 2812,
        });
      },
    });
    const error = await failure(
      createMssqlHost({ loadDriver: fake.loadDriver }).execute(
        target('SQL01'),
        sqlStatements.promoteActiveWorkflowServer('scsm02.contoso.com'),
      ),
    );
    expect(error.code).toBe('sql');
    expect(error.message).toBe("Could not find stored procedure 'dbo.p_PromoteActiveWorkflowServer'.");
    expect(error.details).toContain('number 2812');
  });

  const onWindows = process.platform === 'win32';
  if (onWindows)
    console.warn('Skipped: msnodesqlv8 may be installed on Windows, so its absence cannot be tested there.');

  it.skipIf(onWindows)(
    'says plainly that integrated authentication needs Windows when msnodesqlv8 is missing',
    async () => {
      const error = await failure(createMssqlHost().execute(target('SQL01'), sqlStatements.serverIdentity()));
      expect(error.code).toBe('unsupported');
      expect(error.message).toBe(
        'Windows integrated authentication needs the msnodesqlv8 driver, which is only available on Windows',
      );
    },
  );
});
