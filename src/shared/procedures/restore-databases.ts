import { z } from 'zod';
import {
  DATABASE_ROLES,
  sqlServerDisplayName,
  type DatabaseRole,
  type ManifestDatabase,
  type SiteManifest,
} from '../manifest';
import { definePage, definePages, type PageAnswers, type PageFields, type ProcedureAnswers } from '../procedure-pages';
import { KIT_CHECKSUM_FILE } from '../recovery-kit';
import { parseSqlServerName, sqlServerNameField } from '../sql-server-name';
import type { FieldDescriptor } from '../run-contract';
import { addProblem, optionalPathField, pathAnswerProblem } from '../validation/text-rules';
import { SQL_SIGN_IN_INPUTS, sqlAccountRule, sqlSignInFields } from './sql-sign-in';

/**
 * The pages of "Restore Service Manager databases". One run restores the databases of one lost
 * SQL Server instance; each database of the manifest has its own include box, backup file and
 * permissions script, shown only for the instance chosen.
 */

/** Orchestrator's database has its own recovery (service master key, DBSetup); not restored here. */
export const RESTORABLE_DATABASE_ROLES = DATABASE_ROLES.filter((role) => role !== 'Orchestrator');
export type RestorableDatabaseRole = Exclude<DatabaseRole, 'Orchestrator'>;

const EXISTING_DATABASE_BACKUPS = ['copy-only', 'tail-log', 'none'] as const;
export type ExistingDatabaseBackup = (typeof EXISTING_DATABASE_BACKUPS)[number];

/** A SQL Server instance of the manifest that holds restorable databases. */
export interface OriginalInstance {
  name: string;
  computer: string;
  instance: string | null;
  databases: (ManifestDatabase & { role: RestorableDatabaseRole })[];
}

export function originalInstances(manifest: SiteManifest): OriginalInstance[] {
  const byName = new Map<string, OriginalInstance>();
  for (const database of manifest.databases) {
    const role = database.role;
    if (!isRestorable(role)) continue;
    const name = sqlServerDisplayName(database);
    const entry = byName.get(name.toUpperCase()) ?? {
      name,
      computer: database.sqlServer,
      instance: database.instance,
      databases: [],
    };
    entry.databases.push({ ...database, role });
    byName.set(name.toUpperCase(), entry);
  }
  return [...byName.values()];
}

function isRestorable(role: string): role is RestorableDatabaseRole {
  return (RESTORABLE_DATABASE_ROLES as readonly string[]).includes(role);
}

const DATABASE_FIELD_KINDS = { include: 'restore', backup: 'backup', script: 'script' } as const;
type DatabaseFieldKind = keyof typeof DATABASE_FIELD_KINDS;

/**
 * Field names of one database's answers. They carry the original instance, so the answers of an
 * instance not chosen are simply never read.
 */
export function databaseFields(originalServer: string, role: RestorableDatabaseRole) {
  return {
    include: `${DATABASE_FIELD_KINDS.include}:${originalServer}:${role}`,
    backup: `${DATABASE_FIELD_KINDS.backup}:${originalServer}:${role}`,
    script: `${DATABASE_FIELD_KINDS.script}:${originalServer}:${role}`,
  } as const;
}

/** Whether `name` is one database's answer of this kind, as databaseFields names it. */
function isDatabaseField(name: string, kind: DatabaseFieldKind): boolean {
  const prefix = `${DATABASE_FIELD_KINDS[kind]}:`;
  return (
    name.startsWith(prefix) &&
    RESTORABLE_DATABASE_ROLES.some((role) => name.endsWith(`:${role}`) && name.length > prefix.length + role.length + 1)
  );
}

/** The roles the answers include for the chosen instance. */
export function includedRoles(answers: Record<string, unknown>): RestorableDatabaseRole[] {
  const server = answers.originalServer;
  if (typeof server !== 'string') return [];
  return RESTORABLE_DATABASE_ROLES.filter((role) => answers[databaseFields(server, role).include] === true);
}

