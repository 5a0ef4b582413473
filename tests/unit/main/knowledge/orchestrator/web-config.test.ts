import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readConnectionStringValues } from '../../../../../src/main/knowledge/orchestrator/connection-string';
import {
  isConnectionStringsEncrypted,
  readOrchestratorContext,
  readWebApiDatabase,
  setOrchestratorContext,
  setWebApiDatabase,
} from '../../../../../src/main/knowledge/orchestrator/web-config';

const FIXTURES = join(__dirname, '../../../../fixtures/orchestrator');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const WEB_SERVICE = fixture('web-service-2019.web.config');
const WEB_SERVICE_ENCRYPTED = fixture('web-service-2019-encrypted.web.config');
const WEB_API = fixture('web-api-2022.web.config');
const WEB_API_NO_TRUSTED_CONNECTION = fixture('web-api-2022-no-trusted-connection.web.config');

const HOSTILE_VALUES = [
  'SQL01\\ORCH',
  'host,1433',
  'name;with;semicolons',
  "O'Brien",
  'say "hi"',
  `x;"';&<>`,
  'R&D &amp; more',
  'a<b>c',
  'bracket]name',
  ']]>',
  ' leading space',
  'trailing space ',
  'Ünïcødé-数据库-😀',
];

type Span = readonly [start: number, end: number];

/**
 * Asserts that `output` is `input` with only the given spans of `input` replaced, and returns what
 * each span became.
 */
function replacementsAt(input: string, output: string, spans: readonly Span[]): string[] {
  const replacements: string[] = [];
  let inputAt = 0;
  let outputAt = 0;
  spans.forEach(([start, end], index) => {
    const unchanged = input.slice(inputAt, start);
    expect(output.slice(outputAt, outputAt + unchanged.length)).toBe(unchanged);
    outputAt += unchanged.length;
    const following = spans[index + 1];
    const next = input.slice(end, following?.[0]);
    const nextAt = following === undefined ? output.length - next.length : output.indexOf(next, outputAt);
    expect(nextAt).toBeGreaterThanOrEqual(outputAt);
    replacements.push(output.slice(outputAt, nextAt));
    outputAt = nextAt;
    inputAt = end;
  });
  expect(output.slice(outputAt)).toBe(input.slice(inputAt));
  return replacements;
}

/** The span of the text after `key` up to the next `terminator`, searching from `from`. */
function valueSpan(text: string, key: string, terminator: string, from: number): Span {
  const start = text.indexOf(key, from) + key.length;
  expect(start).toBeGreaterThanOrEqual(key.length);
  return [start, text.indexOf(terminator, start)];
}

/** The live entry, after the commented-out copy of it. */
const liveContext = (xml: string) => xml.lastIndexOf('<add name="OrchestratorContext"');

function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
}

/** An independent reading of the attribute, through fast-xml-parser's own entity decoding. */
function parsedOrchestratorContext(xml: string): string {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true });
  const document = parser.parse(xml) as {
    configuration: { connectionStrings: { add: { name: string; connectionString: string }[] } };
  };
  const entry = document.configuration.connectionStrings.add.find((add) => add.name === 'OrchestratorContext');
  if (entry === undefined) throw new Error('no OrchestratorContext');
  return entry.connectionString;
}

describe('isConnectionStringsEncrypted', () => {
  it('tells the encrypted section from the decrypted one', () => {
    expect(isConnectionStringsEncrypted(WEB_SERVICE_ENCRYPTED)).toBe(true);
    expect(isConnectionStringsEncrypted(WEB_SERVICE)).toBe(false);
    expect(isConnectionStringsEncrypted(WEB_API)).toBe(false);
  });

  it('takes either sign of encryption', () => {
    expect(
      isConnectionStringsEncrypted(
        '<configuration><connectionStrings configProtectionProvider="DataProtectionConfigurationProvider" /></configuration>',
      ),
    ).toBe(true);
    expect(
      isConnectionStringsEncrypted(
        '<configuration><connectionStrings><EncryptedData /></connectionStrings></configuration>',
      ),
    ).toBe(true);
  });

  it('is not fooled by a comment', () => {
    expect(
      isConnectionStringsEncrypted(
        '<configuration><connectionStrings><!-- <EncryptedData /> --></connectionStrings></configuration>',
      ),
    ).toBe(false);
  });
});

