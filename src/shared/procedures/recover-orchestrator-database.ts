import { z } from 'zod';
import { databaseNameField } from '../sql-server-name';
import { addProblem, passwordField, pathAnswerProblem, pathField } from '../validation/text-rules';
import { sqlAccountRule, sqlConnectionShape } from './sql-sign-in';

/**
 * Answers of "Recover the Orchestrator database": the SQL Server and database to restore onto
 * (its name is what DBSetup is given, so localhost and . are refused with the server name), the
 * backup, the service master key when the server or its key changed, and how many runbook
 * servers are handled at once.
 */

const windowsFile = { kind: 'file', where: 'local-or-unc' } as const;
/**
 * The key file's password reaches SQL Server as a T-SQL literal (the grammar takes no variable
 * there), and the one function that writes literals refuses NUL: so does the answer.
 */
const keyPasswordField = passwordField({ max: 128, reader: 'program' }).optional();

export const KEY_SITUATIONS = ['same-server', 'restore-key'] as const;
export type KeySituation = (typeof KEY_SITUATIONS)[number];

/** Up to the Windows host's ten PowerShell sessions, so no restart waits for a free one. */
export const RUNBOOK_SERVER_LIMITS = ['1', '5', '10'] as const;

const databaseShape = { ...sqlConnectionShape, database: databaseNameField };

const backupShape = {
  backupFile: pathField(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
};

const masterKeyShape = {
  keySituation: z.enum(KEY_SITUATIONS),
  keyFile: z.string().optional(),
  useRemembered: z.boolean().optional(),
  keyPassword: keyPasswordField,
  consultedDba: z.boolean().optional(),
  force: z.boolean().optional(),
  forceAccepted: z.boolean().optional(),
};

const serversShape = {
  runbookServersAtOnce: z.enum(RUNBOOK_SERVER_LIMITS),
  updateWebComponents: z.boolean(),
};

/** The key file, its password and the DBA's consent matter only when the key is restored. */
const masterKeyRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (answers.keySituation !== 'restore-key') return;
  addProblem(
    ctx,
    ['keyFile'],
    pathAnswerProblem(
      answers.keyFile,
      windowsFile,
      'give the service master key file, as the SQL Server’s service account reads it',
    ),
  );
  if (answers.useRemembered !== true && (typeof answers.keyPassword !== 'string' || answers.keyPassword === '')) {
    ctx.addIssue({ code: 'custom', path: ['keyPassword'], message: 'enter the password the key file was made with' });
  }
  if (answers.consultedDba !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['consultedDba'],
      message:
        'every database on this server whose keys the service master key protects is affected: ask the DBA first',
    });
  }
  if (answers.force === true && answers.forceAccepted !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['forceAccepted'],
      message: 'FORCE loses whatever the current key protects and cannot be decrypted: accept that, or clear FORCE',
    });
  }
};

export const recoverOrchestratorDatabasePages = {
  database: z.object(databaseShape).superRefine(sqlAccountRule),
  backup: z.object(backupShape),
  'master-key': z.looseObject(masterKeyShape).superRefine(masterKeyRule),
  servers: z.object(serversShape),
};

export const recoverOrchestratorDatabaseAnswers = z
  .object({ ...databaseShape, ...backupShape, ...masterKeyShape, ...serversShape })
  .superRefine(sqlAccountRule)
  .superRefine(masterKeyRule);
export type RecoverOrchestratorDatabaseAnswers = z.infer<typeof recoverOrchestratorDatabaseAnswers>;
