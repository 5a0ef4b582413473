import { createHash } from 'node:crypto';

/**
 * What the drill keeps of a password that protects a backup (an encryption key, a service master
 * key): a salted digest, so the simulated site's state file never holds the password itself.
 */
export function passwordDigest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}/${password}`).digest('hex');
}

/**
 * Whether a password opens a key backup. A key file copied from a real recovery kit was made
 * with a password the drill cannot know: any of 8 characters or more opens it, as the simulated
 * domain accepts any such password for its accounts.
 */
export function keyPasswordAccepted(
  backup: { salt: string; passwordDigest: string; passwordUnknown?: boolean },
  password: string,
): boolean {
  if (backup.passwordUnknown) return password.length >= 8;
  return passwordDigest(backup.salt, password) === backup.passwordDigest;
}
