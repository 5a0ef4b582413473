import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseManagementPack,
  planImport,
  type ManagementPackFile,
} from '../../../../../src/main/knowledge/service-manager/management-packs';
import { parseChecksumList } from '../../../../../src/main/knowledge/recovery-kit/layout';

const KEY = '31bf3856ad364e35';

/** As Export-SCSMManagementPack writes an unsealed pack (trimmed to the parts that matter here). */
const INCIDENT_CUSTOMIZATIONS = `<?xml version="1.0" encoding="utf-8"?>
<ManagementPack ContentReadable="true" SchemaVersion="2.0" OriginalSchemaVersion="1.1" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Manifest>
    <Identity>
      <ID>Contoso.Incident.Customizations</ID>
      <Version>7.5.3079.12</Version>
    </Identity>
    <Name>Contoso Incident Customizations &amp; Forms</Name>
    <References>
      <Reference Alias="System">
        <ID>System.Library</ID>
        <Version>7.5.8501.0</Version>
        <PublicKeyToken>${KEY}</PublicKeyToken>
      </Reference>
      <Reference Alias="Windows">
        <ID>Microsoft.Windows.Library</ID>
        <Version>7.5.8501.0</Version>
        <PublicKeyToken>${KEY}</PublicKeyToken>
      </Reference>
      <Reference Alias="CoreIncident">
        <ID>System.WorkItem.Incident.Library</ID>
        <Version>7.5.3079.0</Version>
        <PublicKeyToken>${KEY}</PublicKeyToken>
      </Reference>
      <Reference Alias="Console">
        <ID>Microsoft.EnterpriseManagement.ServiceManager.UI.Console</ID>
        <Version>7.5.3079.0</Version>
        <PublicKeyToken>${KEY}</PublicKeyToken>
      </Reference>
    </References>
  </Manifest>
  <TypeDefinitions>
    <EntityTypes>
      <ClassTypes>
        <ClassType ID="ClassExtension_5c9a8b1e" Accessibility="Public" Abstract="false" Base="CoreIncident!System.WorkItem.Incident" Hosted="false" Singleton="false" Extension="true">
          <Property ID="ContosoAffectedSite" Type="string" AutoIncrement="false" Key="false" CaseSensitive="false" MaxLength="256" MinLength="0" Required="false" Scale="0" />
        </ClassType>
      </ClassTypes>
    </EntityTypes>
  </TypeDefinitions>
  <Categories>
    <Category ID="Category.Contoso.Incident.Customizations" Value="Console!Microsoft.EnterpriseManagement.ServiceManager.ManagementPack">
      <ManagementPackName>Contoso.Incident.Customizations</ManagementPackName>
      <ManagementPackVersion>7.5.3079.12</ManagementPackVersion>
    </Category>
  </Categories>
  <LanguagePacks>
    <LanguagePack ID="ENU" IsDefault="true">
      <DisplayStrings>
        <DisplayString ElementID="Contoso.Incident.Customizations">
          <Name>Contoso Incident Customizations</Name>
          <Description><![CDATA[<!DOCTYPE html><p>Site field &amp; forms</p>]]></Description>
        </DisplayString>
        <DisplayString ElementID="ContosoAffectedSite">
          <Name>Affected site</Name>
        </DisplayString>
      </DisplayStrings>
    </LanguagePack>
  </LanguagePacks>
</ManagementPack>
`;

