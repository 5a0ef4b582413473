/**
 * A path inside a recovery kit, as the kit index writes it: relative to the kit's folder, with
 * backslashes. The index is read from a stick or a share that anyone may have written to, and the
 * wizard joins these paths to the kit's folder to hash, copy and load files: a path that could
 * leave the folder (`..`, a drive, a root) is never a kit file.
 */

// Characters Windows refuses in a file name, and `/`, which Windows reads as a separator too.
const NOT_IN_A_NAME = /[<>:"/|?*]/;
const hasControlCharacter = (segment: string) => [...segment].some((character) => character.charCodeAt(0) < 32);

/** Why `path` is not a path inside a kit, or null when it is one. */
export function kitPathProblem(path: string): string | null {
  if (path === '') return 'it is empty';
  const segments = path.split('\\');
  if (segments.some((segment) => segment === '')) return 'it is not relative to the kit folder, or has an empty part';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it leads out of the kit folder';
  if (segments.some((segment) => NOT_IN_A_NAME.test(segment) || hasControlCharacter(segment))) {
    return 'it holds a character a Windows file name cannot have';
  }
  return null;
}
