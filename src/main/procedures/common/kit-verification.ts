import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import type { KitHost, KitProgress } from '../../host/types';
import {
  compareKit,
  kitFileDescription,
  kitProblemEvidence,
  pathInKit,
  type KitComparison,
} from '../../knowledge/recovery-kit/kit-compare';
import { KIT_INDEX_FILE, type KitFile, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { KIT_DATABASE_FOLDER, KIT_PACK_FOLDER } from '../../knowledge/recovery-kit/layout';
import { findDatabase, type SiteManifest } from '../../../shared/manifest';
import type { KitCheck } from '../../../shared/recovery-kit';
import type { FlowId } from '../../../shared/run-contract';
import { describeError } from '../../engine/errors';
import { takenAt } from './taken-at';

/** A whole kit folder compared with its index: every file hashed, in parallel, with progress. */

export async function verifyKitFolder(
  kit: KitHost,
  folder: string,
  index: KitIndex,
  progress?: KitProgress,
): Promise<KitComparison> {
  const listed = await kit.list(folder);
  const hashed = await kit.hash(
    folder,
    listed.map((file) => file.path),
    progress,
  );
  return compareKit(
    index,
    listed.map((file, n) => ({ ...file, sha256: hashed[n]?.sha256 ?? null })),
  );
}

/** The comparison as lines of evidence, one a problem: the file, what the index expected, what was found. */
export function kitEvidenceLines(comparison: KitComparison): string[] {
  return comparison.problems.map((problem) => {
    const { file, expected, found } = kitProblemEvidence(problem);
    return `${problem.kind.toUpperCase()} ${file}: expected ${expected}; found ${found}`;
  });
}

/** The check that a folder holds a readable kit index, saying what it covers. */
export async function kitIndexOutcome(ctx: FlowContext, folder: string): Promise<CheckOutcome> {
  let index: KitIndex | null;
  try {
    index = await ctx.host.kit.readIndex(folder);
  } catch (error) {
    return {
      status: 'fail',
      expected: `a valid ${KIT_INDEX_FILE}`,
      found: describeError(error).message,
      remedy: 'Take the kit from an intact copy, or prepare it again.',
    };
  }
  if (index === null) {
    return {
      status: 'fail',
      expected: `${KIT_INDEX_FILE} in ${folder}`,
      found: 'no kit index (a kit copied only in part, or made by hand)',
      remedy: 'Choose the kit folder itself, or prepare the kit with the wizard so that it has an index.',
    };
  }
  const covers = `${index.siteName}: ${index.files.length} files, made on ${index.madeOn} by ${index.madeBy}, ${takenAt(ctx, index.finishedAt, 'finished')}`;
  if (!index.complete) {
    return {
      status: 'warn',
      expected: 'a complete kit',
      found: `${covers}; missing: ${index.missing.map((missing) => missing.reason.replace(/\.$/, '')).join('; ')}`,
      remedy: 'A recovery that needs a missing file cannot be done from this kit alone.',
    };
  }
  return { status: 'pass', expected: 'a complete kit', found: covers };
}

/** The files without which no recovery from the kit can be trusted: the site's manifest and the encryption keys. */
const REFUSING_ROLES = new Set<KitFile['role']>(['site-manifest', 'encryption-key']);

/** The recoveries that read a file of the kit; the Orchestrator database is told apart by the manifest. */
function recoveriesReading(entry: KitFile, manifest: SiteManifest | null): FlowId[] | 'all' {
  const inFolder = (folder: string) => pathInKit(folder, entry.path) !== null;
  switch (entry.role) {
    case 'site-manifest':
      return 'all';
    case 'encryption-key':
      return [
        'encryption-key',
        entry.keyRole === 'Data warehouse' ? 'restore-dw-management-server' : 'restore-management-server',
      ];
    case 'database-backup':
      return manifest !== null && entry.database === findDatabase(manifest, 'Orchestrator')?.name
        ? ['recover-orchestrator-database']
        : ['restore-databases'];
    case 'permissions-script':
      return ['restore-databases'];
    case 'service-master-key':
      return ['recover-orchestrator-database'];
    case 'management-pack':
      return ['import-management-packs'];
    case 'checksum-list':
      if (inFolder(KIT_DATABASE_FOLDER)) return ['restore-databases', 'recover-orchestrator-database'];
      return inFolder(KIT_PACK_FOLDER) ? ['import-management-packs'] : [];
  }
}

/**
 * The comparison as the real site's kit check shows it: each problem with what the file is, the
 * recoveries that read it, and whether the kit is refused for it. A file the index does not know
 * is read by no recovery through the index.
 */
export function kitCheckProblems(
  comparison: KitComparison,
  manifest: SiteManifest | null,
  titleOf: (flowId: FlowId) => string,
): KitCheck['problems'] {
  return comparison.problems.map((problem) => {
    const evidence = kitProblemEvidence(problem);
    if (problem.kind === 'unexpected') {
      return { kind: problem.kind, ...evidence, role: 'not in the kit index', affects: [], refuses: false };
    }
    const reading = recoveriesReading(problem.entry, manifest);
    return {
      kind: problem.kind,
      ...evidence,
      role: kitFileDescription(problem.entry),
      affects: reading === 'all' ? ['every recovery'] : reading.map(titleOf),
      refuses: REFUSING_ROLES.has(problem.entry.role),
    };
  });
}