function managementPack(manifest: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<ManagementPack ContentReadable="true" SchemaVersion="2.0" OriginalSchemaVersion="1.1" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Manifest>${manifest}</Manifest>
</ManagementPack>
`;
}

const IDENTITY = '<Identity><ID>Contoso.Views</ID><Version>1.0.0.0</Version></Identity>';

describe('parseManagementPack', () => {
  it('reads the identity, the name and every reference of an exported pack', () => {
    expect(
      parseManagementPack('D:\\RecoveryKit\\mp\\Contoso.Incident.Customizations.xml', INCIDENT_CUSTOMIZATIONS),
    ).toEqual({
      file: 'D:\\RecoveryKit\\mp\\Contoso.Incident.Customizations.xml',
      id: 'Contoso.Incident.Customizations',
      version: '7.5.3079.12',
      name: 'Contoso Incident Customizations & Forms',
      references: [
        { alias: 'System', id: 'System.Library', version: '7.5.8501.0', publicKeyToken: KEY },
        { alias: 'Windows', id: 'Microsoft.Windows.Library', version: '7.5.8501.0', publicKeyToken: KEY },
        { alias: 'CoreIncident', id: 'System.WorkItem.Incident.Library', version: '7.5.3079.0', publicKeyToken: KEY },
        {
          alias: 'Console',
          id: 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console',
          version: '7.5.3079.0',
          publicKeyToken: KEY,
        },
      ],
    });
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const pack = parseManagementPack('Contoso.Incident.Customizations.xml', `\uFEFF${INCIDENT_CUSTOMIZATIONS}`);
    expect(pack.id).toBe('Contoso.Incident.Customizations');
    expect(pack.references).toHaveLength(4);
  });

  it('reads a single Reference as a list of one', () => {
    const xml = managementPack(
      `${IDENTITY}<References><Reference Alias="System"><ID>System.Library</ID><Version>7.5.3079.0</Version><PublicKeyToken>${KEY}</PublicKeyToken></Reference></References>`,
    );
    expect(parseManagementPack('Contoso.Views.xml', xml).references).toEqual([
      { alias: 'System', id: 'System.Library', version: '7.5.3079.0', publicKeyToken: KEY },
    ]);
  });

  it('reads a pack with no References element, an empty one, no Name and no PublicKeyToken', () => {
    expect(parseManagementPack('a.xml', managementPack(IDENTITY))).toEqual({
      file: 'a.xml',
      id: 'Contoso.Views',
      version: '1.0.0.0',
      references: [],
    });
    expect(parseManagementPack('b.xml', managementPack(`${IDENTITY}<References />`)).references).toEqual([]);
    const unkeyed = managementPack(
      `${IDENTITY}<References><Reference Alias="Base"><ID>Contoso.Base</ID><Version>1.0.0.0</Version></Reference></References>`,
    );
    expect(parseManagementPack('c.xml', unkeyed).references).toEqual([
      { alias: 'Base', id: 'Contoso.Base', version: '1.0.0.0' },
    ]);
  });

  it('keeps IDs and versions as text, not numbers', () => {
    const pack = parseManagementPack(
      'n.xml',
      managementPack('<Identity><ID>0042</ID><Version>1.10</Version></Identity><Name>1e3</Name>'),
    );
    expect(pack).toMatchObject({ id: '0042', version: '1.10', name: '1e3' });
  });

  it.each([
    ['an empty file', ''],
    ['only a byte order mark and blanks', '\uFEFF  \r\n'],
  ])('rejects %s', (_case, xml) => {
    expect(() => parseManagementPack('Empty.xml', xml)).toThrow('Empty.xml is empty');
  });

  it.each([
    ['plain text', 'This is not XML'],
    ['JSON', '{"ManagementPack":{}}'],
    ['a truncated file', INCIDENT_CUSTOMIZATIONS.slice(0, 900)],
    ['mismatched tags', managementPack('<Identity><ID>X</Version></Identity>')],
    ['a repeated attribute', '<ManagementPack A="1" A="2"><Manifest /></ManagementPack>'],
  ])('rejects %s as not XML, naming the file', (_case, xml) => {
    expect(() => parseManagementPack('Broken.xml', xml)).toThrow(
      /^Broken\.xml is not well-formed XML \(line \d+: .+\)$/,
    );
  });

  it('rejects XML that is not a management pack', () => {
    const config = '<?xml version="1.0"?><configuration><appSettings /></configuration>';
    expect(() => parseManagementPack('app.config.xml', config)).toThrow(
      'app.config.xml is not a management pack: its root element is <configuration>, not <ManagementPack>',
    );
  });

  it('rejects a second root element', () => {
    const xml = `${managementPack(IDENTITY)}<ManagementPack />`;
    expect(() => parseManagementPack('Twice.xml', xml)).toThrow('Twice.xml has more than one root element');
  });

  it.each([
    ['no Manifest', '<ManagementPack><Monitoring /></ManagementPack>', 'has no ManagementPack/Manifest'],
    ['an empty ManagementPack', '<ManagementPack />', 'has no ManagementPack/Manifest'],
    ['no Identity', managementPack('<Name>Views</Name>'), 'has no Manifest/Identity'],
    ['no ID', managementPack('<Identity><Version>1.0.0.0</Version></Identity>'), 'has no Manifest/Identity/ID'],
    [
      'an empty ID',
      managementPack('<Identity><ID> </ID><Version>1.0.0.0</Version></Identity>'),
      'has no Manifest/Identity/ID',
    ],
    ['no Version', managementPack('<Identity><ID>Contoso.Views</ID></Identity>'), 'has no Manifest/Identity/Version'],
    [
      'a version that is not dotted numbers',
      managementPack('<Identity><ID>Contoso.Views</ID><Version>1.0-beta</Version></Identity>'),
      "has Manifest/Identity/Version '1.0-beta', which is not a dotted version number",
    ],
    ['two Identity elements', managementPack(`${IDENTITY}${IDENTITY}`), 'has more than one Manifest/Identity'],
    [
      'elements inside the ID',
      managementPack('<Identity><ID><Value>X</Value></ID><Version>1.0.0.0</Version></Identity>'),
      'has elements inside Manifest/Identity/ID, which should hold only text',
    ],
    [
      'a reference without an alias',
      managementPack(
        `${IDENTITY}<References><Reference Alias="System"><ID>System.Library</ID><Version>7.5.3079.0</Version></Reference><Reference><ID>Microsoft.Windows.Library</ID><Version>7.5.3079.0</Version></Reference></References>`,
      ),
      'has no Alias on Manifest/References/Reference 2',
    ],
    [
      'a reference without an ID',
      managementPack(
        `${IDENTITY}<References><Reference Alias="System"><Version>7.5.3079.0</Version></Reference></References>`,
      ),
      'has no ID in Manifest/References/Reference 1 (alias System)',
    ],
    [
      'a reference without a version',
      managementPack(
        `${IDENTITY}<References><Reference Alias="System"><ID>System.Library</ID></Reference></References>`,
      ),
      'has no Version in Manifest/References/Reference 1 (alias System)',
    ],
    [
      'a reference with a bad version',
      managementPack(
        `${IDENTITY}<References><Reference Alias="System"><ID>System.Library</ID><Version>latest</Version></Reference></References>`,
      ),
      "has Version 'latest' in Manifest/References/Reference 1 (alias System), which is not a dotted version number",
    ],
  ])('rejects a pack with %s, naming the file', (_case, xml, message) => {
    expect(() => parseManagementPack('Contoso.Views.xml', xml)).toThrow(`Contoso.Views.xml ${message}`);
  });

  it('does not expand entities a DOCTYPE declares', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE ManagementPack [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<ManagementPack><Manifest><Identity><ID>&lol2;</ID><Version>1.0.0.0</Version></Identity></Manifest></ManagementPack>`;
    expect(() => parseManagementPack('Laughs.xml', laughs)).toThrow(
      'Laughs.xml could not be read as XML: it declares entities in a DOCTYPE',
    );
  });

  it('does not resolve external entities', () => {
    const external = `<?xml version="1.0"?>
<!DOCTYPE ManagementPack [ <!ENTITY secret SYSTEM "file:///C:/Windows/win.ini"> ]>
<ManagementPack><Manifest><Identity><ID>&secret;</ID><Version>1.0.0.0</Version></Identity></Manifest></ManagementPack>`;
    expect(() => parseManagementPack('External.xml', external)).toThrow(/^External\.xml could not be read as XML: /);
  });

  it('rejects an entity that was never declared, and decodes character references', () => {
    expect(() =>
      parseManagementPack(
        'Undefined.xml',
        managementPack('<Identity><ID>&nbsp;</ID><Version>1.0.0.0</Version></Identity>'),
      ),
    ).toThrow('Undefined.xml could not be read as XML: it uses the undefined entity &nbsp;');
    const named = managementPack(`${IDENTITY}<Name>Caf&#233; &#x2014; &lt;Views&gt;</Name>`);
    expect(parseManagementPack('Named.xml', named).name).toBe('Café — <Views>');
  });
});

