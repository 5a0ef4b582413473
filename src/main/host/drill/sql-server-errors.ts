import { SqlError, type SqlProblem } from '../../knowledge/failures';

/**
 * The errors the drill's SQL Server raises, with SQL Server's own numbers and wording, so the
 * wizard meets in a drill what it meets on a real server. SQL Server reports the error that
 * says why first, then the ones that end the statement (3013 "... is terminating abnormally.");
 * the SqlError carries the first number and all the text.
 */

interface ServerError {
  number: number;
  text: string;
}

export function sqlFailure(problem: SqlProblem, first: ServerError, ...rest: ServerError[]): SqlError {
  const errors = [first, ...rest];
  return new SqlError(
    problem,
    errors.map((error) => error.text).join(' '),
    errors.map((error) => `Msg ${error.number}: ${error.text}`).join('\n'),
    first.number,
  );
}

export type BackupOperation =
  | 'RESTORE HEADERONLY'
  | 'RESTORE FILELISTONLY'
  | 'VERIFY DATABASE'
  | 'RESTORE DATABASE'
  | 'BACKUP DATABASE'
  | 'BACKUP LOG';

const terminating = (operation: BackupOperation): ServerError => ({
  number: 3013,
  text: `${operation} is terminating abnormally.`,
});

const planningFailed: ServerError = {
  number: 3119,
  text: 'Problems were identified while planning for the RESTORE statement. Previous messages provide details.',
};

function cannotOpenDevice(problem: SqlProblem, path: string, operation: BackupOperation, osError: string): SqlError {
  return sqlFailure(
    problem,
    { number: 3201, text: `Cannot open backup device '${path}'. Operating system error ${osError}.` },
    terminating(operation),
  );
}

export function backupFileMissing(path: string, operation: BackupOperation): SqlError {
  return cannotOpenDevice('backup-unreadable', path, operation, '2(The system cannot find the file specified.)');
}

export function backupFolderMissing(path: string, operation: BackupOperation): SqlError {
  return cannotOpenDevice('statement-failed', path, operation, '3(The system cannot find the path specified.)');
}

/** A file that is not a SQL Server backup at all. */
export function notABackup(path: string, operation: BackupOperation): SqlError {
  return sqlFailure(
    'backup-unreadable',
    {
      number: 3241,
      text: `The media family on device '${path}' is incorrectly formed. SQL Server cannot process this media family.`,
    },
    terminating(operation),
  );
}

export function backupDamaged(operation: BackupOperation): SqlError {
  return sqlFailure(
    'backup-unreadable',
    { number: 3189, text: 'Damage to the backup set was detected.' },
    terminating(operation),
  );
}

/** RESTORE WITH CHECKSUM meets a page whose checksum is wrong, part of the way through. */
export function restoredPageDamaged(database: string, page: number): SqlError {
  return sqlFailure(
    'backup-unreadable',
    {
      number: 3183,
      text: `RESTORE detected an error on page (1:${page}) in database "${database}" as read from the backup set.`,
    },
    terminating('RESTORE DATABASE'),
  );
}

export function logBackupNotRestorable(path: string): SqlError {
  return sqlFailure(
    'statement-failed',
    {
      number: 3135,
      text: `The backup set in file '${path}' was created by BACKUP LOG and cannot be used for this restore operation.`,
    },
    terminating('RESTORE DATABASE'),
  );
}

export function backupOfOtherDatabase(existing: string): SqlError {
  return sqlFailure(
    'statement-failed',
    {
      number: 3154,
      text: `The backup set holds a backup of a database other than the existing '${existing}' database.`,
    },
    terminating('RESTORE DATABASE'),
  );
}

export function tailLogNotBackedUp(database: string): SqlError {
  return sqlFailure(
    'tail-log-not-backed-up',
    {
      number: 3159,
      text:
        `The tail of the log for the database "${database}" has not been backed up. Use BACKUP LOG WITH NORECOVERY ` +
        'to backup the log if it contains work you do not want to lose. Use the WITH REPLACE or WITH STOPAT clause ' +
        'of the RESTORE statement to just overwrite the contents of the log.',
    },
    terminating('RESTORE DATABASE'),
  );
}

export function logicalFileUnknown(logicalName: string, database: string): SqlError {
  return sqlFailure(
    'statement-failed',
    {
      number: 3234,
      text: `Logical file '${logicalName}' is not part of database '${database}'. Use RESTORE FILELISTONLY to list the logical file names.`,
    },
    terminating('RESTORE DATABASE'),
  );
}

