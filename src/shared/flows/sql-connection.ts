import { z } from 'zod';
import { sqlServerNameField } from '../sql-server-name';

/**
 * How a flow reaches a SQL Server: its name, how the wizard signs in, and whether a certificate
 * no trusted authority issued is accepted. The database restores and Orchestrator share it.
 */

export const SQL_AUTHENTICATION_KINDS = ['integrated', 'sql-login', 'ntlm'] as const;
type SqlAuthenticationKind = (typeof SQL_AUTHENTICATION_KINDS)[number];

const netbiosDomain = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

export const sqlConnectionShape = {
  sqlServer: sqlServerNameField,
  authentication: z.enum(SQL_AUTHENTICATION_KINDS),
  sqlDomain: z.string().optional(),
  sqlUser: z.string().optional(),
  sqlPassword: z.string().max(256).optional(),
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
  if (typeof answers.sqlUser !== 'string' || answers.sqlUser.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['sqlUser'], message: 'enter the account to sign in with' });
  }
  if (typeof answers.sqlPassword !== 'string' || answers.sqlPassword === '') {
    ctx.addIssue({ code: 'custom', path: ['sqlPassword'], message: 'enter the password of that account' });
  }
  if (kind === 'ntlm' && (typeof answers.sqlDomain !== 'string' || !netbiosDomain.test(answers.sqlDomain.trim()))) {
    ctx.addIssue({ code: 'custom', path: ['sqlDomain'], message: 'enter the domain of the account, e.g. CONTOSO' });
  }
};
