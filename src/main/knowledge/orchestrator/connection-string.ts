/**
 * SqlClient connection strings as the Orchestrator web service keeps them, plain or wrapped in an
 * Entity Framework connection string. Edits replace only the values that change, so the operator's
 * file keeps every other byte, including keys spelled their own way and options we know nothing of.
 */

/** Where the database now is. */
export interface DatabaseLocation {
  dataSource: string;
  initialCatalog: string;
}

/** What a connection string says; undefined when it does not name the server or the database. */
export interface DatabaseLocationValues {
  dataSource: string | undefined;
  initialCatalog: string | undefined;
}

/** Replace text[start, end) with `text`; offsets are in the string the edit was made for. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

type Quote = '"' | "'";

interface KeyValuePair {
  keyword: string;
  value: string;
  quote: Quote | undefined;
  /** The value as written, with its quotes. */
  valueStart: number;
  valueEnd: number;
  /** Where each character of `value` is written, and after them where the value's text ends. */
  offsets: number[];
}

const DATA_SOURCE = 'data source';
const INITIAL_CATALOG = 'initial catalog';
const INTEGRATED_SECURITY = 'integrated security';
const ENTITY_PROVIDER_CONNECTION_STRING = 'provider connection string';

const SYNONYMS: Readonly<Record<string, string>> = {
  server: DATA_SOURCE,
  address: DATA_SOURCE,
  addr: DATA_SOURCE,
  'network address': DATA_SOURCE,
  database: INITIAL_CATALOG,
  trusted_connection: INTEGRATED_SECURITY,
};

/**
 * The keyword SqlClient reads a key as: keys are case-insensitive and trimmed, and several are
 * synonyms (`Server` is `Data Source`, `Database` is `Initial Catalog`).
 */
export function canonicalKeyword(key: string): string {
  const keyword = key.trim().toLowerCase();
  return SYNONYMS[keyword] ?? keyword;
}

/**
 * Server and database names the files can hold and SqlClient can read back: control characters
 * would be turned into spaces by the XML attribute rules, and a lone surrogate cannot be written
 * in UTF-8 at all.
 */
export function assertUsableValue(what: string, value: string): void {
  if (value.trim() === '') throw new Error(`The ${what} is empty.`);
  if (/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(value)) {
    throw new Error(`The ${what} ${JSON.stringify(value)} contains a character a configuration file cannot hold.`);
  }
}

export function readConnectionStringValues(text: string): DatabaseLocationValues {
  const pairs = parseConnectionString(text);
  const wrapped = lastPair(pairs, ENTITY_PROVIDER_CONNECTION_STRING);
  const sqlClientPairs = wrapped === undefined ? pairs : parseConnectionString(wrapped.value);
  return {
    dataSource: lastPair(sqlClientPairs, DATA_SOURCE)?.value,
    initialCatalog: lastPair(sqlClientPairs, INITIAL_CATALOG)?.value,
  };
}

export function setConnectionStringValues(text: string, location: DatabaseLocation): string {
  return applyTextEdits(text, connectionStringEdits(text, location));
}

/**
 * The edits that point `text` at `location`, plain SqlClient or Entity Framework (whose
 * `provider connection string` holds the SqlClient string). Every key naming the server or the
 * database is set, because SqlClient takes the last of duplicates and synonyms: leaving an old
 * `Server=` before a new `Data Source=` would be harmless only by accident of order.
 */
export function connectionStringEdits(text: string, location: DatabaseLocation): TextEdit[] {
  assertUsableValue('server name', location.dataSource);
  assertUsableValue('database name', location.initialCatalog);
  const pairs = parseConnectionString(text);
  const wrapped = lastPair(pairs, ENTITY_PROVIDER_CONNECTION_STRING);
  if (wrapped === undefined) return sqlClientEdits(text, pairs, location, undefined);
  const innerEdits = sqlClientEdits(wrapped.value, parseConnectionString(wrapped.value), location, wrapped.quote);
  return editsThroughValue(wrapped, innerEdits);
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error('Overlapping edits.');
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}

function lastPair(pairs: readonly KeyValuePair[], keyword: string): KeyValuePair | undefined {
  return pairs.findLast((pair) => pair.keyword === keyword);
}

function sqlClientEdits(
  text: string,
  pairs: readonly KeyValuePair[],
  location: DatabaseLocation,
  enclosingQuote: Quote | undefined,
): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [keyword, key, value] of [
    [DATA_SOURCE, 'Data Source', location.dataSource],
    [INITIAL_CATALOG, 'Initial Catalog', location.initialCatalog],
  ] as const) {
    const present = pairs.filter((pair) => pair.keyword === keyword);
    if (present.length === 0) missing.push(`${key}=${formatValue(value, enclosingQuote)}`);
    for (const pair of present) {
      if (pair.value !== value) {
        edits.push({ start: pair.valueStart, end: pair.valueEnd, text: formatValue(value, enclosingQuote) });
      }
    }
  }
  if (missing.length > 0) {
    const end = text.trimEnd().length;
    const endsWithSeparator = text.slice(0, end).endsWith(';');
    const added = missing.join(';');
    const insertion = end === 0 ? added : endsWithSeparator ? `${added};` : `;${added}`;
    edits.push({ start: end, end, text: insertion });
  }
  return edits;
}

