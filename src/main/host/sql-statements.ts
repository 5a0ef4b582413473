import type { SqlStatement } from './types';

/**
 * T-SQL the flows run. Operator values are always bound parameters: no statement here
 * concatenates a value into its text.
 */
export const sqlStatements = {
  serverIdentity: (): SqlStatement => ({
    id: 'server-identity',
    text:
      "SELECT CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS machineName, " +
      "CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)) AS instanceName, @@SERVERNAME AS serverName",
    params: [],
  }),
  /** Run against master: every database of the instance, for the page that picks one. */
  listDatabases: (): SqlStatement => ({
    id: 'list-databases',
    text: 'SELECT name FROM sys.databases ORDER BY name',
    params: [],
  }),
  /**
   * Service Manager's databases are built on the Operations Manager platform, which records its
   * management group here; that the data warehouse's DWStagingAndConfig has it too is unconfirmed.
   */
  managementGroupName: (): SqlStatement => ({
    id: 'management-group-name',
    text: 'SELECT TOP (1) ManagementGroupName AS managementGroupName FROM dbo.__MOMManagementGroupInfo__',
    params: [],
  }),
  procedureExists: (procedure: string): SqlStatement => ({
    id: 'procedure-exists',
    text: "SELECT CASE WHEN OBJECT_ID(@procedure, N'P') IS NULL THEN 0 ELSE 1 END AS present",
    params: [{ name: 'procedure', type: 'nvarchar', value: procedure }],
  }),
  promoteActiveWorkflowServer: (fqdn: string): SqlStatement => ({
    id: 'promote-active-workflow-server',
    text: 'EXEC dbo.p_PromoteActiveWorkflowServer @fqdn',
    params: [{ name: 'fqdn', type: 'nvarchar', value: fqdn }],
  }),
};
