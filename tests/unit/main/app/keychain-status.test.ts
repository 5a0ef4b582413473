import { describe, expect, it } from 'vitest';
import type { KeychainHost } from '../../../../src/main/host/types';
import { keychainStatus, type KeychainState } from '../../../../src/shared/keychain-status';
import { keyBackupAnswers, keyRestoreAnswers } from '../../support/key-answers';
import { memoryKeychain } from '../../support/memory-keychain';
import { testWizardCore } from '../../support/test-wizard-core';

const STORE = 'the test keychain';
const PASSWORD = 'Key-backup-pässwörd-1';
const KEY_FILE = '\\\\FS01\\RecoveryKit\\Remembered.bin';

/**
 * A keychain whose state the test sets. Like the Secret Service seen locked on Linux, it answers
 * null for an entry it holds while it is not available: a check that asks `get` without asking
 * `available` first would report the password missing rather than the keychain locked.
 */
function switchableKeychain(): KeychainHost & { state: KeychainState } {
  const inner = memoryKeychain();
  const keychain = {
    ...inner,
    state: 'available' as KeychainState,
    available: async () =>
      keychainStatus(keychain.state, STORE, keychain.state === 'available' ? '' : 'as set by the test'),
    get: async (account: string) => (keychain.state === 'available' ? inner.get(account) : null),
  };
  return keychain;
}

const KEY_BACKUP = keyBackupAnswers(KEY_FILE, PASSWORD);
const KEY_RESTORE = keyRestoreAnswers(KEY_BACKUP);

describe('the keychain as the start page and the flows report it', () => {
  it.each(['locked', 'absent', 'failed'] as const)(
    'is %s in the same words on the start page, in the checks and in a page lookup, asked again each time',
    async (state) => {
      const keychain = switchableKeychain();
      const core = testWizardCore('browser', { keychain: () => keychain });
      // The key backed up and its password remembered while the keychain was open.
      const first = await core.runs.prepare('encryption-key', KEY_BACKUP);
      await core.runs.start(first.runId, [], {});
      expect((await core.runs.settled(first.runId)).phase).toBe('succeeded');
      expect(await keychain.accounts()).toHaveLength(1);
      keychain.state = state;
      const expected = keychainStatus(state, STORE, 'as set by the test');

      const startPage = await core.handlers['keychain:list'](undefined);
      expect(startPage).toEqual({ keychain: expected, entries: [] });

      const backup = await core.runs.prepare('encryption-key', KEY_BACKUP);
      expect(backup.checks.find((check) => check.id === 'keychain')).toMatchObject({
        status: 'warn',
        found: expected.sentence,
      });
      const restore = await core.runs.prepare('encryption-key', KEY_RESTORE);
      expect(restore.checks.find((check) => check.id === 'remembered-password')).toMatchObject({
        status: 'fail',
        found: expected.sentence,
      });
      // The Orchestrator key page's lookup said "none in the OS keychain" for a locked one.
      const recovery = {
        ...(await core.handlers['flow:describe']({ flowId: 'recover-orchestrator-database' })).defaults,
        sqlServer: 'SQLSPARE01',
        keySituation: 'restore-key',
        keyFile: KEY_FILE,
        useRemembered: true,
      };
      const lookup = await core.runs.lookup('recover-orchestrator-database', 'key-origin', recovery);
      expect(lookup.checks?.find((check) => check.id === 'key-password')).toMatchObject({
        status: 'fail',
        found: expected.sentence,
      });

      // Unlocked meanwhile: the start page, asked again, says so, as the next check does.
      keychain.state = 'available';
      const now = await core.handlers['keychain:list'](undefined);
      expect(now.keychain).toEqual(keychainStatus('available', STORE));
      const again = await core.runs.prepare('encryption-key', KEY_BACKUP);
      expect(again.checks.find((check) => check.id === 'keychain')).toMatchObject({
        status: 'pass',
        found: now.keychain.sentence,
      });
      await core.dispose();
    },
  );
});
