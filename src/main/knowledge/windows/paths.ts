/** Joins Windows path parts the way Explorer shows them, whatever separator the registry value ends with. */
export function joinWindowsPath(base: string, ...parts: string[]): string {
  const trimmed = [base.replace(/[\\/]+$/, ''), ...parts.map((part) => part.replace(/^[\\/]+|[\\/]+$/g, ''))];
  return trimmed.filter((part) => part.length > 0).join('\\');
}

export function sameWindowsPath(a: string, b: string): boolean {
  const normalize = (p: string) => p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
  return normalize(a) === normalize(b);
}

/** The last part of a path: the file name of `\\FS01\Kit\ServiceManager.bak`. */
export function windowsBaseName(path: string): string {
  return (
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? path
  );
}

/** The folder holding a file, without a trailing separator. */
export function windowsParentFolder(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const at = Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/'));
  return at > 0 ? trimmed.slice(0, at) : trimmed;
}

/** The drive letter of a local path (`E`), or null for a UNC or relative path. */
export function windowsDriveLetter(path: string): string | null {
  const match = /^([A-Za-z]):/.exec(path.trim());
  return match?.[1] ? match[1].toUpperCase() : null;
}
