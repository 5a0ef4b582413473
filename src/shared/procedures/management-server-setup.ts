import { z } from 'zod';
import type { ManifestServer, SiteManifest } from '../manifest';
import { definePage, definePages, serverChoices, type AnswerField, type ProcedureAnswers } from '../procedure-pages';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';
import {
  accountNameProblem,
  addProblem,
  computerNameField,
  domainProblem,
  passwordField,
  pathField,
  singleLineField,
  singleLineProblem,
} from '../validation/text-rules';
import { dataWarehouseServers, managementServers } from './encryption-key';
import { serviceManagerMediaField } from './service-manager-media';

/**
 * The pages of the three procedures that run Service Manager's Setup.exe: restore a management
 * server, restore the data warehouse management server, install an additional management server.
 * Their pages mirror Setup's own, so most are shared and each procedure lists its own in Setup's
 * order, the system check right after the installation location.
 */

export type SetupFlowVariant = 'management-server' | 'data-warehouse' | 'additional';

/** The database each variant's Setup joins. */
export const SETUP_DATABASE = {
  'management-server': 'ServiceManager',
  'data-warehouse': 'DWStagingAndConfig',
  additional: 'ServiceManager',
} as const satisfies Record<SetupFlowVariant, string>;

const productKey = /^([A-Za-z0-9]{5}-){4}[A-Za-z0-9]{5}$/;

/** Setup's product key, or nothing for the evaluation edition. */
export const productKeySchema = z
  .string()
  .trim()
  .refine(
    (key) => key === '' || productKey.test(key),
    'a product key is 25 characters in 5 groups: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
  );

/** Where Setup.exe is on the Service Manager media. */
export const SETUP_RELATIVE_PATH = 'Setup.exe';

/**
 * Free text on Setup's command line. The wizard takes at most this much, which keeps a value
 * readable in the plan and the whole command line far below Windows' 32,767 characters.
 */
const FREE_TEXT_MAX = 256;
/** A Windows account password (LogonUser takes at most 256 characters). */
const ACCOUNT_PASSWORD_MAX = 256;

interface AccountSchemas {
  user: z.ZodType<string>;
  password: z.ZodType<string>;
  domain: z.ZodType<string>;
}

/**
 * An account Setup is given as `DOMAIN\user\password` on one argument: the domain and user
 * cannot hold a backslash, the password reaches Setup through its command line. The password may
 * be left to the keychain: `rememberedPasswordRule` asks for it otherwise.
 */
function accountSchemas(who: string): AccountSchemas {
  return {
    user: z
      .string()
      .trim()
      .min(1, `enter the user name of the ${who}`)
      .superRefine((value, ctx) => addProblem(ctx, [], accountNameProblem(value))),
    password: passwordField({ max: ACCOUNT_PASSWORD_MAX, reader: 'program' }),
    domain: z
      .string()
      .trim()
      .superRefine((value, ctx) => addProblem(ctx, [], domainProblem(value, 'CONTOSO'))),
  };
}

type AccountFieldName<P extends string> = `${P}User` | `${P}Password` | `${P}Domain`;

/** An account's boxes as Setup's page has them: user name, password, domain. */
function accountFields<const P extends string>(
  prefix: P,
  who: string,
  schemas: AccountSchemas,
  shown: Pick<AnswerField, 'visibleWhen'> = {},
): Record<AccountFieldName<P>, AnswerField<z.ZodType<string>>> {
  const fields: Record<string, AnswerField<z.ZodType<string>>> = {
    [`${prefix}User`]: {
      schema: schemas.user,
      label: `${who}: user name`,
      kind: 'text',
      placeholder: 'e.g. svc-scsm',
      ...shown,
    },
    [`${prefix}Password`]: {
      schema: schemas.password,
      label: `${who}: password`,
      kind: 'password',
      secret: true,
      ...shown,
    },
    [`${prefix}Domain`]: {
      schema: schemas.domain,
      label: `${who}: domain`,
      kind: 'text',
      placeholder: 'e.g. CONTOSO',
      ...shown,
    },
  };
  return fields as Record<AccountFieldName<P>, AnswerField<z.ZodType<string>>>;
}

/**
 * "Use the one remembered": a password or product key "Prepare the recovery kit" left in the OS
 * keychain for this site. Ticked by the wizard when the keychain holds one; the Summary checks it is
 * still there, and the run reads it from there.
 */
function rememberedField(what: string) {
  return {
    // Absent in answers made before the keychain could hold these (journals, API callers): typed then.
    schema: z.boolean().default(false),
    label: `Use the ${what} remembered in the OS keychain`,
    kind: 'checkbox',
    help: `For a kit prepared on this computer with Setup’s accounts filled in: the Summary checks the keychain still holds it. Clear it to type the ${what}.`,
  } as const satisfies AnswerField;
}

