import { describe, expect, it } from 'vitest';
import {
  applyTextEdits,
  canonicalKeyword,
  connectionStringEdits,
  readConnectionStringValues,
  setConnectionStringValues,
} from '../../../../../src/main/knowledge/orchestrator/connection-string';

const HOSTILE_VALUES = [
  'SQL01\\ORCH',
  'host,1433',
  'tcp:sql01.contoso.com,1433',
  'name;with;semicolons',
  "O'Brien",
  'say "hi"',
  `both ' and "`,
  `x;"';&<>`,
  'R&D',
  'a<b>c',
  'bracket]name',
  ']]>',
  'a=b',
  ' leading space',
  'trailing space ',
  'interior  spaces',
  'Ünïcødé-数据库-😀',
];

const EF_PREFIX = 'metadata=res://*/Model.csdl|res://*/Model.ssdl|res://*/Model.msl;provider=System.Data.SqlClient;';

describe('canonicalKeyword', () => {
  it('maps the SqlClient synonyms, ignoring case and surrounding spaces', () => {
    for (const key of ['Data Source', 'server', ' ADDRESS ', 'Addr', 'Network Address']) {
      expect(canonicalKeyword(key)).toBe('data source');
    }
    expect(canonicalKeyword('Database')).toBe('initial catalog');
    expect(canonicalKeyword('Initial Catalog')).toBe('initial catalog');
    expect(canonicalKeyword('Trusted_Connection')).toBe('integrated security');
    expect(canonicalKeyword('MultipleActiveResultSets')).toBe('multipleactiveresultsets');
  });
});

describe('readConnectionStringValues', () => {
  it('reads a plain SqlClient string', () => {
    expect(
      readConnectionStringValues('Data Source=SQL01\\ORCH;Initial Catalog=Orchestrator;Integrated Security=True'),
    ).toEqual({ dataSource: 'SQL01\\ORCH', initialCatalog: 'Orchestrator' });
  });

  it('reads synonyms, any case, with spaces around keys and values', () => {
    expect(readConnectionStringValues(' server = SQL01 ;  DATABASE =Orchestrator ; ')).toEqual({
      dataSource: 'SQL01',
      initialCatalog: 'Orchestrator',
    });
    expect(readConnectionStringValues('Addr=a;Database=b').dataSource).toBe('a');
    expect(readConnectionStringValues('Network Address=a;Database=b').dataSource).toBe('a');
  });

  it('takes the last of duplicate keys and synonyms, as SqlClient does', () => {
    expect(readConnectionStringValues('Server=OLD;Data Source=NEW;Initial Catalog=A;Database=B')).toEqual({
      dataSource: 'NEW',
      initialCatalog: 'B',
    });
  });

  it('reads quoted values with doubled quotes', () => {
    expect(readConnectionStringValues(`Data Source="a;""b""";Initial Catalog='O''Brien'`)).toEqual({
      dataSource: 'a;"b"',
      initialCatalog: "O'Brien",
    });
  });

  it('reads "==" in a key as "="', () => {
    expect(readConnectionStringValues('odd==key=1;Data Source=x').dataSource).toBe('x');
  });

  it('reports absent keys as undefined', () => {
    expect(readConnectionStringValues('Integrated Security=SSPI')).toEqual({
      dataSource: undefined,
      initialCatalog: undefined,
    });
  });

  it('reads inside the provider connection string of an Entity Framework string', () => {
    const text = `${EF_PREFIX}provider connection string="data source=SQL01;initial catalog=Orchestrator;App=EntityFramework"`;
    expect(readConnectionStringValues(text)).toEqual({ dataSource: 'SQL01', initialCatalog: 'Orchestrator' });
  });

  it('refuses malformed strings', () => {
    expect(() => readConnectionStringValues('Data Source="SQL01;Initial Catalog=x')).toThrow(/unterminated/);
    expect(() => readConnectionStringValues('Data Source=SQL01;Orchestrator')).toThrow(/no "="/);
    expect(() => readConnectionStringValues('=SQL01')).toThrow(/key missing/);
    expect(() => readConnectionStringValues('Data Source="SQL01"x')).toThrow(/after a quoted value/);
    expect(() => readConnectionStringValues('Data Source=SQL01"')).toThrow(/ending in a quote/);
  });
});

