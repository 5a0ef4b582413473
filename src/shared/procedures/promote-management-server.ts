import { z } from 'zod';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';
import { computerNameField } from '../validation/text-rules';

/** Answers of "Promote a Service Manager management server", one schema per page. */
export const promoteManagementServerPages = {
  server: z.object({
    server: computerNameField('choose the additional management server to promote'),
  }),
  database: z.object({
    sqlServer: sqlServerNameField,
    database: databaseNameField,
  }),
};

export const promoteManagementServerAnswers = promoteManagementServerPages.server.extend(
  promoteManagementServerPages.database.shape,
);
export type PromoteManagementServerAnswers = z.infer<typeof promoteManagementServerAnswers>;