/** Each database of each instance in the manifest, with the names of its answers. */
function eachDatabase<T>(
  manifest: SiteManifest,
  make: (
    original: OriginalInstance,
    database: OriginalInstance['databases'][number],
    fields: ReturnType<typeof databaseFields>,
  ) => T[],
): T[] {
  return originalInstances(manifest).flatMap((original) =>
    original.databases.flatMap((database) => make(original, database, databaseFields(original.name, database.role))),
  );
}

/** Every per-database answer, so a lookup that reads them runs again when any of them changes. */
function databaseAnswerNames(manifest: SiteManifest): string[] {
  return eachDatabase(manifest, (_original, _database, fields) => Object.values(fields));
}

const lostInstanceFields = (instances: (manifest: SiteManifest) => OriginalInstance[]) =>
  ({
    originalServer: {
      /** Chosen from the manifest, so only a SQL Server's name can match one. */
      schema: z
        .string()
        .min(1, 'choose the SQL Server instance that was lost')
        .superRefine((name, ctx) => {
          const parsed = name === '' ? null : parseSqlServerName(name);
          if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
        }),
      label: 'Lost instance (from the manifest)',
      kind: 'select',
      options: (manifest: SiteManifest) =>
        instances(manifest).map((original) => ({
          value: original.name,
          label: original.name,
          detail: original.databases.map((database) => database.name).join(', '),
        })),
    },
    sqlServer: {
      schema: sqlServerNameField,
      label: 'Restore onto SQL Server',
      kind: 'text',
      placeholder: 'computer\\instance',
      help: 'computer\\instance for a named instance, computer or computer,port for the default one.',
      changeWarning:
        'This differs from the lost instance. The checks will insist that the server you reach reports the original computer and instance names.',
    },
    ...sqlSignInFields,
  }) satisfies PageFields;

/** What Connect reads: the lost instance, the server to reach and how to sign in, and `extra`. */
function connectInputs(extra: readonly string[]): string[] {
  return ['originalServer', ...SQL_SIGN_IN_INPUTS, ...extra];
}

/**
 * The lost instance and the SQL Server to reach in its place, with Connect required before Next;
 * the data warehouse recreation shares it, offering the instances that hold its databases.
 * `extra` are fields of one procedure's own (the restore's server-name fix), which Connect reads too.
 */
export function lostInstancePage<F extends PageFields>(
  instances: (manifest: SiteManifest) => OriginalInstance[],
  extra: F,
) {
  return definePage({
    id: 'server',
    title: 'SQL Server',
    description:
      'The instance that was lost, and the rebuilt SQL Server to restore onto. The rebuilt one must have the same computer name and the same instance name as the original.',
    fields: { ...lostInstanceFields(instances), ...extra },
    refine: sqlAccountRule,
    lookup: {
      id: 'connect',
      buttonLabel: 'Connect',
      inputs: connectInputs(Object.keys(extra)),
      required: true,
      pendingMessage: 'Connect to the SQL Server and compare it with the lost instance before going on.',
    },
  });
}

const serverPage = lostInstancePage(originalInstances, {
  fixServerName: {
    /** Only the restore offers the fix; where the answer is absent it means no. */
    schema: z.boolean().default(false),
    label: 'Fix @@SERVERNAME when only it is out of date',
    kind: 'checkbox',
    help: 'After a computer is renamed, SQL Server keeps answering @@SERVERNAME with the old name. The run then calls sp_dropserver and sp_addserver ..., local and restarts the SQL Server service, which disconnects everyone.',
  },
});

export type SqlServerAnswers = PageAnswers<typeof serverPage.fields>;

const CONNECT_INPUTS = connectInputs(['fixServerName']);

