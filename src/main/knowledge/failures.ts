/**
 * How the outside world fails, in the operator's terms: every host call, real or simulated, ends
 * with one of these, and procedures decide on the code or the SQL problem, never on message text.
 */

export type HostErrorCode =
  | 'timeout'
  | 'not-found'
  | 'unreachable'
  | 'access-denied'
  | 'sql'
  | 'script'
  | 'unsupported'
  /** The drive a file is written to is full (a recovery kit copied to a USB drive). */
  | 'disk-full';

/**
 * What went wrong with SQL Server, in the operator's terms; flows decide on these, never on
 * message text.
 */
export type SqlProblem =
  | 'login-failed'
  | 'instance-not-found'
  | 'server-unreachable'
  | 'certificate-untrusted'
  | 'not-sysadmin'
  | 'cannot-open-database'
  | 'database-in-use'
  | 'backup-unreadable'
  | 'disk-full'
  | 'tail-log-not-backed-up'
  | 'statement-failed';

/** A failure in the operator's terms; `details` carries the raw evidence for the journal. */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/**
 * A SQL Server failure. `problem` is what the operator must act on; `number` is SQL Server's
 * error number when the server sent one.
 */
export class SqlError extends HostError {
  constructor(
    readonly problem: SqlProblem,
    message: string,
    details?: string,
    readonly number?: number,
  ) {
    super(
      problem === 'login-failed' || problem === 'not-sysadmin' ? 'access-denied' : sqlHostCode(problem),
      message,
      details,
    );
    this.name = 'SqlError';
  }
}

function sqlHostCode(problem: SqlProblem): HostErrorCode {
  return problem === 'instance-not-found' || problem === 'server-unreachable' ? 'unreachable' : 'sql';
}

/**
 * The command-line mode of a tool (SecureStorageBackup.exe) cannot be driven on the installed
 * version: it answered with its usage text, or never asked for its input on the console. Unlike
 * a wrong password or a missing file, this is a reason to open the tool's own wizard instead.
 */
export class CommandLineUnsupportedError extends HostError {
  constructor(message: string, details?: string) {
    super('unsupported', message, details);
    this.name = 'CommandLineUnsupportedError';
  }
}
