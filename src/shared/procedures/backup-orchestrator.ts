import { z } from 'zod';
import { databaseNameField } from '../sql-server-name';
import { addProblem, passwordField, pathAnswerProblem, pathField } from '../validation/text-rules';
import { sqlAccountRule, sqlConnectionShape } from './sql-sign-in';

/**
 * Answers of "Back up Orchestrator": the SQL Server's service master key (once per server) and
 * the Orchestrator database.
 */

const windowsFile = { kind: 'file', where: 'local-or-unc' } as const;
/**
 * The key file's password reaches SQL Server as a T-SQL literal (the grammar takes no variable
 * there), and the one function that writes literals refuses NUL: so does the answer.
 */
const keyPasswordField = passwordField({ max: 128, reader: 'program' }).optional();

const databaseShape = { ...sqlConnectionShape, database: databaseNameField };

const masterKeyShape = {
  backupMasterKey: z.boolean(),
  keyFile: z.string().optional(),
  keyPassword: keyPasswordField,
  confirmKeyPassword: z.string().optional(),
  remember: z.boolean(),
};

const backupShape = {
  backupFile: pathField(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
  checkedIn: z.literal(true, { message: 'ask the runbook authors to check in their changes first' }),
};

/** The key file and its password matter only when the key is backed up in this run. */
const masterKeyRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (answers.backupMasterKey !== true) return;
  addProblem(
    ctx,
    ['keyFile'],
    pathAnswerProblem(answers.keyFile, windowsFile, 'give the file the key is written to, as SQL Server sees it'),
  );
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