describe('setConnectionStringValues', () => {
  const target = { dataSource: 'SQL02\\ORCH,1433', initialCatalog: 'Orchestrator2' };

  it('replaces only the two values', () => {
    expect(
      setConnectionStringValues('Data Source=SQL01;Initial Catalog=Orchestrator;Integrated Security=True', target),
    ).toBe('Data Source=SQL02\\ORCH,1433;Initial Catalog=Orchestrator2;Integrated Security=True');
  });

  it('keeps the key spelling, case and spacing the string used', () => {
    expect(setConnectionStringValues(' server = SQL01 ;DATABASE= Orchestrator ;Trusted_Connection=yes;', target)).toBe(
      ' server = SQL02\\ORCH,1433 ;DATABASE= Orchestrator2 ;Trusted_Connection=yes;',
    );
  });

  it('sets every key that names the server or the database', () => {
    expect(setConnectionStringValues('Server=A;Data Source=B;Initial Catalog=C', target)).toBe(
      'Server=SQL02\\ORCH,1433;Data Source=SQL02\\ORCH,1433;Initial Catalog=Orchestrator2',
    );
  });

  it('returns the text unchanged when it already names the target, however it is quoted', () => {
    const text = `Data Source = 'SQL02\\ORCH,1433' ; Initial Catalog="Orchestrator2";Encrypt=False`;
    expect(setConnectionStringValues(text, target)).toBe(text);
    expect(connectionStringEdits(text, target)).toEqual([]);
  });

  it('appends missing keys at the end, following the string’s trailing separator', () => {
    expect(setConnectionStringValues('Integrated Security=True', target)).toBe(
      'Integrated Security=True;Data Source=SQL02\\ORCH,1433;Initial Catalog=Orchestrator2',
    );
    expect(setConnectionStringValues('Integrated Security=True;  ', target)).toBe(
      'Integrated Security=True;Data Source=SQL02\\ORCH,1433;Initial Catalog=Orchestrator2;  ',
    );
    expect(setConnectionStringValues('Server=SQL01;Integrated Security=True', target)).toBe(
      'Server=SQL02\\ORCH,1433;Integrated Security=True;Initial Catalog=Orchestrator2',
    );
    expect(setConnectionStringValues('', target)).toBe('Data Source=SQL02\\ORCH,1433;Initial Catalog=Orchestrator2');
  });

  it('quotes values that need it', () => {
    const withServer = (dataSource: string) =>
      setConnectionStringValues('Data Source=x;Initial Catalog=Orchestrator2', { ...target, dataSource });
    expect(withServer('a;b')).toBe('Data Source="a;b";Initial Catalog=Orchestrator2');
    expect(withServer('say "hi"')).toBe(`Data Source='say "hi"';Initial Catalog=Orchestrator2`);
    expect(withServer(`both ' and "`)).toBe(`Data Source="both ' and """;Initial Catalog=Orchestrator2`);
    expect(withServer(' padded ')).toBe('Data Source=" padded ";Initial Catalog=Orchestrator2');
    expect(withServer('interior  spaces')).toBe('Data Source=interior  spaces;Initial Catalog=Orchestrator2');
  });

  it.each(HOSTILE_VALUES)('round-trips %j in a plain string', (value) => {
    const text = 'Server=SQL01;Database=Orchestrator;Integrated Security=True';
    const written = setConnectionStringValues(text, { dataSource: value, initialCatalog: value });
    expect(readConnectionStringValues(written)).toEqual({ dataSource: value, initialCatalog: value });
    expect(written.endsWith(';Integrated Security=True')).toBe(true);
  });

  it('refuses empty values and characters a configuration file cannot hold', () => {
    const text = 'Data Source=SQL01;Initial Catalog=Orchestrator';
    expect(() => setConnectionStringValues(text, { ...target, dataSource: ' ' })).toThrow(/server name is empty/);
    expect(() => setConnectionStringValues(text, { ...target, initialCatalog: '' })).toThrow(/database name is empty/);
    expect(() => setConnectionStringValues(text, { ...target, dataSource: 'a\nb' })).toThrow(/cannot hold/);
    expect(() => setConnectionStringValues(text, { ...target, dataSource: 'a\uD800' })).toThrow(/cannot hold/);
  });
});

