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
