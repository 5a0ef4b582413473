import type { CheckDefinition } from '../engine/flow-types';

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

/** Before a run promises to remember a password: can the OS keychain hold one here? */
export function keychainCheck(): CheckDefinition {
  return {
    id: 'keychain',
    title: 'The OS keychain can remember the password',
    run: async (ctx) => {
      const status = await ctx.keychain.available();
      return status.ok
        ? { status: 'pass', expected: 'available', found: 'available' }
        : {
            status: 'warn',
            expected: 'available',
            found: status.reason,
            remedy: 'The run goes on without remembering: keep the password safely yourself.',
          };
    },
  };
}
