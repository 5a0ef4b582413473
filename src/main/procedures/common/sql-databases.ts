import type { SiteManifest } from '../../../shared/manifest';
import {
  databaseFields,
  includedRoles,
  originalInstances,
  sqlServerPage,
  type OriginalInstance,
  type RestoreDatabasesAnswers,
  type RestorableDatabaseRole,
  type SqlServerAnswers,
} from '../../../shared/procedures/restore-databases';
import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import type { CheckResult, LookupResult } from '../../../shared/run-contract';
import { AnswerError, describeError } from '../../engine/errors';
import type { CheckDefinition, CheckOutcome, FlowContext } from '../../engine/flow-types';
import { parseChecksumList } from '../../knowledge/recovery-kit';
import { KIT_CHECKSUM_FILE } from '../../knowledge/recovery-kit';
import { sqlStatements, type FileMove } from '../../knowledge/sql/statements';
import { HostError, SqlError } from '../../host/types';
import { describeAuthentication, readServerFacts, sysadminCheck, targetOf, type ServerFacts } from './sql-connection';
import {
  joinWindowsPath,
  sameWindowsPath,
  windowsBaseName,
  windowsDriveLetter,
  windowsParentFolder,
} from '../../knowledge/windows/paths';
import { excerpt } from '../../../shared/validation/display-escape';

/**
 * What the database restore reads from the site: the lost instance as the manifest recorded it,
 * the SQL Server it restores onto, and each backup (its file, checksum, header and file list).
 * Nothing here changes the site.
 */

export type Answers = RestoreDatabasesAnswers;

const MAX_CHECKSUM_LIST_BYTES = 1024 * 1024;

export function originalInstance(answers: SqlServerAnswers, manifest: SiteManifest): OriginalInstance {
  const found = originalInstances(manifest).find(
    (candidate) => candidate.name.toUpperCase() === answers.originalServer.toUpperCase(),
  );
  if (!found) {
    throw new AnswerError(
      'originalServer',
      `${excerpt(answers.originalServer)} is not a SQL Server of this site's manifest.`,
    );
  }
  return found;
}

export interface SelectedDatabase {
  role: RestorableDatabaseRole;
  name: string;
  backupPath: string;
  scriptPath: string;
}

export function selectedDatabases(answers: Answers, manifest: SiteManifest): SelectedDatabase[] {
  const record = answers as Record<string, unknown>;
  const original = originalInstance(answers, manifest);
  const included = includedRoles(record);
  return original.databases
    .filter((database) => included.includes(database.role))
    .map((database) => {
      const fields = databaseFields(original.name, database.role);
      return {
        role: database.role,
        name: database.name,
        backupPath: String(record[fields.backup] ?? '').trim(),
        scriptPath: String(record[fields.script] ?? '').trim(),
      };
    });
}

function instanceLabel(instance: string | null): string {
  return instance ?? '(default instance)';
}

/** @@SERVERNAME as it should read on the original computer and instance. */
export function expectedServerName(original: OriginalInstance): string {
  return original.instance ? `${original.computer}\\${original.instance}` : original.computer;
}

/** Only @@SERVERNAME is wrong: the computer and instance are right, so sp_dropserver/sp_addserver can fix it. */
export function onlyServerNameStale(facts: ServerFacts, original: OriginalInstance): boolean {
  return (
    sameName(facts.machineName, original.computer) &&
    sameName(facts.instanceName ?? '', original.instance ?? '') &&
    !sameName(facts.serverName, expectedServerName(original))
  );
}

/** The server answers as the original instance on every count, @@SERVERNAME included. */
export function answersAsOriginal(facts: ServerFacts, original: OriginalInstance): boolean {
  return (
    sameName(facts.machineName, original.computer) &&
    sameName(facts.instanceName ?? '', original.instance ?? '') &&
    sameName(facts.serverName, expectedServerName(original))
  );
}

function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

const IDENTITY_TITLES = {
  'machine-name': "SERVERPROPERTY('MachineName') is the original computer name",
  'instance-name': "SERVERPROPERTY('InstanceName') is the original instance name",
  'server-name': '@@SERVERNAME names the original computer and instance',
} as const;

