/**
 * The recovery kit's exported unsealed management packs: what each XML file is, which of them to
 * import and in which order, and the kit's checksum list that vouches for the files.
 */

import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';

export interface ManagementPackReference {
  alias: string;
  id: string;
  version: string;
  publicKeyToken?: string;
}

export interface ManagementPackFile {
  /** The path as given. */
  file: string;
  id: string;
  version: string;
  name?: string;
  references: ManagementPackReference[];
}

export interface InstalledManagementPack {
  id: string;
  version: string;
  sealed: boolean;
}

export interface ImportPlan {
  order: ManagementPackFile[];
  skipped: { pack: ManagementPackFile; reason: string }[];
  problems: { pack: ManagementPackFile; message: string }[];
}

const VERSION = /^\d+(?:\.\d+)*$/;

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

/**
 * Only the entities every XML document has. The files are untrusted (the kit may have sat on a
 * share for months): entities a DOCTYPE declares are how entity-expansion and external-entity
 * attacks work, and an exported management pack never declares any.
 */
const xmlEntitiesOnly: EntityDecoderOptions = {
  addInputEntities(entities) {
    if (Object.keys(entities).length > 0) throw new Error('it declares entities in a DOCTYPE');
  },
  setExternalEntities() {},
  reset() {},
  setXmlVersion() {},
  decode: (text) => text.replace(ENTITY_REFERENCE, decodeEntity),
};

function decodeEntity(reference: string, name: string): string {
  if (!name.startsWith('#')) {
    const value = XML_ENTITIES[name];
    if (value === undefined) throw new Error(`it uses the undefined entity ${reference}`);
    return value;
  }
  const codePoint = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (codePoint === 0 || codePoint > 0x10ffff) throw new Error(`it uses the invalid character reference ${reference}`);
  return String.fromCodePoint(codePoint);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // IDs and versions stay text: 7.5.3079.0 is not a number, and 0042 is not 42.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder: xmlEntitiesOnly,
});

type XmlNode = Record<string, unknown>;

export function parseManagementPack(file: string, xml: string): ManagementPackFile {
  const fail: (what: string) => never = (what) => {
    throw new Error(`${file} ${what}`);
  };
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (text.trim() === '') fail('is empty');

  // The parser itself accepts truncated and mismatched markup; a half-copied file must not pass.
  const validation = XMLValidator.validate(text);
  if (validation !== true) fail(`is not well-formed XML (line ${validation.err.line}: ${validation.err.msg})`);
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    fail(`could not be read as XML: ${error instanceof Error ? error.message : String(error)}`);
  }

  const roots = isNode(document) ? Object.keys(document) : [];
  const root = isNode(document) ? document.ManagementPack : undefined;
  if (root === undefined) {
    fail(`is not a management pack: its root element is <${roots[0] ?? '?'}>, not <ManagementPack>`);
  }
  if (roots.length > 1 || Array.isArray(root)) fail('has more than one root element');

  const manifest = element(root, 'Manifest', 'ManagementPack/Manifest', fail);
  const identity = element(manifest, 'Identity', 'Manifest/Identity', fail);
  const id = requiredText(identity, 'ID', 'Manifest/Identity/ID', fail);
  const version = requiredText(identity, 'Version', 'Manifest/Identity/Version', fail);
  if (!VERSION.test(version)) fail(`has Manifest/Identity/Version '${version}', which is not a dotted version number`);
  const name = optionalText(manifest, 'Name', 'Manifest/Name', fail);

  const references = referenceElements(manifest, fail).map((reference, index): ManagementPackReference => {
    const where = `Manifest/References/Reference ${index + 1}`;
    const alias = isNode(reference) && typeof reference['@_Alias'] === 'string' ? reference['@_Alias'].trim() : '';
    if (alias === '') fail(`has no Alias on ${where}`);
    const about = `${where} (alias ${alias})`;
    const referenceId = requiredText(reference, 'ID', `ID in ${about}`, fail);
    const referenceVersion = requiredText(reference, 'Version', `Version in ${about}`, fail);
    if (!VERSION.test(referenceVersion)) {
      fail(`has Version '${referenceVersion}' in ${about}, which is not a dotted version number`);
    }
    const publicKeyToken = optionalText(reference, 'PublicKeyToken', `PublicKeyToken in ${about}`, fail);
    return {
      alias,
      id: referenceId,
      version: referenceVersion,
      ...(publicKeyToken === undefined ? {} : { publicKeyToken }),
    };
  });

  return { file, id, version, ...(name === undefined ? {} : { name }), references };
}

