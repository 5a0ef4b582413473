import { definePage, definePages, serverChoices, type ProcedureAnswers } from '../procedure-pages';
import { KIT_CHECKSUM_FILE } from '../recovery-kit';
import { computerNameField, pathField } from '../validation/text-rules';
import { managementServers } from './encryption-key';

/** The pages of "Import unsealed management packs". */

const serverPage = definePage({
  id: 'server',
  title: 'Management server',
  description: 'The management server whose management group receives the packs.',
  fields: {
    server: {
      schema: computerNameField('choose the management server to import into'),
      label: 'Management server',
      kind: 'select',
      options: (manifest) => serverChoices(managementServers(manifest)),
    },
  },
});

const folderPage = definePage({
  id: 'folder',
  title: 'Exported management packs',
  description: `The kit folder with the exported unsealed packs and its ${KIT_CHECKSUM_FILE}.`,
  fields: {
    packFolder: {
      schema: pathField(
        { kind: 'folder', where: 'local-or-unc' },
        'give the kit folder of the exported packs, local or UNC',
      ),
      label: 'Folder',
      kind: 'text',
      placeholder: '\\\\server\\share\\RecoveryKit\\ManagementPacks',
    },
  },
  lookup: {
    id: 'kit-folder',
    inputs: ['server', 'packFolder'],
    required: true,
    pendingMessage: 'Reading the packs and their checksums…',
  },
});

export const importManagementPacksPages = definePages([serverPage, folderPage]);
export type ImportManagementPacksAnswers = ProcedureAnswers<typeof importManagementPacksPages.definitions>;
