import { copyKitPages, type CopyKitAnswers } from '../../../shared/procedures/copy-kit';
import type { CheckOutcome, FlowContext, FlowDefinition } from '../../engine/flow-types';
import { compareKit } from '../../knowledge/recovery-kit/kit-compare';
import { KIT_INDEX_FILE, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { sameWindowsPath } from '../../knowledge/windows/paths';
import { gigabytes } from '../common/byte-sizes';
import { kitProgress } from '../common/kit-progress';
import { kitEvidenceLines, kitIndexOutcome, verifyKitFolder } from '../common/kit-verification';

/**
 * "Copy the recovery kit to a drive": each file read once for its copy and its hash, the copy then
 * verified against the index, and the index written last (by rename), only when every file of the
 * copy matched. A full or removed drive stops the copy with no index, so the copy never claims to
 * be a kit.
 */

type Answers = CopyKitAnswers;

async function sourceIndex(ctx: FlowContext, folder: string): Promise<KitIndex> {
  const index = await ctx.host.kit.readIndex(folder);
  if (index === null) throw new Error(`${folder} has no kit index: there is nothing to vouch for the copy.`);
  return index;
}

async function spaceOutcome(ctx: FlowContext, answers: Answers): Promise<CheckOutcome> {
  const index = await ctx.host.kit.readIndex(answers.sourceFolder.trim());
  const needed = index?.files.reduce((sum, file) => sum + file.size, 0) ?? 0;
  const here = await ctx.host.system.computerName();
  const free = await ctx.host.system.freeDiskBytes(here, answers.destinationFolder.trim());
  const expected = `${gigabytes(needed)} free`;
  return free >= needed
    ? { status: 'pass', expected, found: `${gigabytes(free)} free` }
    : {
        status: 'fail',
        expected,
        found: `${gigabytes(free)} free`,
        remedy: 'Use a larger drive, or free space on this one.',
      };
}

export const copyKitFlow: FlowDefinition<Answers> = {
  id: 'copy-kit',
  title: 'Copy the recovery kit to a drive',
  scenario: 'Carry the kit: to a USB drive, or to another share, checked file by file.',
  summary:
    'Copies every file of the kit, hashing what it reads, verifies the copy against the kit index, and writes the index on the copy last.',
  source: 'Microsoft: "Prepare for disaster recovery" (keep the kit where the recovery can reach it)',
  answers: copyKitPages.answers,
  secretFields: copyKitPages.secretFields,
  unavailableReason: () => null,
  pages: copyKitPages.pages,
  defaults: async (ctx) => ({ sourceFolder: ctx.manifest.recoveryKitPath ?? '', destinationFolder: '' }),
  summarize: (answers) => [
    { label: 'Kit folder', value: answers.sourceFolder.trim() },
    { label: 'Copy to', value: answers.destinationFolder.trim() },
  ],
  checks: (answers) => [
    {
      id: 'kit-index',
      title: 'The kit has an index',
      run: (c) => kitIndexOutcome(c, answers.sourceFolder.trim()),
    },
    {
      id: 'distinct',
      title: 'The copy goes to another folder',
      run: async () =>
        sameWindowsPath(answers.sourceFolder.trim(), answers.destinationFolder.trim())
          ? {
              status: 'fail',
              expected: 'two different folders',
              found: 'the same folder',
              remedy: 'Choose a folder on the drive.',
            }
          : { status: 'pass', expected: 'two different folders', found: answers.destinationFolder.trim() },
    },
    { id: 'space', title: 'The drive has room for the kit', run: (c) => spaceOutcome(c, answers) },
  ],
  steps: async (answers) => {
    const source = answers.sourceFolder.trim();
    const destination = answers.destinationFolder.trim();
    // Done when the copy holds the kit's own index: written only after every file of it verified.
    const indexed = async (c: FlowContext): Promise<boolean> => {
      const copy = await c.host.kit.readIndex(destination);
      return copy !== null && JSON.stringify(copy) === JSON.stringify(await c.host.kit.readIndex(source));
    };
    return [
      {
        id: 'copy',
        title: `Copy the kit's files to ${destination}, hashing each as it is read`,
        commands: [],
        isDone: indexed,
        run: async (c, io) => {
          const index = await sourceIndex(c, source);
          const copied = await c.host.kit.copy(
            source,
            destination,
            index.files.map((file) => file.path),
            kitProgress(io, 'Copied', () => c.host.kit.clock()),
          );
          // What was read must already be what the index records: a damaged source is not carried.
          const read = compareKit(index, copied, index.files);
          const lines = kitEvidenceLines(read);
          for (const line of lines) io.output(line);
          if (lines.length > 0) {
            throw new Error(
              'The kit being copied is not intact (listed above): verify it, and copy an intact kit instead.',
            );
          }
          io.output(`${copied.length} files copied.`);
        },
      },
      {
        id: 'verify-copy',
        title: `Verify the copy against the kit index, then write ${KIT_INDEX_FILE} on it`,
        commands: [],
        isDone: indexed,
        run: async (c, io) => {
          const index = await sourceIndex(c, source);
          const comparison = await verifyKitFolder(
            c.host.kit,
            destination,
            index,
            kitProgress(io, 'Verified', () => c.host.kit.clock()),
          );
          const lines = kitEvidenceLines(comparison);
          for (const line of lines) io.output(line);
          if (lines.length > 0) {
            throw new Error(`The copy does not match the kit (listed above): no index was written on it.`);
          }
          await c.host.kit.writeIndex(destination, index);
          io.output(`${comparison.intact.length} files verified; ${KIT_INDEX_FILE} written.`);
        },
      },
    ];
  },
  verify: (answers) => [
    {
      id: 'copy-index',
      title: 'The copy has its kit index',
      run: (c) => kitIndexOutcome(c, answers.destinationFolder.trim()),
    },
  ],
};
