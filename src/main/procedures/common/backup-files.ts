import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import { describeError } from '../../engine/errors';
import type { CheckOutcome, FlowContext } from '../../engine/flow-types';
import { HostError, SqlError } from '../../knowledge/failures';
import { sqlStatements } from '../../knowledge/sql/statements';
import { targetOf } from './sql-connection';
import { takenAt } from './taken-at';

/** What SQL Server reads from a backup file without restoring it: its header, its files, and whether it is sound. */

/** A row of RESTORE FILELISTONLY. */
export interface BackupFile {
  logicalName: string;
  physicalName: string;
  type: 'D' | 'L';
  size: number;
}

export interface BackupHeader {
  databaseName: string;
  backupType: number;
  finished: string;
  serverName: string;
}

export async function readBackupHeader(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  path: string,
): Promise<BackupHeader> {
  const row = (await ctx.host.sql.execute(targetOf(answers), sqlStatements.backupHeader(path))).rows[0];
  if (!row) throw new HostError('sql', `RESTORE HEADERONLY found no backup set in ${path}.`);
  return {
    databaseName: String(row.DatabaseName ?? ''),
    backupType: Number(row.BackupType),
    finished: String(row.BackupFinishDate ?? ''),
    serverName: String(row.ServerName ?? ''),
  };
}

export async function readBackupFiles(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  path: string,
): Promise<BackupFile[]> {
  const { rows } = await ctx.host.sql.execute(targetOf(answers), sqlStatements.backupFileList(path));
  return rows.map((row) => ({
    logicalName: String(row.LogicalName ?? ''),
    physicalName: String(row.PhysicalName ?? ''),
    type: String(row.Type ?? 'D').toUpperCase() === 'L' ? 'L' : 'D',
    size: Number(row.Size ?? 0),
  }));
}

/** RESTORE VERIFYONLY, then HEADERONLY: a valid full backup of the database it is restored as. */
export async function backupContentCheck(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  database: { name: string; backupPath: string },
): Promise<CheckOutcome> {
  try {
    await ctx.host.sql.execute(targetOf(answers), sqlStatements.verifyBackup(database.backupPath));
  } catch (error) {
    return {
      status: 'fail' as const,
      expected: 'RESTORE VERIFYONLY: the backup set is valid',
      found: describeError(error).message,
      remedy:
        error instanceof SqlError && error.problem === 'backup-unreadable'
          ? 'The backup is damaged or unreadable by SQL Server. Use another copy from the kit; nothing has been changed.'
          : undefined,
    };
  }
  const header = await readBackupHeader(ctx, answers, database.backupPath);
  if (header.databaseName.toLowerCase() !== database.name.toLowerCase()) {
    return {
      status: 'fail' as const,
      expected: `a backup of ${database.name}`,
      found: `a backup of ${header.databaseName} (from ${header.serverName})`,
      remedy: 'Choose the backup file of this database.',
    };
  }
  if (header.backupType !== 1) {
    return {
      status: 'fail' as const,
      expected: 'a full database backup (BackupType 1)',
      found: `BackupType ${header.backupType}`,
      remedy: 'Start from the full backup; later differential or log backups are restored by a DBA.',
    };
  }
  return {
    status: 'pass' as const,
    expected: `a valid full backup of ${database.name}`,
    found: `verified; from ${header.serverName}, ${takenAt(ctx, header.finished)}`,
  };
}
