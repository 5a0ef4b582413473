/**
 * The web.config files of the Orchestrator web components, which DBSetup leaves pointing at the old
 * database: the 2016/2019 web service's OrchestratorContext connection string and the 2022 Web
 * API's Database__* environment variables.
 *
 * The files are edited as text, value by value. A parser's re-serialisation would drop the BOM,
 * comments and line endings and re-escape attributes, and the operator (or a later aspnet_regiis
 * -pef) would then face a file that differs from the installer's in a hundred places, not two.
 */

import { XMLValidator } from 'fast-xml-parser';
import {
  applyTextEdits,
  assertUsableValue,
  canonicalKeyword,
  connectionStringEdits,
  readConnectionStringValues,
  type DatabaseLocation,
  type DatabaseLocationValues,
  type TextEdit,
} from './connection-string';

export interface WebConfigEdit<Values> {
  text: string;
  before: Values;
  after: Values;
}

export interface WebApiDatabase {
  address: string;
  database: string;
  trustedConnection: boolean;
}

/** The variables as the file writes them (decoded); undefined when a variable is absent. */
export interface WebApiDatabaseValues {
  address: string | undefined;
  database: string | undefined;
  trustedConnection: string | undefined;
}

type Quote = '"' | "'";

interface XmlAttribute {
  name: string;
  quote: Quote;
  /** The value as written, between the quotes. */
  start: number;
  end: number;
}

interface XmlElement {
  name: string;
  parent: XmlElement | undefined;
  start: number;
  /** After the end tag, or after the tag itself when it closes itself. */
  end: number;
  attributes: XmlAttribute[];
}

interface DecodedAttribute {
  text: string;
  /** Where in the file each character of `text` is written, and after them the closing quote. */
  offsets: number[];
}

const ORCHESTRATOR_CONTEXT = 'OrchestratorContext';

const WEB_API_SETTINGS = [
  { field: 'address', name: 'Database__Address', keyword: canonicalKeyword('Address') },
  { field: 'database', name: 'Database__Database', keyword: canonicalKeyword('Database') },
  { field: 'trustedConnection', name: 'Database__Trusted_Connection', keyword: canonicalKeyword('Trusted_Connection') },
] as const;

const DATABASE_VARIABLE_PREFIX = /^Database__/i;

/** How SqlClient reads Integrated Security / Trusted_Connection. */
const TRUE_WORDS = ['true', 'yes', 'sspi'];
const FALSE_WORDS = ['false', 'no'];

export function isConnectionStringsEncrypted(xml: string): boolean {
  return encryptedSections(scanElements(xml)).length > 0;
}

export function readOrchestratorContext(xml: string): DatabaseLocationValues {
  const connectionString = decodeAttribute(xml, orchestratorContextAttribute(xml, scanElements(xml)));
  return aboutOrchestratorContext(() => readConnectionStringValues(connectionString.text));
}

export function setOrchestratorContext(xml: string, location: DatabaseLocation): WebConfigEdit<DatabaseLocationValues> {
  const attribute = orchestratorContextAttribute(xml, scanElements(xml));
  const connectionString = decodeAttribute(xml, attribute);
  const before = aboutOrchestratorContext(() => readConnectionStringValues(connectionString.text));
  // Reading `before` has parsed the string already: what can fail now is the new values themselves.
  const edits = connectionStringEdits(connectionString.text, location);
  const text = applyTextEdits(
    xml,
    edits.map((edit) => ({
      start: offsetAt(connectionString, edit.start),
      end: offsetAt(connectionString, edit.end),
      text: encodeAttribute(edit.text, attribute.quote),
    })),
  );
  const after = readOrchestratorContext(text);
  if (after.dataSource !== location.dataSource || after.initialCatalog !== location.initialCatalog) {
    throw new Error(`The edited ${ORCHESTRATOR_CONTEXT} connection string does not read back as written.`);
  }
  return { text, before, after };
}

export function readWebApiDatabase(xml: string): WebApiDatabaseValues {
  return webApiValues(xml, environmentVariables(xml, scanElements(xml)));
}

/**
 * Sets the three variables, adding any that is missing after the other Database__ variables, copied
 * from one of them so that it has the file's indentation, line ending and quoting. A variable that
 * SqlClient reads as a synonym (Database__Server, Database__Initial Catalog) is set as well: left
 * alone, it would contradict the new value in the connection string the Web API builds.
 */
