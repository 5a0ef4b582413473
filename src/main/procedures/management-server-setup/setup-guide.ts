import { findDatabase, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import type { SetupPageGuide, SetupValue } from '../../../shared/run-contract';
import { workflowAccount, type Answers, type Variant } from './site';

/**
 * Setup's own pages, in Setup's order, with the values to enter on each: the operator reads them
 * while typing into Setup's wizard. A password is named, never shown, and never copied.
 */

const shown = (label: string, value: string): SetupValue => ({ label, value, secret: false });
const typed = (label: string): SetupValue => ({
  label,
  value: 'type it yourself: the wizard never shows it',
  secret: true,
});
const yesNo = (value: boolean | undefined) => (value === true ? 'Yes' : 'No');

function accountPage(title: string, domain = '', user = ''): SetupPageGuide {
  return { title, values: [shown('Domain', domain), shown('User name', user), typed('Password')] };
}

export function setupGuide(variant: Variant, answers: Answers, manifest: SiteManifest): SetupPageGuide[] {
  const pages: SetupPageGuide[] = [
    {
      title: 'Product registration',
      values: [
        shown('Name', answers.registeredOwner),
        shown('Organization', answers.registeredOrganization),
        answers.productKey.trim() === ''
          ? shown('Product key', 'leave empty: the evaluation edition, which expires')
          : typed('Product key'),
        shown('License terms', 'I have read, understood, and agree with the terms of the license agreement'),
      ],
    },
    { title: 'Installation location', values: [shown('Location', answers.installPath)] },
  ];
  if (variant.variant === 'data-warehouse') {
    const databases: SetupValue[] = [
      shown('Staging and Configuration: database server', answers.sqlServer),
      shown('Staging and Configuration: database', `Use an existing database: ${answers.database}`),
    ];
    for (const role of ['DWRepository', 'DWDataMart', 'OMDWDataMart', 'CMDWDataMart'] as const) {
      const db = findDatabase(manifest, role);
      if (db) {
        databases.push(
          shown(`${role}: database server`, sqlServerDisplayName(db)),
          shown(`${role}: database`, `Use an existing database: ${db.name}`),
        );
      }
    }
    pages.push(
      { title: 'Configure the data warehouse databases', values: databases },
      {
        title: 'Configure the reporting server for the data warehouse',
        values: [shown('Report server URL', answers.reportingServerUrl ?? '')],
      },
      accountPage('Configure the account for Service Manager services', answers.serviceDomain, answers.serviceUser),
      accountPage('Configure the reporting account', answers.reportingDomain, answers.reportingUser),
    );
  } else {
    const workflow = workflowAccount(answers);
    pages.push(
      {
        title: 'Configure the Service Manager database',
        values: [
          shown('Database server', answers.sqlServer),
          shown('Database', `Use an existing database: ${answers.database}`),
        ],
      },
      accountPage('Configure the account for Service Manager services', answers.serviceDomain, answers.serviceUser),
      accountPage('Configure the Service Manager workflow account', workflow.domain, workflow.user),
    );
  }
  pages.push({
    title: 'Help improve System Center',
    values: [
      shown('Customer Experience Improvement Program', yesNo(answers.ceip)),
      shown('Error reporting', yesNo(answers.errorReporting)),
    ],
  });
  if (variant.variant === 'data-warehouse') {
    pages.push({
      title: 'Use Microsoft Update',
      values: [shown('Use Microsoft Update', yesNo(answers.useMicrosoftUpdate))],
    });
  }
  return pages;
}

/** The same pages as lines, for the plan's text and the step's output. */
export function guideLines(pages: readonly SetupPageGuide[]): string[] {
  return pages.map(
    (page) => `${page.title}: ${page.values.map((value) => `${value.label} = ${value.value}`).join('; ')}.`,
  );
}
