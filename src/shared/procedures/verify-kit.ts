import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { pathField } from '../validation/text-rules';

/** The page of "Verify the recovery kit": which kit folder. */

const kitPage = definePage({
  id: 'kit',
  title: 'Recovery kit',
  description:
    'The folder that holds the kit and its kit-index.json. Every file is hashed and compared with the index; nothing is changed.',
  fields: {
    kitFolder: {
      schema: pathField({ kind: 'folder', where: 'local-or-unc' }, 'give the recovery kit folder, local or UNC'),
      label: 'Kit folder',
      kind: 'text',
      placeholder: '\\\\server\\share\\RecoveryKit',
    },
  },
});

export const verifyKitPages = definePages([kitPage]);
export type VerifyKitAnswers = ProcedureAnswers<typeof verifyKitPages.definitions>;