/**
 * An account whose password may come from the keychain: "use the one remembered" after the user
 * name, and the password box only while it is cleared.
 */
function rememberedAccountFields<const P extends string>(prefix: P, who: string) {
  const {
    [`${prefix}User`]: user,
    [`${prefix}Password`]: password,
    [`${prefix}Domain`]: domain,
  } = accountFields(prefix, who, accountSchemas(who.toLowerCase())) as Record<string, AnswerField<z.ZodType<string>>>;
  const fields = {
    [`${prefix}User`]: user,
    [`${prefix}UseRemembered`]: rememberedField('password'),
    [`${prefix}Password`]: { ...password, visibleWhen: { field: `${prefix}UseRemembered`, equals: false } },
    [`${prefix}Domain`]: domain,
  };
  return fields as Record<AccountFieldName<P>, AnswerField<z.ZodType<string>>> &
    Record<`${P}UseRemembered`, AnswerField<z.ZodBoolean>>;
}

/** The password is typed unless the keychain's is used. */
function rememberedPasswordRule(prefix: string, who: string) {
  return (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (answers[`${prefix}UseRemembered`] === true) return;
    if (answers[`${prefix}Password`] === '') addProblem(ctx, [`${prefix}Password`], `enter the password of the ${who}`);
  };
}

const workflowSchemas = accountSchemas('workflow account');

/** The workflow account has its own boxes only when it differs from the services account. */
const workflowRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (answers.workflowSameAccount !== false) return;
  const parsed = z
    .object({
      workflowDomain: workflowSchemas.domain,
      workflowUser: workflowSchemas.user,
      workflowPassword: workflowSchemas.password,
    })
    .safeParse(answers);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
};

const isDataWarehouse = (variant: SetupFlowVariant) => variant === 'data-warehouse';

function serverPage(candidates: (manifest: SiteManifest) => ManifestServer[]) {
  return definePage({
    id: 'server',
    title: 'Server to restore',
    description:
      'The management server that was lost. This computer must carry its name, and its encryption key must already be restored here.',
    fields: {
      server: {
        schema: computerNameField('choose the management server that was lost'),
        label: 'Lost management server',
        kind: 'select',
        options: (manifest) => serverChoices(candidates(manifest)),
      },
    },
  });
}

const mediaPage = definePage({
  id: 'media',
  title: 'Installation media',
  description: 'The Service Manager installation media of the same version as the lost server.',
  fields: {
    mediaPath: serviceManagerMediaField(
      SETUP_RELATIVE_PATH,
      'give the drive or folder of the Service Manager media, e.g. D:\\',
    ),
  },
});

const registrationPage = definePage({
  id: 'registration',
  title: 'Product registration',
  description: 'As on Setup’s first page. Leave the product key empty to install the evaluation edition.',
  fields: {
    registeredOwner: {
      schema: singleLineField({ missing: 'enter the name to register Service Manager to', max: FREE_TEXT_MAX }),
      label: 'Name',
      kind: 'text',
    },
    registeredOrganization: {
      schema: singleLineField({ missing: 'enter the organization', max: FREE_TEXT_MAX }),
      label: 'Organization',
      kind: 'text',
    },
    productKeyUseRemembered: rememberedField('product key'),
    productKey: {
      schema: productKeySchema,
      label: 'Product key',
      kind: 'text',
      secret: true,
      placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
      help: 'Empty installs the evaluation edition, which expires after 180 days: only for a drill or a stopgap.',
      visibleWhen: { field: 'productKeyUseRemembered', equals: false },
    },
    acceptLicense: {
      schema: z.literal(true, { message: 'accept the license terms to go on' }),
      label: 'I have read, understood, and agree with the terms of the license agreement',
      kind: 'checkbox',
    },
  },
});

const locationPage = definePage({
  id: 'location',
  title: 'Installation location',
  description: 'Where Setup installs Service Manager on this computer.',
  fields: {
    installPath: {
      schema: pathField(
        { kind: 'folder', where: 'local' },
        'give a local folder, e.g. C:\\Program Files\\Microsoft System Center\\Service Manager',
      ),
      label: 'Folder',
      kind: 'text',
    },
  },
  lookup: {
    id: 'install-space',
    inputs: ['installPath'],
    required: true,
    pendingMessage: 'Reading the free space of the drive…',
  },
});

/** Setup's System check results page: it reads the computer and has no answers of its own. */
const systemCheckPage = definePage({
  id: 'system-check',
  title: 'System check results',
  description: 'What this computer offers Setup. A failed check blocks Next; a warning is for you to judge.',
  fields: {},
  lookup: {
    id: 'system-check',
    inputs: ['installPath'],
    required: true,
    pendingMessage: 'Checking this computer…',
  },
});

