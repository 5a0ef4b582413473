import type { KeychainHost } from '../../../src/main/host/types';
import { keychainStatus } from '../../../src/shared/keychain-status';

/** A keychain held in memory, for unit tests of flows; the real store has its own tests. */
export function memoryKeychain(available = true): KeychainHost & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const refuse = () => Promise.reject(new Error('the keychain is locked'));
  return {
    entries,
    available: async () => keychainStatus(available ? 'available' : 'locked', 'the test keychain'),
    get: async (account) => (available ? (entries.get(account) ?? null) : refuse()),
    set: async (account, secret) => {
      if (!available) return refuse();
      entries.set(account, secret);
    },
    remove: async (account) => (available ? entries.delete(account) : refuse()),
    accounts: async () => (available ? [...entries.keys()] : refuse()),
  };
}
