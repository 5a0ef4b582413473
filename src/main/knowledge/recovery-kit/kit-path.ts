/**
 * A path inside a recovery kit, as the kit index writes it: relative to the kit's folder, with
 * backslashes. The index is read from a stick or a share that anyone may have written to, and the
 * wizard joins these paths to the kit's folder to hash, copy and load files: a path that could
 * leave the folder (`..`, a drive, a root) is never a kit file.
 */

// Characters Windows refuses in a file name, and `/`, which Windows reads as a separator too.
const NOT_IN_A_NAME = /[<>:"/|?*]/;
const hasControlCharacter = (segment: string) => [...segment].some((character) => character.charCodeAt(0) < 32);

/**
 * Why `path`, joined to the kit's folder, could name something outside it, or null. Either
 * separator counts, as Windows reads both and Linux one.
 */
export function kitPathEscape(path: string): string | null {
  if (path === '') return 'it is empty';
  if (/^[A-Za-z]:/.test(path)) return 'it names a drive';
  const segments = path.split(/[\\/]/);
  if (segments.some((segment) => segment === '')) return 'it is not relative to the kit folder, or has an empty part';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it leads out of the kit folder';
  return null;
}

/**
 * Why `path` is not a path the kit index may hold, or null: it stays in the folder and names a
 * file Windows can have. A name found in a folder off Windows (macOS's "Icon\r") may hold other
 * characters: it is listed and hashed as an unexpected file, not refused.
 */
export function kitPathProblem(path: string): string | null {
  const escape = kitPathEscape(path);
  if (escape !== null) return escape;
  if (path.split('\\').some((segment) => NOT_IN_A_NAME.test(segment) || hasControlCharacter(segment))) {
    return 'it holds a character a Windows file name cannot have';
  }
  return null;
}
