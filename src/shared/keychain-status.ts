import { z } from 'zod';

/**
 * Whether the OS keychain can remember and give back a password, as one typed state and one
 * sentence. The start page and every flow's check show this same object, so an operator never
 * reads "not available" in one place and "no password remembered" in another for the same store.
 *
 * - `available`: a test entry was stored, read back and removed.
 * - `locked`: the store answers but will not open without its owner (a Secret Service collection
 *   locked, with no desktop session to ask for the password). Its entries are still there.
 * - `absent`: nothing answers (no D-Bus session, no Secret Service provider).
 * - `failed`: the store answered with an error or gave back something else.
 */
export const keychainStateSchema = z.enum(['available', 'locked', 'absent', 'failed']);
export type KeychainState = z.infer<typeof keychainStateSchema>;

export const keychainStatusSchema = z.object({ state: keychainStateSchema, sentence: z.string() });
export type KeychainStatus = z.infer<typeof keychainStatusSchema>;

/** `store`: the keychain by name ("Windows Credential Manager"); `detail`: the store's own words, when it failed. */
export function keychainStatus(state: KeychainState, store: string, detail = ''): KeychainStatus {
  const said = detail ? ` (${detail})` : '';
  switch (state) {
    case 'available':
      return { state, sentence: `The OS keychain, ${store}, can remember passwords.` };
    case 'locked':
      return {
        state,
        sentence: `The OS keychain, ${store}, is locked${said}: passwords remembered in it cannot be read, and none can be added, until it is unlocked. Unlock it (sign in to the desktop session) and check again, or type the passwords.`,
      };
    case 'absent':
      return {
        state,
        sentence: `There is no OS keychain here: ${store} does not answer${said}. No password can be remembered or read; type the passwords and keep them safely yourself.`,
      };
    case 'failed':
      return {
        state,
        sentence: `The OS keychain, ${store}, failed a test of storing and reading a password${said}. No password is remembered or read from it; type the passwords and keep them safely yourself.`,
      };
  }
}