/** The documented precondition: same computer name, same instance name, and a @@SERVERNAME that agrees. */
export function identityChecks(facts: ServerFacts, original: OriginalInstance, fixServerName: boolean): CheckResult[] {
  const machine = sameName(facts.machineName, original.computer);
  const instance = sameName(facts.instanceName ?? '', original.instance ?? '');
  const expectedName = expectedServerName(original);
  const nameOk = sameName(facts.serverName, expectedName);
  const stale = onlyServerNameStale(facts, original);
  return [
    {
      id: 'machine-name',
      title: IDENTITY_TITLES['machine-name'],
      status: machine ? 'pass' : 'fail',
      expected: original.computer,
      found: facts.machineName,
      ...(machine
        ? {}
        : {
            remedy:
              'Restore onto a computer named as the original. A DNS alias pointing elsewhere does not count: rename the computer, or rebuild it under the original name.',
          }),
    },
    {
      id: 'instance-name',
      title: IDENTITY_TITLES['instance-name'],
      status: instance ? 'pass' : 'fail',
      expected: instanceLabel(original.instance),
      found: instanceLabel(facts.instanceName),
      ...(instance
        ? {}
        : {
            remedy: `Install SQL Server as the instance ${instanceLabel(original.instance)} and restore there; Service Manager finds its databases by that name.`,
          }),
    },
    {
      id: 'server-name',
      title: IDENTITY_TITLES['server-name'],
      status: nameOk ? 'pass' : stale && fixServerName ? 'warn' : 'fail',
      expected: expectedName,
      found: facts.serverName,
      ...(nameOk
        ? {}
        : stale
          ? {
              remedy: fixServerName
                ? `The run fixes it first: sp_dropserver '${facts.serverName}', sp_addserver '${expectedName}', local, then restarts the SQL Server service.`
                : 'The computer was renamed after SQL Server was installed. "Restore Service Manager databases" fixes it when you tick "Fix @@SERVERNAME" on its SQL Server page: sp_dropserver / sp_addserver ..., local, then a restart of the SQL Server service.',
            }
          : { remedy: 'Fix the computer and instance names first.' }),
    },
  ];
}

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

/**
 * The kit's checksum for a file: from the checksum list beside it. Undefined when there is no
 * list, null when the list does not name the file.
 */
async function kitChecksum(ctx: FlowContext, path: string): Promise<string | null | undefined> {
  const here = await ctx.host.system.computerName();
  const listPath = joinWindowsPath(windowsParentFolder(path), KIT_CHECKSUM_FILE);
  if (!(await ctx.host.files.exists(here, listPath))) return undefined;
  const list = parseChecksumList(await ctx.host.files.readText(here, listPath, MAX_CHECKSUM_LIST_BYTES));
  return list.get(windowsBaseName(path).toLowerCase()) ?? null;
}

/** A file of the kit: it exists and matches the checksum the kit recorded. */
export async function kitFileOutcome(ctx: FlowContext, path: string): Promise<CheckOutcome> {
  const here = await ctx.host.system.computerName();
  const facts = await ctx.host.files.stat(here, path);
  if (!facts.exists || facts.isDirectory) {
    return {
      status: 'fail',
      expected: path,
      found: 'no such file',
      remedy: 'Check the path, or copy the file from another copy of the recovery kit.',
    };
  }
  const listed = await kitChecksum(ctx, path);
  if (listed === undefined || listed === null) {
    return {
      status: 'warn',
      expected: `a SHA-256 in ${KIT_CHECKSUM_FILE} beside the file`,
      found: listed === undefined ? `no ${KIT_CHECKSUM_FILE} in that folder` : `not listed in ${KIT_CHECKSUM_FILE}`,
      remedy: 'The file cannot be compared with the kit; make sure it is the one you mean to restore.',
    };
  }
  return listed === facts.sha256
    ? { status: 'pass', expected: `SHA-256 ${listed.slice(0, 16)}…`, found: 'matches the kit' }
    : {
        status: 'fail',
        expected: `SHA-256 ${listed}`,
        found: `SHA-256 ${facts.sha256 ?? 'unknown'}`,
        remedy: 'The file changed since the kit was made (damaged or replaced): use an intact copy of the kit.',
      };
}

/** Where each file of a backup goes: its original path when that folder exists, else the chosen folder. */
export interface FilePlacement {
  file: BackupFile;
  target: string;
  moved: boolean;
}

export interface FolderChoice {
  dataFolder: string;
  logFolder: string;
}

/** The folders restored files go to when their original folder is missing: the operator's, or the instance's defaults. */
export function moveFolders(answers: Answers, facts: ServerFacts): FolderChoice {
  return {
    dataFolder: answers.dataFolder.trim() || facts.defaultDataPath,
    logFolder: answers.logFolder.trim() || facts.defaultLogPath,
  };
}

export async function folderExists(ctx: FlowContext, answers: SqlConnectionAnswers, folder: string): Promise<boolean> {
  const row = (await ctx.host.sql.execute(targetOf(answers), sqlStatements.pathExists(folder))).rows[0];
  return Number(row?.['File is a Directory'] ?? 0) === 1;
}

export async function placeFiles(
  ctx: FlowContext,
  answers: SqlConnectionAnswers,
  files: BackupFile[],
  folders: FolderChoice,
): Promise<FilePlacement[]> {
  const known = new Map<string, boolean>();
  const exists = async (folder: string) => {
    const key = folder.toLowerCase();
    if (!known.has(key)) known.set(key, await folderExists(ctx, answers, folder));
    return known.get(key) ?? false;
  };
  const placements: FilePlacement[] = [];
  for (const file of files) {
    if (await exists(windowsParentFolder(file.physicalName))) {
      placements.push({ file, target: file.physicalName, moved: false });
      continue;
    }
    const folder = file.type === 'L' ? folders.logFolder : folders.dataFolder;
    const target = joinWindowsPath(folder, windowsBaseName(file.physicalName));
    placements.push({ file, target, moved: !sameWindowsPath(target, file.physicalName) });
  }
  return placements;
}

