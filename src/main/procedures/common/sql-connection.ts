import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import type { CheckResult } from '../../../shared/run-contract';
import { parseSqlServerName } from '../../../shared/sql-server-name';
import { AnswerError } from '../../engine/errors';
import { checkOutcome, type CheckDefinition, type FlowContext } from '../../engine/flow-types';
import { sqlStatements } from '../../knowledge/sql/statements';
import type { SqlAuthentication, SqlTarget } from '../../knowledge/sql/statement';
import type { SqlRow } from '../../host/types';

/**
 * Reaching the SQL Server a flow works on: the target the host connects to, and what the server
 * says about itself. Shared by the database restores and Orchestrator; the page's fields are in
 * shared/procedures/sql-sign-in.ts.
 */

/** A new run signs in as the account running the wizard, with the certificate checked. */
export function sqlConnectionDefaults(sqlServer: string): Record<string, string | boolean> {
  return {
    sqlServer,
    authentication: 'integrated',
    sqlDomain: '',
    sqlUser: '',
    sqlPassword: '',
    trustServerCertificate: false,
  };
}

/**
 * The secret answer signing in to SQL Server reads: the password, for a SQL login or NTLM. Every
 * SQL step names it, and so do the flow's checks, plan and verification, which read the server.
 */
export function signInSecrets(answers: SqlConnectionAnswers): readonly string[] {
  return answers.authentication === 'integrated' ? [] : ['sqlPassword'];
}

export function authenticationOf(answers: SqlConnectionAnswers): SqlAuthentication {
  const user = (answers.sqlUser ?? '').trim();
  const password = answers.sqlPassword ?? '';
  if (answers.authentication === 'sql-login') return { kind: 'sql-login', user, password };
  if (answers.authentication === 'ntlm')
    return { kind: 'ntlm', domain: (answers.sqlDomain ?? '').trim(), user, password };
  return { kind: 'integrated' };
}

/**
 * The one way a procedure names where a statement goes: the SQL Server an answer names, the
 * database to open, and how to sign in (the wizard's own Windows account when no sign-in
 * answers are given).
 */
export function sqlTarget(sqlServer: string, database: string, signIn?: SqlConnectionAnswers): SqlTarget {
  const server = parseSqlServerName(sqlServer);
  if (typeof server === 'string') throw new AnswerError('sqlServer', server);
  if (!signIn) return { server, database };
  return {
    server,
    database,
    authentication: authenticationOf(signIn),
    trustServerCertificate: signIn.trustServerCertificate,
  };
}

/** The SQL Server page's server, signed in as its answers say. */
export function targetOf(answers: SqlConnectionAnswers, database = 'master'): SqlTarget {
  return sqlTarget(answers.sqlServer, database, answers);
}

/** How the wizard signs in, for the plan and the summary; never the password. */
export function describeAuthentication(answers: SqlConnectionAnswers): string {
  const auth = authenticationOf(answers);
  if (auth.kind === 'sql-login') return `SQL login ${auth.user}`;
  if (auth.kind === 'ntlm') return `${auth.domain}\\${auth.user} (NTLM)`;
  return 'Windows account running the wizard';
}

export interface ServerFacts {
  machineName: string;
  instanceName: string | null;
  serverName: string;
  productVersion: string;
  edition: string;
  defaultDataPath: string;
  defaultLogPath: string;
  /** Empty where SQL Server does not report it (before 2019). */
  defaultBackupPath: string;
  isSysadmin: boolean;
  clrEnabled: boolean;
}

export async function readServerFacts(ctx: FlowContext, answers: SqlConnectionAnswers): Promise<ServerFacts> {
  const row = (await ctx.host.sql.execute(targetOf(answers), sqlStatements.serverFacts())).rows[0] ?? {};
  const text = (value: SqlRow[string] | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    machineName: text(row.machineName),
    instanceName: row.instanceName === null || row.instanceName === undefined ? null : String(row.instanceName),
    serverName: text(row.serverName),
    productVersion: text(row.productVersion),
    edition: text(row.edition),
    defaultDataPath: text(row.defaultDataPath),
    defaultLogPath: text(row.defaultLogPath),
    defaultBackupPath: text(row.defaultBackupPath),
    isSysadmin: Number(row.isSysadmin) === 1,
    clrEnabled: Number(row.clrEnabled) === 1,
  };
}

/** Restoring, backing up and dropping databases, and the service master key, need sysadmin. */
export function sysadminCheck(answers: SqlConnectionAnswers, facts: ServerFacts): CheckResult {
  const who = describeAuthentication(answers);
  return facts.isSysadmin
    ? { id: 'sysadmin', title: SYSADMIN_TITLE, status: 'pass', expected: 'sysadmin', found: `${who}, sysadmin` }
    : {
        id: 'sysadmin',
        title: SYSADMIN_TITLE,
        status: 'fail',
        expected: 'sysadmin',
        found: `${who} is not sysadmin`,
        remedy:
          'Sign in as a member of sysadmin: restores, backups, dropping databases and the service master key need it.',
      };
}

const SYSADMIN_TITLE = 'Signed in as a member of sysadmin';

/** A time stamp for the name of a file the wizard writes, e.g. 20261122T041501. */
export function fileStamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/** The sysadmin check as a Summary check, reading the server's facts once with the others. */
export function sysadminDefinition(answers: SqlConnectionAnswers, facts: () => Promise<ServerFacts>): CheckDefinition {
  return {
    id: 'sysadmin',
    title: 'Signed in as a member of sysadmin',
    run: async () => checkOutcome(sysadminCheck(answers, await facts())),
  };
}