const databasesPage = definePage({
  id: 'databases',
  title: 'Databases',
  description: 'The databases the manifest records on the lost instance. Restore all of them unless some survived.',
  fields: {},
  repeated: {
    fields: (manifest) =>
      eachDatabase(manifest, (original, database, fields): FieldDescriptor[] => [
        {
          name: fields.include,
          label: database.role === database.name ? database.name : `${database.role} (database ${database.name})`,
          kind: 'checkbox',
          visibleWhen: { field: 'originalServer', equals: original.name },
        },
      ]),
    schemaOf: (name) => (isDatabaseField(name, 'include') ? z.boolean() : undefined),
  },
  /**
   * The page offers the databases of each instance the manifest lists, so an instance with none
   * offered is not one of them.
   */
  refine(answers, ctx) {
    if (includedRoles(answers).length > 0) return;
    const server = String(answers.originalServer ?? '');
    const offered = RESTORABLE_DATABASE_ROLES.some((role) => databaseFields(server, role).include in answers);
    if (server !== '' && !offered) {
      ctx.addIssue({
        code: 'custom',
        path: ['originalServer'],
        message: 'choose the lost instance from those the manifest lists',
      });
      return;
    }
    ctx.addIssue({ code: 'custom', path: ['databases'], message: 'choose at least one database to restore' });
  },
  lookup: (manifest) => ({
    id: 'existing',
    inputs: [...CONNECT_INPUTS, ...databaseAnswerNames(manifest)],
    required: false,
    pendingMessage: 'Looking for these databases on the SQL Server…',
  }),
});

const filesPage = definePage({
  id: 'files',
  title: 'Backup files',
  description: `Each database’s full backup and its permissions script, from the recovery kit by default. Files are compared with the kit’s ${KIT_CHECKSUM_FILE} before anything is restored.`,
  fields: {},
  repeated: {
    fields: (manifest) =>
      eachDatabase(manifest, (original, database, fields): FieldDescriptor[] => {
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
    schemaOf: (name) => (isDatabaseField(name, 'backup') || isDatabaseField(name, 'script') ? z.string() : undefined),
  },
  /** Each included database needs its backup file and its permissions script. */
  refine(answers, ctx) {
    const server = String(answers.originalServer ?? '');
    for (const role of includedRoles(answers)) {
      const fields = databaseFields(server, role);
      const file = { kind: 'file', where: 'local-or-unc' } as const;
      addProblem(
        ctx,
        [fields.backup],
        pathAnswerProblem(
          answers[fields.backup],
          file,
          `give the backup file of ${role}, e.g. \\\\FS01\\RecoveryKit\\Databases\\${role}.bak`,
        ),
      );
      addProblem(
        ctx,
        [fields.script],
        pathAnswerProblem(answers[fields.script], file, `give the permissions script of ${role}`),
      );
    }
  },
});

const optionalFolder = optionalPathField({ kind: 'folder', where: 'local-or-unc' });

const optionsPage = definePage({
  id: 'options',
  title: 'Restore options',
  description:
    'Where files go when their original folder does not exist on the rebuilt server, and what happens to a database that is still there.',
  fields: {
    existingBackup: {
      schema: z.enum(EXISTING_DATABASE_BACKUPS),
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
    dataFolder: {
      schema: optionalFolder,
      label: 'Data files folder (when the original is missing)',
      kind: 'text',
      placeholder: 'the instance’s default data folder',
    },
    logFolder: {
      schema: optionalFolder,
      label: 'Log files folder (when the original is missing)',
      kind: 'text',
      placeholder: 'the instance’s default log folder',
    },
    checkDatabase: {
      schema: z.boolean(),
      label: 'Run DBCC CHECKDB on each database after its restore',
      kind: 'checkbox',
      help: 'Reads every page; on a large data warehouse this takes hours.',
    },
  },
  lookup: (manifest) => ({
    id: 'placement',
    inputs: [...CONNECT_INPUTS, ...databaseAnswerNames(manifest), 'dataFolder', 'logFolder'],
    required: false,
    pendingMessage: 'Reading the backups’ file lists…',
  }),
});

export const restoreDatabasesPages = definePages([serverPage, databasesPage, filesPage, optionsPage]);
export type RestoreDatabasesAnswers = ProcedureAnswers<typeof restoreDatabasesPages.definitions>;

/** What the Connect lookup of either procedure's SQL Server page reads; absent, the fix is not asked for. */
export const sqlServerPage = restoreDatabasesPages.pageSchemas.server;
