import { z } from 'zod';
import { sqlServerNameField } from '../sql-server-name';
import {
  accountNameProblem,
  addProblem,
  domainProblem,
  passwordField,
  singleLineField,
  singleLineProblem,
} from '../validation/text-rules';

/**
 * How a flow reaches a SQL Server: its name, how the wizard signs in, and whether a certificate
 * no trusted authority issued is accepted. The database restores and Orchestrator share it.
 */

export const SQL_AUTHENTICATION_KINDS = ['integrated', 'sql-login', 'ntlm'] as const;
type SqlAuthenticationKind = (typeof SQL_AUTHENTICATION_KINDS)[number];

/** A SQL Server login's name and password are sysname: at most 128 characters. */
const SQL_LOGIN_MAX = 128;
/** A Windows password, for NTLM. */
const WINDOWS_PASSWORD_MAX = 256;

export const sqlConnectionShape = {
  sqlServer: sqlServerNameField,
  authentication: z.enum(SQL_AUTHENTICATION_KINDS),
  sqlDomain: singleLineField({ max: 253 }).optional(),
  sqlUser: singleLineField({ max: SQL_LOGIN_MAX }).optional(),
  sqlPassword: passwordField({ max: WINDOWS_PASSWORD_MAX, reader: 'program' }).optional(),
  trustServerCertificate: z.boolean(),
};

export interface SqlConnectionAnswers {
  sqlServer: string;
  authentication: SqlAuthenticationKind;
  sqlDomain?: string;
  sqlUser?: string;
  sqlPassword?: string;
  trustServerCertificate: boolean;
}

/** SQL login and NTLM need an account; integrated signs in as whoever runs the wizard. */
export const sqlAccountRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const kind = answers.authentication;
  if (kind === 'integrated') return;
  const user = typeof answers.sqlUser === 'string' ? answers.sqlUser.trim() : '';
  if (user === '') {
    ctx.addIssue({ code: 'custom', path: ['sqlUser'], message: 'enter the account to sign in with' });
  } else {
    addProblem(ctx, ['sqlUser'], kind === 'ntlm' ? accountNameProblem(user) : sqlLoginProblem(user));
  }
  if (typeof answers.sqlPassword !== 'string' || answers.sqlPassword === '') {
    ctx.addIssue({ code: 'custom', path: ['sqlPassword'], message: 'enter the password of that account' });
  } else if (kind === 'sql-login' && answers.sqlPassword.length > SQL_LOGIN_MAX) {
    ctx.addIssue({
      code: 'custom',
      path: ['sqlPassword'],
      message: `a SQL Server login’s password has at most ${SQL_LOGIN_MAX} characters`,
    });
  }
  if (kind === 'ntlm') {
    const domain = typeof answers.sqlDomain === 'string' ? answers.sqlDomain.trim() : '';
    addProblem(ctx, ['sqlDomain'], domainProblem(domain, 'CONTOSO'));
  }
};

/** A SQL Server login: no backslash, which only a Windows login's DOMAIN\user has. */
function sqlLoginProblem(user: string): string | null {
  if (user.includes('\\')) return 'a SQL Server login has no backslash: choose NTLM for a Windows account';
  return singleLineProblem(user);
}
