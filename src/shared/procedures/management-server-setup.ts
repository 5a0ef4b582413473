import { z } from 'zod';
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

/**
 * Answers of the three flows that run Service Manager's Setup.exe: restore a management server,
 * restore the data warehouse management server, install an additional management server. Their
 * pages mirror Setup's own, so most shapes are shared and each flow picks its pages.
 */

export type SetupFlowVariant = 'management-server' | 'data-warehouse' | 'additional';

const productKey = /^([A-Za-z0-9]{5}-){4}[A-Za-z0-9]{5}$/;

/** Where Setup.exe is on the Service Manager media. */
export const SETUP_RELATIVE_PATH = 'Setup.exe';

/**
 * Free text on Setup's command line. The wizard takes at most this much, which keeps a value
 * readable in the plan and the whole command line far below Windows' 32,767 characters.
 */
const FREE_TEXT_MAX = 256;
/** A Windows account password (LogonUser takes at most 256 characters). */
const ACCOUNT_PASSWORD_MAX = 256;

/**
 * An account Setup is given as `DOMAIN\user\password` on one argument: the domain and user
 * cannot hold a backslash, the password reaches Setup through its command line.
 */
const account = (prefix: string, who: string) => ({
  [`${prefix}Domain`]: z
    .string()
    .trim()
    .superRefine((value, ctx) => addProblem(ctx, [], domainProblem(value, 'CONTOSO'))),
  [`${prefix}User`]: z
    .string()
    .trim()
    .min(1, `enter the user name of the ${who}`)
    .superRefine((value, ctx) => addProblem(ctx, [], accountNameProblem(value))),
  [`${prefix}Password`]: passwordField({
    max: ACCOUNT_PASSWORD_MAX,
    reader: 'program',
    missing: `enter the password of the ${who}`,
  }),
});

const shapes = {
  server: { server: computerNameField('choose the management server that was lost') },
  media: {
    mediaPath: pathField(
      { kind: 'folder', where: 'local-or-unc', appended: SETUP_RELATIVE_PATH.length + 1 },
      'give the drive or folder of the Service Manager media, e.g. D:\\',
    ),
  },
  registration: {
    registeredOwner: singleLineField({ missing: 'enter the name to register Service Manager to', max: FREE_TEXT_MAX }),
    registeredOrganization: singleLineField({ missing: 'enter the organization', max: FREE_TEXT_MAX }),
    productKey: z
      .string()
      .trim()
      .refine(
        (key) => key === '' || productKey.test(key),
        'a product key is 25 characters in 5 groups: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
      ),
    acceptLicense: z.literal(true, { message: 'accept the license terms to go on' }),
  },
  location: {
    installPath: pathField(
      { kind: 'folder', where: 'local' },
      'give a local folder, e.g. C:\\Program Files\\Microsoft System Center\\Service Manager',
    ),
  },
  database: {
    sqlServer: sqlServerNameField,
    useExistingDatabase: z.literal('existing', { message: 'recovery uses the existing database' }),
    database: databaseNameField,
  },
  managementGroup: {
    managementGroupName: singleLineField({
      missing: 'wait until the management group is read from the database',
      max: FREE_TEXT_MAX,
    }),
    administrators: singleLineField({ max: FREE_TEXT_MAX }),
  },
  /** The data warehouse has no workflow account. */
  dwServiceAccount: account('service', 'services account'),
  serviceAccount: {
    ...account('service', 'services account'),
    workflowSameAccount: z.boolean(),
    workflowDomain: singleLineField({ max: FREE_TEXT_MAX }),
    workflowUser: singleLineField({ max: FREE_TEXT_MAX }),
    workflowPassword: passwordField({ max: ACCOUNT_PASSWORD_MAX, reader: 'program' }),
  },
  reporting: {
    reportingServerUrl: z
      .url({ protocol: /^https?$/, message: 'enter the report server URL, e.g. http://sqlrs01/ReportServer' })
      .max(2048, 'a URL has at most 2,048 characters here')
      .superRefine((value, ctx) => addProblem(ctx, [], singleLineProblem(value))),
  },
  reportingAccount: account('reporting', 'reporting account'),
  improvement: {
    ceip: z.boolean(),
    errorReporting: z.boolean(),
  },
  updates: { useMicrosoftUpdate: z.boolean() },
};

