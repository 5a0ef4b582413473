import type { CheckResult, LookupResult } from '../../../shared/run-contract';
import type { CheckDefinition, FlowContext, FlowDefinition } from '../../engine/flow-types';
import { DOTNET_MINIMUM_RELEASE, DOTNET_RELEASE_KEY } from '../../knowledge/service-manager/facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import {
  pass,
  readManagementGroup,
  workflowAccount,
  isServiceManagerInstalled,
  rememberedSecrets,
  type Answers,
  type Variant,
} from './site';
import { sqlTarget } from '../common/sql-connection';
import { readAdministrators } from './administrators';
import { gigabytes } from '../common/byte-sizes';
import { elevatedCheck } from '../common/elevated-check';
import { withRememberedSecrets } from '../common/setup-secrets';

/** The wizard's floor for the install drive; Setup's own check has the last word. */
const REQUIRED_BYTES = 2 * 1024 ** 3;

function driveOf(path: string): string {
  return `${path.trim().slice(0, 2).toUpperCase()}\\`;
}

/** What the Setup pages read from the site while the operator is on them, and the System check results. */
export function lookups(variant: Variant): NonNullable<FlowDefinition['lookups']> {
  return {
    'install-space': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const here = await ctx.host.system.computerName();
      const free = await ctx.host.system.freeDiskBytes(here, driveOf(answers.installPath));
      const ok = free >= REQUIRED_BYTES;
      return {
        ok,
        message: `${driveOf(answers.installPath)} on ${here}: ${gigabytes(free)} free, ${gigabytes(REQUIRED_BYTES)} required.${ok ? '' : ' Free some space or choose another drive.'}`,
      };
    },
    'system-check': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const checks = await Promise.all(prerequisiteChecks(answers).map((check) => runOne(check, ctx)));
      const failed = checks.filter((check) => check.status === 'fail').length;
      const warned = checks.filter((check) => check.status === 'warn').length;
      return {
        ok: failed === 0,
        message:
          failed > 0
            ? `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} before Setup can run.`
            : `All checks passed${warned > 0 ? `, ${warned} with a warning` : ''}.`,
        checks,
      };
    },
    databases: async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const target = sqlTarget(answers.sqlServer, 'master');
      const result = await ctx.host.sql.execute(target, sqlStatements.listDatabases());
      const names = result.rows.map((row) => String(row.name)).filter((name) => !SYSTEM_DATABASES.includes(name));
      const chosen = names.find((name) => name.toLowerCase() === answers.database.trim().toLowerCase());
      return {
        ok: chosen !== undefined,
        message: chosen
          ? `Connected to ${answers.sqlServer}: ${names.length} databases; ${chosen} is there.`
          : `Connected to ${answers.sqlServer}, but it has no database ${answers.database}: choose the existing ${variant.database} database.`,
        options: { database: names.map((name) => ({ value: name, label: name })) },
      };
    },
    'management-group': async (raw, ctx) => {
      const answers = raw as unknown as Answers;
      const found = await readManagementGroup(ctx, answers);
      const expected = variant.managementGroup(ctx.manifest);
      const administrators = readAdministrators(found, variant.administrators(ctx.manifest));
      const values = { managementGroupName: found.name, administrators: administrators.shown };
      if (expected && found.name.toLowerCase() !== expected.toLowerCase()) {
        return {
          ok: false,
          message: `${answers.database} on ${answers.sqlServer} belongs to the management group ${found.name}, but the manifest says ${expected}. Go back and choose the site’s own database.`,
          values,
        };
      }
      return {
        ok: true,
        message: `${answers.database} belongs to the management group ${found.name}. ${administrators.note}`,
        values,
      };
    },
    'service-account': async (raw, ctx) => {
      const answers = await withRememberedSecrets(raw as unknown as Answers, rememberedSecrets(variant), ctx);
      const accounts: Parameters<typeof testAccounts>[1] = [
        {
          domain: answers.serviceDomain,
          user: answers.serviceUser,
          password: answers.servicePassword,
          remembered: answers.serviceUseRemembered,
        },
      ];
      if (answers.workflowSameAccount === false) accounts.push(workflowAccount(answers));
      return testAccounts(ctx, accounts);
    },
    'reporting-account': async (raw, ctx) => {
      const answers = await withRememberedSecrets(raw as unknown as Answers, rememberedSecrets(variant), ctx);
      return testAccounts(ctx, [
        {
          domain: answers.reportingDomain ?? '',
          user: answers.reportingUser ?? '',
          password: answers.reportingPassword ?? '',
          remembered: answers.reportingUseRemembered,
        },
      ]);
    },
  };
}

