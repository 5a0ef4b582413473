import { excerpt } from './display-escape';

/**
 * The one rule every path an operator types goes through, whatever tool it reaches: Setup.exe,
 * SecureStorageBackup.exe, SQL Server's BACKUP and RESTORE, PowerShell. It refuses what
 * Windows forbids in a file name ("Naming Files, Paths, and Namespaces": < > : " | ? * and the
 * characters 1 to 31), what Windows would silently change (a name ending in a space or a
 * period), the device names Windows opens instead of a file, and paths longer than MAX_PATH.
 */

export interface WindowsPathRule {
  /** A file must end with a name; a folder may end with a backslash. */
  kind: 'file' | 'folder';
  /** Local only for what runs on this computer from its own disk (an installation folder). */
  where: 'local' | 'local-or-unc';
  /** Characters the wizard appends (`\Tools\SecureStorageBackup\SecureStorageBackup.exe`). */
  appended?: number;
}

/** MAX_PATH is 260 with the terminating NUL: the path Win32 programs and SQL Server's backup devices take. */
export const WINDOWS_MAX_PATH = 259;

const FORBIDDEN = /["<>|?*]/u;
// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const CONTROL = /[\u0000-\u001f]/u;
const DRIVE = /^[A-Za-z]:\\/u;
const UNC = /^\\\\([^\\]+)\\([^\\]+)(\\|$)/u;
const DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\.[^.]*)?$/iu;

/** Why `path` is not a usable Windows path under `rule`, in the operator's words, or null. */
export function windowsPathProblem(path: string, rule: WindowsPathRule): string | null {
  if (CONTROL.test(path)) return 'a Windows path cannot hold a line break, tab or other control character';
  const forbidden = FORBIDDEN.exec(path);
  if (forbidden) return `a Windows path cannot hold ${forbidden[0]} (nor any of " < > | ? *)`;
  const local = DRIVE.test(path);
  const unc = UNC.exec(path);
  if (!local && !unc) {
    return rule.where === 'local'
      ? 'give a full local path that starts with a drive, such as C:\\'
      : 'give a full path, local (C:\\...) or on a share (\\\\server\\share\\...)';
  }
  if (rule.where === 'local' && !local) return 'give a local path that starts with a drive, such as C:\\';
  if (path.indexOf(':', local ? 2 : 0) >= 0) return 'a colon may only follow the drive letter, as in C:\\';
  const rest = local ? path.slice(3) : path.slice(2);
  const names = rest.split('\\');
  if (unc && (unc[1] === '.' || unc[1] === '..')) return 'name the computer of the share, not . or ..';
  if (names.slice(0, -1).some((name) => name === '')) return 'the path has two backslashes in a row';
  const last = names.at(-1) ?? '';
  if (rule.kind === 'file' && last === '') return 'end the path with a file name';
  for (const name of names) {
    if (name === '.' || name === '..') return 'give the path without . or .. in it';
    if (/[ .]$/u.test(name)) return `Windows drops the space or period that ends ${excerpt(name)}: remove it`;
    if (DEVICE_NAME.test(name)) return `${excerpt(name)} is a device name Windows reserves, not a file or folder name`;
  }
  const limit = WINDOWS_MAX_PATH - (rule.appended ?? 0);
  if (path.length > limit) return `a path has at most ${limit} characters here (Windows’ MAX_PATH)`;
  return null;
}

/**
 * Text fit to be part of a file name the wizard chooses, such as a safety backup named after its
 * database: every character Windows forbids in a file name, the two path separators included,
 * becomes `_`, so the name stays one file in the folder meant.
 */
export function fileNamePart(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is replaced
  return text.replace(/[\u0000-\u001f"<>|?*:/\\]/gu, '_');
}
