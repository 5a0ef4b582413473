import { z } from 'zod';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';

/**
 * Answers of the three flows that run Service Manager's Setup.exe: restore a management server,
 * restore the data warehouse management server, install an additional management server. Their
 * pages mirror Setup's own, so most shapes are shared and each flow picks its pages.
 */

export type SetupFlowVariant = 'management-server' | 'data-warehouse' | 'additional';

const windowsFolder = /^[A-Za-z]:\\/;
const windowsPath = /^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/;
const productKey = /^([A-Za-z0-9]{5}-){4}[A-Za-z0-9]{5}$/;
const netbiosDomain = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

const account = (prefix: string, who: string) => ({
  [`${prefix}Domain`]: z.string().trim().regex(netbiosDomain, `enter the domain of the ${who}, e.g. CONTOSO`),
  [`${prefix}User`]: z
    .string()
    .trim()
    .min(1, `enter the user name of the ${who}`)
    .regex(/^[^\\/@]+$/, 'enter the user name alone; the domain has its own box'),
  [`${prefix}Password`]: z.string().min(1, `enter the password of the ${who}`).max(256),
});

const shapes = {
  server: { server: z.string().min(1, 'choose the management server that was lost') },
  media: {
    mediaPath: z.string().trim().regex(windowsPath, 'give the drive or folder of the Service Manager media, e.g. D:\\'),
  },
  registration: {
    registeredOwner: z.string().trim().min(1, 'enter the name to register Service Manager to'),
    registeredOrganization: z.string().trim().min(1, 'enter the organization'),
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
    installPath: z
      .string()
      .trim()
      .regex(windowsFolder, 'give a local folder, e.g. C:\\Program Files\\Microsoft System Center\\Service Manager'),
  },
  database: {
    sqlServer: sqlServerNameField,
    useExistingDatabase: z.literal('existing', { message: 'recovery uses the existing database' }),
    database: databaseNameField,
  },
  managementGroup: {
    managementGroupName: z.string().min(1, 'wait until the management group is read from the database'),
    administrators: z.string(),
  },
  /** The data warehouse has no workflow account. */
  dwServiceAccount: account('service', 'services account'),
  serviceAccount: {
    ...account('service', 'services account'),
    workflowSameAccount: z.boolean(),
    workflowDomain: z.string().trim(),
    workflowUser: z.string().trim(),
    workflowPassword: z.string().max(256),
  },
  reporting: {
    reportingServerUrl: z.url({ message: 'enter the report server URL, e.g. http://sqlrs01/ReportServer' }),
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
