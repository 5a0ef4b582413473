import type { SiteManifest } from '../../../shared/manifest';
import {
  SETUP_PAGE_IDS,
  setupPageOrder,
  SYSTEM_CHECK_PAGE_ID,
} from '../../../shared/procedures/management-server-setup';
import type { PageDescriptor } from '../../../shared/run-contract';
import { SETUP_RELATIVE_PATH } from '../../knowledge/service-manager/facts';
import type { Variant } from './site';

/** The Setup flows' pages, mirroring Setup.exe's own. */
export function pages(variant: Variant, manifest: SiteManifest): PageDescriptor[] {
  const account = (prefix: string, who: string) => [
    { name: `${prefix}User`, label: `${who}: user name`, kind: 'text' as const, placeholder: 'svc-scsm' },
    { name: `${prefix}Password`, label: `${who}: password`, kind: 'password' as const, secret: true },
    { name: `${prefix}Domain`, label: `${who}: domain`, kind: 'text' as const, placeholder: 'CONTOSO' },
  ];
  const byId: Record<string, PageDescriptor> = {
    [SETUP_PAGE_IDS.server]: {
      id: SETUP_PAGE_IDS.server,
      title: 'Server to restore',
      description:
        'The management server that was lost. This computer must carry its name, and its encryption key must already be restored here.',
      fields: [
        {
          name: 'server',
          label: 'Lost management server',
          kind: 'select',
          options: variant.candidates(manifest).map((server) => ({
            value: server.netbiosName,
            label: server.netbiosName,
            detail: server.fqdn,
          })),
        },
      ],
    },
    [SETUP_PAGE_IDS.media]: {
      id: SETUP_PAGE_IDS.media,
      title: 'Installation media',
      description: 'The Service Manager installation media of the same version as the lost server.',
      fields: [
        {
          name: 'mediaPath',
          label: 'Service Manager media (drive or folder)',
          kind: 'text',
          placeholder: 'D:\\',
          help: `It must contain ${SETUP_RELATIVE_PATH}.`,
        },
      ],
    },
    [SETUP_PAGE_IDS.registration]: {
      id: SETUP_PAGE_IDS.registration,
      title: 'Product registration',
      description: 'As on Setup’s first page. Leave the product key empty to install the evaluation edition.',
      fields: [
        { name: 'registeredOwner', label: 'Name', kind: 'text' },
        { name: 'registeredOrganization', label: 'Organization', kind: 'text' },
        {
          name: 'productKey',
          label: 'Product key',
          kind: 'text',
          secret: true,
          placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
          help: 'Empty installs the evaluation edition, which expires after 180 days: only for a drill or a stopgap.',
        },
        {
          name: 'acceptLicense',
          label: 'I have read, understood, and agree with the terms of the license agreement',
          kind: 'checkbox',
        },
      ],
    },
    [SETUP_PAGE_IDS.location]: {
      id: SETUP_PAGE_IDS.location,
      title: 'Installation location',
      description: 'Where Setup installs Service Manager on this computer.',
      fields: [{ name: 'installPath', label: 'Folder', kind: 'text' }],
      lookup: {
        id: 'install-space',
        inputs: ['installPath'],
        required: true,
        pendingMessage: 'Reading the free space of the drive…',
      },
    },
    [SYSTEM_CHECK_PAGE_ID]: {
      id: SYSTEM_CHECK_PAGE_ID,
      title: 'System check results',
      description: 'What this computer offers Setup. A failed check blocks Next; a warning is for you to judge.',
      fields: [],
      lookup: {
        id: 'system-check',
        inputs: ['installPath'],
        required: true,
        pendingMessage: 'Checking this computer…',
      },
    },
    [SETUP_PAGE_IDS.database]: {
      id: SETUP_PAGE_IDS.database,
      title:
        variant.variant === 'data-warehouse'
          ? 'Configure the data warehouse databases'
          : 'Configure the Service Manager database',
      description:
        variant.variant === 'data-warehouse'
          ? 'The Staging and Configuration database that survived (or was restored). DWRepository must be on the same instance.'
          : 'The ServiceManager database that survived (or was restored). Setup joins it; it never creates a new one in a recovery.',
      fields: [
        {
          name: 'sqlServer',
          label:
            variant.variant === 'data-warehouse' ? 'Staging and Configuration: database server' : 'Database server',
          kind: 'text',
          placeholder: 'SQLSM01\\SCSM',
          help: 'computer\\instance, computer,port, or computer for the default instance.',
        },
        {
          name: 'useExistingDatabase',
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
        {
          name: 'database',
          label: 'Database name',
          kind: 'select',
          options: [{ value: variant.database, label: variant.database }],
        },
      ],
      lookup: {
        id: 'databases',
        inputs: ['sqlServer', 'database'],
        required: true,
        pendingMessage: 'Connecting to the database server…',
      },
    },
    [SETUP_PAGE_IDS.managementGroup]: {
      id: SETUP_PAGE_IDS.managementGroup,
      title:
        variant.variant === 'data-warehouse'
          ? 'Configure the data warehouse management group'
          : 'Configure the Service Manager management group',
      description: 'Read from the existing database: Setup keeps the management group it finds there.',
      fields: [
        { name: 'managementGroupName', label: 'Management group name', kind: 'text', readOnly: true },
        {
          name: 'administrators',
          label: 'Management group administrators',
          kind: 'text',
          readOnly: true,
          help: 'As recorded in the recovery kit’s manifest when the site was prepared.',
        },
      ],
      lookup: {
        id: 'management-group',
        inputs: ['sqlServer', 'database'],
        required: true,
        pendingMessage: 'Reading the management group from the database…',
      },
    },
    [SETUP_PAGE_IDS.reporting]: {
      id: SETUP_PAGE_IDS.reporting,
      title: 'Configure the reporting server for the data warehouse',
      description: 'The ORIGINAL report server URL: the data warehouse’s reports are deployed there.',
      fields: [
        {
          name: 'reportingServerUrl',
          label: 'Report server URL',
          kind: 'text',
          changeWarning:
            'This is not the URL the manifest records. Only change it if the report server itself moved: the reports of the data warehouse live on the original one.',
        },
      ],
    },
    [SETUP_PAGE_IDS.serviceAccount]: {
      id: SETUP_PAGE_IDS.serviceAccount,
      title: 'Configure the account for Service Manager services',
      description:
        'A domain account, as on the lost server. Setup receives the passwords on its command line, where local administrators can see them while it runs.',
      fields: [
        ...account('service', 'Services account'),
        ...(variant.variant === 'data-warehouse'
          ? []
          : [
              {
                name: 'workflowSameAccount',
                label: 'Use the same account for workflows',
                kind: 'checkbox' as const,
              },
              ...account('workflow', 'Workflow account').map((field) => ({
                ...field,
                visibleWhen: { field: 'workflowSameAccount', equals: false },
              })),
            ]),
      ],
      lookup: {
        id: 'service-account',
        buttonLabel: 'Test Credentials',
        inputs: [
          'serviceDomain',
          'serviceUser',
          'servicePassword',
          'workflowSameAccount',
          'workflowDomain',
          'workflowUser',
          'workflowPassword',
        ],
        required: true,
        pendingMessage: 'Select Test Credentials: Next waits until the credentials are accepted.',
      },
    },
    [SETUP_PAGE_IDS.reportingAccount]: {
      id: SETUP_PAGE_IDS.reportingAccount,
      title: 'Configure the reporting account',
      description: 'The account the data warehouse uses to reach the report server.',
      fields: account('reporting', 'Reporting account'),
      lookup: {
        id: 'reporting-account',
        buttonLabel: 'Test Credentials',
        inputs: ['reportingDomain', 'reportingUser', 'reportingPassword'],
        required: true,
        pendingMessage: 'Select Test Credentials: Next waits until the credentials are accepted.',
      },
    },
    [SETUP_PAGE_IDS.improvement]: {
      id: SETUP_PAGE_IDS.improvement,
      title: 'Help improve System Center',
      description: 'Whether this server sends usage data and error reports to Microsoft.',
      fields: [
        { name: 'ceip', label: 'Join the Customer Experience Improvement Program', kind: 'checkbox' },
        { name: 'errorReporting', label: 'Send error reports', kind: 'checkbox' },
      ],
    },
    [SETUP_PAGE_IDS.updates]: {
      id: SETUP_PAGE_IDS.updates,
      title: 'Use Microsoft Update',
      description: 'Whether Windows Update also offers updates for Service Manager.',
      fields: [{ name: 'useMicrosoftUpdate', label: 'Use Microsoft Update', kind: 'checkbox' }],
    },
  };
  return setupPageOrder(variant.variant).map((id) => {
    const page = byId[id];
    if (!page) throw new Error(`The Setup flows have no page ${id}.`);
    return page;
  });
}