function cannotRestoreTo(file: { logicalName: string; physicalName: string }): ServerError {
  return {
    number: 3156,
    text: `File '${file.logicalName}' cannot be restored to '${file.physicalName}'. Use WITH MOVE to identify a valid location for the file.`,
  };
}

function directoryLookup(file: { physicalName: string }): ServerError {
  return {
    number: 5133,
    text: `Directory lookup for the file "${file.physicalName}" failed with the operating system error 3(The system cannot find the path specified.).`,
  };
}

/** Every file whose folder does not exist is named, then the restore is refused as a whole. */
export function directoryLookupFailed(
  first: { logicalName: string; physicalName: string },
  ...others: { logicalName: string; physicalName: string }[]
): SqlError {
  return sqlFailure(
    'statement-failed',
    directoryLookup(first),
    cannotRestoreTo(first),
    ...others.flatMap((file) => [directoryLookup(file), cannotRestoreTo(file)]),
    planningFailed,
    terminating('RESTORE DATABASE'),
  );
}

export function fileInUse(file: { logicalName: string; physicalName: string }, database: string): SqlError {
  return sqlFailure(
    'statement-failed',
    {
      number: 1834,
      text: `The file '${file.physicalName}' cannot be overwritten.  It is being used by database '${database}'.`,
    },
    cannotRestoreTo(file),
    planningFailed,
    terminating('RESTORE DATABASE'),
  );
}

export function restoreDiskFull(drive: string, needed: number, available: number): SqlError {
  return sqlFailure(
    'disk-full',
    {
      number: 3257,
      text: `There is insufficient free space on disk volume '${drive}:\\' to create the database. The database requires ${needed} additional free bytes, while only ${available} bytes are available.`,
    },
    planningFailed,
    terminating('RESTORE DATABASE'),
  );
}

/** BACKUP writes until the disk is full; Windows then refuses the write (error 112). */
export function backupDiskFull(path: string, operation: BackupOperation): SqlError {
  return sqlFailure(
    'disk-full',
    { number: 3202, text: `Write on "${path}" failed: 112(There is not enough space on the disk.)` },
    terminating(operation),
  );
}

export function simpleRecoveryHasNoLog(): SqlError {
  return sqlFailure(
    'statement-failed',
    {
      number: 4208,
      text: 'The statement BACKUP LOG is not allowed while the recovery model is SIMPLE. Use BACKUP DATABASE or change the recovery model using ALTER DATABASE.',
    },
    terminating('BACKUP LOG'),
  );
}

export function databaseMissing(database: string, operation: BackupOperation): SqlError {
  return sqlFailure(
    'statement-failed',
    { number: 911, text: `Database '${database}' does not exist. Make sure that the name is entered correctly.` },
    terminating(operation),
  );
}

export function cannotOpenDatabase(database: string): SqlError {
  return sqlFailure('cannot-open-database', {
    number: 4060,
    text: `Cannot open database "${database}" requested by the login. The login failed.`,
  });
}

/** A database that is not ONLINE cannot be used: RESTORING (mid-restore) or OFFLINE. */
export function databaseNotOnline(database: string, state: 'RESTORING' | 'OFFLINE'): SqlError {
  return state === 'RESTORING'
    ? sqlFailure('cannot-open-database', {
        number: 927,
        text: `Database '${database}' cannot be opened. It is in the middle of a restore.`,
      })
    : sqlFailure('cannot-open-database', {
        number: 942,
        text: `Database '${database}' cannot be opened because it is offline.`,
      });
}

export function restorePermissionDenied(database: string): SqlError {
  return sqlFailure(
    'not-sysadmin',
    { number: 3110, text: `User does not have permission to RESTORE database '${database}'.` },
    terminating('RESTORE DATABASE'),
  );
}

/** RESTORE over a database that other sessions (the services that use it) still have open. */
export function exclusiveAccessDenied(): SqlError {
  return sqlFailure(
    'database-in-use',
    { number: 3101, text: 'Exclusive access could not be obtained because the database is in use.' },
    terminating('RESTORE DATABASE'),
  );
}

/** BACKUP needs the right in the database; reading a backup's header needs CREATE DATABASE. */
export function permissionDenied(permission: string, database: string, operation: BackupOperation): SqlError {
  return sqlFailure(
    'not-sysadmin',
    { number: 262, text: `${permission} permission denied in database '${database}'.` },
    terminating(operation),
  );
}

/** sp_configure and sp_addserver without sysadmin. */
export function actionDenied(): SqlError {
  return sqlFailure('not-sysadmin', { number: 15247, text: 'User does not have permission to perform this action.' });
}

