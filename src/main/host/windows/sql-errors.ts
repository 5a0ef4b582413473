import { formatSqlServerName } from '../../../shared/sql-server-name';
import { SqlError, type SqlProblem } from '../../knowledge/failures';
import { maskSecretsInText } from '../../knowledge/secret-text';
import type { SqlStatement, SqlTarget } from '../../knowledge/sql/statement';

/**
 * Turns what the drivers throw into a SqlError the operator can act on. Three shapes arrive:
 * mssql's ConnectionError and RequestError over tedious (a string `code`, the server's `number`,
 * the earlier errors of the same batch in `precedingErrors`, the tedious error in
 * `originalError` and the socket or TLS error in its `cause`), and msnodesqlv8's, where `code`
 * holds the server's error number.
 */

interface ServerMessage {
  number: number;
  message: string;
  state?: unknown;
  lineNumber?: unknown;
}

interface Evidence {
  /** Every numbered message in the order they came: BACKUP's 3201 before its generic 3013. */
  messages: ServerMessage[];
  /** The driver's own code (ELOGIN, ESOCKET, EREQUEST...), from the outermost error that has one. */
  code: string | undefined;
  /** Every message and code along the chain, for the patterns that have no number to go by. */
  text: string;
  /** One line per error in the chain: the raw evidence for the journal. */
  lines: string[];
}

export interface SqlProblemContext {
  /** The failure came while signing in; when absent, a failure without any server number counts as one. */
  connecting?: boolean;
  /** The target names an instance, which the SQL Server Browser has to find first. */
  namedInstance?: boolean;
}

interface Classified {
  problem: SqlProblem;
  /** The server number that decided; absent when the driver's code or text did. */
  number?: number;
}

/** Checked in this order: a batch may carry several, and the first listed is what to act on. */
const numberedProblems: readonly (readonly [SqlProblem, ReadonlySet<number>])[] = [
  // 4060 comes with a generic 18456 after it; the missing database is the one to report.
  ['cannot-open-database', new Set([4060])],
  ['login-failed', new Set([18456, 18452])],
  ['not-sysadmin', new Set([262, 229, 230, 297, 300, 916, 3110, 15151, 15247])],
  ['database-in-use', new Set([3101, 3102, 5061, 5064])],
  ['tail-log-not-backed-up', new Set([3159])],
  ['disk-full', new Set([1101, 1105, 3257])],
  ['backup-unreadable', new Set([3201, 3241, 3183, 3189, 3203, 3242, 3266])],
];

