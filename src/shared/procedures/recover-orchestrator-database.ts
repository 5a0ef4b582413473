import { z } from 'zod';
import { serversWithRole, type ManifestServer, type SiteManifest } from '../manifest';
import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { addProblem, passwordField, pathAnswerProblem, pathField } from '../validation/text-rules';
import { SQL_SIGN_IN_INPUTS, sqlDatabasePage } from './sql-sign-in';

/**
 * The pages of "Recover the Orchestrator database": the SQL Server and database to restore onto
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

export function managementServer(manifest: SiteManifest): ManifestServer | undefined {
  return serversWithRole(manifest, 'orchestrator-management-server')[0];
}

export function runbookServers(manifest: SiteManifest): ManifestServer[] {
  return serversWithRole(manifest, 'orchestrator-runbook-server');
}

export function webComponentServers(manifest: SiteManifest): ManifestServer[] {
  return serversWithRole(manifest, 'orchestrator-web-components');
}

const databasePage = sqlDatabasePage({
  title: 'Database server',
  description:
    'The SQL Server the Orchestrator database is restored onto: the one it was on, or another. DBSetup is given this name exactly, so name the computer; localhost and . are refused.',
});

const backupPage = definePage({
  id: 'backup',
  title: 'Backup',
  description: 'The full backup of the Orchestrator database to restore, as SQL Server’s service account reads it.',
  fields: {
    backupFile: {
      schema: pathField(windowsFile, 'give the backup file, e.g. \\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak'),
      label: 'Backup file',
      kind: 'text',
    },
  },
  lookup: {
    id: 'backup',
    buttonLabel: 'Read the backup',
    inputs: [...SQL_SIGN_IN_INPUTS, 'database', 'backupFile'],
    required: true,
    pendingMessage: 'Read the backup before going on.',
  },
});

const restoringKey = { field: 'keySituation', equals: 'restore-key' };

const masterKeyPage = definePage({
  id: 'master-key',
  title: 'Service master key',
  description:
    'The database’s own key opens only with the service master key of the server the backup was taken on. On another server, or where that server’s key changed (a reinstalled SQL Server), restore that key from its file first. The service master key belongs to the whole SQL Server: every database on it whose keys it protects is affected.',
  fields: {
    keySituation: {
      schema: z.enum(KEY_SITUATIONS),
      label: 'Where the database is restored',
      kind: 'select',
      options: [
        {
          value: 'same-server',
          label: 'The server the backup was taken on, with its service master key unchanged',
          detail: 'Nothing to restore but the database',
        },
        {
          value: 'restore-key',
          label: 'Another server, or the same server with a changed service master key',
          detail: 'RESTORE SERVICE MASTER KEY from the key file first',
        },
      ],
    },
    keyFile: {
      schema: z.string().optional(),
      label: 'Service master key file',
      kind: 'text',
      help: 'The file "Back up Orchestrator" wrote, as SQL Server’s service account reads it.',
      visibleWhen: restoringKey,
    },
    useRemembered: {
      schema: z.boolean().optional(),
      label: 'Use the password remembered in the OS keychain for this key file',
      kind: 'checkbox',
      visibleWhen: restoringKey,
    },
    keyPassword: {
      schema: keyPasswordField,
      label: 'Password of the key file',
      kind: 'password',
      secret: true,
      visibleWhen: [restoringKey, { field: 'useRemembered', equals: false }],
    },
    consultedDba: {
      schema: z.boolean().optional(),
      label:
        'I consulted the DBA: every database on this server whose keys the service master key protects is affected',
      kind: 'checkbox',
      visibleWhen: restoringKey,
    },
    force: {
      schema: z.boolean().optional(),
      label: 'Use FORCE',
      kind: 'checkbox',
      help: 'Only if a restore without it failed because the current key cannot decrypt what it protects. FORCE replaces the key anyway, and whatever could not be decrypted is lost for good.',
      visibleWhen: restoringKey,
    },
    forceAccepted: {
      schema: z.boolean().optional(),
      label: 'I accept that data the current key protects and cannot be decrypted is lost',
      kind: 'checkbox',
      visibleWhen: [restoringKey, { field: 'force', equals: true }],
    },
  },
  /** The key file, its password and the DBA's consent matter only when the key is restored. */
  refine(answers, ctx) {
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
    if (answers.useRemembered !== true && (answers.keyPassword ?? '') === '') {
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
  },
  lookup: {
    id: 'key-origin',
    inputs: [...SQL_SIGN_IN_INPUTS, 'backupFile', 'keySituation', 'keyFile', 'useRemembered'],
    required: false,
    pendingMessage: 'Comparing where the backup was taken with this server…',
  },
});

const serversPage = definePage({
  id: 'servers',
  title: 'Orchestrator servers',
  description: (manifest) => {
    const management = managementServer(manifest);
    const runbooks = runbookServers(manifest);
    const web = webComponentServers(manifest);
    return [
      management
        ? `DBSetup runs on the management server ${management.netbiosName}, then its Management Service restarts.`
        : 'The manifest names no management server.',
      `${runbooks.length} runbook server${runbooks.length === 1 ? '' : 's'} then get the same data store and a restart of their Runbook Service, several at once (a runbook server on the management server needs only the restart).`,
      web.length > 0
        ? `The web components on ${web.map((server) => server.netbiosName).join(', ')} are not updated by DBSetup: their web.config is edited here, a copy kept first.`
        : 'The manifest lists no web components.',
    ].join(' ');
  },
  fields: {
    runbookServersAtOnce: {
      schema: z.enum(RUNBOOK_SERVER_LIMITS),
      label: 'Runbook servers handled at once',
      kind: 'select',
      options: [
        { value: '1', label: '1', detail: 'One after another' },
        { value: '5', label: '5' },
        { value: '10', label: '10', detail: 'Recommended' },
      ],
    },
    updateWebComponents: { schema: z.boolean(), label: 'Update the web components', kind: 'checkbox' },
  },
  lookup: {
    id: 'runbook-servers',
    inputs: ['runbookServersAtOnce'],
    required: false,
    pendingMessage: 'Asking the runbook servers…',
  },
});

export const recoverOrchestratorDatabasePages = definePages([databasePage, backupPage, masterKeyPage, serversPage]);
export type RecoverOrchestratorDatabaseAnswers = ProcedureAnswers<typeof recoverOrchestratorDatabasePages.definitions>;
