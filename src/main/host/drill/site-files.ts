/** Where a file lives in the simulated site: UNC paths are site-wide, local paths belong to a computer. */
export function localFileKey(computer: string, path: string): string {
  return path.startsWith('\\\\') ? path.toLowerCase() : `${computerFilePrefix(computer)}${path.toLowerCase()}`;
}

/** What the keys of a computer's local files start with. */
export function computerFilePrefix(computer: string): string {
  return `${computer.toLowerCase()}:`;
}