export function cannotDrop(database: string, problem: SqlProblem): SqlError {
  return sqlFailure(problem, {
    number: 3701,
    text: `Cannot drop the database '${database}', because it does not exist or you do not have permission.`,
  });
}

export function checkdbDatabaseMissing(database: string): SqlError {
  return sqlFailure('statement-failed', {
    number: 2520,
    text: `Could not find database '${database}'. The database either does not exist, or was dropped before a statement tried to use it. Verify if the database exists by querying the sys.databases catalog view.`,
  });
}

export function serverEntryMissing(name: string): SqlError {
  return sqlFailure('statement-failed', {
    number: 15015,
    text: `The server '${name}' does not exist. Use sp_helpserver to show available servers.`,
  });
}

export function loginExists(login: string): SqlError {
  return sqlFailure('statement-failed', { number: 15025, text: `The server principal '${login}' already exists.` });
}

export function invalidObject(name: string): SqlError {
  return sqlFailure('statement-failed', { number: 208, text: `Invalid object name '${name}'.` });
}

export function procedureMissing(name: string): SqlError {
  return sqlFailure('statement-failed', { number: 2812, text: `Could not find stored procedure '${name}'.` });
}

export function batchFailed(number: number, text: string): SqlError {
  return sqlFailure('statement-failed', { number, text });
}

export function serviceMasterKeyFolderMissing(path: string): SqlError {
  return sqlFailure('statement-failed', {
    number: 15240,
    text: `Cannot write into file '${path}'. Verify that you have write permissions, that the file path is valid, and that the file does not already exist.`,
  });
}

/**
 * RESTORE SERVICE MASTER KEY on a file that is missing or holds no key. The number and wording are
 * the drill's approximation of SQL Server's.
 */
export function masterKeyFileInvalid(): SqlError {
  return sqlFailure('statement-failed', {
    number: 15317,
    text: 'The master key file does not exist or has invalid format.',
  });
}

/**
 * A wrong password. SQL Server is believed to answer with the same 15317 as for a bad file; the
 * drill's wording says that either may be the cause.
 */
export function masterKeyPasswordWrong(): SqlError {
  return sqlFailure('statement-failed', {
    number: 15317,
    text: 'The master key file does not exist or has invalid format, or the password is not the one the key was backed up with.',
  });
}

/** The instance cannot decrypt its own service master key, so it cannot re-encrypt what the key protects. */
export function currentMasterKeyUnreadable(): SqlError {
  return sqlFailure('statement-failed', {
    number: 15329,
    text:
      'The current master key cannot be decrypted. If this is a database master key, you should attempt to open it in the session before performing this operation. ' +
      'The FORCE option can be used to ignore this error and continue the operation but the data encrypted by the old master key will be lost.',
  });
}

/**
 * A statement whose text is not the one knowledge/sql/statements.ts builds for its id (sql-statement-text.ts).
 * SQL Server would most likely answer a changed text with a syntax error; the details say where
 * it differs, so a changed builder is found at once.
 */
export function statementTextDiffers(id: string, sent: string, at: number): SqlError {
  const before = sent.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const near = tokenAt(sent, at);
  const text = `Incorrect syntax near '${near}'.`;
  return new SqlError(
    'statement-failed',
    text,
    `Msg 102, Line ${line}: ${text}\nThe drill's SQL Server runs only the statements knowledge/sql/statements.ts builds; ` +
      `this "${id}" statement differs from them at line ${line}, column ${column}.`,
    102,
  );
}

const word = /[\w@#$]/;

/** The token SQL Server would name: the one at `at`, or the last one when the text ends there. */
function tokenAt(text: string, at: number): string {
  let start = Math.min(at, text.length);
  while (start > 0 && word.test(text[start - 1] ?? '')) start -= 1;
  while (start < text.length && /\s/.test(text[start] ?? '')) start += 1;
  if (start >= text.length) {
    const last = /([\w@#$]+|\S)\s*$/.exec(text);
    return last?.[1] ?? '';
  }
  let end = start + 1;
  if (word.test(text[start] ?? '')) while (end < text.length && word.test(text[end] ?? '')) end += 1;
  return text.slice(start, end);
}

/** A variable of the text that was not sent as a parameter. */
export function undeclaredVariable(name: string): SqlError {
  return sqlFailure('statement-failed', { number: 137, text: `Must declare the scalar variable "@${name}".` });
}

export function operandTypeClash(sent: string, expected: string): SqlError {
  return sqlFailure('statement-failed', {
    number: 206,
    text: `Operand type clash: ${sent} is incompatible with ${expected}`,
  });
}
