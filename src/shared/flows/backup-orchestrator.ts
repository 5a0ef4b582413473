import { z } from 'zod';
import { databaseNameField } from '../sql-server-name';
import { sqlAccountRule, sqlConnectionShape } from './sql-connection';

/**
 * Answers of "Back up Orchestrator": the SQL Server's service master key (once per server) and
 * the Orchestrator database.
 */

const windowsFile = /^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+\\)[^<>"|?*]+$/;

const databaseShape = { ...sqlConnectionShape, database: databaseNameField };

const masterKeyShape = {
  backupMasterKey: z.boolean(),
  keyFile: z.string().optional(),
  keyPassword: z.string().max(128).optional(),
  confirmKeyPassword: z.string().optional(),
  remember: z.boolean(),
};

const backupShape = {
  backupFile: z
    .string()
    .trim()
    .regex(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
  checkedIn: z.literal(true, { message: 'ask the runbook authors to check in their changes first' }),
};

/** The key file and its password matter only when the key is backed up in this run. */
const masterKeyRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (answers.backupMasterKey !== true) return;
  if (typeof answers.keyFile !== 'string' || !windowsFile.test(answers.keyFile.trim())) {
    ctx.addIssue({
      code: 'custom',
      path: ['keyFile'],
      message: 'give the file the key is written to, as SQL Server sees it',
    });
  }
  const password = typeof answers.keyPassword === 'string' ? answers.keyPassword : '';
  if (password.length < 10) {
    ctx.addIssue({
      code: 'custom',
      path: ['keyPassword'],
      message: 'use at least 10 characters: this password is all that protects the key',
    });
  }
  if (answers.confirmKeyPassword !== password) {
    ctx.addIssue({ code: 'custom', path: ['confirmKeyPassword'], message: 'the two passwords differ' });
  }
};

export const backupOrchestratorPages = {
  database: z.object(databaseShape).superRefine(sqlAccountRule),
  'master-key': z.looseObject(masterKeyShape).superRefine(masterKeyRule),
  backup: z.object(backupShape),
};

export const backupOrchestratorAnswers = z
  .object({ ...databaseShape, ...masterKeyShape, ...backupShape })
  .superRefine(sqlAccountRule)
  .superRefine(masterKeyRule);
export type BackupOrchestratorAnswers = z.infer<typeof backupOrchestratorAnswers>;