/** The workflow account has its own boxes only when it differs from the services account. */
const workflowRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (answers.workflowSameAccount !== false) return;
  const parsed = z.object(account('workflow', 'workflow account')).safeParse(answers);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
};

const pageIds: Record<SetupFlowVariant, (keyof typeof shapes)[]> = {
  'management-server': [
    'server',
    'media',
    'registration',
    'location',
    'database',
    'managementGroup',
    'serviceAccount',
    'improvement',
  ],
  'data-warehouse': [
    'server',
    'media',
    'registration',
    'location',
    'database',
    'managementGroup',
    'reporting',
    'dwServiceAccount',
    'reportingAccount',
    'improvement',
    'updates',
  ],
  additional: ['media', 'registration', 'location', 'database', 'managementGroup', 'serviceAccount', 'improvement'],
};

/** Page ids as the flows name them; the system check page has no answers of its own. */
export const SETUP_PAGE_IDS = {
  server: 'server',
  media: 'media',
  registration: 'registration',
  location: 'location',
  database: 'database',
  managementGroup: 'management-group',
  serviceAccount: 'service-account',
  dwServiceAccount: 'service-account',
  reporting: 'reporting-server',
  reportingAccount: 'reporting-account',
  improvement: 'improvement',
  updates: 'microsoft-update',
} as const satisfies Record<keyof typeof shapes, string>;

/** Setup's System check results page: it reads the computer and has no answers of its own. */
export const SYSTEM_CHECK_PAGE_ID = 'system-check';

/** The pages of each flow in Setup's order, the system check right after the installation location. */
export function setupPageOrder(variant: SetupFlowVariant): string[] {
  const ids = pageIds[variant].map((id) => SETUP_PAGE_IDS[id]);
  const at = ids.indexOf(SETUP_PAGE_IDS.location) + 1;
  return [...ids.slice(0, at), SYSTEM_CHECK_PAGE_ID, ...ids.slice(at)];
}

export function setupPageSchemas(variant: SetupFlowVariant): Record<string, z.ZodType> {
  const pages: Record<string, z.ZodType> = {};
  for (const id of pageIds[variant]) {
    const schema = z.object(shapes[id]);
    pages[SETUP_PAGE_IDS[id]] = id === 'serviceAccount' ? schema.superRefine(workflowRule) : schema;
  }
  return pages;
}

export function setupAnswersSchema(variant: SetupFlowVariant): z.ZodType<SetupAnswers> {
  const shape = Object.assign({}, ...pageIds[variant].map((id) => shapes[id])) as Record<string, z.ZodType>;
  return z.object(shape).superRefine(workflowRule) as unknown as z.ZodType<SetupAnswers>;
}

export const SETUP_SECRET_FIELDS = ['productKey', 'servicePassword', 'workflowPassword', 'reportingPassword'] as const;

/** What the flows read; fields a variant lacks are absent. */
export type SetupAnswers = {
  server?: string;
  mediaPath: string;
  registeredOwner: string;
  registeredOrganization: string;
  productKey: string;
  acceptLicense: true;
  installPath: string;
  sqlServer: string;
  useExistingDatabase: 'existing';
  database: string;
  managementGroupName: string;
  administrators: string;
  serviceDomain: string;
  serviceUser: string;
  servicePassword: string;
  workflowSameAccount: boolean;
  workflowDomain: string;
  workflowUser: string;
  workflowPassword: string;
  reportingServerUrl?: string;
  reportingDomain?: string;
  reportingUser?: string;
  reportingPassword?: string;
  ceip: boolean;
  errorReporting: boolean;
  useMicrosoftUpdate?: boolean;
};
