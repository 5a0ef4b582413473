import { z } from 'zod';
import type { DatabaseRole } from '../manifest';
import { sqlServerPage, sqlServerShape } from './restore-databases';
import { sqlAccountRule } from './sql-sign-in';

/**
 * Answers of "Recreate the data warehouse databases", the last resort when no usable backup of
 * them exists. The operator must say, in so many words, that the history is lost.
 */

/** The databases the data warehouse's Setup creates; new ones hold only what ServiceManager still has. */
export const RECREATED_DW_ROLES = [
  'DWStagingAndConfig',
  'DWRepository',
  'DWDataMart',
  'OMDWDataMart',
  'CMDWDataMart',
] as const satisfies readonly DatabaseRole[];

const lossShape = {
  acknowledgeLoss: z.literal(true, { message: 'confirm that you have no usable backup and accept the loss' }),
};
const safetyShape = { backupFirst: z.boolean() };

export const recreateDwDatabasesPages = {
  loss: z.object(lossShape),
  server: sqlServerPage,
  safety: z.object(safetyShape),
};

export const recreateDwDatabasesAnswers = z
  .object({ ...lossShape, ...sqlServerShape, ...safetyShape })
  .superRefine(sqlAccountRule);
export type RecreateDwDatabasesAnswers = z.infer<typeof recreateDwDatabasesAnswers>;
