import { createHash } from 'node:crypto';
import type { DatabaseRole } from '../../../shared/manifest';

/**
 * The drill's recovery kit. Its exported unsealed management packs are as Export-SCSMManagementPack
 * writes them. Contoso.Incident.Customizations sorts first but references Contoso.Library, so a
 * drill shows the import following references rather than file names.
 */

const SYSTEM_LIBRARY = { alias: 'System', id: 'System.Library', version: '7.5.8501.0' };
const INCIDENT_LIBRARY = { alias: 'Incident', id: 'System.WorkItem.Incident.Library', version: '7.5.8501.0' };
const CONTOSO_LIBRARY = { alias: 'Contoso', id: 'Contoso.Library', version: '1.0.0.3' };

/** Sealed packs every Service Manager management group holds. */
export const SEALED_PACKS = [
  { id: 'System.Library', version: '7.5.8501.0', sealed: true },
  { id: 'Microsoft.Windows.Library', version: '7.5.8501.0', sealed: true },
  { id: 'System.WorkItem.Library', version: '7.5.8501.0', sealed: true },
  { id: 'System.WorkItem.Incident.Library', version: '7.5.8501.0', sealed: true },
  { id: 'System.Notifications.Library', version: '7.5.8501.0', sealed: true },
];

interface Reference {
  alias: string;
  id: string;
  version: string;
}

function packXml(id: string, version: string, name: string, references: Reference[]): string {
  const refs = references
    .map(
      (ref) => `      <Reference Alias="${ref.alias}">
        <ID>${ref.id}</ID>
        <Version>${ref.version}</Version>
        <PublicKeyToken>31bf3856ad364e35</PublicKeyToken>
      </Reference>`,
    )
    .join('\n');
  return `<ManagementPack ContentReadable="true" SchemaVersion="2.0" OriginalSchemaVersion="1.1" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Manifest>
    <Identity>
      <ID>${id}</ID>
      <Version>${version}</Version>
    </Identity>
    <Name>${name}</Name>
    <References>
${refs}
    </References>
  </Manifest>
  <LanguagePacks>
    <LanguagePack ID="ENU" IsDefault="true">
      <DisplayStrings>
        <DisplayString ElementID="${id}">
          <Name>${name}</Name>
        </DisplayString>
      </DisplayStrings>
    </LanguagePack>
  </LanguagePacks>
</ManagementPack>
`;
}

export const KIT_PACKS = [
  {
    file: 'Contoso.Incident.Customizations.xml',
    id: 'Contoso.Incident.Customizations',
    version: '1.0.0.7',
    content: packXml('Contoso.Incident.Customizations', '1.0.0.7', 'Contoso incident customizations', [
      SYSTEM_LIBRARY,
      INCIDENT_LIBRARY,
      CONTOSO_LIBRARY,
    ]),
  },
  {
    file: 'Contoso.Library.xml',
    id: 'Contoso.Library',
    version: '1.0.0.3',
    content: packXml('Contoso.Library', '1.0.0.3', 'Contoso library', [SYSTEM_LIBRARY]),
  },
  {
    file: 'Contoso.Notifications.xml',
    id: 'Contoso.Notifications',
    version: '1.0.0.2',
    content: packXml('Contoso.Notifications', '1.0.0.2', 'Contoso notification templates', [SYSTEM_LIBRARY]),
  },
];