const SYSTEM_DATABASES = ['master', 'model', 'msdb', 'tempdb'];

async function testAccounts(
  ctx: FlowContext,
  accounts: { domain: string; user: string; password: string; remembered?: boolean }[],
): Promise<LookupResult> {
  for (const account of accounts) {
    if (account.remembered && account.password === '') {
      return {
        ok: false,
        message: `The OS keychain remembers no password for ${account.domain}\\${account.user} here: clear "Use the password remembered" and type it.`,
      };
    }
    const result = await ctx.host.system.testCredentials(account.domain.trim(), account.user.trim(), account.password);
    if (!result.accepted) {
      return { ok: false, message: `${account.domain}\\${account.user}: ${result.reason}` };
    }
  }
  return { ok: true, message: 'The credentials were accepted.' };
}

async function runOne(check: CheckDefinition, ctx: FlowContext): Promise<CheckResult> {
  try {
    return { id: check.id, title: check.title, ...(await check.run(ctx)) };
  } catch (error) {
    return {
      id: check.id,
      title: check.title,
      status: 'fail',
      found: `The check could not be completed: ${(error as Error).message}`,
    };
  }
}

/** The System check results page: what Setup's own prerequisite check will look at first. */
export function prerequisiteChecks(answers: Answers): CheckDefinition[] {
  return [
    elevatedCheck(),
    {
      id: 'dotnet',
      title: '.NET Framework 4.7.2 or later',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const release = Number(await ctx.host.registry.readValue(here, DOTNET_RELEASE_KEY, 'Release'));
        return Number.isFinite(release) && release >= DOTNET_MINIMUM_RELEASE
          ? pass(`release ${DOTNET_MINIMUM_RELEASE} or later`, `release ${release}`)
          : {
              status: 'warn',
              expected: `release ${DOTNET_MINIMUM_RELEASE} or later`,
              found: Number.isFinite(release) && release > 0 ? `release ${release}` : 'not installed',
              remedy: 'Install the .NET Framework your Service Manager version needs; Setup’s own check decides.',
            };
      },
    },
    {
      id: 'no-restart-pending',
      title: 'Windows is not waiting for a restart',
      run: async (ctx) =>
        (await ctx.host.system.restartPending())
          ? {
              status: 'fail',
              expected: 'no restart pending',
              found: 'a restart is pending',
              remedy: 'Restart this computer first, then come back to this page.',
            }
          : pass('no restart pending', 'none'),
    },
    {
      id: 'not-installed',
      title: 'Service Manager is not installed on this computer yet',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        return (await isServiceManagerInstalled(ctx, here))
          ? {
              status: 'fail',
              expected: 'no Service Manager',
              found: 'Service Manager is installed',
              remedy:
                'This is for a rebuilt or new computer. If Setup already ran here, resume that run from the Start page.',
            }
          : pass('no Service Manager', 'not installed');
      },
    },
    {
      id: 'disk-space',
      title: 'Space on the installation drive',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const free = await ctx.host.system.freeDiskBytes(here, driveOf(answers.installPath));
        return free >= REQUIRED_BYTES
          ? pass(`${gigabytes(REQUIRED_BYTES)} free`, `${gigabytes(free)} free`)
          : {
              status: 'fail',
              expected: `${gigabytes(REQUIRED_BYTES)} free`,
              found: `${gigabytes(free)} free`,
              remedy: 'Free space on the drive or choose another installation folder.',
            };
      },
    },
  ];
}
