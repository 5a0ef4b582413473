/** Joins Windows path parts the way Explorer shows them, whatever separator the registry value ends with. */
export function joinWindowsPath(base: string, ...parts: string[]): string {
  const trimmed = [base.replace(/[\\/]+$/, ''), ...parts.map((part) => part.replace(/^[\\/]+|[\\/]+$/g, ''))];
  return trimmed.filter((part) => part.length > 0).join('\\');
}

export function sameWindowsPath(a: string, b: string): boolean {
  const normalize = (p: string) => p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
  return normalize(a) === normalize(b);
}
