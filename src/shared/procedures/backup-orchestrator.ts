import { z } from 'zod';
import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { addProblem, passwordField, pathAnswerProblem, pathField } from '../validation/text-rules';
import { SQL_SIGN_IN_INPUTS, sqlDatabasePage } from './sql-sign-in';

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
    // The sign-in too: the server is asked whether its key changed since, as that sign-in.
    inputs: [...SQL_SIGN_IN_INPUTS, 'database'],
    // Next waits for it: when the server's key changed it ticks the backup, which must not happen
    // behind the operator's back on a later page. It answers ok even when the server cannot be asked.
    required: true,
    pendingMessage: 'Looking up earlier backups of this server’s key…',
  },
});

/**
 * What the check-out lookup fills in when the Orchestrator database records no checked-out
 * runbook. Until it has read the database the answer is empty, and the confirmation is asked.
 */
export const NO_CHECK_OUTS = 'none';

const backupPage = definePage({
  id: 'backup',
  title: 'Database backup',
  description:
    'A copy-only full backup with checksums, so that the DBA’s own backup chain is left alone. Changes a runbook author has not checked in are cached in the Runbook Designer and are not in the database; the database records which runbooks are checked out.',
  fields: {
    backupFile: {
      schema: pathField(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
      label: 'Backup file',
      kind: 'text',
      help: 'As SQL Server’s service account sees it.',
    },
    runbookCheckOuts: {
      // Absent in answers made before the wizard read it (journals, API callers): not read, so confirmed by hand.
      schema: z.string().max(8000).default(''),
      label: 'Runbooks checked out in the Runbook Designer',
      kind: 'text',
      readOnly: true,
      help: 'Read from the Orchestrator database; the Summary reads it again.',
    },
    checkedIn: {
      schema: z.boolean(),
      label: 'The runbook authors have checked in their changes',
      kind: 'checkbox',
      visibleWhen: { field: 'runbookCheckOuts', notEquals: NO_CHECK_OUTS },
    },
  },
  /** The confirmation is needless only once the database said that no runbook is checked out. */
  refine(answers, ctx) {
    if (answers.runbookCheckOuts !== NO_CHECK_OUTS && answers.checkedIn !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkedIn'],
        message: 'ask the runbook authors to check in their changes first',
      });
    }
  },
  lookup: {
    id: 'check-outs',
    inputs: [...SQL_SIGN_IN_INPUTS, 'database'],
    required: true,
    pendingMessage: 'Reading from the Orchestrator database which runbooks are checked out…',
  },
});

export const backupOrchestratorPages = definePages([databasePage, masterKeyPage, backupPage]);
export type BackupOrchestratorAnswers = ProcedureAnswers<typeof backupOrchestratorPages.definitions>;
