import type { SqlConnectionAnswers } from '../../../shared/procedures/sql-sign-in';
import type { FlowContext } from '../../engine/flow-types';
import { sqlStatements, type FileMove } from '../../knowledge/sql/statements';
import {
  joinWindowsPath,
  sameWindowsPath,
  windowsBaseName,
  windowsDriveLetter,
  windowsParentFolder,
} from '../../knowledge/windows/paths';
import type { BackupFile } from './backup-files';
import { targetOf, type ServerFacts } from './sql-connection';

/**
 * Where a restore puts each file of a backup, and whether the drives have room: a file goes back
 * to its original folder when that folder exists on the server, else to the folder chosen for it.
 */

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
export function moveFolders(answers: { dataFolder: string; logFolder: string }, facts: ServerFacts): FolderChoice {
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
