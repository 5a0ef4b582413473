import { z } from 'zod';

/** Answers of "Import unsealed management packs". */

export const importManagementPacksPages = {
  server: z.object({ server: z.string().min(1, 'choose the management server to import into') }),
  folder: z.object({
    packFolder: z
      .string()
      .trim()
      .regex(/^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/, 'give the kit folder of the exported packs, local or UNC'),
  }),
};

export const importManagementPacksAnswers = importManagementPacksPages.server.extend(
  importManagementPacksPages.folder.shape,
);
export type ImportManagementPacksAnswers = z.infer<typeof importManagementPacksAnswers>;
