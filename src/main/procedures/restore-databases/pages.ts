import type { SiteManifest } from '../../../shared/manifest';
import { databaseFields } from '../../../shared/procedures/restore-databases';
import type { FieldDescriptor, PageDescriptor } from '../../../shared/run-contract';
import { KIT_CHECKSUM_FILE } from '../../knowledge/recovery-kit';
import { originalInstances, type OriginalInstance } from '../common/sql-databases';
import { SQL_SIGN_IN_INPUTS, sqlSignInFields } from '../common/sql-connection';

/**
 * The pages of "Restore Service Manager databases": the lost instance and the server to restore
 * on, which of its databases, their backup files and permissions scripts, and what to do with a
 * database that is still there.
 */

function databaseCheckboxes(manifest: SiteManifest): FieldDescriptor[] {
  return originalInstances(manifest).flatMap((original) =>
    original.databases.map((database): FieldDescriptor => ({
      name: databaseFields(original.name, database.role).include,
      label: database.role === database.name ? database.name : `${database.role} (database ${database.name})`,
      kind: 'checkbox',
      visibleWhen: { field: 'originalServer', equals: original.name },
    })),
  );
}

function fileFields(manifest: SiteManifest): FieldDescriptor[] {
  return originalInstances(manifest).flatMap((original) =>
    original.databases.flatMap((database): FieldDescriptor[] => {
      const fields = databaseFields(original.name, database.role);
      const shown = [
        { field: 'originalServer', equals: original.name },
        { field: fields.include, equals: true },
      ];
      return [
        {
          name: fields.backup,
          label: `${database.name}: backup file`,
          kind: 'text',
          placeholder: '\\\\server\\share\\RecoveryKit\\Databases\\name.bak',
          help: 'As SQL Server’s service account sees it: a UNC path, or a path on the SQL Server computer.',
          visibleWhen: shown,
        },
        {
          name: fields.script,
          label: `${database.name}: permissions script`,
          kind: 'text',
          help: 'The script of logins and permissions made when the kit was prepared; it runs after the restore.',
          visibleWhen: shown,
        },
      ];
    }),
  );
}

/** Every per-database answer, so a lookup that reads them runs again when any of them changes. */
function databaseAnswerNames(manifest: SiteManifest): string[] {
  return originalInstances(manifest).flatMap((original) =>
    original.databases.flatMap((database) => Object.values(databaseFields(original.name, database.role))),
  );
}

const CONNECT_INPUTS = ['originalServer', ...SQL_SIGN_IN_INPUTS, 'fixServerName'];

/** The lost instance and the SQL Server to reach in its place; the data warehouse recreation shares it. */
/**
 * `offerServerNameFix`: only the restore renames the server in SQL Server; the data warehouse
 * recreation has no such step, so it does not offer the box.
 */
export function sqlServerPageDescriptor(
  instances: OriginalInstance[],
  options: { offerServerNameFix: boolean },
): PageDescriptor {
  const fix: FieldDescriptor[] = options.offerServerNameFix
    ? [
        {
          name: 'fixServerName',
          label: 'Fix @@SERVERNAME when only it is out of date',
          kind: 'checkbox',
          help: 'After a computer is renamed, SQL Server keeps answering @@SERVERNAME with the old name. The run then calls sp_dropserver and sp_addserver ..., local and restarts the SQL Server service, which disconnects everyone.',
        },
      ]
    : [];
  return {
    id: 'server',
    title: 'SQL Server',
    description:
      'The instance that was lost, and the rebuilt SQL Server to restore onto. The rebuilt one must have the same computer name and the same instance name as the original.',
    fields: [
      {
        name: 'originalServer',
        label: 'Lost instance (from the manifest)',
        kind: 'select',
        options: instances.map((original) => ({
          value: original.name,
          label: original.name,
          detail: original.databases.map((database) => database.name).join(', '),
        })),
      },
      {
        name: 'sqlServer',
        label: 'Restore onto SQL Server',
        kind: 'text',
        placeholder: 'computer\\instance',
        help: 'computer\\instance for a named instance, computer or computer,port for the default one.',
        changeWarning:
          'This differs from the lost instance. The checks will insist that the server you reach reports the original computer and instance names.',
      },
      ...sqlSignInFields(),
      ...fix,
    ],
    lookup: {
      id: 'connect',
      buttonLabel: 'Connect',
      inputs: options.offerServerNameFix ? CONNECT_INPUTS : CONNECT_INPUTS.filter((name) => name !== 'fixServerName'),
      required: true,
      pendingMessage: 'Connect to the SQL Server and compare it with the lost instance before going on.',
    },
  };
}

export function restoreDatabasesPages(manifest: SiteManifest): PageDescriptor[] {
  return [
    sqlServerPageDescriptor(originalInstances(manifest), { offerServerNameFix: true }),
    {
      id: 'databases',
      title: 'Databases',
      description: 'The databases the manifest records on the lost instance. Restore all of them unless some survived.',
      fields: databaseCheckboxes(manifest),
      lookup: {
        id: 'existing',
        inputs: [...CONNECT_INPUTS, ...databaseAnswerNames(manifest)],
        required: false,
        pendingMessage: 'Looking for these databases on the SQL Server…',
      },
    },
    {
      id: 'files',
      title: 'Backup files',
      description: `Each database’s full backup and its permissions script, from the recovery kit by default. Files are compared with the kit’s ${KIT_CHECKSUM_FILE} before anything is restored.`,
      fields: fileFields(manifest),
    },
    {
      id: 'options',
      title: 'Restore options',
      description:
        'Where files go when their original folder does not exist on the rebuilt server, and what happens to a database that is still there.',
      fields: [
        {
          name: 'existingBackup',
          label: 'Before replacing a database that is still online',
          kind: 'select',
          options: [
            {
              value: 'copy-only',
              label: 'Take a copy-only full backup first',
              detail: 'Into the instance’s default backup folder; the backup chain is left alone',
            },
            {
              value: 'tail-log',
              label: 'Back up the tail of the log first',
              detail: 'Full recovery model only; leaves the database restoring',
            },
            { value: 'none', label: 'Replace it without a backup', detail: 'What it holds now is lost' },
          ],
        },
        {
          name: 'dataFolder',
          label: 'Data files folder (when the original is missing)',
          kind: 'text',
          placeholder: 'the instance’s default data folder',
        },
        {
          name: 'logFolder',
          label: 'Log files folder (when the original is missing)',
          kind: 'text',
          placeholder: 'the instance’s default log folder',
        },
        {
          name: 'checkDatabase',
          label: 'Run DBCC CHECKDB on each database after its restore',
          kind: 'checkbox',
          help: 'Reads every page; on a large data warehouse this takes hours.',
        },
      ],
      lookup: {
        id: 'placement',
        inputs: [...CONNECT_INPUTS, ...databaseAnswerNames(manifest), 'dataFolder', 'logFolder'],
        required: false,
        pendingMessage: 'Reading the backups’ file lists…',
      },
    },
  ];
}