describe('compareVersions', () => {
  it.each([
    ['7.5.3079.0', '7.5.3079.0', 0],
    ['7.5.3079.1', '7.5.3079.0', 1],
    ['7.5.3079.0', '7.5.8501.0', -1],
    ['7.10', '7.9.9999.9999', 1],
    ['7.5', '7.5.0.0', 0],
    ['7.5.0.1', '7.5', 1],
    ['10.0.0.0', '9.99.99.99', 1],
    ['007.05', '7.5', 0],
  ])('compares %s with %s as %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('rejects a version that is not dotted numbers', () => {
    expect(() => compareVersions('7.5.x', '7.5')).toThrow("'7.5.x' is not a dotted version number");
  });
});

function pack(file: string, id: string, version: string, references: [string, string][] = []): ManagementPackFile {
  return {
    file,
    id,
    version,
    references: references.map(([refId, refVersion], index) => ({
      alias: `Ref${index}`,
      id: refId,
      version: refVersion,
    })),
  };
}

const SYSTEM = { id: 'System.Library', version: '7.5.8501.0', sealed: true };
const CONSOLE = { id: 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console', version: '7.5.8501.0', sealed: true };

const files = (packs: ManagementPackFile[]): string[] => packs.map((p) => p.file);

describe('planImport', () => {
  it('imports in file-name order when no pack references another of the folder', () => {
    const c = pack('C.Views.xml', 'C.Views', '1.0.0.0', [['System.Library', '7.5.3079.0']]);
    const a = pack('A.Forms.xml', 'A.Forms', '1.0.0.0', [['System.Library', '7.5.8501.0']]);
    const b = pack('b.Lists.xml', 'B.Lists', '1.0.0.0');
    const plan = planImport([c, a, b], [SYSTEM]);
    expect(files(plan.order)).toEqual(['A.Forms.xml', 'b.Lists.xml', 'C.Views.xml']);
    expect(plan.skipped).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it('imports a pack after the folder pack it references even when its name sorts first', () => {
    const views = pack('Aaa.Contoso.Views.xml', 'Contoso.Views', '1.0.0.0', [
      ['System.Library', '7.5.3079.0'],
      ['Contoso.Lists', '1.0.0.0'],
    ]);
    const lists = pack('Contoso.Lists.xml', 'Contoso.Lists', '1.0.0.0', [['System.Library', '7.5.3079.0']]);
    const other = pack('Bbb.Other.xml', 'Contoso.Other', '1.0.0.0');
    const plan = planImport([views, lists, other], [SYSTEM]);
    expect(files(plan.order)).toEqual(['Bbb.Other.xml', 'Contoso.Lists.xml', 'Aaa.Contoso.Views.xml']);
    expect(plan.problems).toEqual([]);
  });

  it('orders a chain of three, matching IDs without regard to case', () => {
    const top = pack('1-Top.xml', 'Contoso.Top', '1.0.0.0', [['CONTOSO.MIDDLE', '1.0.0.0']]);
    const middle = pack('2-Middle.xml', 'Contoso.Middle', '1.0.0.0', [['contoso.base', '1.0.0.0']]);
    const base = pack('3-Base.xml', 'Contoso.Base', '1.0.0.0', [['system.library', '7.5.3079.0']]);
    expect(files(planImport([top, middle, base], [SYSTEM]).order)).toEqual(['3-Base.xml', '2-Middle.xml', '1-Top.xml']);
  });

  it('orders by the file name, not the folder it was given with', () => {
    const b = pack('D:\\Kit\\a\\B.xml', 'B', '1.0.0.0');
    const a = pack('D:\\Kit\\z\\A.xml', 'A', '1.0.0.0');
    expect(files(planImport([b, a], []).order)).toEqual(['D:\\Kit\\z\\A.xml', 'D:\\Kit\\a\\B.xml']);
  });

  it('skips a pack installed at the same version', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0');
    const plan = planImport([views], [{ id: 'contoso.views', version: '1.0.0.0', sealed: false }]);
    expect(plan.order).toEqual([]);
    expect(plan.skipped).toEqual([{ pack: views, reason: 'already imported at version 1.0.0.0' }]);
    expect(plan.problems).toEqual([]);
  });

  it('imports a pack installed at an older version, as an upgrade', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.12');
    const plan = planImport([views], [{ id: 'Contoso.Views', version: '1.0.0.3', sealed: false }]);
    expect(plan.order).toEqual([views]);
    expect(plan.problems).toEqual([]);
  });

  it('refuses to downgrade a pack installed at a newer version', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.3');
    const plan = planImport([views], [{ id: 'Contoso.Views', version: '1.0.0.12', sealed: false }]);
    expect(plan.order).toEqual([]);
    expect(plan.problems).toEqual([
      {
        pack: views,
        message: 'Contoso.Views is installed at version 1.0.0.12; importing version 1.0.0.3 would downgrade it',
      },
    ]);
  });

  it('refuses to replace a sealed pack with an unsealed file', () => {
    const library = pack('System.Library.xml', 'System.Library', '7.5.8501.0');
    const plan = planImport([library], [SYSTEM]);
    expect(plan.order).toEqual([]);
    expect(plan.problems).toEqual([
      {
        pack: library,
        message: 'System.Library is installed sealed (version 7.5.8501.0); an unsealed file cannot replace it',
      },
    ]);
  });

  it('accepts a reference that the installed version satisfies, or a newer one', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0', [
      ['System.Library', '7.5.8501.0'],
      ['Microsoft.EnterpriseManagement.ServiceManager.UI.Console', '7.5.3079.0'],
    ]);
    expect(planImport([views], [SYSTEM, CONSOLE])).toEqual({ order: [views], skipped: [], problems: [] });
  });

  it('leaves out a pack with a missing dependency and every pack that depends on it', () => {
    const base = pack('Contoso.Base.xml', 'Contoso.Base', '1.0.0.0', [['Contoso.Missing', '2.0.0.0']]);
    const middle = pack('Contoso.Middle.xml', 'Contoso.Middle', '1.0.0.0', [['Contoso.Base', '1.0.0.0']]);
    const top = pack('Contoso.Top.xml', 'Contoso.Top', '1.0.0.0', [['Contoso.Middle', '1.0.0.0']]);
    const fine = pack('Contoso.Fine.xml', 'Contoso.Fine', '1.0.0.0', [['System.Library', '7.5.3079.0']]);
    const plan = planImport([top, middle, base, fine], [SYSTEM]);
    expect(plan.order).toEqual([fine]);
    expect(plan.problems).toEqual([
      {
        pack: base,
        message: 'references Contoso.Missing version 2.0.0.0, which is neither installed nor in the folder',
      },
      { pack: middle, message: 'depends on Contoso.Base (Contoso.Base.xml), which is not imported' },
      { pack: top, message: 'depends on Contoso.Middle (Contoso.Middle.xml), which is not imported' },
    ]);
  });

  it('treats a reference to an older installed version than required as missing', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0', [['System.Library', '7.5.9000.0']]);
    expect(planImport([views], [SYSTEM]).problems).toEqual([
      {
        pack: views,
        message:
          'references System.Library version 7.5.9000.0, which is not in the folder, and it is installed only at version 7.5.8501.0',
      },
    ]);
  });

  it('treats a folder pack older than the referenced version as missing', () => {
    const lists = pack('Contoso.Lists.xml', 'Contoso.Lists', '1.0.0.0');
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0', [['Contoso.Lists', '1.1.0.0']]);
    const plan = planImport([lists, views], []);
    expect(plan.order).toEqual([lists]);
    expect(plan.problems).toEqual([
      {
        pack: views,
        message:
          'references Contoso.Lists version 1.1.0.0, but Contoso.Lists.xml holds version 1.0.0.0, and it is not installed',
      },
    ]);
  });

  it('still imports after a folder pack that is already installed, and keeps a dependent whose need is met', () => {
    const lists = pack('Contoso.Lists.xml', 'Contoso.Lists', '1.0.0.0');
    const views = pack('A.Views.xml', 'Contoso.Views', '1.0.0.0', [['Contoso.Lists', '1.0.0.0']]);
    const plan = planImport([lists, views], [{ id: 'Contoso.Lists', version: '1.0.0.0', sealed: false }]);
    expect(plan.order).toEqual([views]);
    expect(plan.skipped).toEqual([{ pack: lists, reason: 'already imported at version 1.0.0.0' }]);
  });

  it('imports an upgrade before the packs that reference it', () => {
    const lists = pack('Z.Lists.xml', 'Contoso.Lists', '2.0.0.0');
    const views = pack('A.Views.xml', 'Contoso.Views', '1.0.0.0', [['Contoso.Lists', '1.0.0.0']]);
    const plan = planImport([views, lists], [{ id: 'Contoso.Lists', version: '1.0.0.0', sealed: false }]);
    expect(plan.order).toEqual([lists, views]);
  });

  it('keeps a dependent whose installed version suffices when the folder upgrade cannot be imported', () => {
    const lists = pack('Z.Lists.xml', 'Contoso.Lists', '2.0.0.0', [['Contoso.Missing', '1.0.0.0']]);
    const views = pack('A.Views.xml', 'Contoso.Views', '1.0.0.0', [['Contoso.Lists', '1.0.0.0']]);
    const plan = planImport([views, lists], [{ id: 'Contoso.Lists', version: '1.0.0.0', sealed: false }]);
    expect(plan.order).toEqual([views]);
    expect(plan.problems.map((p) => p.pack)).toEqual([lists]);
  });

  it('leaves out every pack of a reference cycle and the packs that depend on them', () => {
    const a = pack('A.xml', 'Contoso.A', '1.0.0.0', [['Contoso.B', '1.0.0.0']]);
    const b = pack('B.xml', 'Contoso.B', '1.0.0.0', [['Contoso.C', '1.0.0.0']]);
    const c = pack('C.xml', 'Contoso.C', '1.0.0.0', [['Contoso.A', '1.0.0.0']]);
    const d = pack('D.xml', 'Contoso.D', '1.0.0.0', [['Contoso.C', '1.0.0.0']]);
    const e = pack('E.xml', 'Contoso.E', '1.0.0.0');
    const plan = planImport([e, d, c, b, a], []);
    expect(plan.order).toEqual([e]);
    expect(plan.problems).toEqual([
      { pack: a, message: 'is in a reference cycle with Contoso.B, Contoso.C' },
      { pack: b, message: 'is in a reference cycle with Contoso.A, Contoso.C' },
      { pack: c, message: 'is in a reference cycle with Contoso.A, Contoso.B' },
      { pack: d, message: 'depends on Contoso.C (C.xml), which is not imported' },
    ]);
  });

  it('leaves out a pack that references itself', () => {
    const self = pack('Self.xml', 'Contoso.Self', '1.0.0.0', [['Contoso.Self', '1.0.0.0']]);
    expect(planImport([self], [])).toEqual({
      order: [],
      skipped: [],
      problems: [{ pack: self, message: 'references itself' }],
    });
  });

  it('reports both files that hold the same ID, and the packs that need that ID', () => {
    const first = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0');
    const second = pack('Contoso.Views (copy).xml', 'CONTOSO.VIEWS', '1.0.0.1');
    const user = pack('Contoso.Dashboards.xml', 'Contoso.Dashboards', '1.0.0.0', [['Contoso.Views', '1.0.0.0']]);
    const plan = planImport([first, second, user], []);
    expect(plan.order).toEqual([]);
    expect(plan.problems).toEqual([
      { pack: user, message: expect.stringContaining('which is in the folder more than once') },
      { pack: second, message: 'has the same ID CONTOSO.VIEWS as Contoso.Views.xml' },
      { pack: first, message: 'has the same ID Contoso.Views as Contoso.Views (copy).xml' },
    ]);
  });

  it('returns the packs given, not copies', () => {
    const views = pack('Contoso.Views.xml', 'Contoso.Views', '1.0.0.0');
    expect(planImport([views], []).order[0]).toBe(views);
  });
});

