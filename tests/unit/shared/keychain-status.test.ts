import { describe, expect, it } from 'vitest';
import { keychainStatus, keychainStateSchema } from '../../../src/shared/keychain-status';

describe('the sentence for each state of the OS keychain', () => {
  it('names the store, gives its words when it failed, and says what the operator can do', () => {
    expect(keychainStatus('available', 'Windows Credential Manager')).toEqual({
      state: 'available',
      sentence: 'The OS keychain, Windows Credential Manager, can remember passwords.',
    });
    const locked = keychainStatus('locked', 'the Secret Service', 'unlock prompt was dismissed');
    expect(locked.sentence).toMatch(
      /^The OS keychain, the Secret Service, is locked \(unlock prompt was dismissed\): /,
    );
    expect(locked.sentence).toContain('Unlock it');
    expect(keychainStatus('absent', 'the Secret Service', 'AccessDenied').sentence).toMatch(
      /^There is no OS keychain here: the Secret Service does not answer \(AccessDenied\)\. /,
    );
    expect(keychainStatus('failed', 'the macOS Keychain').sentence).toMatch(
      /^The OS keychain, the macOS Keychain, failed a test of storing and reading a password\. /,
    );
  });

  it('has a sentence of its own for every state', () => {
    const sentences = keychainStateSchema.options.map((state) => keychainStatus(state, 'S').sentence);
    expect(new Set(sentences).size).toBe(keychainStateSchema.options.length);
  });
});