/** Windows error 112 arrives inside another message ("Write on ... failed: 112(...)"). */
const osDiskFull = /operating system error 112\b|not enough space on the disk/i;
const instanceLookup = /SQL Server Browser|Port for .+ not found in|Error Locating Server\/Instance Specified/i;
const networkCodes = new Set([
  'ESOCKET',
  'ECONNCLOSED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
// What the ODBC driver says, through msnodesqlv8, when the network fails.
const networkText =
  /TCP Provider|Named Pipes Provider|network-related or instance-specific error|Login timeout expired|Communication link failure/i;

/** Which problem a failure is, from all the server numbers of the batch, its text and the driver's code. */
export function sqlProblemOf(
  numbers: readonly number[],
  text: string,
  code?: string,
  context: SqlProblemContext = {},
): SqlProblem {
  return classify(numbers, text, code, context).problem;
}

function classify(
  numbers: readonly number[],
  text: string,
  code: string | undefined,
  context: SqlProblemContext,
): Classified {
  for (const [problem, known] of numberedProblems) {
    const number = numbers.find((candidate) => known.has(candidate));
    if (number !== undefined) return { problem, number };
  }
  if (osDiskFull.test(text)) return { problem: 'disk-full' };
  if (numbers.includes(3154)) return { problem: 'statement-failed', number: 3154 };

  const connecting = context.connecting ?? numbers.length === 0;
  if (connecting) {
    if (/cannot open database/i.test(text)) return { problem: 'cannot-open-database' };
    if (code === 'ELOGIN' || /login failed|untrusted domain/i.test(text)) return { problem: 'login-failed' };
    // Server error texts mention certificates too (CREATE CERTIFICATE); only a sign-in's TLS failure counts.
    if (/certificate/i.test(text)) return { problem: 'certificate-untrusted' };
    if (code === 'EINSTLOOKUP' || instanceLookup.test(text)) return { problem: 'instance-not-found' };
    // A silently dropped UDP 1434 shows as the sign-in timing out while tedious still asks the Browser.
    if (code === 'ETIMEOUT') return { problem: context.namedInstance ? 'instance-not-found' : 'server-unreachable' };
  }
  if ((code !== undefined && networkCodes.has(code)) || networkText.test(text))
    return { problem: 'server-unreachable' };
  return { problem: 'statement-failed', number: numbers[0] };
}

export interface SqlErrorContext {
  /** The statement that failed: names the database it works on, and its secret values are masked. */
  statement?: SqlStatement;
  /** The failure came while opening the connection rather than while the statement ran. */
  connecting?: boolean;
  /** Server messages that came before the error but are not attached to it (tedious's refused sign-in). */
  precedingErrors?: readonly unknown[];
}

export function toSqlError(error: unknown, target: SqlTarget, context: SqlErrorContext = {}): SqlError {
  if (error instanceof SqlError) return error;
  const evidence = gather(error, context.precedingErrors ?? []);
  const numbers = evidence.messages.map((message) => message.number);
  const connecting = context.connecting === true || nameOf(error) === 'ConnectionError' || evidence.code === 'ELOGIN';
  const classified = classify(numbers, evidence.text, evidence.code, {
    connecting,
    namedInstance: target.server.instance !== null,
  });
  const secrets = secretsOf(target, context.statement);
  const mask = (text: string) => redact(text, secrets);
  const words = {
    target,
    server: formatSqlServerName(target.server),
    database: databaseOf(target, context.statement),
    account: accountOf(target),
    said: mask(serverWords(evidence, classified.number, error)),
    reason: evidence.text,
    connecting,
  };
  return new SqlError(
    classified.problem,
    mask(describe(classified, words)),
    mask(evidence.lines.join('\n')),
    classified.number,
  );
}

interface Words {
  target: SqlTarget;
  server: string;
  database: string;
  account: string;
  said: string;
  reason: string;
  connecting: boolean;
}

function describe({ problem, number }: Classified, w: Words): string {
  const { computer, instance } = w.target.server;
  const said = `SQL Server said: ${w.said}`;
  switch (problem) {
    case 'login-failed':
      if (number === 18452 || /untrusted domain/i.test(w.said)) {
        return (
          `SQL Server ${w.server} refused the Windows sign-in of ${w.account}: it comes from a domain the server does not trust, ` +
          `or the domain could not check the password. Check the domain and password, or use an account of a domain ${computer} trusts. ${said}`
        );
      }
      return `SQL Server ${w.server} refused the sign-in of ${w.account} to database ${w.target.database}. ${loginAdvice(w)} ${said}`;
    case 'instance-not-found':
      if (/Port for .+ not found in/i.test(w.reason)) {
        return (
          `The SQL Server Browser on ${computer} answered but knows no instance named ${instance ?? ''}. ` +
          `Check the instance name (SQL Server Configuration Manager on ${computer} lists it) and that the instance is running.`
        );
      }
      return (
        `The instance ${instance ?? w.server} on ${computer} could not be found: the SQL Server Browser service may not be running, ` +
        `or a firewall blocks UDP port 1434 between this computer and ${computer}. Start the SQL Server Browser service and open ` +
        `UDP 1434, or enter the server as ${computer},<TCP port of the instance>. (${w.said})`
      );
    case 'server-unreachable':
      return unreachable(w);
    case 'certificate-untrusted':
      return (
        `SQL Server ${w.server} presented a certificate this computer does not trust (${w.said}). The connection is always ` +
        `encrypted. If the server uses a self-signed certificate and you are sure ${computer} is the right server, choose ` +
        `"Trust this server's certificate" on this page; otherwise give ${w.server} a certificate from an authority this computer trusts.`
      );
    case 'not-sysadmin':
      return (
        `${capitalized(w.account)} lacks a permission this step needs on ${w.server} (database ${w.database}). ` +
        `Sign in with an account that is a member of the sysadmin server role on ${w.server}. ${said}`
      );
    case 'cannot-open-database':
      return (
        `Cannot open database ${w.target.database} on ${w.server}: it does not exist, is not online, or ${w.account} has no access to it. ` +
        `Check the database name and its state in SQL Server Management Studio. ${said}`
      );
    case 'database-in-use':
      if (number === 3102) {
        return (
          `Database ${w.database} on ${w.server} is in use by the wizard's own connection, which must not be the database being ` +
          `restored: connect to master for this step. ${said}`
        );
      }
      return (
        `Database ${w.database} on ${w.server} is in use, and this step needs it to itself. Stop the services that use it ` +
        `(for Service Manager the System Center Data Access Service on the management servers; for Orchestrator the ` +
        `Management and Runbook services and the web service's app pool), close consoles and reports connected to it, ` +
        `and try again. ${said}`
      );
    case 'backup-unreadable':
      return (
        `SQL Server ${w.server} cannot open or read the backup for database ${w.database}. The SQL Server service on ${computer} ` +
        `reads the file, not this computer: check that the path exists as that service sees it, that its service account may ` +
        `read it, and that the file is whole (copy it again if it came over the network). ${said}`
      );
    case 'disk-full':
      return (
        `There is not enough disk space on ${computer} for database ${w.database} on ${w.server}. Free space on the drive ` +
        `SQL Server names, or choose another folder, and try again. ${said}`
      );
    case 'tail-log-not-backed-up':
      return (
        `The tail of the log of database ${w.database} on ${w.server} has not been backed up, so SQL Server will not overwrite ` +
        `it. Back up the tail of the log first, or choose to replace the database and lose the changes made since its last ` +
        `log backup. ${said}`
      );
    case 'statement-failed':
      if (number === 3154) {
        return (
          `The backup holds a different database than ${w.database} on ${w.server}. Check that this is the right backup file; ` +
          `restoring it over another database needs the database to be replaced explicitly. ${said}`
        );
      }
      if (/^Timeout: Request failed to complete/i.test(w.said)) {
        return `SQL Server ${w.server} (database ${w.database}) did not finish the statement in the time allowed. ${said}`;
      }
      return `SQL Server ${w.server} (database ${w.database}) could not run the statement. ${said}`;
  }
}

function loginAdvice(w: Words): string {
  const auth = w.target.authentication ?? { kind: 'integrated' };
  switch (auth.kind) {
    case 'integrated':
      return `Check that ${w.account} has a login on ${w.server} with access to ${w.target.database}, or sign in with another account.`;
    case 'sql-login':
      return (
        `Check the login name and password, that the login is enabled and has access to ${w.target.database}, and that ${w.server} ` +
        `accepts SQL Server authentication (mixed mode).`
      );
    case 'ntlm':
      return `Check the domain, user name and password, and that the account has a login on ${w.server} with access to ${w.target.database}.`;
  }
}

function unreachable(w: Words): string {
  const { computer, instance, port } = w.target.server;
  if (!w.connecting) {
    return (
      `The connection to SQL Server ${w.server} was lost while the statement ran (${w.said}). SQL Server may still be finishing ` +
      `the work: check the state of database ${w.database} before running the step again.`
    );
  }
  if (/ENOTFOUND|EAI_AGAIN|No such host is known/i.test(w.reason)) {
    return `Cannot find the computer ${computer}: its name is not known to DNS. Check the spelling, or use its fully qualified name. (${w.said})`;
  }
  const where = instance ? 'the TCP port the SQL Server Browser gave for it' : `TCP port ${port ?? 1433}`;
  const why = /ECONNREFUSED|actively refused/i.test(w.reason)
    ? 'nothing accepted the connection'
    : /ETIMEOUT|ETIMEDOUT|timeout|in \d+ms/i.test(w.reason)
      ? 'no answer came in time'
      : 'the connection failed';
  return (
    `Cannot reach SQL Server ${w.server} on ${where}: ${why}. Check that SQL Server is running, that TCP/IP is enabled for it ` +
    `in SQL Server Configuration Manager, and that the firewall on ${computer} lets the port through. (${w.said})`
  );
}

function accountOf(target: SqlTarget): string {
  const auth = target.authentication ?? { kind: 'integrated' };
  switch (auth.kind) {
    case 'integrated':
      return 'the Windows account running the wizard';
    case 'sql-login':
      return `the SQL login ${auth.user}`;
    case 'ntlm':
      return `the Windows account ${auth.domain}\\${auth.user}`;
  }
}

/** The database a statement works on (RESTORE runs from master), else the one connected to. */
function databaseOf(target: SqlTarget, statement: SqlStatement | undefined): string {
  const named = statement?.params.find((param) => param.name === 'database')?.value;
  return typeof named === 'string' && named.length > 0 ? named : target.database;
}

/** The words of the message that decided, else every server message, else the driver's. */
function serverWords(evidence: Evidence, decided: number | undefined, error: unknown): string {
  const deciding = evidence.messages.find((message) => message.number === decided);
  if (deciding) return stripOdbcPrefix(deciding.message);
  const distinct = [...new Set(evidence.messages.map((message) => stripOdbcPrefix(message.message)))];
  if (distinct.length > 0) return distinct.join(' ');
  const message = (error as { message?: unknown } | null)?.message;
  return stripOdbcPrefix(typeof message === 'string' && message.length > 0 ? message : String(error));
}

function stripOdbcPrefix(text: string): string {
  return text.replace(/^(?:\[[^\]]*\])+\s*/, '');
}

function secretsOf(target: SqlTarget, statement: SqlStatement | undefined): string[] {
  const secrets = (statement?.params ?? []).filter((param) => param.secret).map((param) => String(param.value));
  const auth = target.authentication;
  if (auth && auth.kind !== 'integrated') secrets.push(auth.password);
  // Longest first, so a secret that contains another is masked whole.
  return secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: readonly string[]): string {
  return maskSecretsInText(text, secrets);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type DriverError = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  number?: unknown;
  state?: unknown;
  lineNumber?: unknown;
  info?: { number?: unknown; message?: unknown; state?: unknown; lineNumber?: unknown };
  precedingErrors?: unknown;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown;
};

function nameOf(error: unknown): string | undefined {
  const name = (error as DriverError | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function gather(error: unknown, preceding: readonly unknown[]): Evidence {
  const evidence: Evidence = { messages: [], code: undefined, text: '', lines: [] };
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const saidAlready = new Set<string>();

  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const found = value as DriverError;
    const code = text(found.code);
    if (code !== undefined) evidence.code ??= code;
    // Earlier errors of the batch first: they usually say what the last, generic one does not.
    if (Array.isArray(found.precedingErrors)) found.precedingErrors.forEach(visit);

    const message = text(found.message) ?? text(found.info?.message) ?? '';
    const number = numeric(found.number) ?? numeric(found.info?.number) ?? numeric(found.code);
    const state = found.state ?? found.info?.state;
    const lineNumber = found.lineNumber ?? found.info?.lineNumber;
    texts.push(message, code ?? '');
    // mssql wraps the driver's error in its own with the same words: they are one message.
    const said = `${String(number)}|${message}|${String(state)}|${String(lineNumber)}`;
    if (!saidAlready.has(said)) {
      saidAlready.add(said);
      if (number !== undefined) evidence.messages.push({ number, message, state, lineNumber });
      evidence.lines.push(evidenceLine(found, { message, number, state, lineNumber, code }));
    }

    visit(found.originalError);
    visit(found.cause);
    // tedious tries every address of a name in turn and reports all failures in an AggregateError.
    if (Array.isArray(found.errors)) found.errors.forEach(visit);
  };

  preceding.forEach(visit);
  visit(error);
  evidence.text = texts.filter((part) => part.length > 0).join('\n');
  return evidence;
}

function evidenceLine(
  found: DriverError,
  facts: { message: string; number?: number; state: unknown; lineNumber: unknown; code?: string },
): string {
  const tags = [
    text(found.name) ?? 'Error',
    facts.code,
    facts.number === undefined ? undefined : `number ${facts.number}`,
    facts.state === undefined || facts.state === null ? undefined : `state ${String(facts.state)}`,
    facts.lineNumber === undefined || facts.lineNumber === null ? undefined : `line ${String(facts.lineNumber)}`,
  ];
  return `${tags.filter((tag) => tag !== undefined).join(', ')}: ${facts.message}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