export function movesOf(placements: FilePlacement[]): FileMove[] {
  return placements
    .filter((placement) => placement.moved)
    .map((placement) => ({ logicalName: placement.file.logicalName, physicalName: placement.target }));
}

/** Free bytes per drive letter of the SQL Server computer. */
export async function freeSpaceByDrive(ctx: FlowContext, answers: SqlConnectionAnswers): Promise<Map<string, number>> {
  const { rows } = await ctx.host.sql.execute(targetOf(answers), sqlStatements.fixedDrives());
  const free = new Map<string, number>();
  for (const row of rows) free.set(String(row.drive ?? '').toUpperCase(), Number(row['MB free'] ?? 0) * 1024 * 1024);
  return free;
}

/** Bytes each drive must take for these placements. */
export function bytesByDrive(placements: FilePlacement[]): Map<string, number> {
  const needed = new Map<string, number>();
  for (const placement of placements) {
    const drive = windowsDriveLetter(placement.target) ?? '?';
    needed.set(drive, (needed.get(drive) ?? 0) + placement.file.size);
  }
  return needed;
}

export interface DatabaseState {
  name: string;
  state: string;
  recoveryModel: string;
}

/** A database of the server by name, as SQL Server compares names by default (case-insensitive). */
/**
 * The database of this name as SQL Server finds it: without regard to case (the usual
 * case-insensitive collation) or to trailing spaces, which `=` pads away; any other character,
 * a leading space or a line break included, is part of the name.
 */
export function findDatabaseState(states: readonly DatabaseState[], name: string): DatabaseState | undefined {
  const comparable = (text: string) => text.replace(/ +$/, '').toLowerCase();
  const wanted = comparable(name);
  return states.find((state) => comparable(state.name) === wanted);
}

export async function readDatabaseStates(ctx: FlowContext, answers: SqlConnectionAnswers): Promise<DatabaseState[]> {
  const { rows } = await ctx.host.sql.execute(targetOf(answers), sqlStatements.databaseStates());
  return rows.map((row) => ({
    name: String(row.name ?? ''),
    state: String(row.state ?? ''),
    recoveryModel: String(row.recoveryModel ?? ''),
  }));
}

export function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function identityVerdict(results: CheckResult[]): { ok: boolean; message: string } {
  const failed = results.filter((result) => result.status === 'fail');
  if (failed.length === 0) return { ok: true, message: '' };
  return {
    ok: false,
    message: `This is not the lost instance as the manifest records it: ${failed
      .map((result) => `${result.title} (expected ${result.expected ?? ''}, found ${result.found ?? ''})`)
      .join('; ')}.`,
  };
}

/** The SQL Server page's Connect: the server as the manifest's lost instance, or why it is not. */
export async function connectLookup(raw: Record<string, unknown>, ctx: FlowContext): Promise<LookupResult> {
  const answers = sqlServerPage.parse(raw);
  const original = originalInstance(answers, ctx.manifest);
  const facts = await readServerFacts(ctx, answers);
  const identity = identityChecks(facts, original, answers.fixServerName);
  const sysadmin = sysadminCheck(answers, facts);
  const verdict = identityVerdict([...identity, sysadmin]);
  return {
    ok: verdict.ok,
    message: verdict.ok
      ? `Connected to ${answers.sqlServer}: SQL Server ${facts.productVersion} ${facts.edition}, as ${describeAuthentication(answers)}.`
      : verdict.message,
    checks: [...identity, sysadmin],
  };
}

/** The documented preconditions as Summary checks: sysadmin, then the computer, instance and server names. */
export function serverChecks(
  answers: SqlServerAnswers,
  original: OriginalInstance,
  facts: () => Promise<ServerFacts>,
): CheckDefinition[] {
  const identity = Object.entries(IDENTITY_TITLES).map(([id, title]): CheckDefinition => ({
    id,
    title,
    run: async () => {
      const result = identityChecks(await facts(), original, answers.fixServerName).find((check) => check.id === id);
      if (!result) throw new Error(`no identity check ${id}`);
      return checkOutcome(result);
    },
  }));
  return [sysadminDefinition(answers, facts), ...identity];
}

/** A check's result without its id and title, as a CheckDefinition returns it. */
export function checkOutcome({ status, expected, found, remedy }: CheckResult): CheckOutcome {
  return { status, expected, found, remedy };
}

/** The sysadmin check as a Summary check, reading the server's facts once with the others. */
export function sysadminDefinition(answers: SqlConnectionAnswers, facts: () => Promise<ServerFacts>): CheckDefinition {
  return {
    id: 'sysadmin',
    title: 'Signed in as a member of sysadmin',
    run: async () => checkOutcome(sysadminCheck(answers, await facts())),
  };
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
    found: `verified; taken ${header.finished} on ${header.serverName}`,
  };
}