/** An unsealed pack as Export-SCSMManagementPack writes it: the kit's own text for the kit's packs. */
export function unsealedPackXml(id: string, version: string): string {
  const known = KIT_PACKS.find((pack) => pack.id === id && pack.version === version);
  return known?.content ?? packXml(id, version, id, [SYSTEM_LIBRARY]);
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A checksum list as `sha256sum` writes it: `<hex>  <file name>` a line. */
export function checksumList(entries: readonly { file: string; sha256: string }[]): string {
  return `${entries.map((entry) => `${entry.sha256}  ${entry.file}`).join('\n')}\n`;
}

/** A login of the site and what it holds in one database, as the kit's permissions script restores it. */
export interface DatabasePrincipal {
  login: string;
  roles: string[];
  /** GRANT EXECUTE ON SCHEMA::dbo, for accounts that run the database's procedures. */
  execute: boolean;
}

/**
 * Who holds what in each database of the drill site. Modelled on a typical Service Manager site
 * (service, workflow and reporting accounts, the administrators' group); not a statement of the
 * exact rights Setup grants.
 */
export function databasePrincipals(role: DatabaseRole, domain: string, administrators: string): DatabasePrincipal[] {
  const account = (name: string) => `${domain}\\${name}`;
  switch (role) {
    case 'ServiceManager':
      return [
        { login: account('svc-scsm'), roles: ['sdk_users', 'configsvc_users'], execute: true },
        { login: account('svc-scsm-workflow'), roles: ['db_datareader'], execute: true },
        { login: administrators, roles: ['sdk_users'], execute: false },
      ];
    case 'ReportServer':
      return [
        { login: 'NT SERVICE\\SQLServerReportingServices', roles: ['RSExecRole'], execute: false },
        { login: account('svc-scsm-reporting'), roles: ['db_datareader'], execute: false },
      ];
    case 'Orchestrator':
      return [{ login: account('svc-orch'), roles: ['db_owner'], execute: false }];
    default:
      return [
        { login: account('svc-scsm'), roles: ['db_owner'], execute: false },
        { login: account('svc-scsm-reporting'), roles: ['db_datareader'], execute: false },
      ];
  }
}

const quotedName = (name: string) => `[${name.replace(/]/g, ']]')}]`;
const unicodeLiteral = (text: string) => `N'${text.replace(/'/g, "''")}'`;

function principalBatches(principal: DatabasePrincipal): string[] {
  // A login's name is a sysname: SQL Server would refuse CREATE LOGIN [] and longer names.
  if (principal.login.length === 0 || principal.login.length > 128) {
    throw new RangeError(`A login name has 1 to 128 characters; this one has ${principal.login.length}.`);
  }
  const name = quotedName(principal.login);
  const batches = [
    `IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = ${unicodeLiteral(principal.login)})\n` +
      `    CREATE LOGIN ${name} FROM WINDOWS WITH DEFAULT_DATABASE = [master];`,
    `IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = ${unicodeLiteral(principal.login)})\n` +
      `    CREATE USER ${name} FOR LOGIN ${name};`,
    ...principal.roles.map((role) => `ALTER ROLE ${quotedName(role)} ADD MEMBER ${name};`),
  ];
  if (principal.execute) batches.push(`GRANT EXECUTE ON SCHEMA::[dbo] TO ${name};`);
  return batches;
}

/**
 * A name as the header comment quotes it, in JSON: line breaks escaped and every * as \u002a, so
 * that no name (a line reading GO, a comment mark) can end the comment or open one nested in it.
 */
const commented = (name: string) => JSON.stringify(name).replaceAll('*', '\\u002a');

/**
 * The permissions script the kit's preparation writes for a database: logins a restored database
 * needs on a rebuilt server, then its users and their rights, one statement a batch. The header
 * comment holds a line reading GO, so a splitter that ignores comments breaks the script.
 */
export function permissionsScript(database: string, server: string, principals: readonly DatabasePrincipal[]): string {
  const header = `/*
    Permissions of the ${commented(database)} database on ${commented(server)}, scripted when the recovery kit was prepared.
    A restored database brings its users back, not the server logins they belong to. Run this
    script against ${commented(database)} after restoring it, batch by batch: batches end at a line that reads
GO
    as sqlcmd and SQL Server Management Studio expect. Every statement can run twice.
*/
SET NOCOUNT ON;`;
  const batches = [header, ...principals.flatMap(principalBatches)];
  return batches.map((batch) => `${batch}\nGO\n`).join('');
}
