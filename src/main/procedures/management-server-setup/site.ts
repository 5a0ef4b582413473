import type { ManifestServer, SiteManifest } from '../../../shared/manifest';
import {
  SETUP_DATABASE,
  type SetupAnswers,
  type SetupFlowVariant,
} from '../../../shared/procedures/management-server-setup';
import { dataWarehouseServers, managementServers } from '../../../shared/procedures/encryption-key';
import type { FlowId } from '../../../shared/run-contract';
import { OperatorError } from '../../engine/errors';
import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import { SM_SERVICES, SM_SETUP_REGISTRY_KEY } from '../../knowledge/service-manager/facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import { sqlTarget } from '../common/sql-connection';
import { REMEMBERED_PRODUCT_KEY, rememberedAccountAnswer, type RememberedAnswer } from '../common/setup-secrets';

/** What the three Setup flows share: their variants, answers and the small helpers every part uses. */
export type Answers = SetupAnswers;

export interface Variant {
  id: FlowId;
  variant: SetupFlowVariant;
  title: string;
  scenario: string;
  summary: string;
  source: string;
  /** Which database Setup reuses, and the registry values that must name it afterwards. */
  database: 'ServiceManager' | 'DWStagingAndConfig';
  registryServerValue: string;
  registryDatabaseValue: string;
  /** The servers a restore may rebuild; empty for a new additional server. */
  candidates(manifest: SiteManifest): ManifestServer[];
  managementGroup(manifest: SiteManifest): string | undefined;
  /** The administrators group the manifest records for that management group, if any. */
  administrators(manifest: SiteManifest): string | undefined;
}

export const VARIANTS: Record<SetupFlowVariant, Variant> = {
  'management-server': {
    id: 'restore-management-server',
    variant: 'management-server',
    title: 'Restore a Service Manager management server',
    scenario: 'A Service Manager management server is lost and is rebuilt under the same name.',
    summary:
      'Checks that this computer has the lost server’s name and its restored encryption key, then runs Setup against the existing ServiceManager database.',
    source:
      'Implement Service Manager disaster recovery: "Recover a management server"; Disaster Recovery Scenarios Overview',
    database: SETUP_DATABASE['management-server'],
    registryServerValue: 'DatabaseServerName',
    registryDatabaseValue: 'DatabaseName',
    candidates: managementServers,
    managementGroup: (manifest) => manifest.managementGroupName,
    administrators: (manifest) => manifest.managementGroupAdministrators,
  },
  'data-warehouse': {
    id: 'restore-dw-management-server',
    variant: 'data-warehouse',
    title: 'Restore the data warehouse management server',
    scenario: 'The data warehouse management server is lost and is rebuilt under the same name.',
    summary:
      'Checks this computer’s name and restored key, then guides Setup against the existing DWStagingAndConfig database with the original reporting server URL.',
    source:
      'Implement Service Manager disaster recovery: "Recover a data warehouse management server"; Disaster Recovery Scenarios Overview',
    database: SETUP_DATABASE['data-warehouse'],
    registryServerValue: 'StagingSQLInstance',
    registryDatabaseValue: 'StagingDatabaseName',
    candidates: dataWarehouseServers,
    managementGroup: (manifest) => manifest.dataWarehouseManagementGroupName,
    // The manifest records the Service Manager management group's administrators only.
    administrators: () => undefined,
  },
  additional: {
    id: 'install-additional-management-server',
    variant: 'additional',
    title: 'Install an additional management server',
    scenario: 'After a promotion: a replacement computer joins the management group under a new name.',
    summary:
      'Runs Setup on this computer against the existing ServiceManager database and records the new server in the manifest.',
    source:
      'Disaster recovery for System Center 2016 - Service Manager: promote an additional management server, then install another; Disaster Recovery Scenarios Overview',
    database: SETUP_DATABASE.additional,
    registryServerValue: 'DatabaseServerName',
    registryDatabaseValue: 'DatabaseName',
    candidates: () => [],
    managementGroup: (manifest) => manifest.managementGroupName,
    administrators: (manifest) => manifest.managementGroupAdministrators,
  },
};

/** The secrets this Setup may take from the keychain: the services account's password and the product key, and the data warehouse's reporting account. */
export function rememberedSecrets(variant: Variant): RememberedAnswer[] {
  return [
    REMEMBERED_PRODUCT_KEY,
    rememberedAccountAnswer('service', 'Services account'),
    ...(variant.variant === 'data-warehouse' ? [rememberedAccountAnswer('reporting', 'Reporting account')] : []),
  ];
}

export function workflowAccount(answers: Answers) {
  return answers.workflowSameAccount
    ? { domain: answers.serviceDomain, user: answers.serviceUser, password: answers.servicePassword }
    : { domain: answers.workflowDomain, user: answers.workflowUser, password: answers.workflowPassword };
}

export function pass(expected: string, found: string): CheckOutcome {
  return { status: 'pass', expected, found };
}

/** Whether Setup has left Service Manager on the computer: its install folder and its SDK service. */
export async function isServiceManagerInstalled(ctx: FlowContext, computer: string): Promise<boolean> {
  const directory = await ctx.host.registry.readValue(computer, SM_SETUP_REGISTRY_KEY, 'InstallDirectory');
  const sdk = await ctx.host.services.find(computer, SM_SERVICES[0].displayName);
  return typeof directory === 'string' && directory.length > 0 && sdk !== null;
}

/** A management group as its database records it in __MOMManagementGroupInfo__. */
export interface ManagementGroupInfo {
  name: string;
  /** MOMAdminGroup: the group Setup made the management group's administrators; null when the row has none. */
  administrators: string | null;
}

export async function readManagementGroup(ctx: FlowContext, answers: Answers): Promise<ManagementGroupInfo> {
  const result = await ctx.host.sql.execute(
    sqlTarget(answers.sqlServer, answers.database),
    sqlStatements.managementGroupInfo(),
  );
  const row = result.rows[0];
  const name = row?.managementGroupName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new OperatorError(`${answers.database} on ${answers.sqlServer} names no management group.`);
  }
  const administrators = row?.administrators;
  return {
    name,
    administrators: typeof administrators === 'string' && administrators.length > 0 ? administrators : null,
  };
}
