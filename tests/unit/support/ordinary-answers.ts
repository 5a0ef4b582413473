import type { AnyFlowDefinition } from '../../../src/main/engine/flow-types';
import { isDisplayField } from '../../../src/shared/procedure-pages';
import { procedurePages } from '../../../src/shared/procedures';
import type { Answers, FlowId } from '../../../src/shared/run-contract';
import type { Harness } from './harness';

/**
 * Answers that take every procedure through all its pages in the drill: its defaults, with the
 * boxes the defaults leave empty (passwords, accounts, consents) filled with ordinary values.
 */

const ORDINARY: Answers = {
  server: 'SCSM02',
  mediaPath: 'D:\\',
  password: 'Key-passw0rd!',
  confirmPassword: 'Key-passw0rd!',
  registeredOwner: 'Contoso IT',
  registeredOrganization: 'Contoso',
  acceptLicense: true,
  passwordsOnCommandLine: true,
  managementGroupName: 'CONTOSO-SM',
  administrators: 'CONTOSO\\SCSM Admins',
  serviceUser: 'svc-scsm',
  servicePassword: 'Svc-passw0rd!',
  workflowUser: 'svc-wf',
  workflowDomain: 'CONTOSO',
  workflowPassword: 'Wf-passw0rd!',
  reportingUser: 'svc-reporting',
  reportingPassword: 'Rep-passw0rd!',
  keyPassword: 'Smk-passw0rd!',
  confirmKeyPassword: 'Smk-passw0rd!',
  checkedIn: true,
  acknowledgeLoss: true,
  sqlUser: 'wizard',
  sqlPassword: 'Sql-passw0rd!',
  sqlDomain: 'CONTOSO',
  keyFile: '\\\\FS01\\RecoveryKit\\Orchestrator\\SQLORCH01-service-master-key.key',
  consultedDba: true,
  dataFolder: 'E:\\SQLData',
  logFolder: 'E:\\SQLLogs',
};

const PER_FLOW: Partial<Record<FlowId, Answers>> = {
  'restore-dw-management-server': {
    server: 'SCSMDW01',
    managementGroupName: 'CONTOSO-DW',
    reportingServerUrl: 'http://sqlrs01.contoso.local/ReportServer',
  },
  'encryption-key': { keyFile: '\\\\FS01\\RecoveryKit\\SMBackupkey.bin' },
  // The recovery kit (issue 14).
  'verify-kit': { kitFolder: '\\\\FS01\\RecoveryKit' },
  'copy-kit': { sourceFolder: '\\\\FS01\\RecoveryKit', destinationFolder: 'E:\\RecoveryKit' },
  'prepare-recovery-kit': {
    masterKeyPassword: 'Smk-passw0rd!-2',
    confirmMasterKeyPassword: 'Smk-passw0rd!-2',
    orchestratorSqlServer: 'SQLORCH01',
    // Setup's accounts remembered, so that the plan with a hostile password differs from the ordinary one only by it.
    setupServiceAccount: 'CONTOSO\\svc-scsm',
    setupServicePassword: 'Svc-passw0rd!-3',
    setupReportingAccount: 'CONTOSO\\svc-scsm-reporting',
    setupReportingPassword: 'Rpt-passw0rd!-3',
  },
};

export async function baseAnswers(harness: Harness, flow: AnyFlowDefinition): Promise<Answers> {
  const defaults = await flow.defaults(harness.ctx());
  const answers: Answers = { ...defaults };
  for (const [name, value] of Object.entries(ORDINARY)) {
    if (name in defaults && (defaults[name] === '' || defaults[name] === false)) answers[name] = value;
  }
  return { ...answers, ...PER_FLOW[flow.id] };
}

/** The fields that show the operator something and answer nothing: their procedure's definition says so. */
export function displayOnlyFields(flowId: FlowId): Set<string> {
  return new Set(
    procedurePages[flowId].definitions.flatMap((page) =>
      Object.entries(page.fields).flatMap(([name, field]) => (isDisplayField(field) ? [name] : [])),
    ),
  );
}
