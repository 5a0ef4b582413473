import { KIT_INDEX_FILE, KIT_PREVIOUS_INDEX_FILE, type KitFile, type KitFileRole, type KitIndex } from './kit-index';

/**
 * A kit's files compared with its index: each file present, of the same size and SHA-256; the
 * files the index lists but the folder lacks, those that changed, and those the index does not know.
 */

export interface FoundKitFile {
  path: string;
  size: number;
  /** Null when the file was listed but could not be read. */
  sha256: string | null;
}

export type KitFileProblem =
  | { kind: 'missing'; entry: KitFile }
  | { kind: 'changed'; entry: KitFile; found: FoundKitFile }
  | { kind: 'unexpected'; found: FoundKitFile };

export interface KitComparison {
  intact: KitFile[];
  problems: KitFileProblem[];
}

/** Windows file names ignore case; the index keeps backslashes. */
export function kitPathKey(path: string): string {
  return path.replaceAll('/', '\\').replace(/^\\+/, '').toLowerCase();
}

export function kitIndexEntry(index: KitIndex, path: string): KitFile | undefined {
  const key = kitPathKey(path);
  return index.files.find((file) => kitPathKey(file.path) === key);
}

/**
 * `file` relative to the kit folder `kitFolder`, or null when it is not under it. Both may use
 * either separator (a kit on a Windows share, or in a temporary folder of the tests on Linux).
 */
export function pathInKit(kitFolder: string, file: string): string | null {
  const folder = `${kitPathKey(kitFolder).replace(/\\+$/, '')}\\`;
  const key = kitPathKey(file);
  return key.startsWith(folder) ? file.replaceAll('/', '\\').replace(/^\\+/, '').slice(folder.length) : null;
}

/**
 * `entries` limits the comparison to those files of the index (a recovery flow checks the files
 * it needs); without it every file is compared and files the index does not list are reported.
 */
export function compareKit(
  index: KitIndex,
  found: readonly FoundKitFile[],
  entries?: readonly KitFile[],
): KitComparison {
  const byKey = new Map(found.map((file) => [kitPathKey(file.path), file]));
  const wanted = entries ?? index.files;
  const intact: KitFile[] = [];
  const problems: KitFileProblem[] = [];
  for (const entry of wanted) {
    const file = byKey.get(kitPathKey(entry.path));
    if (file === undefined) problems.push({ kind: 'missing', entry });
    else if (file.size !== entry.size || file.sha256 !== entry.sha256)
      problems.push({ kind: 'changed', entry, found: file });
    else intact.push(entry);
  }
  if (entries === undefined) {
    const listed = new Set(index.files.map((file) => kitPathKey(file.path)));
    for (const file of found) {
      const key = kitPathKey(file.path);
      if (!listed.has(key) && !INDEX_FILES.has(key)) problems.push({ kind: 'unexpected', found: file });
    }
  }
  return { intact, problems };
}

const INDEX_FILES = new Set([KIT_INDEX_FILE, KIT_PREVIOUS_INDEX_FILE].map(kitPathKey));

const ROLE_WORDS: Record<KitFileRole, string> = {
  'site-manifest': 'site manifest',
  'encryption-key': 'encryption key backup',
  'database-backup': 'database backup',
  'permissions-script': 'permissions script',
  'management-pack': 'management pack',
  'service-master-key': 'service master key backup',
  'checksum-list': 'checksum list',
};

/** What the file is, in the operator's words: "database backup of ServiceManager from SQLSM01\SCSM". */
export function kitFileDescription(entry: KitFile): string {
  const of = entry.database !== undefined ? ` of ${entry.database}` : '';
  const from = entry.server ?? entry.sqlServer;
  const key = entry.keyRole !== undefined ? ` (${entry.keyRole})` : '';
  return `${ROLE_WORDS[entry.role]}${of}${key}${from !== undefined ? ` from ${from}` : ''}`;
}

/** A problem as the evidence a check shows: what the index expected, what the folder holds. */
export function kitProblemEvidence(problem: KitFileProblem): { file: string; expected: string; found: string } {
  if (problem.kind === 'unexpected') {
    return {
      file: problem.found.path,
      expected: 'not in the kit index',
      found: `${problem.found.size} bytes${problem.found.sha256 !== null ? `, SHA-256 ${problem.found.sha256}` : ''}`,
    };
  }
  const { entry } = problem;
  const expected = `${kitFileDescription(entry)}: ${entry.size} bytes, SHA-256 ${entry.sha256}`;
  if (problem.kind === 'missing') return { file: entry.path, expected, found: 'no such file in the kit folder' };
  const { found } = problem;
  return {
    file: entry.path,
    expected,
    found: `${found.size} bytes, ${found.sha256 !== null ? `SHA-256 ${found.sha256}` : 'could not be read'}`,
  };
}
