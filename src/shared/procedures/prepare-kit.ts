import { z } from 'zod';
import { definePage, definePages, type AnswerField, type PageFields, type ProcedureAnswers } from '../procedure-pages';
import { passwordField, pathField } from '../validation/text-rules';
import { SECURE_STORAGE_RELATIVE_PATH } from './encryption-key';
import { serviceManagerMediaField } from './service-manager-media';
import { sqlAccountRule, sqlSignInFields } from './sql-sign-in';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';
import { accountNameProblem, addProblem, domainProblem, splitWindowsAccount } from '../validation/text-rules';
import { productKeySchema } from './management-server-setup';

/**
 * The pages of "Prepare the recovery kit": where the kit goes, how the wizard signs in to the
 * site's SQL Servers, what discovery found, and the passwords that protect the key files.
 */

const kitPage = definePage({
  id: 'kit',
  title: 'Recovery kit',
  description:
    'The wizard finds the site from this computer: its registry names the databases, the ServiceManager database names the other management servers. Everything the recovery procedures need is written into one folder, with an index of every file and its SHA-256.',
  fields: {
    kitFolder: {
      schema: pathField(
        { kind: 'folder', where: 'local-or-unc', appended: 80 },
        'give the kit folder, e.g. \\\\FS01\\RecoveryKit',
      ),
      label: 'Kit folder',
      kind: 'text',
      placeholder: 'e.g. \\\\FS01\\RecoveryKit',
      help: 'A share or a local folder. SQL Server’s service accounts write the database backups there, so a share they may write to is best. A previous kit there is compared with what is found now.',
    },
    mediaPath: serviceManagerMediaField(
      SECURE_STORAGE_RELATIVE_PATH,
      'give the drive or folder of the Service Manager media, e.g. D:\\',
    ),
  },
});

/**
 * Orchestrator is a product of its own: nothing of Service Manager names its database, and its
 * servers keep it where only they can read it. The operator names it once (or says there is none);
 * left empty, the previous kit's manifest says where it is. Its servers are then read from it.
 */
const orchestratorFields = {
  noOrchestrator: {
    schema: z.boolean(),
    label: 'This site has no Orchestrator',
    kind: 'checkbox',
    help: 'The kit then says so, and its readiness summary lists an Orchestrator recovery as not possible from it.',
  },
  orchestratorSqlServer: {
    schema: z.string().trim().max(300),
    label: 'Orchestrator database’s SQL Server',
    kind: 'text',
    placeholder: 'e.g. SQLORCH01 or SQLORCH01\\INSTANCE',
    help: 'Empty: where the previous kit in the kit folder says. The Orchestrator servers are read from that database.',
    visibleWhen: { field: 'noOrchestrator', equals: false },
  },
  orchestratorDatabase: {
    schema: z.string().trim().max(300),
    label: 'Orchestrator database',
    kind: 'text',
    placeholder: 'e.g. Orchestrator',
    visibleWhen: { field: 'noOrchestrator', equals: false },
  },
} satisfies PageFields;

/** A named SQL Server is checked like every other; its database then has a name too. */
function orchestratorRule(answers: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (answers.noOrchestrator === true) return;
  const server = typeof answers.orchestratorSqlServer === 'string' ? answers.orchestratorSqlServer.trim() : '';
  const database = typeof answers.orchestratorDatabase === 'string' ? answers.orchestratorDatabase.trim() : '';
  if (server === '') return;
  const serverProblem = sqlServerNameField.safeParse(server);
  if (!serverProblem.success) addProblem(ctx, ['orchestratorSqlServer'], serverProblem.error.issues[0]?.message ?? '');
  const databaseProblem = databaseNameField.safeParse(database);
  if (!databaseProblem.success)
    addProblem(ctx, ['orchestratorDatabase'], databaseProblem.error.issues[0]?.message ?? '');
}

const sitePage = definePage({
  id: 'site',
  title: 'The site',
  description:
    'How the wizard signs in to the site’s SQL Servers, where the Orchestrator database is, then what it found. Check the list: it becomes the kit’s manifest (site.json), and a previous one is kept beside it.',
  fields: { ...sqlSignInFields, ...orchestratorFields },
  refine: (answers, ctx) => {
    sqlAccountRule(answers, ctx);
    orchestratorRule(answers, ctx);
  },
  lookup: {
    id: 'discover',
    buttonLabel: 'Find the site',
    inputs: ['kitFolder', ...Object.keys(sqlSignInFields), ...Object.keys(orchestratorFields)],
    required: true,
    pendingMessage: 'Find the site and check what was found before going on.',
  },
});