function databasePage(variant: SetupFlowVariant) {
  const database = SETUP_DATABASE[variant];
  return definePage({
    id: 'database',
    title: isDataWarehouse(variant)
      ? 'Configure the data warehouse databases'
      : 'Configure the Service Manager database',
    description: isDataWarehouse(variant)
      ? 'The Staging and Configuration database that survived (or was restored). DWRepository must be on the same instance.'
      : 'The ServiceManager database that survived (or was restored). Setup joins it; it never creates a new one in a recovery.',
    fields: {
      sqlServer: {
        schema: sqlServerNameField,
        label: isDataWarehouse(variant) ? 'Staging and Configuration: database server' : 'Database server',
        kind: 'text',
        placeholder: 'e.g. SQLSM01\\SCSM',
        help: 'computer\\instance, computer,port, or computer for the default instance.',
      },
      useExistingDatabase: {
        schema: z.literal('existing', { message: 'recovery uses the existing database' }),
        label: 'Database',
        kind: 'select',
        options: [
          {
            value: 'existing',
            label: 'Use an existing database',
            detail: 'Creating a new database would start an empty management group: a recovery never does that.',
          },
        ],
      },
      database: {
        schema: databaseNameField,
        label: 'Database name',
        kind: 'select',
        options: [{ value: database, label: database }],
      },
    },
    lookup: {
      id: 'databases',
      inputs: ['sqlServer', 'database'],
      required: true,
      pendingMessage: 'Connecting to the database server…',
    },
  });
}

function managementGroupPage(variant: SetupFlowVariant) {
  return definePage({
    id: 'management-group',
    title: isDataWarehouse(variant)
      ? 'Configure the data warehouse management group'
      : 'Configure the Service Manager management group',
    description: 'Read from the existing database: Setup keeps the management group it finds there.',
    fields: {
      managementGroupName: {
        schema: singleLineField({
          missing: 'wait until the management group is read from the database',
          max: FREE_TEXT_MAX,
        }),
        label: 'Management group name',
        kind: 'text',
        readOnly: true,
      },
      administrators: {
        schema: singleLineField({ max: FREE_TEXT_MAX }),
        label: 'Management group administrators',
        kind: 'text',
        readOnly: true,
        help: 'Read from the database (MOMAdminGroup): Setup keeps this group. Where the manifest records another, the page says so.',
      },
    },
    lookup: {
      id: 'management-group',
      inputs: ['sqlServer', 'database'],
      required: true,
      pendingMessage: 'Reading the management group from the database…',
    },
  });
}

const reportingPage = definePage({
  id: 'reporting-server',
  title: 'Configure the reporting server for the data warehouse',
  description: 'The ORIGINAL report server URL: the data warehouse’s reports are deployed there.',
  fields: {
    reportingServerUrl: {
      schema: z
        .url({ protocol: /^https?$/, message: 'enter the report server URL, e.g. http://sqlrs01/ReportServer' })
        .max(2048, 'a URL has at most 2,048 characters here')
        .superRefine((value, ctx) => addProblem(ctx, [], singleLineProblem(value))),
      label: 'Report server URL',
      kind: 'text',
      changeWarning:
        'This is not the URL the manifest records. Only change it if the report server itself moved: the reports of the data warehouse live on the original one.',
    },
  },
});

const SERVICE_ACCOUNT_PAGE = {
  id: 'service-account',
  title: 'Configure the account for Service Manager services',
  description: 'A domain account, as on the lost server.',
} as const;

/**
 * Asked once per run, where the passwords are typed: unattended Setup takes them on its command
 * line, which every local administrator can read while it runs.
 */
const commandLineConsent = {
  passwordsOnCommandLine: {
    schema: z.literal(true, { message: 'confirm that no one else is signed in to this computer while Setup runs' }),
    label: 'No one else will be signed in to this computer until Setup has finished',
    kind: 'checkbox',
    help: 'Setup receives these passwords on its command line, where any local administrator can read them while it runs. The wizard writes them nowhere.',
  },
} as const;

const serviceAccount = rememberedAccountFields('service', 'Services account');
const servicePasswordRule = rememberedPasswordRule('service', 'services account');

const credentialsLookup = {
  buttonLabel: 'Test Credentials',
  required: true,
  pendingMessage: 'Select Test Credentials: Next waits until the credentials are accepted.',
};

