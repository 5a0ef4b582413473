import { verifyKitPages, type VerifyKitAnswers } from '../../../shared/procedures/verify-kit';
import type { FlowDefinition } from '../../engine/flow-types';
import { kitProgress } from '../common/kit-progress';
import { kitEvidenceLines, kitIndexOutcome, verifyKitFolder } from '../common/kit-verification';

/**
 * "Verify the recovery kit": every file of the kit present, of the size and SHA-256 its index
 * records; the missing, changed and unexpected files listed with what they are. Reads only.
 */

type Answers = VerifyKitAnswers;

export const verifyKitFlow: FlowDefinition<Answers> = {
  id: 'verify-kit',
  title: 'Verify the recovery kit',
  scenario: 'Before a recovery, or on an ordinary day: is the kit whole and unchanged?',
  summary:
    'Hashes every file of the kit and compares each with the kit index; lists missing, changed and unexpected files. Changes nothing.',
  source: 'Microsoft: "Prepare for disaster recovery" (keep what a recovery needs, and know that it is intact)',
  answers: verifyKitPages.answers,
  secretFields: verifyKitPages.secretFields,
  unavailableReason: () => null,
  pages: verifyKitPages.pages,
  defaults: async (ctx) => ({ kitFolder: ctx.manifest.recoveryKitPath ?? '' }),
  summarize: (answers) => [{ label: 'Kit folder', value: answers.kitFolder.trim() }],
  checks: (answers) => [
    {
      id: 'kit-index',
      title: 'The folder holds a kit index',
      run: (c) => kitIndexOutcome(c, answers.kitFolder.trim()),
    },
  ],
  steps: async (answers) => {
    const folder = answers.kitFolder.trim();
    return [
      {
        id: 'verify',
        title: 'Hash every file and compare it with the kit index',
        commands: [],
        // Reading changes nothing: a resumed run simply verifies again.
        isDone: async () => false,
        run: async (c, io) => {
          const index = await c.host.kit.readIndex(folder);
          if (index === null) throw new Error(`${folder} has no kit index any more.`);
          const comparison = await verifyKitFolder(
            c.host.kit,
            folder,
            index,
            kitProgress(io, 'Hashed', () => c.host.kit.clock()),
          );
          for (const line of kitEvidenceLines(comparison)) io.output(line);
          io.output(`${comparison.intact.length} of ${index.files.length} files intact.`);
          // A file the index does not know harms no recovery (they read the kit through its
          // index), so it is listed for the operator to move out or index, not held against the kit.
          const unexpected = comparison.problems.filter((problem) => problem.kind === 'unexpected').length;
          const damaged = comparison.problems.length - unexpected;
          if (unexpected > 0) {
            io.output(
              `${unexpected} file(s) in the folder are not in the kit index (listed above): no recovery reads them. Move them out of the kit, or prepare the kit again to index what belongs to it.`,
            );
          }
          if (damaged > 0) {
            throw new Error(
              `The kit is not intact: ${damaged} file(s) missing or changed (listed above). Take those files from an intact copy of the kit.`,
            );
          }
        },
      },
    ];
  },
  verify: (answers) => [
    {
      id: 'kit-index',
      title: 'The kit index is still there',
      run: (c) => kitIndexOutcome(c, answers.kitFolder.trim()),
    },
  ],
};
