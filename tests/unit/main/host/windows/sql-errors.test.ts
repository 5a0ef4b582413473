import mssql from 'mssql';
import { describe, expect, it } from 'vitest';
import { sqlProblemOf, toSqlError, type SqlProblemContext } from '../../../../../src/main/host/windows/sql-errors';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { SqlError, type SqlProblem } from '../../../../../src/main/knowledge/failures';
import type { SqlAuthentication, SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import { parseSqlServerName, type SqlServerName } from '../../../../../src/shared/sql-server-name';

function server(text: string): SqlServerName {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const password = 'Pa55-w0rd!';
const sqlLogin: SqlAuthentication = { kind: 'sql-login', user: 'scsm_admin', password };
const ntlm: SqlAuthentication = { kind: 'ntlm', domain: 'CONTOSO', user: 'operator', password };

function target(text = 'SQL01\\SCSM', authentication?: SqlAuthentication, database = 'ServiceManager'): SqlTarget {
  return { server: server(text), database, ...(authentication ? { authentication } : {}) };
}

type MssqlErrorCode = ConstructorParameters<typeof mssql.RequestError>[1];

/** A server error as mssql's tedious driver reports it: the tedious error with its `info`, wrapped. */
function requestError(number: number, message: string, preceding: { number: number; message: string }[] = []) {
  const wrap = (found: { number: number; message: string }) =>
    new mssql.RequestError(
      Object.assign(new Error(found.message), {
        info: { number: found.number, state: 1, class: 16, lineNumber: 1, message: found.message },
      }),
      'EREQUEST',
    );
  return Object.assign(wrap({ number, message }), { precedingErrors: preceding.map(wrap) });
}

/** A sign-in failure as mssql's tedious driver reports it: ConnectionError around tedious's, around the cause. */
function connectionError(code: string, message: string, cause?: Error) {
  const tedious = Object.assign(new Error(message, cause ? { cause } : undefined), { name: 'ConnectionError', code });
  return new mssql.ConnectionError(tedious);
}

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('sqlProblemOf', () => {
  const numbered: [number[], SqlProblem][] = [
    [[18456], 'login-failed'],
    [[18452], 'login-failed'],
    [[4060], 'cannot-open-database'],
    [[4060, 18456], 'cannot-open-database'],
    ...[262, 229, 230, 297, 300, 15247, 3110, 15151, 916].map((n): [number[], SqlProblem] => [[n], 'not-sysadmin']),
    ...[3101, 3102, 5061, 5064].map((n): [number[], SqlProblem] => [[n, 3013], 'database-in-use']),
    ...[3201, 3241, 3183, 3189, 3203, 3242, 3266].map((n): [number[], SqlProblem] => [[n, 3013], 'backup-unreadable']),
    ...[1101, 1105, 3257].map((n): [number[], SqlProblem] => [[n], 'disk-full']),
    [[3159, 3013], 'tail-log-not-backed-up'],
    [[3154, 3013], 'statement-failed'],
    [[3013], 'statement-failed'],
    [[2812], 'statement-failed'],
    // SQL Server's own message 112 is about variables, not the disk.
    [[112], 'statement-failed'],
  ];

  it.each(numbered)('maps server numbers %j to %s', (numbers, problem) => {
    expect(sqlProblemOf(numbers, 'whatever the server said', 'EREQUEST', { connecting: false })).toBe(problem);
  });

  const worded: [string, number[], string, string | undefined, SqlProblemContext, SqlProblem][] = [
    [
      'OS error 112 inside a write failure',
      [3202, 3013],
      'Write on "D:\\b.bak" failed: 112(There is not enough space on the disk.)',
      'EREQUEST',
      { connecting: false },
      'disk-full',
    ],
    [
      'Browser silent',
      [],
      'Failed to get response from SQL Server Browser on SQL01',
      'EINSTLOOKUP',
      {},
      'instance-not-found',
    ],
    ['Browser knows no such instance', [], 'Port for SCSM not found in SQL01', 'EINSTLOOKUP', {}, 'instance-not-found'],
    [
      'UDP 1434 dropped',
      [],
      'Failed to connect to SQL01\\SCSM in 30000ms',
      'ETIMEOUT',
      { namedInstance: true },
      'instance-not-found',
    ],
    [
      'ODBC instance lookup',
      [-1],
      'SQL Server Network Interfaces: Error Locating Server/Instance Specified [xFFFFFFFF].',
      undefined,
      { connecting: true },
      'instance-not-found',
    ],
    [
      'default instance timeout',
      [],
      'Failed to connect to SQL01:1433 in 30000ms',
      'ETIMEOUT',
      {},
      'server-unreachable',
    ],
    [
      'refused',
      [],
      'Failed to connect to SQL01:1433 - connect ECONNREFUSED 10.0.0.5:1433',
      'ESOCKET',
      {},
      'server-unreachable',
    ],
    [
      'unknown name',
      [],
      'Failed to connect to SQL01:1433 - getaddrinfo ENOTFOUND SQL01',
      'ESOCKET',
      {},
      'server-unreachable',
    ],
    [
      'ODBC refused',
      [10061],
      'TCP Provider: No connection could be made because the target machine actively refused it.',
      undefined,
      { connecting: true },
      'server-unreachable',
    ],
    [
      'lost mid-statement',
      [],
      'Connection lost - read ECONNRESET',
      'ESOCKET',
      { connecting: false },
      'server-unreachable',
    ],
    [
      'self-signed',
      [],
      'Failed to connect to SQL01:1433 - self-signed certificate',
      'ESOCKET',
      {},
      'certificate-untrusted',
    ],
    [
      'unverified chain',
      [],
      'Failed to connect to SQL01:1433 - unable to verify the first certificate',
      'ESOCKET',
      {},
      'certificate-untrusted',
    ],
    [
      'ODBC untrusted chain',
      [-2146893019],
      'SSL Provider: The certificate chain was issued by an authority that is not trusted.',
      undefined,
      { connecting: true },
      'certificate-untrusted',
    ],
    ['tedious refused sign-in', [], "Login failed for user 'scsm_admin'.", 'ELOGIN', {}, 'login-failed'],
    [
      'tedious cannot open database',
      [],
      'Cannot open database "ServiceManager" requested by the login. The login failed.',
      'ELOGIN',
      {},
      'cannot-open-database',
    ],
    [
      'request timeout',
      [],
      'Timeout: Request failed to complete in 60000ms',
      'ETIMEOUT',
      { connecting: false },
      'statement-failed',
    ],
    [
      'a statement about certificates',
      [15208],
      'The certificate, asymmetric key, or private key file is not valid.',
      'EREQUEST',
      { connecting: false },
      'statement-failed',
    ],
  ];

  it.each(worded)('maps %s', (_case, numbers, text, code, context, problem) => {
    expect(sqlProblemOf(numbers, text, code, context)).toBe(problem);
  });
});

describe('toSqlError', () => {
  const everyProblem: [string, () => unknown, SqlProblem][] = [
    ['18456', () => requestError(18456, "Login failed for user 'scsm_admin'."), 'login-failed'],
    [
      '18452',
      () =>
        requestError(
          18452,
          'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
        ),
      'login-failed',
    ],
    [
      '4060',
      () => requestError(4060, 'Cannot open database "ServiceManager" requested by the login. The login failed.'),
      'cannot-open-database',
    ],
    [
      'EINSTLOOKUP',
      () => connectionError('EINSTLOOKUP', 'Failed to get response from SQL Server Browser on SQL01'),
      'instance-not-found',
    ],
    [
      'ECONNREFUSED',
      () =>
        connectionError(
          'ESOCKET',
          'Failed to connect to SQL01:1433 - Could not connect (sequence)',
          new AggregateError(
            [socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:1433')],
            'Could not connect (sequence)',
          ),
        ),
      'server-unreachable',
    ],
    [
      'certificate',
      () =>
        connectionError(
          'ESOCKET',
          'Failed to connect to SQL01:1433 - self-signed certificate',
          socketError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
        ),
      'certificate-untrusted',
    ],
    [
      '3110',
      () => requestError(3110, "User does not have permission to RESTORE database 'ServiceManager'.", []),
      'not-sysadmin',
    ],
    [
      '3101',
      () =>
        requestError(3013, 'RESTORE DATABASE is terminating abnormally.', [
          { number: 3101, message: 'Exclusive access could not be obtained because the database is in use.' },
        ]),
      'database-in-use',
    ],
    [
      '3241',
      () =>
        requestError(3013, 'RESTORE HEADERONLY is terminating abnormally.', [
          { number: 3241, message: 'The media family on device is incorrectly formed.' },
        ]),
      'backup-unreadable',
    ],
    [
      '1105',
      () =>
        requestError(
          1105,
          "Could not allocate space for object in database 'ServiceManager' because the 'PRIMARY' filegroup is full.",
        ),
      'disk-full',
    ],
    [
      '3159',
      () =>
        requestError(3013, 'RESTORE DATABASE is terminating abnormally.', [
          { number: 3159, message: 'The tail of the log for the database "ServiceManager" has not been backed up.' },
        ]),
      'tail-log-not-backed-up',
    ],
    [
      '3154',
      () =>
        requestError(3013, 'RESTORE DATABASE is terminating abnormally.', [
          {
            number: 3154,
            message: "The backup set holds a backup of a database other than the existing 'ServiceManager' database.",
          },
        ]),
      'statement-failed',
    ],
    ['2812', () => requestError(2812, "Could not find stored procedure 'dbo.p_X'."), 'statement-failed'],
  ];

  it.each(everyProblem)(
    'maps %s to a problem whose message names the server and keeps the password out',
    (_case, make, problem) => {
      for (const authentication of [sqlLogin, ntlm]) {
        const error = toSqlError(make(), target('SQL01\\SCSM', authentication), {
          statement: sqlStatements.restoreDatabase('ServiceManager', 'D:\\b.bak', { replace: false, moves: [] }),
        });
        expect(error).toBeInstanceOf(SqlError);
        expect(error.problem).toBe(problem);
        expect(error.message).toContain('SQL01');
        expect(error.message).not.toContain(password);
        expect(error.details ?? '').not.toContain(password);
      }
    },
  );

  it('reports all numbers, states, line numbers and the driver code in the details', () => {
    const error = toSqlError(
      requestError(3013, 'RESTORE DATABASE is terminating abnormally.', [
        { number: 3201, message: "Cannot open backup device 'D:\\b.bak'." },
      ]),
      target(),
    );
    expect(error.problem).toBe('backup-unreadable');
    expect(error.number).toBe(3201);
    expect(error.code).toBe('sql');
    expect(error.details).toContain('RequestError, EREQUEST, number 3201, state 1, line 1');
    expect(error.details).toContain('number 3013');
    expect(error.message).toContain("Cannot open backup device 'D:\\b.bak'.");
  });

  it('names the account that was refused', () => {
    const refused = () => connectionError('ELOGIN', "Login failed for user 'x'.");
    expect(toSqlError(refused(), target('SQL01')).message).toContain('the Windows account running the wizard');
    expect(toSqlError(refused(), target('SQL01', sqlLogin)).message).toContain('the SQL login scsm_admin');
    expect(toSqlError(refused(), target('SQL01', ntlm)).message).toContain('the Windows account CONTOSO\\operator');
  });

  it('says a domain login from an untrusted domain is that, not a wrong password', () => {
    const error = toSqlError(
      new mssql.ConnectionError(
        'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
        18452 as unknown as MssqlErrorCode,
      ),
      target('SQL01', ntlm),
    );
    expect(error.problem).toBe('login-failed');
    expect(error.number).toBe(18452);
    expect(error.message).toContain('domain the server does not trust');
  });

  it('reads msnodesqlv8 errors, where code holds the server number', () => {
    const signIn = new mssql.ConnectionError(
      "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Login failed for user 'CONTOSO\\operator'.",
      18456 as unknown as MssqlErrorCode,
    );
    const refused = toSqlError(signIn, target('SQL01'));
    expect(refused.problem).toBe('login-failed');
    expect(refused.message).toContain("SQL Server said: Login failed for user 'CONTOSO\\operator'.");

    const odbc = Object.assign(
      new Error(
        "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]User does not have permission to RESTORE database 'ServiceManager'.",
      ),
      { code: 3110, sqlstate: '42000', lineNumber: 1 },
    );
    const denied = toSqlError(new mssql.RequestError(odbc, 'EREQUEST'), target('SQL01', undefined, 'master'));
    expect(denied.problem).toBe('not-sysadmin');
    expect(denied.code).toBe('access-denied');
    expect(denied.message).toContain('sysadmin');
  });

  it('sends the operator to the trust choice on the page for an untrusted certificate', () => {
    const error = toSqlError(
      connectionError(
        'ESOCKET',
        'Failed to connect to SQL01:1433 - unable to verify the first certificate',
        socketError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      ),
      target('SQL01', sqlLogin),
    );
    expect(error.problem).toBe('certificate-untrusted');
    expect(error.message).toContain("Trust this server's certificate");
    expect(error.details).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('says the instance could not be found when the Browser stays silent', () => {
    const error = toSqlError(
      connectionError('ETIMEOUT', 'Failed to connect to SQL01\\SCSM in 30000ms'),
      target('SQL01\\SCSM', ntlm),
    );
    expect(error.problem).toBe('instance-not-found');
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('SQL Server Browser service may not be running');
    expect(error.message).toContain('UDP port 1434');
  });

  it('names the TCP port and what happened when a server cannot be reached', () => {
    const refused = toSqlError(
      connectionError(
        'ESOCKET',
        'Failed to connect to SQL01:14330 - Could not connect (sequence)',
        new AggregateError([socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:14330')]),
      ),
      target('SQL01,14330', sqlLogin),
    );
    expect(refused.problem).toBe('server-unreachable');
    expect(refused.message).toContain(
      'Cannot reach SQL Server SQL01,14330 on TCP port 14330: nothing accepted the connection',
    );

    const unknown = toSqlError(
      connectionError(
        'ESOCKET',
        'Failed to connect to SQL01:1433 - getaddrinfo ENOTFOUND SQL01',
        socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND SQL01'),
      ),
      target('SQL01', sqlLogin),
    );
    expect(unknown.problem).toBe('server-unreachable');
    expect(unknown.message).toContain('Cannot find the computer SQL01');
  });

  it('tells a statement timeout from an unreachable server', () => {
    const timeout = new mssql.RequestError(
      Object.assign(new Error('Timeout: Request failed to complete in 60000ms'), { code: 'ETIMEOUT' }),
      'EREQUEST',
    );
    const error = toSqlError(timeout, target('SQL01', sqlLogin));
    expect(error.problem).toBe('statement-failed');
    expect(error.message).toContain('did not finish the statement in the time allowed');
  });

  it('names the database a statement works on, not only the one connected to', () => {
    const error = toSqlError(
      requestError(3013, 'BACKUP LOG is terminating abnormally.', [
        { number: 3159, message: 'The tail of the log for the database "ServiceManager" has not been backed up.' },
      ]),
      target('SQL01', sqlLogin, 'master'),
      { statement: sqlStatements.restoreDatabase('ServiceManager', 'D:\\b.bak', { replace: false, moves: [] }) },
    );
    expect(error.message).toContain('database ServiceManager on SQL01');
  });

  it('masks secret parameters and passwords even when a driver echoes them', () => {
    const error = toSqlError(
      requestError(15581, `Please create a master key in the database: NoTeLl-Me and ${password}`),
      target('SQL01', sqlLogin),
      {
        statement: {
          id: 'secret',
          text: 'SELECT 1',
          params: [{ name: 'key', type: 'nvarchar', value: 'NoTeLl-Me', secret: true }],
        },
      },
    );
    expect(`${error.message}\n${error.details}`).not.toMatch(/NoTeLl-Me|Pa55-w0rd!/);
    expect(error.message).toContain('********');
  });

  it('returns a SqlError untouched', () => {
    const original = new SqlError('disk-full', 'full');
    expect(toSqlError(original, target())).toBe(original);
  });
});
