import type { CheckDefinition, CheckOutcome, FlowContext } from '../../engine/flow-types';

/**
 * How a key-backup password is named in the OS keychain: the site, which server's key it
 * protects, and the backup file's fingerprint, so a password is only ever offered for the
 * file it was made with.
 */

export type KeyRole = 'Service Manager' | 'Data warehouse' | 'SQL Server service master key';

const SEPARATOR = ' | ';

/** The role under which the Orchestrator flows keep a service master key file's password. */
export const SERVICE_MASTER_KEY_ROLE: KeyRole = 'SQL Server service master key';

export function keyAccount(siteName: string, role: KeyRole, sha256: string): string {
  return secretAccount(siteName, role, fingerprint(sha256));
}

/**
 * Any remembered secret's entry: the site, what the secret is, and what it belongs to (a key
 * file's fingerprint, an account's DOMAIN\user). The start page's list reads all of them back.
 */
export function secretAccount(siteName: string, what: string, belongsTo: string): string {
  return [siteName, what, belongsTo].join(SEPARATOR);
}

/** The first 16 hex digits of the file's SHA-256: enough to tell backups apart, short enough to read. */
export function fingerprint(sha256: string): string {
  return sha256.slice(0, 16).toUpperCase();
}

export function parseKeyAccount(account: string): { siteName: string; keyRole: string; fingerprint: string } | null {
  const parts = account.split(SEPARATOR);
  if (parts.length < 3) return null;
  const print = parts.pop() ?? '';
  const keyRole = parts.pop() ?? '';
  return { siteName: parts.join(SEPARATOR), keyRole, fingerprint: print };
}

/** Before a run promises to remember a password: can the OS keychain hold one here? */
export function keychainCheck(): CheckDefinition {
  return {
    id: 'keychain',
    title: 'The OS keychain can remember the password',
    run: async (ctx) => {
      const status = await ctx.keychain.available();
      return status.state === 'available'
        ? { status: 'pass', expected: 'available', found: status.sentence }
        : {
            status: 'warn',
            expected: 'available',
            found: status.sentence,
            remedy: 'The run goes on without remembering: keep the password safely yourself.',
          };
    },
  };
}

/**
 * The keychain entry of a key file, by the fingerprint of the file as this computer reads it;
 * null when it cannot read the file.
 */
export async function keyFileAccount(ctx: FlowContext, role: KeyRole, keyFile: string): Promise<string | null> {
  const facts = await ctx.host.files.stat(await ctx.host.system.computerName(), keyFile.trim());
  return facts.exists && facts.sha256 ? keyAccount(ctx.siteName, role, facts.sha256) : null;
}

/** What to do about a key file's remembered password that is not there, on the page that asks for it. */
export function keyFilePasswordWords(pageTitle: string): { remedy: string; missing: string } {
  return {
    remedy: `On the ${pageTitle} page, clear "Use the password remembered" and type the password.`,
    missing: 'none for this file',
  };
}

/**
 * Before a run relies on a remembered secret: the keychain answers and holds it. `words` say what
 * is missing and where to type it instead.
 */
export async function rememberedPasswordOutcome(
  ctx: FlowContext,
  account: string | null,
  words: { remedy: string; missing: string },
): Promise<CheckOutcome> {
  const { remedy } = words;
  const status = await ctx.keychain.available();
  // A locked store answers null for an entry it holds: only an available one can say "none".
  if (status.state !== 'available')
    return { status: 'fail', expected: 'the OS keychain', found: status.sentence, remedy };
  const found = account ? await ctx.keychain.get(account) : null;
  return found
    ? { status: 'pass', expected: 'a remembered password', found: `remembered as "${account ?? ''}"` }
    : { status: 'fail', expected: 'a remembered password', found: words.missing, remedy };
}

/**
 * The keychain holds a password for this key file. The entry is named by the file's fingerprint,
 * so for a file this run wrote it can only be the one this run remembered.
 */
export async function passwordRemembered(ctx: FlowContext, keyFile: string, role: KeyRole = SERVICE_MASTER_KEY_ROLE) {
  const account = await keyFileAccount(ctx, role, keyFile);
  return account !== null && (await ctx.keychain.get(account)) !== null;
}
