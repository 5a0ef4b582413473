import type { PrepareKitAnswers } from '../../../shared/procedures/prepare-kit';
import type { LookupResult } from '../../../shared/run-contract';
import type { FlowContext, StepDefinition } from '../../engine/flow-types';
import {
  accountEntry,
  productKeyEntry,
  rememberedAccount,
  rememberedSecret,
  type SetupAccountRole,
} from '../common/setup-secrets';
import { splitWindowsAccount, type WindowsAccount } from '../../../shared/validation/text-rules';

/**
 * The "Setup's accounts" page of "Prepare the recovery kit": what is typed there is tested, then
 * remembered in the OS keychain for the Setup procedures (common/setup-secrets.ts) to take.
 */

interface TypedAccount {
  role: SetupAccountRole;
  account: WindowsAccount;
  password: string;
  /** The answer the password came from, for the step's list of secrets. */
  field: 'setupServicePassword' | 'setupReportingPassword';
}

const ACCOUNTS = [
  { role: 'Services account', prefix: 'setupService' },
  { role: 'Reporting account', prefix: 'setupReporting' },
] as const;

/** The accounts whose password was typed on the page: only those are tested and remembered. */
function typedAccounts(answers: PrepareKitAnswers): TypedAccount[] {
  return ACCOUNTS.flatMap(({ role, prefix }) => {
    const password = answers[`${prefix}Password`];
    const account = splitWindowsAccount(answers[`${prefix}Account`]);
    return password !== '' && account ? [{ role, account, password, field: `${prefix}Password` as const }] : [];
  });
}

const named = (account: WindowsAccount) => `${account.domain}\\${account.user}`;

/** The page shows the accounts the keychain already remembers for the site, so nothing needs typing again. */
export async function setupSecretsDefaults(ctx: FlowContext) {
  const service = await rememberedAccount(ctx, 'Services account');
  const reporting = await rememberedAccount(ctx, 'Reporting account');
  return {
    setupServiceAccount: service ? named(service) : '',
    setupServicePassword: '',
    setupReportingAccount: reporting ? named(reporting) : '',
    setupReportingPassword: '',
    setupProductKey: '',
  };
}

/** The named accounts whose password the keychain already holds for this site. */
async function alreadyRemembered(answers: PrepareKitAnswers, ctx: FlowContext): Promise<string[]> {
  const found: string[] = [];
  for (const { role, prefix } of ACCOUNTS) {
    const account = splitWindowsAccount(answers[`${prefix}Account`]);
    if (account && (await rememberedSecret(ctx, accountEntry(ctx.siteName, role, account))) !== null) {
      found.push(named(account));
    }
  }
  return found;
}

export async function testSetupAccounts(answers: PrepareKitAnswers, ctx: FlowContext): Promise<LookupResult> {
  const typed = typedAccounts(answers);
  if (typed.length === 0) {
    const remembered = await alreadyRemembered(answers, ctx);
    return {
      ok: true,
      message: `No password typed: nothing to test. ${remembered.length > 0 ? `The OS keychain already remembers the password of ${remembered.join(' and ')}; ` : ''}Setup’s pages ask for what it does not remember.`,
    };
  }
  for (const { account, password } of typed) {
    const result = await ctx.host.system.testCredentials(account.domain, account.user, password);
    if (!result.accepted) return { ok: false, message: `${named(account)}: ${result.reason}` };
  }
  return { ok: true, message: `Accepted: ${typed.map(({ account }) => named(account)).join(', ')}.` };
}

/** Whether the run remembers anything of this page: the keychain must then be usable. */
export function remembersSetupSecrets(answers: PrepareKitAnswers): boolean {
  return typedAccounts(answers).length > 0 || answers.setupProductKey.trim() !== '';
}

export function describeSetupSecrets(answers: PrepareKitAnswers): string {
  const what = [
    ...typedAccounts(answers).map(({ account }) => `the password of ${named(account)}`),
    ...(answers.setupProductKey.trim() !== '' ? ['the product key'] : []),
  ];
  return what.length === 0 ? 'none typed' : `${what.join(', ')}: tested, then remembered in the OS keychain`;
}

/** Remembers what the page typed, under the site the kit describes; done when the keychain holds exactly that. */
export function rememberSetupSecretsStep(answers: PrepareKitAnswers, siteName: string): StepDefinition {
  const entries = [
    ...typedAccounts(answers).map(({ role, account, password }) => ({
      entry: accountEntry(siteName, role, account),
      secret: password,
      what: `${role}: ${named(account)}`,
    })),
    ...(answers.setupProductKey.trim() !== ''
      ? [{ entry: productKeyEntry(siteName), secret: answers.setupProductKey.trim(), what: 'Product key' }]
      : []),
  ];
  return {
    id: 'remember-setup-secrets',
    title: 'Remember Setup’s passwords and product key in the OS keychain',
    commands: [],
    usesSecrets: [
      ...typedAccounts(answers).map(({ field }) => field),
      ...(answers.setupProductKey.trim() !== '' ? ['setupProductKey'] : []),
    ],
    isDone: async (c) => {
      for (const { entry, secret } of entries) if ((await c.keychain.get(entry)) !== secret) return false;
      return true;
    },
    run: async (c, io) => {
      for (const { entry, secret, what } of entries) {
        await c.keychain.set(entry, secret);
        io.output(`${what}: remembered as "${entry}".`);
      }
    },
  };
}
