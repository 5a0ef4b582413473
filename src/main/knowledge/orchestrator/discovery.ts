/**
 * What the wizard relies on to find an Orchestrator site, and where it comes from.
 *
 * - Where the database is. Management and runbook servers keep it only in Settings.dat
 *   (`%CommonProgramFiles(x86)%\Microsoft System Center 2012\Orchestrator\Shared\`), protected
 *   by DPAPI for the local computer: readable on that server alone. Microsoft support's
 *   Orchestrator diagnostic tool (CSS-SystemCenter-Orchestrator, SCO-Diagnostic-Tool) decrypts it
 *   there, and otherwise asks for the SQL Server and the database; it reads no registry value for
 *   them, and no other source found names one. Nothing in Service Manager's databases or registry
 *   names it either: the operator gives it, or the previous kit's manifest does.
 * - The runbook servers. The diagnostic tool reads `dbo.ACTIONSERVERS` whole. Its `Computer`
 *   column holds each runbook server's name in the community tools that read it (the Orchestrator
 *   administration samples on GitHub, SCORCH running-runbook queries); no Microsoft document names
 *   the column, so it is unconfirmed. The documented alternative is the view
 *   `[Microsoft.SystemCenter.Orchestrator.Runtime].[RunbookServers]` ("Orchestrator Security
 *   Planning" grants it to the Operators role; the web service's "Runbook Server" entity shows its
 *   `Id` and `Name`).
 * - The management server. No document or table names it directly. `dbo.CLIENTCONNECTIONS` holds a
 *   row per connected Runbook Designer with the `ManagementServer` it talks to (the same community
 *   samples; unconfirmed): a site whose designers are all closed has no row, and then the
 *   previous manifest's management server is kept, and said so.
 * - The web components. The database does not record where they run. They are looked for where the
 *   installer puts them (the diagnostic tool copies `%SystemDrive%\Program Files\Microsoft System
 *   Center\Orchestrator\WebApi\web.config`) on the servers the previous manifest names and on the
 *   management server.
 */

/** Where the installer puts the web components (the diagnostic tool's path), when no manifest says otherwise. */
export const DEFAULT_WEB_COMPONENTS_INSTALL_DIRECTORY = 'C:\\Program Files\\Microsoft System Center\\Orchestrator';
