import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOsKeychain, keychainStateOf } from '../../../../../src/main/host/keychain/napi-keychain';
import { HostError } from '../../../../../src/main/knowledge/failures';

// A service name of its own, so a run never meets what the wizard or an earlier run stored.
const serviceName = `sc-recovery-wizard-test-${randomUUID()}`;
const keychain = createOsKeychain(serviceName);
const availability = await keychain.available();
const skipReason = availability.state === 'available' ? '' : availability.sentence;
if (skipReason) {
  console.warn(
    `Skipped: the OS keychain round-trip needs a running, unlocked keychain. ${skipReason}\n` +
      "On Linux run: dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/unit/main/host/keychain'",
  );
}

const hostileSecrets: Record<string, string> = {
  quotes: `it's "quoted" and 'single'`,
  'backticks and subexpressions': '`$(Remove-Item -Recurse C:\\)` $env:PATH ${x}',
  'percent and semicolons': '%PATH%;&|<>^ 100%',
  unicode: 'Pässwörd – 密码 – пароль – 🔑',
  'a long one': Array.from({ length: 128 }, (_, index) => String.fromCharCode(33 + ((index * 7) % 94))).join(''),
};

describe('createOsKeychain against the real OS keychain', () => {
  it.skipIf(availability.state !== 'available')('stores, lists, reads and removes secrets exactly', async () => {
    const accounts = Object.keys(hostileSecrets).map((label) => `kit-${label.replace(/\W+/g, '-')}`);
    try {
      for (const [index, secret] of Object.values(hostileSecrets).entries()) {
        await keychain.set(accounts[index] ?? '', secret);
      }
      expect(await keychain.accounts()).toEqual([...accounts].sort());
      for (const [index, secret] of Object.values(hostileSecrets).entries()) {
        expect(await keychain.get(accounts[index] ?? '')).toBe(secret);
      }
      expect(hostileSecrets['a long one']).toHaveLength(128);

      await keychain.set(accounts[0] ?? '', 'replaced');
      expect(await keychain.get(accounts[0] ?? '')).toBe('replaced');

      for (const account of accounts) expect(await keychain.remove(account)).toBe(true);
      expect(await keychain.accounts()).toEqual([]);
      expect(await keychain.get(accounts[0] ?? '')).toBeNull();
      expect(await keychain.remove(accounts[0] ?? '')).toBe(false);
    } finally {
      for (const account of accounts) await keychain.remove(account).catch(() => undefined);
    }
  });

  it.skipIf(availability.state !== 'available')(
    'keeps the availability probe out of the accounts it lists',
    async () => {
      await keychain.available();
      expect(await keychain.accounts()).toEqual([]);
    },
  );

  // The Secret Service fails a whole listing when an entry disappears while it is being read, which
  // two e2e workers (or a Summary check beside the start page) made happen.
  it.skipIf(availability.state !== 'available')(
    'lists its accounts while probes and other entries come and go',
    async () => {
      await keychain.set('kept', 'secret');
      let churning = true;
      const probing = (async () => {
        while (churning) await keychain.available();
      })();
      const forgetting = (async () => {
        // An operator forgetting passwords one after another, not a tight loop no store could list beside.
        while (churning) {
          await keychain.set('coming-and-going', 'secret');
          await keychain.remove('coming-and-going');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      try {
        for (let listing = 0; listing < 100; listing += 1) {
          const accounts = await keychain.accounts();
          expect(accounts.filter((account) => account !== 'coming-and-going')).toEqual(['kept']);
        }
      } finally {
        churning = false;
        await Promise.all([probing, forgetting]);
        await keychain.remove('kept');
      }
    },
  );

  it.skipIf(availability.state !== 'available')(
    'answers available to several checks made at the same time',
    async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => keychain.available()));
      expect(answers.map((answer) => answer.state)).toEqual(Array.from({ length: 8 }, () => 'available'));
      expect(await keychain.accounts()).toEqual([]);
    },
  );
});

describe('createOsKeychain account names', () => {
  it('refuses an empty account name and the name reserved for its probe', async () => {
    await expect(keychain.get('')).rejects.toBeInstanceOf(HostError);
    await expect(keychain.set('.availability-probe', 'x')).rejects.toBeInstanceOf(HostError);
    await expect(keychain.set('.availability-probe-1234', 'x')).rejects.toBeInstanceOf(HostError);
  });
});

if (availability.state !== 'absent') {
  console.warn(
    `Skipped: "a listing that fails is reported as the keychain being absent" needs a machine with no Secret Service; here the keychain is ${availability.state}. It runs under a plain \`npx vitest\` outside a D-Bus session.`,
  );
}

describe('what the store said, as a state of the keychain', () => {
  // Where no keychain answers (a machine without a session bus), listing fails in the words of available().
  it.runIf(availability.state === 'absent')(
    'a listing that fails is reported as the keychain being absent',
    async () => {
      await expect(keychain.accounts()).rejects.toThrow(/^There is no OS keychain here: /);
    },
  );

  // The first lines @napi-rs/keyring gave on Debian for each situation, recorded by running the wizard there.
  it('tells a locked Secret Service from none at all, and keeps anything else a failure', () => {
    expect(
      keychainStateOf(new Error("Couldn't access platform storage: Secret Service: unlock prompt was dismissed")),
    ).toBe('locked');
    expect(
      keychainStateOf(
        new Error('zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object'),
      ),
    ).toBe('locked');
    expect(keychainStateOf(new Error("Couldn't access platform storage: AccessDenied"))).toBe('absent');
    expect(keychainStateOf(new Error('no secret service provider or dbus session found'))).toBe('absent');
    expect(keychainStateOf(new Error('Platform secure storage failure: the stored data is malformed'))).toBe('failed');
  });
});
