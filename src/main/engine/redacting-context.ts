import type { KeychainHost } from '../host/types';
import type { FlowContext, RunContext } from './flow-types';
import type { Redactor } from './redact';

/**
 * The site's context as one run sees it: it names the run, and a password a step takes from the
 * keychain (a remembered key-file password) is no answer the operator typed, so the redactor
 * learns it as it is read. The site's context stays the prototype, so a manifest the flow changes
 * mid-run is seen here too.
 */
export function redactingContext(ctx: FlowContext, redactor: Redactor, run: RunContext): FlowContext {
  const { keychain } = ctx;
  const redacting: KeychainHost = {
    available: () => keychain.available(),
    get: async (account) => {
      const secret = await keychain.get(account);
      redactor.add(secret);
      return secret;
    },
    set: async (account, secret) => {
      redactor.add(secret);
      await keychain.set(account, secret);
    },
    remove: (account) => keychain.remove(account),
    accounts: () => keychain.accounts(),
  };
  return Object.create(ctx, {
    keychain: { value: redacting, enumerable: true },
    run: { value: run, enumerable: true },
  }) as FlowContext;
}