describe('setOrchestratorContext', () => {
  const live = liveContext(WEB_SERVICE);
  const dataSource = valueSpan(WEB_SERVICE, 'Data Source=', ';', live);
  const initialCatalog = valueSpan(WEB_SERVICE, 'Initial Catalog=', ';', live);

  it('reads the live entry of the sample', () => {
    expect(readOrchestratorContext(WEB_SERVICE)).toEqual({ dataSource: 'SQL01\\ORCH', initialCatalog: 'Orchestrator' });
  });

  it('changes only the two values and keeps the BOM and CRLF line endings', () => {
    const result = setOrchestratorContext(WEB_SERVICE, {
      dataSource: 'SQL02\\ORCH2,1433',
      initialCatalog: 'Orchestrator2',
    });
    expect(replacementsAt(WEB_SERVICE, result.text, [dataSource, initialCatalog])).toEqual([
      'SQL02\\ORCH2,1433',
      'Orchestrator2',
    ]);
    expect(result.before).toEqual({ dataSource: 'SQL01\\ORCH', initialCatalog: 'Orchestrator' });
    expect(result.after).toEqual({ dataSource: 'SQL02\\ORCH2,1433', initialCatalog: 'Orchestrator2' });
    expect(result.text.startsWith('\uFEFF<?xml')).toBe(true);
    expect(result.text.replaceAll('\r\n', '')).not.toContain('\n');
    expectWellFormed(result.text);
    expect(readConnectionStringValues(parsedOrchestratorContext(result.text))).toEqual(result.after);
  });

  it('leaves the file byte-identical when it already names the target', () => {
    const result = setOrchestratorContext(WEB_SERVICE, { dataSource: 'SQL01\\ORCH', initialCatalog: 'Orchestrator' });
    expect(result.text).toBe(WEB_SERVICE);
    expect(result.after).toEqual(result.before);
  });

  it('writes the EF quotes as the file did and escapes the attribute’s own', () => {
    const result = setOrchestratorContext(WEB_SERVICE, { dataSource: 'say "hi"', initialCatalog: 'R&D <1>' });
    expect(replacementsAt(WEB_SERVICE, result.text, [dataSource, initialCatalog])).toEqual([
      `'say &quot;&quot;hi&quot;&quot;'`,
      'R&amp;D &lt;1>',
    ]);
  });

  it.each(HOSTILE_VALUES)('round-trips %j, changing only the edited value', (value) => {
    const asServer = setOrchestratorContext(WEB_SERVICE, { dataSource: value, initialCatalog: 'Orchestrator' });
    replacementsAt(WEB_SERVICE, asServer.text, [dataSource]);
    expect(asServer.after).toEqual({ dataSource: value, initialCatalog: 'Orchestrator' });
    expectWellFormed(asServer.text);
    expect(readConnectionStringValues(parsedOrchestratorContext(asServer.text)).dataSource).toBe(value);

    const asDatabase = setOrchestratorContext(WEB_SERVICE, { dataSource: 'SQL01\\ORCH', initialCatalog: value });
    replacementsAt(WEB_SERVICE, asDatabase.text, [initialCatalog]);
    expect(readOrchestratorContext(asDatabase.text)).toEqual({ dataSource: 'SQL01\\ORCH', initialCatalog: value });
    expectWellFormed(asDatabase.text);
  });

  it('edits a plain SqlClient string in a single-quoted attribute, keeping synonyms', () => {
    const xml =
      "<configuration>\n  <connectionStrings>\n    <add name='OrchestratorContext' connectionString='Server=SQL01;Database=Orchestrator;Integrated Security=SSPI' />\n  </connectionStrings>\n</configuration>\n";
    const result = setOrchestratorContext(xml, { dataSource: "O'Brien", initialCatalog: 'Orch2' });
    expect(result.text).toBe(xml.replace('Server=SQL01;Database=Orchestrator', `Server="O&apos;Brien";Database=Orch2`));
    expect(result.after).toEqual({ dataSource: "O'Brien", initialCatalog: 'Orch2' });
  });

  it('appends a missing Initial Catalog inside the EF quotes', () => {
    const xml =
      '<configuration><connectionStrings><add name="OrchestratorContext" connectionString="metadata=res://*/M.csdl;provider=System.Data.SqlClient;provider connection string=&quot;Data Source=SQL01;Integrated Security=True&quot;" /></connectionStrings></configuration>';
    const result = setOrchestratorContext(xml, { dataSource: 'SQL01', initialCatalog: 'Orch2' });
    expect(result.text).toBe(
      xml.replace('Integrated Security=True&quot;', 'Integrated Security=True;Initial Catalog=Orch2&quot;'),
    );
    expect(result.before).toEqual({ dataSource: 'SQL01', initialCatalog: undefined });
  });

  it('keeps entities it does not need to touch as the file wrote them', () => {
    const xml =
      '<configuration><connectionStrings><add name="OrchestratorContext" connectionString="Application Name=&#79;rch &gt; Web;Data Source=SQL01;Initial Catalog=&#x4F;rchestrator" /></connectionStrings></configuration>';
    expect(readOrchestratorContext(xml)).toEqual({ dataSource: 'SQL01', initialCatalog: 'Orchestrator' });
    const result = setOrchestratorContext(xml, { dataSource: 'SQL02', initialCatalog: 'Orchestrator' });
    expect(result.text).toBe(xml.replace('Data Source=SQL01', 'Data Source=SQL02'));
  });

  it('refuses the encrypted section', () => {
    expect(() => setOrchestratorContext(WEB_SERVICE_ENCRYPTED, { dataSource: 'a', initialCatalog: 'b' })).toThrow(
      /encrypted: decrypt it first \(aspnet_regiis\.exe -pdf "connectionStrings"/,
    );
    expect(() => readOrchestratorContext(WEB_SERVICE_ENCRYPTED)).toThrow(/encrypted/);
  });

  it('refuses a file without OrchestratorContext, ignoring the commented-out one', () => {
    const lineEnd = WEB_SERVICE.indexOf('\r\n', live) + 2;
    const lineStart = WEB_SERVICE.lastIndexOf('\r\n', live) + 2;
    const without = WEB_SERVICE.slice(0, lineStart) + WEB_SERVICE.slice(lineEnd);
    expect(without).toContain('<add name="OrchestratorContext"');
    expect(() => setOrchestratorContext(without, { dataSource: 'a', initialCatalog: 'b' })).toThrow(
      /no OrchestratorContext connection string\.$/,
    );
  });

  it('says where the connection strings are when they are kept in another file', () => {
    const xml = '<configuration><connectionStrings configSource="connections.config" /></configuration>';
    expect(() => readOrchestratorContext(xml)).toThrow(/kept in connections\.config/);
  });

  it('refuses two OrchestratorContext entries', () => {
    const entry = '<add name="OrchestratorContext" connectionString="Data Source=a;Initial Catalog=b" />';
    const xml = `<configuration><connectionStrings>${entry}${entry}</connectionStrings></configuration>`;
    expect(() => readOrchestratorContext(xml)).toThrow(/more than one OrchestratorContext/);
  });

  it('refuses a malformed connection string or file', () => {
    const xml =
      '<configuration><connectionStrings><add name="OrchestratorContext" connectionString="Data Source=&quot;SQL01" /></connectionStrings></configuration>';
    expect(() => setOrchestratorContext(xml, { dataSource: 'a', initialCatalog: 'b' })).toThrow(
      /^OrchestratorContext in web\.config: The connection string is malformed/,
    );
    expect(() => readOrchestratorContext(WEB_SERVICE.replace('</configuration>', ''))).toThrow(/not well-formed/);
    expect(() =>
      readOrchestratorContext(
        '<configuration><connectionStrings><add name="OrchestratorContext" connectionString="Data Source=a&b" /></connectionStrings></configuration>',
      ),
    ).toThrow(/malformed entity/);
  });
});

describe('setWebApiDatabase', () => {
  const wanted = { address: 'SQL02\\ORCH2,1433', database: 'Orchestrator2', trustedConnection: true };
  const addressSpan = (xml: string) =>
    valueSpan(xml, 'name="Database__Address" value="', '"', xml.lastIndexOf('name="Database__Address"'));
  const databaseSpan = (xml: string) => valueSpan(xml, 'name="Database__Database" value="', '"', 0);

  it('reads the sample, not the commented-out variable', () => {
    expect(readWebApiDatabase(WEB_API)).toEqual({
      address: 'SQL01\\ORCH',
      database: 'Orchestrator',
      trustedConnection: 'True',
    });
  });

  it('changes only the values and keeps LF line endings', () => {
    const result = setWebApiDatabase(WEB_API, wanted);
    expect(replacementsAt(WEB_API, result.text, [addressSpan(WEB_API), databaseSpan(WEB_API)])).toEqual([
      'SQL02\\ORCH2,1433',
      'Orchestrator2',
    ]);
    expect(result.before).toEqual({ address: 'SQL01\\ORCH', database: 'Orchestrator', trustedConnection: 'True' });
    expect(result.after).toEqual({
      address: 'SQL02\\ORCH2,1433',
      database: 'Orchestrator2',
      trustedConnection: 'True',
    });
    expect(result.text).not.toContain('\r');
    expectWellFormed(result.text);
  });

  it('leaves the file byte-identical when it already names the target', () => {
    const result = setWebApiDatabase(WEB_API, {
      address: 'SQL01\\ORCH',
      database: 'Orchestrator',
      trustedConnection: true,
    });
    expect(result.text).toBe(WEB_API);
  });

  it('writes Trusted_Connection in the file’s capitalisation', () => {
    const result = setWebApiDatabase(WEB_API, { ...wanted, trustedConnection: false });
    expect(result.after.trustedConnection).toBe('False');
    const trusted = valueSpan(WEB_API, 'name="Database__Trusted_Connection" value="', '"', 0);
    expect(replacementsAt(WEB_API, result.text, [addressSpan(WEB_API), databaseSpan(WEB_API), trusted])[2]).toBe(
      'False',
    );
  });

  it('adds the missing variable after the others with their indentation and line ending', () => {
    const input = WEB_API_NO_TRUSTED_CONNECTION;
    const result = setWebApiDatabase(input, wanted);
    const line = '<environmentVariable name="Database__Database" value="Orchestrator2" />';
    const added = '\n          <environmentVariable name="Database__Trusted_Connection" value="true" />';
    expect(result.text).toBe(
      input
        .replace('value="SQL01\\ORCH"', 'value="SQL02\\ORCH2,1433"')
        .replace('<environmentVariable name="Database__Database" value="Orchestrator" />', line + added),
    );
    expect(result.before.trustedConnection).toBeUndefined();
    expect(result.after.trustedConnection).toBe('true');
    expectWellFormed(result.text);
  });

  it('copies CRLF, tabs and single quotes from the file', () => {
    const input = WEB_API_NO_TRUSTED_CONNECTION.replaceAll('\n', '\r\n')
      .replaceAll('          <environmentVariable', '\t\t\t\t\t<environmentVariable')
      .replaceAll(
        /<environmentVariable name="([^"]*)" value="([^"]*)" \/>/g,
        "<environmentVariable name='$1' value='$2'/>",
      );
    const result = setWebApiDatabase(input, { ...wanted, address: "O'Brien" });
    expect(result.text).toBe(
      input
        .replace(`value='SQL01\\ORCH'`, `value='O&apos;Brien'`)
        .replace(
          `<environmentVariable name='Database__Database' value='Orchestrator'/>`,
          `<environmentVariable name='Database__Database' value='Orchestrator2'/>\r\n\t\t\t\t\t<environmentVariable name='Database__Trusted_Connection' value='true'/>`,
        ),
    );
    expect(result.after.address).toBe("O'Brien");
  });

  it('adds all three after the last variable when none is there', () => {
    const input = WEB_API.split('\n')
      .filter((line) => !/<environmentVariable name="Database__/.test(line))
      .join('\n');
    const result = setWebApiDatabase(input, wanted);
    const indent = '\n          ';
    expect(result.text).toBe(
      input.replace(
        '<environmentVariable name="Logging__LogLevel__Default" value="Warning" />',
        '<environmentVariable name="Logging__LogLevel__Default" value="Warning" />' +
          `${indent}<environmentVariable name="Database__Address" value="SQL02\\ORCH2,1433" />` +
          `${indent}<environmentVariable name="Database__Database" value="Orchestrator2" />` +
          `${indent}<environmentVariable name="Database__Trusted_Connection" value="true" />`,
      ),
    );
  });

  it.each(HOSTILE_VALUES)('round-trips %j, changing only the edited value', (value) => {
    const asAddress = setWebApiDatabase(WEB_API, { ...wanted, address: value, database: 'Orchestrator' });
    replacementsAt(WEB_API, asAddress.text, [addressSpan(WEB_API)]);
    expect(asAddress.after.address).toBe(value);
    expectWellFormed(asAddress.text);

    const asDatabase = setWebApiDatabase(WEB_API, { ...wanted, address: 'SQL01\\ORCH', database: value });
    replacementsAt(WEB_API, asDatabase.text, [databaseSpan(WEB_API)]);
    expect(readWebApiDatabase(asDatabase.text).database).toBe(value);
    expectWellFormed(asDatabase.text);
  });

  it('sets a synonym variable too, so that it cannot contradict the new value', () => {
    const input = WEB_API.replace(
      '<environmentVariable name="Authentication__Windows"',
      '<environmentVariable name="DATABASE__Server" value="OLDSQL" />\n          <environmentVariable name="Authentication__Windows"',
    );
    const result = setWebApiDatabase(input, wanted);
    expect(result.text).toContain('<environmentVariable name="DATABASE__Server" value="SQL02\\ORCH2,1433" />');
  });

  it('refuses a variable set twice, a file without aspNetCore, and empty values', () => {
    const twice = WEB_API.replace(
      '<environmentVariable name="Authentication__Windows"',
      '<environmentVariable name="database__address" value="X" />\n          <environmentVariable name="Authentication__Windows"',
    );
    expect(() => setWebApiDatabase(twice, wanted)).toThrow(/sets Database__Address more than once/);
    expect(() => readWebApiDatabase(WEB_SERVICE)).toThrow(/no aspNetCore element/);
    expect(() => setWebApiDatabase(WEB_API, { ...wanted, database: '' })).toThrow(/database name is empty/);
  });
});
