import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { KeychainHost } from '../../../src/main/host/types';
import { keychainStatus } from '../../../src/shared/keychain-status';

/**
 * A keychain kept in a JSON file, so that a wizard started again in a new process finds what the
 * one before remembered, as the OS keychain would. For drills in tests only: it holds drill passwords.
 */
export function fileKeychain(path: string): KeychainHost {
  const read = (): Record<string, string> =>
    existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  const write = (entries: Record<string, string>) => {
    writeFileSync(`${path}.tmp`, JSON.stringify(entries));
    renameSync(`${path}.tmp`, path);
  };
  return {
    available: async () => keychainStatus('available', 'a test file'),
    get: async (account) => read()[account] ?? null,
    set: async (account, secret) => write({ ...read(), [account]: secret }),
    remove: async (account) => {
      const entries = read();
      const had = account in entries;
      delete entries[account];
      write(entries);
      return had;
    },
    accounts: async () => Object.keys(read()),
  };
}
