import type { SiteManifest } from '../../../shared/manifest';
import {
  databaseFields,
  includedRoles,
  originalInstances,
  sqlServerPage,
  type OriginalInstance,
  type RestoreDatabasesAnswers,
  type RestorableDatabaseRole,
  type SqlServerAnswers,
} from '../../../shared/procedures/restore-databases';
import type { CheckResult, LookupResult } from '../../../shared/run-contract';
import { excerpt } from '../../../shared/validation/display-escape';
import { AnswerError } from '../../engine/errors';
import { checkOutcome, type CheckDefinition, type FlowContext } from '../../engine/flow-types';
import {
  describeAuthentication,
  readServerFacts,
  sysadminCheck,
  sysadminDefinition,
  type ServerFacts,
} from './sql-connection';

/**
 * The lost SQL Server instance as the manifest recorded it, and whether a server answers as it:
 * "Implement Service Manager disaster recovery" restores a database only onto a computer with the
 * same name and an instance with the same name. The database restore and the recreation of the
 * data warehouse databases both start here. Nothing here changes the site.
 */

export type Answers = RestoreDatabasesAnswers;

export function originalInstance(answers: SqlServerAnswers, manifest: SiteManifest): OriginalInstance {
  const found = originalInstances(manifest).find(
    (candidate) => candidate.name.toUpperCase() === answers.originalServer.toUpperCase(),
  );
  if (!found) {
    throw new AnswerError(
      'originalServer',
      `${excerpt(answers.originalServer)} is not a SQL Server of this site's manifest.`,
    );
  }
  return found;
}

export interface SelectedDatabase {
  role: RestorableDatabaseRole;
  name: string;
  backupPath: string;
  scriptPath: string;
}

export function selectedDatabases(answers: Answers, manifest: SiteManifest): SelectedDatabase[] {
  const record = answers as Record<string, unknown>;
  const original = originalInstance(answers, manifest);
  const included = includedRoles(record);
  return original.databases
    .filter((database) => included.includes(database.role))
    .map((database) => {
      const fields = databaseFields(original.name, database.role);
      return {
        role: database.role,
        name: database.name,
        backupPath: String(record[fields.backup] ?? '').trim(),
        scriptPath: String(record[fields.script] ?? '').trim(),
      };
    });
}

function instanceLabel(instance: string | null): string {
  return instance ?? '(default instance)';
}

/** @@SERVERNAME as it should read on the original computer and instance. */
export function expectedServerName(original: OriginalInstance): string {
  return original.instance ? `${original.computer}\\${original.instance}` : original.computer;
}

/** Only @@SERVERNAME is wrong: the computer and instance are right, so sp_dropserver/sp_addserver can fix it. */
export function onlyServerNameStale(facts: ServerFacts, original: OriginalInstance): boolean {
  return (
    sameName(facts.machineName, original.computer) &&
    sameName(facts.instanceName ?? '', original.instance ?? '') &&
    !sameName(facts.serverName, expectedServerName(original))
  );
}

/** The server answers as the original instance on every count, @@SERVERNAME included. */
export function answersAsOriginal(facts: ServerFacts, original: OriginalInstance): boolean {
  return (
    sameName(facts.machineName, original.computer) &&
    sameName(facts.instanceName ?? '', original.instance ?? '') &&
    sameName(facts.serverName, expectedServerName(original))
  );
}

function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

const IDENTITY_TITLES = {
  'machine-name': "SERVERPROPERTY('MachineName') is the original computer name",
  'instance-name': "SERVERPROPERTY('InstanceName') is the original instance name",
  'server-name': '@@SERVERNAME names the original computer and instance',
} as const;

