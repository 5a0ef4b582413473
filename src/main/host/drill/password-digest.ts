import { scryptSync } from 'node:crypto';

/**
 * What the drill keeps of a password that protects a backup (an encryption key, a service master
 * key): a salted scrypt digest, so the simulated site's state file never holds the password
 * itself, and one read by someone else costs them scrypt's work per guess (operators may rehearse
 * with the password they use at the site).
 */
export function passwordDigest(salt: string, password: string): string {
  return scryptSync(password, salt, 32).toString('hex');
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
