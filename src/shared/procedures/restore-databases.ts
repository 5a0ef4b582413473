import { z } from 'zod';
import { DATABASE_ROLES, type DatabaseRole } from '../manifest';
import { parseSqlServerName } from '../sql-server-name';
import { addProblem, optionalPathField, pathAnswerProblem } from '../validation/text-rules';
import { sqlAccountRule, sqlConnectionShape } from './sql-sign-in';

/**
 * Answers of "Restore Service Manager databases". One run restores the databases of one lost
 * SQL Server instance; each database of the manifest has its own include box, backup file and
 * permissions script, shown only for the instance chosen.
 */

/** Orchestrator's database has its own recovery (service master key, DBSetup); not restored here. */
export const RESTORABLE_DATABASE_ROLES = DATABASE_ROLES.filter((role) => role !== 'Orchestrator');
export type RestorableDatabaseRole = Exclude<DatabaseRole, 'Orchestrator'>;

const EXISTING_DATABASE_BACKUPS = ['copy-only', 'tail-log', 'none'] as const;
export type ExistingDatabaseBackup = (typeof EXISTING_DATABASE_BACKUPS)[number];

/**
 * Field names of one database's answers. They carry the original instance, so the answers of an
 * instance not chosen are simply never read.
 */
export function databaseFields(originalServer: string, role: RestorableDatabaseRole) {
  return {
    include: `restore:${originalServer}:${role}`,
    backup: `backup:${originalServer}:${role}`,
    script: `script:${originalServer}:${role}`,
  } as const;
}

/** The roles the answers include for the chosen instance. */
export function includedRoles(answers: Record<string, unknown>): RestorableDatabaseRole[] {
  const server = answers.originalServer;
  if (typeof server !== 'string') return [];
  return RESTORABLE_DATABASE_ROLES.filter((role) => answers[databaseFields(server, role).include] === true);
}

/** Each included database needs its backup file and its permissions script. */
const filesRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
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
};

/**
 * The pages offer the databases of each instance the manifest lists, so an instance with none
 * offered is not one of them.
 */
const someDatabaseRule = (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
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
};

const optionalFolder = optionalPathField({ kind: 'folder', where: 'local-or-unc' });

export const sqlServerShape = {
  /** Chosen from the manifest, so only a SQL Server's name can match one. */
  originalServer: z
    .string()
    .min(1, 'choose the SQL Server instance that was lost')
    .superRefine((name, ctx) => {
      const parsed = name === '' ? null : parseSqlServerName(name);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    }),
  ...sqlConnectionShape,
  /** Only the restore offers the fix; elsewhere the answer is absent and means no. */
  fixServerName: z.boolean().default(false),
};

const optionsShape = {
  existingBackup: z.enum(EXISTING_DATABASE_BACKUPS),
  dataFolder: optionalFolder,
  logFolder: optionalFolder,
  checkDatabase: z.boolean(),
};

/** The SQL Server page, which the data warehouse recreation shares. */
export const sqlServerPage = z.looseObject(sqlServerShape).superRefine(sqlAccountRule);
export type SqlServerAnswers = z.infer<typeof sqlServerPage>;

export const restoreDatabasesPages = {
  server: sqlServerPage,
  databases: z.looseObject({}).superRefine(someDatabaseRule),
  files: z.looseObject({}).superRefine(filesRule),
  options: z.looseObject(optionsShape),
};

/** The per-database answers stay in the record under the names databaseFields gives. */
export const restoreDatabasesAnswers = z
  .object({ ...sqlServerShape, ...optionsShape })
  .catchall(z.union([z.string(), z.boolean()]))
  .superRefine(sqlAccountRule)
  .superRefine(someDatabaseRule)
  .superRefine(filesRule);

export type RestoreDatabasesAnswers = z.infer<typeof restoreDatabasesAnswers>;
