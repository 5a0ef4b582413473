import { randomUUID } from 'node:crypto';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { keychainStatus, type KeychainState } from '../../../shared/keychain-status';
import { HostError } from '../../knowledge/failures';
import type { KeychainHost } from '../types';

/**
 * Secrets in the operating system's store: Windows Credential Manager, macOS Keychain or the
 * Linux Secret Service. The asynchronous API keeps the main process responsive while a store
 * asks its user to unlock it.
 */

// Reserved for the availability check, so it never shows up among the operator's accounts. Each
// check writes its own entry: two checks at once (two wizard windows, or a page and a Summary
// check) would otherwise overwrite each other's token and report the store as broken.
const probePrefix = '.availability-probe';
const isProbe = (account: string) => account.startsWith(probePrefix);

// The Secret Service lists a service by searching for its entries and then reading each one, so
// an entry deleted in between fails the whole listing. Probes therefore live under a service of
// their own, and a listing that meets an entry being forgotten elsewhere is simply asked again.
const probeServiceOf = (serviceName: string) => `${serviceName} (availability probe)`;
const LISTING_ATTEMPTS = 5;

function storeName(): string {
  switch (process.platform) {
    case 'win32':
      return 'Windows Credential Manager';
    case 'darwin':
      return 'the macOS Keychain';
    default:
      return 'the Secret Service (gnome-keyring or KWallet over D-Bus)';
  }
}

// The binding appends a Rust backtrace after the first line, which helps no operator.
function firstLine(error: unknown): string {
  return String(error).split('\n', 1)[0] ?? '';
}

/**
 * What the store's error says of its state. The Secret Service names a locked collection
 * ("IsLocked", or the unlock prompt no desktop session could show); a missing session bus or
 * provider comes back as no provider found, or as D-Bus refusing the connection.
 */
export function keychainStateOf(error: unknown): KeychainState {
  const said = String(error);
  if (/IsLocked|unlock prompt|is locked/i.test(said)) return 'locked';
  if (/no secret service provider|dbus session|ServiceUnknown|NoServer|platform storage: AccessDenied/i.test(said))
    return 'absent';
  return 'failed';
}

/** A call that failed says what the availability check would: the same state, in the same sentence. */
function unavailable(error: unknown): HostError {
  return new HostError(
    'unsupported',
    keychainStatus(keychainStateOf(error), storeName(), firstLine(error)).sentence,
    String(error),
  );
}

/**
 * A Secret Service that went away in the middle of a call (Debian 12's gnome-keyring-daemon 42.1
 * died under the keychain tests: "gkd_secret_service_get_pkcs11_session: assertion 'client'
 * failed") is started again by D-Bus on the next call: that call is made once more.
 */
const SERVICE_WENT_AWAY = /disconnected from message bus without replying/i;
async function onceMoreIfGone<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!SERVICE_WENT_AWAY.test(String(error))) throw error;
    return call();
  }
}

export function createOsKeychain(serviceName: string): KeychainHost {
  const entry = (account: string): AsyncEntry => {
    if (account.length === 0 || isProbe(account)) {
      throw new HostError('script', `"${account}" cannot name a keychain entry`);
    }
    return new AsyncEntry(serviceName, account);
  };

  return {
    async available() {
      const token = randomUUID();
      const probe = new AsyncEntry(probeServiceOf(serviceName), `${probePrefix}-${token}`);
      try {
        await onceMoreIfGone(() => probe.setPassword(token));
        const read = await onceMoreIfGone(() => probe.getPassword());
        await onceMoreIfGone(() => probe.deleteCredential());
        if (read !== token) return keychainStatus('failed', storeName(), 'it gave back something else');
        // Seen in the browser host on Linux without a Secret Service: after the first probe failed,
        // later ones stored and read back while listing still failed, so the start page (listing)
        // and a flow's check (this probe) disagreed. A store that cannot list is not available.
        // The service listed holds no entry, so no entry another probe deletes meanwhile can fail it.
        await onceMoreIfGone(() => findCredentialsAsync(`${probeServiceOf(serviceName)} (listing)`));
        return keychainStatus('available', storeName());
      } catch (error) {
        return keychainStatus(keychainStateOf(error), storeName(), firstLine(error));
      }
    },
    async get(account) {
      const stored = entry(account);
      try {
        // The binding answers null both for a missing entry and for a store that cannot be
        // reached, so callers ask available() before trusting a null.
        return (await onceMoreIfGone(() => stored.getPassword())) ?? null;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async set(account, secret) {
      const stored = entry(account);
      try {
        await onceMoreIfGone(() => stored.setPassword(secret));
      } catch (error) {
        throw unavailable(error);
      }
    },
    async remove(account) {
      const stored = entry(account);
      try {
        return await onceMoreIfGone(() => stored.deleteCredential());
      } catch (error) {
        throw unavailable(error);
      }
    },
    async accounts() {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const credentials = await findCredentialsAsync(serviceName);
          // Only the names leave this function; the passwords the store returns with them are dropped here.
          const names = credentials.map((credential) => credential.account).filter((account) => !isProbe(account));
          return [...new Set(names)].sort();
        } catch (error) {
          if (attempt >= LISTING_ATTEMPTS) throw unavailable(error);
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    },
  };
}
