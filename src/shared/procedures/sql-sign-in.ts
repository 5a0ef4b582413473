import { z } from 'zod';
import { definePage, type PageAnswers, type PageFields } from '../procedure-pages';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';
import {
  accountNameProblem,
  addProblem,
  domainProblem,
  passwordField,
  singleLineField,
  singleLineProblem,
} from '../validation/text-rules';

/**
 * How a procedure reaches a SQL Server: its name, how the wizard signs in, and whether a
 * certificate no trusted authority issued is accepted. The database restores and Orchestrator
 * share it.
 */

export const SQL_AUTHENTICATION_KINDS = ['integrated', 'sql-login', 'ntlm'] as const;

/** A SQL Server login's name and password are sysname: at most 128 characters. */
const SQL_LOGIN_MAX = 128;
/** A Windows password, for NTLM. */
const WINDOWS_PASSWORD_MAX = 256;

const ACCOUNT_KINDS = ['sql-login', 'ntlm'];

/** The fields after the server's name: how to sign in, and whether to trust a self-signed certificate. */
export const sqlSignInFields = {
  authentication: {
    schema: z.enum(SQL_AUTHENTICATION_KINDS),
    label: 'Sign in with',
    kind: 'select',
    options: [
      { value: 'integrated', label: 'Windows integrated', detail: 'The account running the wizard (Windows only)' },
      { value: 'sql-login', label: 'SQL Server login', detail: 'sa or another sysadmin login' },
      { value: 'ntlm', label: 'Domain account (NTLM)', detail: 'A sysadmin domain account other than yours' },
    ],
  },
  sqlDomain: {
    schema: singleLineField({ max: 253 }).optional(),
    label: 'Domain',
    kind: 'text',
    placeholder: 'e.g. CONTOSO',
    visibleWhen: { field: 'authentication', equals: 'ntlm' },
  },
  sqlUser: {
    schema: singleLineField({ max: SQL_LOGIN_MAX }).optional(),
    label: 'User name',
    kind: 'text',
    visibleWhen: { field: 'authentication', equals: ACCOUNT_KINDS },
  },
  sqlPassword: {
    schema: passwordField({ max: WINDOWS_PASSWORD_MAX, reader: 'program' }).optional(),
    label: 'Password',
    kind: 'password',
    secret: true,
    help: 'Kept in memory for this run only, never stored: resuming the run after the wizard closes asks for it again.',
    visibleWhen: { field: 'authentication', equals: ACCOUNT_KINDS },
  },
  trustServerCertificate: {
    schema: z.boolean(),
    label: 'Trust this server’s certificate although no trusted authority issued it',
    kind: 'checkbox',
    help: 'The connection is encrypted either way. A freshly installed SQL Server has a self-signed certificate; tick this only for a server you know, because the wizard then cannot tell it from an impostor.',
  },
} satisfies PageFields;

/** What signing in reads: the server's name and the sign-in fields. */
export const SQL_SIGN_IN_INPUTS = ['sqlServer', ...Object.keys(sqlSignInFields)];

export type SqlConnectionAnswers = { sqlServer: string } & PageAnswers<typeof sqlSignInFields>;

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

/** A page naming a SQL Server, how to sign in and one database, with Connect required before Next. */
export function sqlDatabasePage(page: { title: string; description: string }) {
  return definePage({
    id: 'database',
    ...page,
    fields: {
      sqlServer: { schema: sqlServerNameField, label: 'SQL Server', kind: 'text', placeholder: 'computer\\instance' },
      ...sqlSignInFields,
      database: { schema: databaseNameField, label: 'Database', kind: 'text' },
    },
    refine: sqlAccountRule,
    lookup: {
      id: 'connect',
      buttonLabel: 'Connect',
      inputs: [...SQL_SIGN_IN_INPUTS, 'database'],
      required: true,
      pendingMessage: 'Connect to the SQL Server before going on.',
    },
  });
}