describe('setConnectionStringValues on an Entity Framework string', () => {
  const inner = 'Data Source=SQL01;Initial Catalog=Orchestrator;Integrated Security=True;MultipleActiveResultSets=True';
  const ef = `${EF_PREFIX}provider connection string="${inner}"`;

  it('edits the inner string and keeps the wrapper', () => {
    expect(setConnectionStringValues(ef, { dataSource: 'SQL02', initialCatalog: 'Orch2' })).toBe(
      `${EF_PREFIX}provider connection string="Data Source=SQL02;Initial Catalog=Orch2;Integrated Security=True;MultipleActiveResultSets=True"`,
    );
  });

  it('quotes inner values with the quote the wrapper does not use', () => {
    expect(setConnectionStringValues(ef, { dataSource: 'a;b', initialCatalog: 'Orchestrator' })).toBe(
      `${EF_PREFIX}provider connection string="Data Source='a;b';Initial Catalog=Orchestrator;Integrated Security=True;MultipleActiveResultSets=True"`,
    );
    const singleQuoted = `${EF_PREFIX}provider connection string='${inner}'`;
    expect(setConnectionStringValues(singleQuoted, { dataSource: 'a;b', initialCatalog: 'Orchestrator' })).toBe(
      `${EF_PREFIX}provider connection string='Data Source="a;b";Initial Catalog=Orchestrator;Integrated Security=True;MultipleActiveResultSets=True'`,
    );
  });

  it('doubles the wrapper’s quote inside the inner string', () => {
    expect(setConnectionStringValues(ef, { dataSource: 'say "hi"', initialCatalog: 'Orchestrator' })).toBe(
      `${EF_PREFIX}provider connection string="Data Source='say ""hi""';Initial Catalog=Orchestrator;Integrated Security=True;MultipleActiveResultSets=True"`,
    );
  });

  it('appends a missing key inside the wrapper', () => {
    const text = `${EF_PREFIX}provider connection string="Data Source=SQL01;Integrated Security=True";`;
    expect(setConnectionStringValues(text, { dataSource: 'SQL01', initialCatalog: 'Orch2' })).toBe(
      `${EF_PREFIX}provider connection string="Data Source=SQL01;Integrated Security=True;Initial Catalog=Orch2";`,
    );
  });

  it('quotes an unquoted provider connection string once it gains a key', () => {
    const text = `${EF_PREFIX}provider connection string=Data Source=SQL01`;
    expect(setConnectionStringValues(text, { dataSource: 'SQL02', initialCatalog: 'Orch2' })).toBe(
      `${EF_PREFIX}provider connection string="Data Source=SQL02;Initial Catalog=Orch2"`,
    );
  });

  it.each(HOSTILE_VALUES)('round-trips %j', (value) => {
    for (const text of [ef, `${EF_PREFIX}provider connection string='${inner}'`]) {
      const written = setConnectionStringValues(text, { dataSource: value, initialCatalog: value });
      expect(readConnectionStringValues(written)).toEqual({ dataSource: value, initialCatalog: value });
      expect(written.startsWith(`${EF_PREFIX}provider connection string=`)).toBe(true);
    }
  });
});

describe('applyTextEdits', () => {
  it('applies edits in order of position and refuses overlaps', () => {
    expect(
      applyTextEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
        { start: 6, end: 6, text: '!' },
      ]),
    ).toBe('AbcdEf!');
    expect(() =>
      applyTextEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/Overlapping/);
  });
});
