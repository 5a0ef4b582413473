/**
 * How a key-backup password is named in the OS keychain: the site, which server's key it
 * protects, and the backup file's fingerprint, so a password is only ever offered for the
 * file it was made with.
 */

export type KeyRole = 'Service Manager' | 'Data warehouse' | 'SQL Server service master key';

const SEPARATOR = ' | ';

export function keyAccount(siteName: string, role: KeyRole, sha256: string): string {
  return [siteName, role, fingerprint(sha256)].join(SEPARATOR);
}

/** The first 16 hex digits of the file's SHA-256: enough to tell backups apart, short enough to read. */
export function fingerprint(sha256: string): string {
  return sha256.slice(0, 16).toUpperCase();
}

export function parseKeyAccount(account: string): { siteName: string; keyRole: string; fingerprint: string } | null {
  const parts = account.split(SEPARATOR);
  if (parts.length < 3) return null;
  const print = parts.pop() ?? '';
  const keyRole = parts.pop() ?? '';
  return { siteName: parts.join(SEPARATOR), keyRole, fingerprint: print };
}
