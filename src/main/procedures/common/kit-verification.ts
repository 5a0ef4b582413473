import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import type { KitProgress } from '../../host/types';
import { compareKit, kitProblemEvidence, type KitComparison } from '../../knowledge/recovery-kit/kit-compare';
import { KIT_INDEX_FILE, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { describeError } from '../../engine/errors';
import { takenAt } from './taken-at';

/** A whole kit folder compared with its index: every file hashed, in parallel, with progress. */

export async function verifyKitFolder(
  ctx: FlowContext,
  folder: string,
  index: KitIndex,
  progress?: KitProgress,
): Promise<KitComparison> {
  const listed = await ctx.host.kit.list(folder);
  const hashed = await ctx.host.kit.hash(
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