/** The documented precondition: same computer name, same instance name, and a @@SERVERNAME that agrees. */
export function identityChecks(facts: ServerFacts, original: OriginalInstance, fixServerName: boolean): CheckResult[] {
  const machine = sameName(facts.machineName, original.computer);
  const instance = sameName(facts.instanceName ?? '', original.instance ?? '');
  const expectedName = expectedServerName(original);
  const nameOk = sameName(facts.serverName, expectedName);
  const stale = onlyServerNameStale(facts, original);
  return [
    {
      id: 'machine-name',
      title: IDENTITY_TITLES['machine-name'],
      status: machine ? 'pass' : 'fail',
      expected: original.computer,
      found: facts.machineName,
      ...(machine
        ? {}
        : {
            remedy:
              'Restore onto a computer named as the original. A DNS alias pointing elsewhere does not count: rename the computer, or rebuild it under the original name.',
          }),
    },
    {
      id: 'instance-name',
      title: IDENTITY_TITLES['instance-name'],
      status: instance ? 'pass' : 'fail',
      expected: instanceLabel(original.instance),
      found: instanceLabel(facts.instanceName),
      ...(instance
        ? {}
        : {
            remedy: `Install SQL Server as the instance ${instanceLabel(original.instance)} and restore there; Service Manager finds its databases by that name.`,
          }),
    },
    {
      id: 'server-name',
      title: IDENTITY_TITLES['server-name'],
      status: nameOk ? 'pass' : stale && fixServerName ? 'warn' : 'fail',
      expected: expectedName,
      found: facts.serverName,
      ...(nameOk
        ? {}
        : stale
          ? {
              remedy: fixServerName
                ? `The run fixes it first: sp_dropserver '${facts.serverName}', sp_addserver '${expectedName}', local, then restarts the SQL Server service.`
                : 'The computer was renamed after SQL Server was installed. "Restore Service Manager databases" fixes it when you tick "Fix @@SERVERNAME" on its SQL Server page: sp_dropserver / sp_addserver ..., local, then a restart of the SQL Server service.',
            }
          : { remedy: 'Fix the computer and instance names first.' }),
    },
  ];
}

function identityVerdict(results: CheckResult[]): { ok: boolean; message: string } {
  const failed = results.filter((result) => result.status === 'fail');
  if (failed.length === 0) return { ok: true, message: '' };
  return {
    ok: false,
    message: `This is not the lost instance as the manifest records it: ${failed
      .map((result) => `${result.title} (expected ${result.expected ?? ''}, found ${result.found ?? ''})`)
      .join('; ')}.`,
  };
}

/** The SQL Server page's Connect: the server as the manifest's lost instance, or why it is not. */
export async function connectLookup(raw: Record<string, unknown>, ctx: FlowContext): Promise<LookupResult> {
  const answers = sqlServerPage.parse(raw);
  const original = originalInstance(answers, ctx.manifest);
  const facts = await readServerFacts(ctx, answers);
  const identity = identityChecks(facts, original, answers.fixServerName);
  const sysadmin = sysadminCheck(answers, facts);
  const verdict = identityVerdict([...identity, sysadmin]);
  return {
    ok: verdict.ok,
    message: verdict.ok
      ? `Connected to ${answers.sqlServer}: SQL Server ${facts.productVersion} ${facts.edition}, as ${describeAuthentication(answers)}.`
      : verdict.message,
    checks: [...identity, sysadmin],
  };
}

/** The documented preconditions as Summary checks: sysadmin, then the computer, instance and server names. */
export function serverChecks(
  answers: SqlServerAnswers,
  original: OriginalInstance,
  facts: () => Promise<ServerFacts>,
): CheckDefinition[] {
  const identity = Object.entries(IDENTITY_TITLES).map(([id, title]): CheckDefinition => ({
    id,
    title,
    run: async () => {
      const result = identityChecks(await facts(), original, answers.fixServerName).find((check) => check.id === id);
      if (!result) throw new Error(`no identity check ${id}`);
      return checkOutcome(result);
    },
  }));
  return [sysadminDefinition(answers, facts), ...identity];
}
