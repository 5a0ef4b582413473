import { z } from 'zod';
import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { addProblem, passwordField, pathAnswerProblem, pathField } from '../validation/text-rules';
import { sqlDatabasePage } from './sql-sign-in';

/**
 * The pages of "Back up Orchestrator": the SQL Server's service master key (once per server) and
 * the Orchestrator database.
 */

const windowsFile = { kind: 'file', where: 'local-or-unc' } as const;
/**
 * The key file's password reaches SQL Server as a T-SQL literal (the grammar takes no variable
 * there), and the one function that writes literals refuses NUL: so does the answer.
 */
const keyPasswordField = passwordField({ max: 128, reader: 'program' }).optional();

const whenBackedUp = { field: 'backupMasterKey', equals: true };

const databasePage = sqlDatabasePage({
  title: 'Orchestrator database',
  description: 'The SQL Server that holds the Orchestrator database, and how the wizard signs in to it.',
});

const masterKeyPage = definePage({
  id: 'master-key',
  title: 'Service master key',
  description:
    'The Orchestrator database’s key is protected by this SQL Server’s service master key. Back it up once per server; without it, a restore on another server cannot decrypt runbook data or the license.',
  fields: {
    backupMasterKey: { schema: z.boolean(), label: 'Back up the service master key in this run', kind: 'checkbox' },
    keyFile: {
      schema: z.string().optional(),
      label: 'Key file',
      kind: 'text',
      help: 'SQL Server’s service account writes it: a UNC path it may write to, or a path on the SQL Server computer. The file must not exist yet.',
      visibleWhen: whenBackedUp,
    },
    keyPassword: {
      schema: keyPasswordField,
      label: 'Password that protects the key file',
      kind: 'password',
      secret: true,
      visibleWhen: whenBackedUp,
    },
    confirmKeyPassword: {
      schema: z.string().optional(),
      label: 'Type the password again',
      kind: 'password',
      secret: true,
      visibleWhen: whenBackedUp,
    },
    remember: {
      schema: z.boolean(),
      label: 'Remember the password in this computer’s keychain',
      kind: 'checkbox',
      help: 'Keep an offline copy as well: the keychain goes with this computer.',
      visibleWhen: whenBackedUp,
    },
  },
  /** The key file and its password matter only when the key is backed up in this run. */
  refine(answers, ctx) {
    if (!answers.backupMasterKey) return;
    addProblem(
      ctx,
      ['keyFile'],
      pathAnswerProblem(answers.keyFile, windowsFile, 'give the file the key is written to, as SQL Server sees it'),
    );
    const password = answers.keyPassword ?? '';
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
  },
  lookup: {
    id: 'key-history',
    inputs: ['sqlServer'],
    required: false,
    pendingMessage: 'Looking up earlier backups of this server’s key…',
  },
});

const backupPage = definePage({
  id: 'backup',
  title: 'Database backup',
  description:
    'A copy-only full backup with checksums, so that the DBA’s own backup chain is left alone. Changes a runbook author has not checked in are cached in the Runbook Designer and are not in the database.',
  fields: {
    backupFile: {
      schema: pathField(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
      label: 'Backup file',
      kind: 'text',
      help: 'As SQL Server’s service account sees it.',
    },
    checkedIn: {
      schema: z.literal(true, { message: 'ask the runbook authors to check in their changes first' }),
      label: 'The runbook authors have checked in their changes',
      kind: 'checkbox',
    },
  },
});

export const backupOrchestratorPages = definePages([databasePage, masterKeyPage, backupPage]);
export type BackupOrchestratorAnswers = ProcedureAnswers<typeof backupOrchestratorPages.definitions>;
