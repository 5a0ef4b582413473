import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyPasswordAccepted, passwordDigest } from '../../../../../src/main/host/drill/password-digest';

describe('what the drill keeps of a key backup’s password', () => {
  const password = 'Marker-Pa55-XYZZY';

  it('opens the backup with its password only, and differs with the salt', () => {
    const backup = { salt: 'salt-1', passwordDigest: passwordDigest('salt-1', password) };
    expect(keyPasswordAccepted(backup, password)).toBe(true);
    expect(keyPasswordAccepted(backup, `${password} `)).toBe(false);
    expect(passwordDigest('salt-2', password)).not.toBe(backup.passwordDigest);
    expect(backup.passwordDigest).not.toContain(password);
  });

  it('is not a plain hash of the salt and password, which a copy of the state file would give up at once', () => {
    const digest = passwordDigest('salt-1', password);
    for (const text of [`salt-1/${password}`, `salt-1${password}`, `${password}salt-1`]) {
      expect(digest).not.toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});