describe('parseChecksumList', () => {
  const A = 'A'.repeat(64);
  const b = 'b'.repeat(64);
  const c = '0123456789abcdefABCDEF0123456789abcdef0123456789abcdef0123456789';

  it('reads text and binary lines, lower-casing names and hex', () => {
    const text = [
      '# Recovery kit for SCSM01, 2025-03-02',
      '',
      `${A}  Contoso.Incident.Customizations.xml`,
      `${b} *SMBackupkey.bin`,
      `${c}  Contoso Views (v2).xml`,
      '   ',
    ].join('\r\n');
    expect(parseChecksumList(text)).toEqual(
      new Map([
        ['contoso.incident.customizations.xml', 'a'.repeat(64)],
        ['smbackupkey.bin', b],
        ['contoso views (v2).xml', c.toLowerCase()],
      ]),
    );
  });

  it('reads a list that starts with a byte order mark and ends without a newline', () => {
    expect(parseChecksumList(`\uFEFF${b}  a.xml\n${A}  B.XML`)).toEqual(
      new Map([
        ['a.xml', b],
        ['b.xml', 'a'.repeat(64)],
      ]),
    );
  });

  it('returns an empty map for an empty list', () => {
    expect(parseChecksumList('')).toEqual(new Map());
  });

  it.each([
    ['a short checksum', `${'a'.repeat(63)}  a.xml`],
    ['a long checksum', `${'a'.repeat(65)}  a.xml`],
    ['a non-hex digit', `${'g'.repeat(64)}  a.xml`],
    ['no file name', `${b}  `],
    ['a single space', `${b} a.xml`],
    ['a tab', `${b}\ta.xml`],
    ['the name first', `a.xml  ${b}`],
  ])('rejects %s, naming the line', (_case, line) => {
    expect(() => parseChecksumList(`# kit\n${b}  ok.xml\n${line}\n`)).toThrow(/^checksums\.sha256 line 3 /);
  });

  it('rejects a file listed twice with different checksums, and accepts a repeat that agrees', () => {
    expect(() => parseChecksumList(`${b}  a.xml\n${A}  A.xml`)).toThrow(
      'checksums.sha256 line 2 gives A.xml a second, different checksum',
    );
    expect(parseChecksumList(`${b}  a.xml\n${b}  A.xml`)).toEqual(new Map([['a.xml', b]]));
  });
});