/** Carries edits made to a pair's value over to the text the value is written in. */
function editsThroughValue(pair: KeyValuePair, innerEdits: readonly TextEdit[]): TextEdit[] {
  if (innerEdits.length === 0) return [];
  const quote = pair.quote;
  // Unquoted, the value cannot hold a ";": it names one key, gains the other and so needs quotes.
  if (quote === undefined) {
    const value = applyTextEdits(pair.value, innerEdits);
    return [{ start: pair.valueStart, end: pair.valueEnd, text: formatValue(value, undefined) }];
  }
  return innerEdits.map((edit) => ({
    start: offsetAt(pair, edit.start),
    end: offsetAt(pair, edit.end),
    text: edit.text.replaceAll(quote, quote + quote),
  }));
}

function offsetAt(pair: KeyValuePair, index: number): number {
  const offset = pair.offsets[index];
  if (offset === undefined) throw new Error(`Offset ${index} is outside the value.`);
  return offset;
}

function needsQuotes(value: string): boolean {
  return /[;"'\p{Cc}]/u.test(value) || /^\s|\s$/u.test(value);
}

/**
 * Quotes as SqlConnectionStringBuilder does, double quotes unless the value holds one and no single
 * quote. Inside an Entity Framework string the preference turns around: its own quotes are doubled
 * around the SqlClient string, and `Data Source=''a;b''` would be legal but unreadable.
 */
function formatValue(value: string, enclosingQuote: Quote | undefined): string {
  if (!needsQuotes(value)) return value;
  const preferred: Quote = enclosingQuote === '"' ? "'" : '"';
  const other: Quote = preferred === '"' ? "'" : '"';
  if (!value.includes(preferred)) return preferred + value + preferred;
  if (!value.includes(other)) return other + value + other;
  return preferred + value.replaceAll(preferred, preferred + preferred) + preferred;
}

/**
 * Follows the grammar of DbConnectionStringBuilder: `key=value` pairs split by `;`, `==` for an `=`
 * inside a key, values quoted with `"` or `'` (the quote doubled inside), and unquoted values that
 * run to the next `;` without their trailing spaces.
 */
function parseConnectionString(text: string): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  const fail = (what: string, at: number): never => {
    throw new Error(`The connection string is malformed: ${what} at character ${at + 1}.`);
  };
  let at = 0;
  for (;;) {
    while (at < text.length && /[\s;]/u.test(text.charAt(at))) at++;
    if (at >= text.length) return pairs;

    const keyStart = at;
    let key = '';
    for (;;) {
      if (at >= text.length) return fail(`no "=" after the key "${key.trim()}"`, keyStart);
      const char = text.charAt(at);
      if (char === '=') {
        if (text.charAt(at + 1) !== '=') break;
        key += '=';
        at += 2;
        continue;
      }
      if (/\p{Cc}/u.test(char)) return fail('a control character in a key', at);
      key += char;
      at++;
    }
    if (key.trim() === '') return fail('a key missing before "="', keyStart);
    at++;
    while (at < text.length && /\s/u.test(text.charAt(at))) at++;

    const valueStart = at;
    const opening = text.charAt(at);
    let value = '';
    const offsets: number[] = [];
    let quote: Quote | undefined;
    if (opening === '"' || opening === "'") {
      quote = opening;
      at++;
      for (;;) {
        if (at >= text.length) return fail('an unterminated quoted value', valueStart);
        const char = text.charAt(at);
        if (char === quote) {
          if (text.charAt(at + 1) !== quote) break;
          offsets.push(at);
          value += quote;
          at += 2;
          continue;
        }
        if (char === '\0') return fail('a NUL character in a value', at);
        offsets.push(at);
        value += char;
        at++;
      }
      offsets.push(at);
      at++;
      const valueEnd = at;
      while (at < text.length && /\s/u.test(text.charAt(at))) at++;
      if (at < text.length && text.charAt(at) !== ';') return fail('text after a quoted value', at);
      pairs.push({ keyword: canonicalKeyword(key), value, quote, valueStart, valueEnd, offsets });
    } else {
      let end = text.indexOf(';', at);
      if (end === -1) end = text.length;
      value = text.slice(at, end).trimEnd();
      if (/\p{Cc}/u.test(value)) return fail('a control character in an unquoted value', at);
      if (/["']$/.test(value)) return fail('an unquoted value ending in a quote', at + value.length - 1);
      for (let index = 0; index <= value.length; index++) offsets.push(at + index);
      pairs.push({ keyword: canonicalKeyword(key), value, quote, valueStart, valueEnd: at + value.length, offsets });
      at = end;
    }
  }
}