/** The services account, and the workflow account unless it is the same. */
const serviceAccountPage = definePage({
  ...SERVICE_ACCOUNT_PAGE,
  fields: {
    ...serviceAccount,
    workflowSameAccount: {
      schema: z.boolean(),
      label: 'Use the same account for workflows',
      kind: 'checkbox',
      // The manifest does not record the lost server's workflow account: only the operator knows it.
      help: 'Workflows, notifications and connectors then run as the services account. If the lost server ran them as another account, clear this box and give that account.',
    },
    ...accountFields(
      'workflow',
      'Workflow account',
      {
        user: singleLineField({ max: FREE_TEXT_MAX }),
        password: passwordField({ max: ACCOUNT_PASSWORD_MAX, reader: 'program' }),
        domain: singleLineField({ max: FREE_TEXT_MAX }),
      },
      { visibleWhen: { field: 'workflowSameAccount', equals: false } },
    ),
    ...commandLineConsent,
  },
  refine: (answers, ctx) => {
    servicePasswordRule(answers, ctx);
    workflowRule(answers, ctx);
  },
  lookup: {
    id: 'service-account',
    ...credentialsLookup,
    inputs: [
      'serviceDomain',
      'serviceUser',
      'serviceUseRemembered',
      'servicePassword',
      'workflowSameAccount',
      'workflowDomain',
      'workflowUser',
      'workflowPassword',
    ],
  },
});

/** The data warehouse has no workflow account. */
const dwServiceAccountPage = definePage({
  ...SERVICE_ACCOUNT_PAGE,
  fields: serviceAccount,
  refine: servicePasswordRule,
  lookup: {
    id: 'service-account',
    ...credentialsLookup,
    inputs: ['serviceDomain', 'serviceUser', 'serviceUseRemembered', 'servicePassword'],
  },
});

const reportingAccountPage = definePage({
  id: 'reporting-account',
  title: 'Configure the reporting account',
  description: 'The account the data warehouse uses to reach the report server.',
  fields: rememberedAccountFields('reporting', 'Reporting account'),
  refine: rememberedPasswordRule('reporting', 'reporting account'),
  lookup: {
    id: 'reporting-account',
    ...credentialsLookup,
    inputs: ['reportingDomain', 'reportingUser', 'reportingUseRemembered', 'reportingPassword'],
  },
});

const improvementPage = definePage({
  id: 'improvement',
  title: 'Help improve System Center',
  description: 'Whether this server sends usage data and error reports to Microsoft.',
  fields: {
    ceip: { schema: z.boolean(), label: 'Join the Customer Experience Improvement Program', kind: 'checkbox' },
    errorReporting: { schema: z.boolean(), label: 'Send error reports', kind: 'checkbox' },
  },
});

const updatesPage = definePage({
  id: 'microsoft-update',
  title: 'Use Microsoft Update',
  description: 'Whether Windows Update also offers updates for Service Manager.',
  fields: { useMicrosoftUpdate: { schema: z.boolean(), label: 'Use Microsoft Update', kind: 'checkbox' } },
});

export const setupPages = {
  'management-server': definePages([
    serverPage(managementServers),
    mediaPage,
    registrationPage,
    locationPage,
    systemCheckPage,
    databasePage('management-server'),
    managementGroupPage('management-server'),
    serviceAccountPage,
    improvementPage,
  ]),
  'data-warehouse': definePages([
    serverPage(dataWarehouseServers),
    mediaPage,
    registrationPage,
    locationPage,
    systemCheckPage,
    databasePage('data-warehouse'),
    managementGroupPage('data-warehouse'),
    reportingPage,
    dwServiceAccountPage,
    reportingAccountPage,
    improvementPage,
    updatesPage,
  ]),
  additional: definePages([
    mediaPage,
    registrationPage,
    locationPage,
    systemCheckPage,
    databasePage('additional'),
    managementGroupPage('additional'),
    serviceAccountPage,
    improvementPage,
  ]),
};

type ManagementServerAnswers = ProcedureAnswers<(typeof setupPages)['management-server']['definitions']>;
type DataWarehouseAnswers = ProcedureAnswers<(typeof setupPages)['data-warehouse']['definitions']>;

/**
 * What the three procedures read, as one type: a management server's answers, the lost server
 * absent for an additional one, and the data warehouse's reporting answers where it has them.
 */
export type SetupAnswers = Omit<ManagementServerAnswers, 'server'> & { server?: string } & Partial<
    Omit<DataWarehouseAnswers, keyof ManagementServerAnswers>
  >;

/** A variant's answers' schema, typed as the one answer type the three procedures share. */
export function setupAnswersSchema(variant: SetupFlowVariant): z.ZodType<SetupAnswers> {
  return setupPages[variant].answers as unknown as z.ZodType<SetupAnswers>;
}
