import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { pathField } from '../validation/text-rules';

/** The page of "Copy the recovery kit to a drive": the kit and where the copy goes. */

const copyPage = definePage({
  id: 'copy',
  title: 'Source and drive',
  description:
    'The kit folder with its kit-index.json, and the folder on the drive to copy it to. The copy gets its index only after every file was verified, so a copy that stops midway never claims to be a kit.',
  fields: {
    sourceFolder: {
      schema: pathField({ kind: 'folder', where: 'local-or-unc' }, 'give the recovery kit folder, local or UNC'),
      label: 'Kit folder',
      kind: 'text',
      placeholder: '\\\\server\\share\\RecoveryKit',
    },
    destinationFolder: {
      schema: pathField({ kind: 'folder', where: 'local-or-unc' }, 'give the folder on the drive to copy the kit to'),
      label: 'Copy to',
      kind: 'text',
      placeholder: 'e.g. E:\\RecoveryKit',
    },
  },
});

export const copyKitPages = definePages([copyPage]);
export type CopyKitAnswers = ProcedureAnswers<typeof copyKitPages.definitions>;
