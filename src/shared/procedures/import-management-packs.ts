import { z } from 'zod';
import { computerNameField, pathField } from '../validation/text-rules';

/** Answers of "Import unsealed management packs". */

export const importManagementPacksPages = {
  server: z.object({ server: computerNameField('choose the management server to import into') }),
  folder: z.object({
    packFolder: pathField(
      { kind: 'folder', where: 'local-or-unc' },
      'give the kit folder of the exported packs, local or UNC',
    ),
  }),
};

export const importManagementPacksAnswers = importManagementPacksPages.server.extend(
  importManagementPacksPages.folder.shape,
);
export type ImportManagementPacksAnswers = z.infer<typeof importManagementPacksAnswers>;
