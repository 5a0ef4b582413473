/**
 * The Windows services of a SQL Server instance. The named instance SCSM runs as
 * `MSSQL$SCSM`, shown as "SQL Server (SCSM)"; the default instance as MSSQLSERVER. Services are
 * found by display name at run time, as everywhere else in the wizard.
 */

export function sqlServiceDisplayName(instance: string | null): string {
  return `SQL Server (${instance ?? 'MSSQLSERVER'})`;
}

export function sqlAgentDisplayName(instance: string | null): string {
  return `SQL Server Agent (${instance ?? 'MSSQLSERVER'})`;
}

export function sqlServiceName(instance: string | null): string {
  return instance ? `MSSQL$${instance}` : 'MSSQLSERVER';
}

export function sqlAgentServiceName(instance: string | null): string {
  return instance ? `SQLAgent$${instance}` : 'SQLSERVERAGENT';
}

/** BACKUP ... WITH COMPRESSION is refused by the Express and Web editions. */
export function supportsCompression(edition: string): boolean {
  return !/\b(Express|Web)\b/i.test(edition);
}