export function setWebApiDatabase(xml: string, wanted: WebApiDatabase): WebConfigEdit<WebApiDatabaseValues> {
  assertUsableValue('server name', wanted.address);
  assertUsableValue('database name', wanted.database);
  const variables = environmentVariables(xml, scanElements(xml));
  const before = webApiValues(xml, variables);

  const edits: TextEdit[] = [];
  const missing: { name: string; value: string }[] = [];
  for (const setting of WEB_API_SETTINGS) {
    const matching = variables.filter((variable) => isDatabaseVariable(variable.name, setting.keyword));
    const valueFor = (current: string | undefined): string =>
      setting.field === 'trustedConnection'
        ? trustedConnectionValue(current, wanted.trustedConnection)
        : wanted[setting.field];
    if (matching.length === 0) missing.push({ name: setting.name, value: valueFor(undefined) });
    for (const variable of matching) {
      const value = requiredValue(variable);
      const current = decodeAttribute(xml, value).text;
      const next = valueFor(current);
      if (next !== current) {
        edits.push({ start: value.start, end: value.end, text: encodeAttribute(next, value.quote) });
      }
    }
  }
  if (missing.length > 0) edits.push(insertVariables(xml, variables, missing));

  const text = applyTextEdits(xml, edits);
  const after = readWebApiDatabase(text);
  if (
    after.address !== wanted.address ||
    after.database !== wanted.database ||
    after.trustedConnection === undefined ||
    parseTrustedConnection(after.trustedConnection) !== wanted.trustedConnection
  ) {
    throw new Error('The edited Database__ variables do not read back as written.');
  }
  return { text, before, after };
}

function encryptedSections(elements: readonly XmlElement[]): XmlElement[] {
  return elements.filter(
    (element) =>
      element.name === 'connectionStrings' &&
      (findAttribute(element, 'configProtectionProvider') !== undefined ||
        elements.some((child) => child.parent === element && child.name === 'EncryptedData')),
  );
}

function orchestratorContextAttribute(xml: string, elements: readonly XmlElement[]): XmlAttribute {
  if (encryptedSections(elements).length > 0) {
    throw new Error(
      'The connectionStrings section of web.config is encrypted: decrypt it first ' +
        '(aspnet_regiis.exe -pdf "connectionStrings" "<web service folder>").',
    );
  }
  const entries = elements.filter(
    (element) =>
      element.name === 'add' &&
      element.parent?.name === 'connectionStrings' &&
      attributeText(xml, element, 'name') === ORCHESTRATOR_CONTEXT,
  );
  const entry = entries[0];
  if (entry === undefined) {
    const configSource = elements
      .filter((element) => element.name === 'connectionStrings')
      .map((element) => attributeText(xml, element, 'configSource'))
      .find((source) => source !== undefined);
    throw new Error(
      `web.config has no ${ORCHESTRATOR_CONTEXT} connection string` +
        (configSource === undefined ? '.' : `: its connection strings are kept in ${configSource}.`),
    );
  }
  if (entries.length > 1) throw new Error(`web.config has more than one ${ORCHESTRATOR_CONTEXT} connection string.`);
  const connectionString = findAttribute(entry, 'connectionString');
  if (connectionString === undefined) {
    throw new Error(`The ${ORCHESTRATOR_CONTEXT} entry in web.config has no connectionString attribute.`);
  }
  return connectionString;
}

