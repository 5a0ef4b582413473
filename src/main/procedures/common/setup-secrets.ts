import { splitWindowsAccount, type WindowsAccount } from '../../../shared/validation/text-rules';
import type { CheckDefinition, FlowContext } from '../../engine/flow-types';
import { parseKeyAccount, rememberedPasswordOutcome, secretAccount } from './key-accounts';

/**
 * The secrets Service Manager's Setup asks for that the recovery kit cannot hold: the passwords of
 * the services account and the data warehouse's reporting account, and the product key.
 * "Prepare the recovery kit" can remember them in the OS keychain, each under the site and what it
 * is (an account's entry also names DOMAIN\user), so that a Setup run on a rebuilt server takes
 * them from there instead of having them typed in an outage.
 */

export type SetupAccountRole = 'Services account' | 'Reporting account';

const PRODUCT_KEY = 'Service Manager product key';
/** The product key belongs to no account: the entry's last part only says whose Setup takes it. */
const PRODUCT_KEY_OF = 'Setup';

/** DOMAIN\user as the entry names it: Windows compares both case-insensitively. */
function accountName(account: WindowsAccount): string {
  return `${account.domain.trim().toUpperCase()}\\${account.user.trim().toLowerCase()}`;
}

export function accountEntry(siteName: string, role: SetupAccountRole, account: WindowsAccount): string {
  return secretAccount(siteName, role, accountName(account));
}

export function productKeyEntry(siteName: string): string {
  return secretAccount(siteName, PRODUCT_KEY, PRODUCT_KEY_OF);
}

/** A keychain that cannot be read (absent, locked, failing) remembers nothing for a run to use. */
async function readable(ctx: FlowContext): Promise<boolean> {
  try {
    return (await ctx.keychain.available()).state === 'available';
  } catch {
    return false;
  }
}

export async function rememberedSecret(ctx: FlowContext, entry: string): Promise<string | null> {
  if (!(await readable(ctx))) return null;
  try {
    return await ctx.keychain.get(entry);
  } catch {
    return null;
  }
}

/**
 * The one account of this role the keychain remembers for the site; null when it remembers none
 * or several (then which one Setup needs is the operator's choice).
 */
export async function rememberedAccount(ctx: FlowContext, role: SetupAccountRole): Promise<WindowsAccount | null> {
  if (!(await readable(ctx))) return null;
  const accounts = await ctx.keychain.accounts().catch(() => []);
  const found = accounts.flatMap((entry) => {
    const parsed = parseKeyAccount(entry);
    if (!parsed || parsed.siteName !== ctx.siteName || parsed.keyRole !== role) return [];
    const account = splitWindowsAccount(parsed.fingerprint);
    return account ? [account] : [];
  });
  return found.length === 1 ? (found[0] ?? null) : null;
}

export async function productKeyRemembered(ctx: FlowContext): Promise<boolean> {
  return (await rememberedSecret(ctx, productKeyEntry(ctx.siteName))) !== null;
}

/** A secret a Setup run takes from the keychain: the answer that says so, and the answer it fills. */
export interface RememberedAnswer {
  /** The checkbox "use the one remembered". */
  flag: string;
  /** The secret answer the remembered value stands in for. */
  field: string;
  /** Its keychain entry, from the answers (an account's entry names the account). */
  entry(siteName: string, answers: Record<string, unknown>): string;
  /** What it is, in the operator's words. */
  label(answers: Record<string, unknown>): string;
}

const text = (answers: Record<string, unknown>, name: string) =>
  typeof answers[name] === 'string' ? answers[name] : '';

export function rememberedAccountAnswer(prefix: string, role: SetupAccountRole): RememberedAnswer {
  const account = (answers: Record<string, unknown>) => ({
    domain: text(answers, `${prefix}Domain`),
    user: text(answers, `${prefix}User`),
  });
  return {
    flag: `${prefix}UseRemembered`,
    field: `${prefix}Password`,
    entry: (siteName, answers) => accountEntry(siteName, role, account(answers)),
    label: (answers) => `the password of ${accountName(account(answers))}`,
  };
}

export const REMEMBERED_PRODUCT_KEY: RememberedAnswer = {
  flag: 'productKeyUseRemembered',
  field: 'productKey',
  entry: (siteName) => productKeyEntry(siteName),
  label: () => 'the product key',
};

/**
 * The answers with each secret the operator chose to take from the keychain filled in from it
 * (empty where the keychain no longer has it: the check below says so before anything runs).
 * Read through the run's context, the redactor learns each value as it is read.
 */
export async function withRememberedSecrets<A extends object>(
  answers: A,
  remembered: readonly RememberedAnswer[],
  ctx: FlowContext,
): Promise<A> {
  const values = answers as Record<string, unknown>;
  const filled: Record<string, unknown> = { ...values };
  for (const secret of remembered) {
    if (values[secret.flag] !== true) continue;
    filled[secret.field] = (await rememberedSecret(ctx, secret.entry(ctx.siteName, values))) ?? '';
  }
  return filled as A;
}

/** The secret answers a run types itself: those it takes from the keychain are read again on a resume. */
export function typedSecrets(
  answers: object,
  remembered: readonly RememberedAnswer[],
  fields: readonly string[],
): string[] {
  const values = answers as Record<string, unknown>;
  const fromKeychain = new Set(remembered.filter((secret) => values[secret.flag] === true).map((s) => s.field));
  return fields.filter((field) => !fromKeychain.has(field));
}

/** Before a run relies on a remembered secret: the keychain answers and holds it. */
export function rememberedSecretChecks(
  answers: object,
  remembered: readonly RememberedAnswer[],
  where: (secret: RememberedAnswer) => string,
): CheckDefinition[] {
  const values = answers as Record<string, unknown>;
  return remembered
    .filter((secret) => values[secret.flag] === true)
    .map((secret) => ({
      id: `remembered-${secret.field}`,
      title: `The OS keychain remembers ${secret.label(values)}`,
      run: (ctx) =>
        rememberedPasswordOutcome(ctx, secret.entry(ctx.siteName, values), {
          remedy: `Clear "Use the one remembered" on the ${where(secret)} page and type it.`,
          missing: 'not in the OS keychain',
        }),
    }));
}
