import { createHash } from 'node:crypto';

/**
 * The exported unsealed management packs of the drill's recovery kit, as Export-SCSMManagementPack
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

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function checksumList(): string {
  return `${KIT_PACKS.map((pack) => `${sha256Text(pack.content)}  ${pack.file}`).join('\n')}\n`;
}