function referenceElements(manifest: XmlNode, fail: (what: string) => never): unknown[] {
  const references = manifest.References;
  if (Array.isArray(references)) fail('has more than one Manifest/References');
  // An empty <References /> reads as '', and one Reference reads as an object rather than a list.
  if (!isNode(references)) return [];
  const reference = references.Reference;
  if (reference === undefined) return [];
  return Array.isArray(reference) ? reference : [reference];
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function element(parent: unknown, name: string, path: string, fail: (what: string) => never): XmlNode {
  const value = isNode(parent) ? parent[name] : undefined;
  if (Array.isArray(value)) fail(`has more than one ${path}`);
  if (!isNode(value)) return fail(`has no ${path}`);
  return value;
}

function requiredText(parent: unknown, name: string, path: string, fail: (what: string) => never): string {
  return optionalText(parent, name, path, fail) ?? fail(`has no ${path}`);
}

/** The element's text, or undefined when it is absent or empty. */
function optionalText(parent: unknown, name: string, path: string, fail: (what: string) => never): string | undefined {
  const value = isNode(parent) ? parent[name] : undefined;
  if (Array.isArray(value)) fail(`has more than one ${path}`);
  let text = value;
  if (isNode(value)) {
    if (Object.keys(value).some((key) => key !== '#text' && !key.startsWith('@_'))) {
      fail(`has elements inside ${path}, which should hold only text`);
    }
    text = value['#text'];
  }
  return typeof text === 'string' && text !== '' ? text : undefined;
}

export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function versionParts(version: string): number[] {
  const trimmed = version.trim();
  if (!VERSION.test(trimmed)) throw new Error(`'${version}' is not a dotted version number`);
  return trimmed.split('.').map(Number);
}

interface Dependency {
  on: ManagementPackFile;
  /** The installed version already satisfies the reference, so only the order depends on `on`. */
  satisfiedByInstalled: boolean;
}

export function planImport(packs: ManagementPackFile[], installed: InstalledManagementPack[]): ImportPlan {
  const sorted = [...packs].sort(byFileName);
  const position = new Map(sorted.map((pack, index) => [pack, index]));
  const installedById = new Map(installed.map((pack) => [idKey(pack.id), pack]));
  const filesById = new Map<string, ManagementPackFile[]>();
  for (const pack of sorted) filesById.set(idKey(pack.id), [...(filesById.get(idKey(pack.id)) ?? []), pack]);

  const skipped: ImportPlan['skipped'] = [];
  const problems: ImportPlan['problems'] = [];
  const excluded = new Set<ManagementPackFile>();
  const problem = (pack: ManagementPackFile, message: string): void => {
    problems.push({ pack, message });
    excluded.add(pack);
  };

  const candidates: ManagementPackFile[] = [];
  for (const pack of sorted) {
    const sameId = filesById.get(idKey(pack.id)) ?? [];
    if (sameId.length > 1) {
      const others = sameId.filter((other) => other !== pack).map((other) => other.file);
      problem(pack, `has the same ID ${pack.id} as ${others.join(', ')}`);
      continue;
    }
    const current = installedById.get(idKey(pack.id));
    if (current === undefined) {
      candidates.push(pack);
    } else if (current.sealed) {
      // Service Manager refuses to replace a sealed pack with an unsealed one of the same ID.
      problem(pack, `${pack.id} is installed sealed (version ${current.version}); an unsealed file cannot replace it`);
    } else {
      const change = compareVersions(pack.version, current.version);
      if (change === 0) skipped.push({ pack, reason: `already imported at version ${current.version}` });
      else if (change < 0) {
        problem(
          pack,
          `${pack.id} is installed at version ${current.version}; importing version ${pack.version} would downgrade it`,
        );
      } else candidates.push(pack);
    }
  }

  const candidateSet = new Set(candidates);
  const dependencies = new Map<ManagementPackFile, Dependency[]>();
  for (const pack of candidates) {
    const needs: Dependency[] = [];
    for (const reference of pack.references) {
      const inFolder = filesById.get(idKey(reference.id)) ?? [];
      const current = installedById.get(idKey(reference.id));
      const satisfiedByInstalled = current !== undefined && compareVersions(current.version, reference.version) >= 0;
      const provider = inFolder.length === 1 ? inFolder[0] : undefined;
      if (provider !== undefined && compareVersions(provider.version, reference.version) >= 0) {
        if (candidateSet.has(provider)) needs.push({ on: provider, satisfiedByInstalled });
        else if (!satisfiedByInstalled)
          problem(pack, `depends on ${provider.id} (${provider.file}), which is not imported`);
      } else if (!satisfiedByInstalled) {
        problem(pack, unsatisfiedReference(reference, inFolder, current));
      }
    }
    dependencies.set(pack, needs);
  }

  for (const cycle of referenceCycles(candidates, dependencies)) {
    for (const pack of cycle) {
      const others = cycle.filter((other) => other !== pack).map((other) => other.id);
      problem(pack, others.length === 0 ? 'references itself' : `is in a reference cycle with ${others.join(', ')}`);
    }
  }

  // Leaving a pack out strands every pack that needs it, however far down the chain.
  let stranded = true;
  while (stranded) {
    stranded = false;
    for (const pack of candidates) {
      if (excluded.has(pack)) continue;
      const missing = dependencies.get(pack)?.find((need) => excluded.has(need.on) && !need.satisfiedByInstalled);
      if (missing !== undefined) {
        problem(pack, `depends on ${missing.on.id} (${missing.on.file}), which is not imported`);
        stranded = true;
      }
    }
  }

  const order = dependencyOrder(
    candidates.filter((pack) => !excluded.has(pack)),
    dependencies,
  );
  const byPosition = (a: { pack: ManagementPackFile }, b: { pack: ManagementPackFile }): number =>
    (position.get(a.pack) ?? 0) - (position.get(b.pack) ?? 0);
  return { order, skipped, problems: problems.sort(byPosition) };
}

function unsatisfiedReference(
  reference: ManagementPackReference,
  inFolder: ManagementPackFile[],
  current: InstalledManagementPack | undefined,
): string {
  const wanted = `references ${reference.id} version ${reference.version}`;
  const installedNote =
    current === undefined ? 'it is not installed' : `it is installed only at version ${current.version}`;
  const [only] = inFolder;
  if (inFolder.length > 1) {
    return `${wanted}, which is in the folder more than once (${inFolder.map((pack) => pack.file).join(', ')}), and ${installedNote}`;
  }
  if (only !== undefined) return `${wanted}, but ${only.file} holds version ${only.version}, and ${installedNote}`;
  if (current === undefined) return `${wanted}, which is neither installed nor in the folder`;
  return `${wanted}, which is not in the folder, and ${installedNote}`;
}

/** Tarjan's strongly connected components: the groups of packs that need each other, in file order. */
function referenceCycles(
  packs: ManagementPackFile[],
  dependencies: Map<ManagementPackFile, Dependency[]>,
): ManagementPackFile[][] {
  const index = new Map<ManagementPackFile, number>();
  const lowLink = new Map<ManagementPackFile, number>();
  const stack: ManagementPackFile[] = [];
  const onStack = new Set<ManagementPackFile>();
  const cycles: ManagementPackFile[][] = [];

  const visit = (pack: ManagementPackFile): void => {
    index.set(pack, index.size);
    lowLink.set(pack, index.get(pack) ?? 0);
    stack.push(pack);
    onStack.add(pack);
    for (const { on } of dependencies.get(pack) ?? []) {
      if (!index.has(on)) {
        visit(on);
        lowLink.set(pack, Math.min(lowLink.get(pack) ?? 0, lowLink.get(on) ?? 0));
      } else if (onStack.has(on)) {
        lowLink.set(pack, Math.min(lowLink.get(pack) ?? 0, index.get(on) ?? 0));
      }
    }
    if (lowLink.get(pack) !== index.get(pack)) return;
    const component: ManagementPackFile[] = [];
    let member: ManagementPackFile | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== pack);
    const selfReference = dependencies.get(pack)?.some((need) => need.on === pack) ?? false;
    if (component.length > 1 || selfReference) cycles.push(packs.filter((candidate) => component.includes(candidate)));
  };

  for (const pack of packs) if (!index.has(pack)) visit(pack);
  return cycles;
}

/** Each pack after the packs it needs; among packs free to go, the first by file name goes first. */
function dependencyOrder(
  packs: ManagementPackFile[],
  dependencies: Map<ManagementPackFile, Dependency[]>,
): ManagementPackFile[] {
  const remaining = new Set(packs);
  const order: ManagementPackFile[] = [];
  while (remaining.size > 0) {
    const next = packs.find(
      (pack) => remaining.has(pack) && !(dependencies.get(pack) ?? []).some((need) => remaining.has(need.on)),
    );
    // Cycles were taken out before, so something is always free to go; this only guards the loop.
    if (next === undefined) break;
    order.push(next);
    remaining.delete(next);
  }
  return order;
}

function byFileName(a: ManagementPackFile, b: ManagementPackFile): number {
  return compareText(baseName(a.file), baseName(b.file)) || compareText(a.file, b.file);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Windows lists file names without regard to case; ordinal within that, so every machine agrees. */
function compareText(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left !== right) return left < right ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Management pack IDs are case-insensitive in Service Manager. */
function idKey(id: string): string {
  return id.toLowerCase();
}