function aboutOrchestratorContext<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${ORCHESTRATOR_CONTEXT} in web.config: ${message}`, { cause: error });
  }
}

interface EnvironmentVariable {
  element: XmlElement;
  name: string;
}

function environmentVariables(xml: string, elements: readonly XmlElement[]): EnvironmentVariable[] {
  const modules = elements.filter((element) => element.name === 'aspNetCore');
  const module = modules[0];
  if (module === undefined) {
    throw new Error('web.config has no aspNetCore element: it is not the web.config of the Orchestrator Web API.');
  }
  if (modules.length > 1) throw new Error('web.config has more than one aspNetCore element.');
  const list = elements.find((element) => element.name === 'environmentVariables' && element.parent === module);
  if (list === undefined) throw new Error('The aspNetCore element in web.config has no environmentVariables.');
  return elements
    .filter((element) => element.name === 'environmentVariable' && element.parent === list)
    .map((element) => {
      const name = attributeText(xml, element, 'name');
      if (name === undefined) throw new Error('An environmentVariable in web.config has no name.');
      return { element, name };
    });
}

function webApiValues(xml: string, variables: readonly EnvironmentVariable[]): WebApiDatabaseValues {
  const valueOf = (name: string): string | undefined => {
    // Windows and the ASP.NET Core module treat variable names without regard to case.
    const matching = variables.filter((variable) => variable.name.toLowerCase() === name.toLowerCase());
    const variable = matching[0];
    if (variable === undefined) return undefined;
    if (matching.length > 1) throw new Error(`web.config sets ${name} more than once.`);
    return decodeAttribute(xml, requiredValue(variable)).text;
  };
  return {
    address: valueOf('Database__Address'),
    database: valueOf('Database__Database'),
    trustedConnection: valueOf('Database__Trusted_Connection'),
  };
}

function isDatabaseVariable(name: string, keyword: string): boolean {
  return (
    DATABASE_VARIABLE_PREFIX.test(name) && canonicalKeyword(name.replace(DATABASE_VARIABLE_PREFIX, '')) === keyword
  );
}

function requiredValue(variable: EnvironmentVariable): XmlAttribute {
  const value = findAttribute(variable.element, 'value');
  if (value === undefined) throw new Error(`The environment variable ${variable.name} in web.config has no value.`);
  return value;
}

function parseTrustedConnection(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

/** Keeps a value that already means the wanted setting, and the file's capitalisation otherwise. */
function trustedConnectionValue(current: string | undefined, wanted: boolean): string {
  if (current !== undefined && parseTrustedConnection(current) === wanted) return current;
  const word = wanted ? 'true' : 'false';
  return current !== undefined && /^[A-Z]/.test(current) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function insertVariables(
  xml: string,
  variables: readonly EnvironmentVariable[],
  missing: readonly { name: string; value: string }[],
): TextEdit {
  const anchor = variables.findLast((variable) => DATABASE_VARIABLE_PREFIX.test(variable.name)) ?? variables.at(-1);
  if (anchor === undefined) {
    throw new Error(
      'The environmentVariables in web.config are empty: there is no variable to add the new ones next to.',
    );
  }
  const element = anchor.element;
  const name = findAttribute(element, 'name');
  const value = requiredValue(anchor);
  if (name === undefined) throw new Error('An environmentVariable in web.config has no name.');
  const copy = (variable: { name: string; value: string }): string =>
    applyTextEdits(
      xml.slice(element.start, element.end),
      [name, value].map((attribute) => ({
        start: attribute.start - element.start,
        end: attribute.end - element.start,
        text: encodeAttribute(attribute === name ? variable.name : variable.value, attribute.quote),
      })),
    );
  const indentation = lineStartBefore(xml, element.start);
  return {
    start: element.end,
    end: element.end,
    text: missing.map((variable) => xml.slice(indentation, element.start) + copy(variable)).join(''),
  };
}

/** Where the line break and indentation in front of `at` begin (`at` itself when there are none). */
function lineStartBefore(xml: string, at: number): number {
  let start = at;
  while (start > 0 && (xml.charAt(start - 1) === ' ' || xml.charAt(start - 1) === '\t')) start--;
  if (xml.charAt(start - 1) === '\n') start--;
  if (xml.charAt(start - 1) === '\r') start--;
  return start;
}

function findAttribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((attribute) => attribute.name === name);
}

function attributeText(xml: string, element: XmlElement, name: string): string | undefined {
  const attribute = findAttribute(element, name);
  return attribute === undefined ? undefined : decodeAttribute(xml, attribute).text;
}

function offsetAt(decoded: DecodedAttribute, index: number): number {
  const offset = decoded.offsets[index];
  if (offset === undefined) throw new Error(`Offset ${index} is outside the attribute value.`);
  return offset;
}

const ENTITY = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/y;
const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as const;

/**
 * An attribute value as an XML parser hands it over: entities decoded, and each literal tab or line
 * break (a CRLF counting as one) read as a space.
 */
function decodeAttribute(xml: string, attribute: XmlAttribute): DecodedAttribute {
  let text = '';
  const offsets: number[] = [];
  let at = attribute.start;
  while (at < attribute.end) {
    const char = xml.charAt(at);
    if (char === '&') {
      ENTITY.lastIndex = at;
      const match = ENTITY.exec(xml);
      if (match === null || ENTITY.lastIndex > attribute.end) {
        throw new Error(`web.config has an unknown or malformed entity in the ${attribute.name} attribute.`);
      }
      const [reference, hex, decimal, named] = match;
      const decoded =
        named === undefined
          ? characterReference(reference, hex, decimal)
          : NAMED_ENTITIES[named as keyof typeof NAMED_ENTITIES];
      for (let unit = 0; unit < decoded.length; unit++) offsets.push(at);
      text += decoded;
      at += reference.length;
    } else if (char === '\r' || char === '\n' || char === '\t') {
      offsets.push(at);
      text += ' ';
      at += char === '\r' && xml.charAt(at + 1) === '\n' ? 2 : 1;
    } else {
      offsets.push(at);
      text += char;
      at++;
    }
  }
  offsets.push(attribute.end);
  return { text, offsets };
}

function characterReference(reference: string, hex: string | undefined, decimal: string | undefined): string {
  const codePoint = hex === undefined ? Number.parseInt(decimal ?? '', 10) : Number.parseInt(hex, 16);
  if (!(codePoint > 0 && codePoint <= 0x10ffff) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    throw new Error(`web.config has the invalid character reference ${reference}.`);
  }
  return String.fromCodePoint(codePoint);
}

function encodeAttribute(value: string, quote: Quote): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll(quote, quote === '"' ? '&quot;' : '&apos;');
}

const START_TAG_NAME = /<([^\s/>]+)/y;
const ATTRIBUTE_START = /\s+([^\s=/>"']+)\s*=\s*(["'])/y;
const START_TAG_END = /\s*(\/?)>/y;

/**
 * The elements with the places of their attribute values in the text. Comments, CDATA and
 * processing instructions are skipped, so a commented-out old OrchestratorContext is not taken for
 * the live one.
 */
function scanElements(xml: string): XmlElement[] {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new Error(`web.config is not well-formed XML (line ${validation.err.line}: ${validation.err.msg}).`);
  }
  const unexpected = (at: number): never => {
    throw new Error(`web.config has markup this reader does not expect at character ${at + 1}.`);
  };
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  let at = xml.indexOf('<');
  while (at !== -1) {
    if (xml.startsWith('<!--', at)) {
      at = endOf(xml, '-->', at + 4) ?? unexpected(at);
    } else if (xml.startsWith('<![CDATA[', at)) {
      at = endOf(xml, ']]>', at + 9) ?? unexpected(at);
    } else if (xml.startsWith('<?', at)) {
      at = endOf(xml, '?>', at + 2) ?? unexpected(at);
    } else if (xml.startsWith('<!', at)) {
      // Entities declared in a DOCTYPE would change what attribute values mean; web.config has none.
      throw new Error('web.config declares a DOCTYPE, which a web.config does not have.');
    } else if (xml.startsWith('</', at)) {
      const element = open.pop() ?? unexpected(at);
      at = endOf(xml, '>', at) ?? unexpected(at);
      element.end = at;
    } else {
      START_TAG_NAME.lastIndex = at;
      const name = START_TAG_NAME.exec(xml)?.[1] ?? unexpected(at);
      const element: XmlElement = { name, parent: open.at(-1), start: at, end: -1, attributes: [] };
      let position = START_TAG_NAME.lastIndex;
      for (;;) {
        START_TAG_END.lastIndex = position;
        const tagEnd = START_TAG_END.exec(xml);
        if (tagEnd !== null) {
          position = START_TAG_END.lastIndex;
          if (tagEnd[1] === '/') element.end = position;
          else open.push(element);
          break;
        }
        ATTRIBUTE_START.lastIndex = position;
        const attribute = ATTRIBUTE_START.exec(xml) ?? unexpected(position);
        const [, attributeName = '', quote] = attribute;
        const start = ATTRIBUTE_START.lastIndex;
        const end = xml.indexOf(quote === "'" ? "'" : '"', start);
        if (end === -1) unexpected(start);
        element.attributes.push({ name: attributeName, quote: quote === "'" ? "'" : '"', start, end });
        position = end + 1;
      }
      elements.push(element);
      at = position;
    }
    at = xml.indexOf('<', at);
  }
  if (open.length > 0) unexpected(xml.length);
  return elements;
}

function endOf(xml: string, terminator: string, from: number): number | undefined {
  const found = xml.indexOf(terminator, from);
  return found === -1 ? undefined : found + terminator.length;
}