const passwordsPage = definePage({
  id: 'passwords',
  title: 'Passwords',
  description:
    'The encryption key files and the SQL Server service master key files are protected by passwords. Keep them offline, apart from the kit: without them the files cannot be restored, and nobody can recover a lost one.',
  fields: {
    keyPassword: {
      schema: passwordField({ max: 256, reader: 'console' }),
      label: 'Password for the encryption key files',
      kind: 'password',
      secret: true,
    },
    confirmKeyPassword: {
      schema: z.string(),
      label: 'Type the key files’ password again',
      kind: 'password',
      secret: true,
    },
    masterKeyPassword: {
      // A T-SQL literal (the grammar takes no variable there): the escaper refuses NUL, so does the answer.
      schema: passwordField({ max: 128, reader: 'program' }),
      label: 'Password for the service master key files',
      kind: 'password',
      secret: true,
      help: 'Each SQL Server holding the Orchestrator database has its own service master key.',
    },
    confirmMasterKeyPassword: {
      schema: z.string(),
      label: 'Type the service master key files’ password again',
      kind: 'password',
      secret: true,
    },
  },
  refine(answers, ctx) {
    if (answers.keyPassword.length < 8) {
      ctx.addIssue({ code: 'custom', path: ['keyPassword'], message: 'the password has at least 8 characters' });
    }
    if (answers.confirmKeyPassword !== answers.keyPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmKeyPassword'], message: 'the two passwords do not match' });
    }
    if (answers.masterKeyPassword.length < 10) {
      ctx.addIssue({
        code: 'custom',
        path: ['masterKeyPassword'],
        message: 'use at least 10 characters: this password is all that protects the key',
      });
    }
    if (answers.confirmMasterKeyPassword !== answers.masterKeyPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmMasterKeyPassword'], message: 'the two passwords do not match' });
    }
  },
});

/** Why `value` cannot be DOMAIN\\user, or null; empty is allowed (nothing to remember). */
function windowsAccountProblem(value: string): string | null {
  if (value === '') return null;
  const account = splitWindowsAccount(value);
  if (!account) return 'write the account as DOMAIN\\user, e.g. CONTOSO\\svc-scsm';
  return domainProblem(account.domain, 'CONTOSO') ?? accountNameProblem(account.user);
}

function setupAccountFields<const P extends string>(prefix: P, who: string, placeholder: string) {
  const fields: Record<string, AnswerField<z.ZodType<string>>> = {
    [`${prefix}Account`]: {
      schema: z
        .string()
        .trim()
        .superRefine((value, ctx) => addProblem(ctx, [], windowsAccountProblem(value))),
      label: who,
      kind: 'text',
      placeholder,
    },
    [`${prefix}Password`]: {
      schema: passwordField({ max: 256, reader: 'program' }),
      label: `${who}: password`,
      kind: 'password',
      secret: true,
      help: 'Empty: nothing new is remembered; a password remembered before stays.',
    },
  };
  return fields as Record<`${P}Account` | `${P}Password`, AnswerField<z.ZodType<string>>>;
}

/**
 * What Setup asks on a rebuilt server and no file of the kit can hold: the accounts' passwords
 * and the product key. Each is optional; what is typed is remembered in this computer's OS
 * keychain (never in the kit), so Setup's pages need not be typed in an outage.
 */
const setupSecretsPage = definePage({
  id: 'setup-secrets',
  title: 'Setup’s accounts',
  description:
    'Optional. Service Manager’s Setup asks for the services account’s password, the data warehouse’s reporting account’s and the product key on a rebuilt server. Typed here, they are remembered in this computer’s OS keychain (never in the kit), tested first, and Setup’s pages take them from there.',
  fields: {
    ...setupAccountFields('setupService', 'Services account', 'e.g. CONTOSO\\svc-scsm'),
    ...setupAccountFields('setupReporting', 'Reporting account (data warehouse)', 'e.g. CONTOSO\\svc-scsm-reporting'),
    setupProductKey: {
      schema: productKeySchema,
      label: 'Product key',
      kind: 'text',
      secret: true,
      placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
      help: 'Empty: nothing new is remembered.',
    },
  },
  refine(answers, ctx) {
    for (const prefix of ['setupService', 'setupReporting'] as const) {
      if (answers[`${prefix}Password`] !== '' && answers[`${prefix}Account`].trim() === '') {
        addProblem(ctx, [`${prefix}Account`], 'name the account this password belongs to, as DOMAIN\\user');
      }
    }
  },
  lookup: {
    id: 'setup-accounts',
    buttonLabel: 'Test Credentials',
    inputs: ['setupServiceAccount', 'setupServicePassword', 'setupReportingAccount', 'setupReportingPassword'],
    required: true,
    pendingMessage: 'Select Test Credentials: a password is remembered only once it is accepted.',
  },
});

export const prepareKitPages = definePages([kitPage, sitePage, passwordsPage, setupSecretsPage]);
export type PrepareKitAnswers = ProcedureAnswers<typeof prepareKitPages.definitions>;
