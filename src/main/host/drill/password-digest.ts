import { createHash } from 'node:crypto';

/**
 * What the drill keeps of a password that protects a backup (an encryption key, a service master
 * key): a salted digest, so the simulated site's state file never holds the password itself.
 */
export function passwordDigest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}/${password}`).digest('hex');
}
