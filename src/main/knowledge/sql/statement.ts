import type { SqlServerName } from '../../../shared/sql-server-name';

/**
 * A statement the wizard sends to SQL Server, and where it sends it. Values travel as bound
 * parameters; only where T-SQL takes a literal alone (a service master key password) is a value
 * written into the text, by the one escaping function in literals.ts.
 */

export type SqlParamType = 'nvarchar' | 'int' | 'bit' | 'bigint';

export interface SqlParam {
  name: string;
  type: SqlParamType;
  value: string | number | boolean;
  secret?: boolean;
}

/**
 * A statement and its bound parameters. `id` names what it does so the plan, the journal and
 * the drill's simulated SQL Server all refer to the same statement.
 */
export interface SqlStatement {
  id: string;
  text: string;
  params: SqlParam[];
  /**
   * The text as the plan shows it, when `text` itself holds a secret: where T-SQL takes only a
   * literal (a service master key password), the literal is masked here.
   */
  display?: string;
  /**
   * BACKUP, RESTORE and DBCC run for as long as they need: no request timeout, and their
   * `STATS` messages ("10 percent processed.") become progress.
   */
  long?: boolean;
}

/**
 * How the wizard signs in to SQL Server. Windows integrated uses the account running the wizard
 * (msnodesqlv8, Windows only); a SQL login or a domain account by NTLM go through tedious.
 */
export type SqlAuthentication =
  | { kind: 'integrated' }
  | { kind: 'sql-login'; user: string; password: string }
  | { kind: 'ntlm'; domain: string; user: string; password: string };

export interface SqlTarget {
  server: SqlServerName;
  database: string;
  /** Windows integrated when absent. */
  authentication?: SqlAuthentication;
  /**
   * The connection is always encrypted; a server certificate that does not chain to a trusted
   * root (self-signed) is accepted only when the operator said so on the page.
   */
  trustServerCertificate?: boolean;
}
