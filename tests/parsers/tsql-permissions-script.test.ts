import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrillSite } from '../../src/main/host/drill/drill-site';
import { loginSid, sqlLoginPasswordHash } from '../../src/main/host/drill/catalog-simulation';
import { buildInitialState } from '../../src/main/host/drill/initial-state';
import { splitSqlBatches } from '../../src/main/knowledge/sql/batch-splitter';
import { loginLeftOutReason, permissionsScript } from '../../src/main/knowledge/sql/permissions-script';
import { sqlTarget } from '../../src/main/procedures/common/sql-connection';
import { readCatalog } from '../../src/main/procedures/prepare-kit/catalog';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools, recordMetric } from '../support/parser-tools';
import { createHarness, sampleManifest } from '../unit/support/harness';
import { PARSERS, ScriptDom, statementsOf, type ParseResult } from './support/scriptdom';

/**
 * The permissions script of the kit, made the way the kit's preparation makes it: the drill's SQL
 * Server holds the hostile corpus as SQL logins (with SIDs and password hashes) and as users with
 * roles and object permissions, its catalog views answer, and the generator writes the script.
 * Every batch the wizard's GO splitter finds must parse with zero errors by TSql170Parser and
 * TSql110Parser, and each CREATE LOGIN must carry the name exactly, bracketed and as a literal,
 * with the SID and hash the catalog gave.
 */

const tools = parserTools();
if (!tools.ok) console.log(`Skipped: the permissions script suite needs ScriptDom: ${tools.reason}`);

const SM = 'SQLSM01\\SCSM';

/** Sysnames from the corpus: 1 to 128 characters, no NUL, none left out, no two equal but for case. */
const names = [
  ...new Map(
    hostileStrings
      .filter((name) => name.length > 0 && name.length <= 128 && !name.includes('\0'))
      .filter((name) => !name.includes('\\') && !loginLeftOutReason(name, 'SQLSM01'))
      .map((name) => [name.toLowerCase(), name] as const),
  ).values(),
];

async function scriptFromDrill(): Promise<string> {
  const manifest = sampleManifest();
  const state = buildInitialState(manifest);
  const server = state.sqlServers.find((candidate) => candidate.name === SM);
  const database = server?.databases.find((candidate) => candidate.name === 'ServiceManager');
  if (!server || !database) throw new Error('the drill has no ServiceManager database');
  server.logins.push(...names);
  server.serverRoleMembers = names.map((member) => ({ role: 'dbcreator', member }));
  server.serverPermissions = names.map((grantee) => ({ state: 'GRANT', permission: 'VIEW SERVER STATE', grantee }));
  database.principals = [
    ...(database.principals ?? []),
    ...names.map((name) => ({
      name,
      login: name,
      roles: ['sdk_users'],
      permissions: [{ state: 'GRANT' as const, permission: 'SELECT', schema: 'dbo', object: name }],
    })),
  ];
  const drill = new DrillSite({ manifest, speed: 1_000_000, initialState: state });
  const ctx = createHarness({ drill, manifest }).ctx();
  const rows = await readCatalog(ctx, sqlTarget(SM, 'master'), sqlTarget(SM, 'ServiceManager'));
  return permissionsScript('ServiceManager', SM, 'SQLSM01', rows).text;
}

describe.skipIf(!tools.ok)('the permissions script against ScriptDom (TSql170Parser and TSql110Parser)', () => {
  let scriptDom: ScriptDom;
  let batches: string[] = [];
  let parsed: ParseResult[][] = [];

  beforeAll(async () => {
    if (!tools.ok) return;
    batches = splitSqlBatches(await scriptFromDrill()).map((batch) => batch.text);
    scriptDom = await ScriptDom.start(tools.tools);
    parsed = await scriptDom.parse(batches);
  });

  afterAll(async () => {
    await scriptDom?.close();
  });

  it('parses every batch with no error, by both parsers', () => {
    const failures = parsed.flatMap((results, index) =>
      results
        .filter((result) => result.errors.length > 0)
        .map((result) => ({ parser: result.parser, batch: batches[index], errors: result.errors })),
    );
    expect(failures).toEqual([]);
    expect(parsed.every((results) => results.length === PARSERS.length)).toBe(true);
    recordMetric(
      'permissions-script-batches',
      'permissions script batches parsed by ScriptDom (hostile logins and users, both parsers)',
      batches.length * PARSERS.length,
    );
  });

  it('carries each hostile login exactly, with the SID and password hash the catalog gave', () => {
    const created = parsed
      .map((results) => results[0])
      .flatMap((result) => (result ? statementsOf(result) : []))
      .filter((statement) => statement.statements.includes('CreateLoginStatement'));
    const byName = new Map(created.map((statement) => [statement.strings[0]?.value ?? '', statement]));
    for (const name of names) {
      const statement = byName.get(name);
      expect(statement?.strings).toEqual([{ value: name, national: true }]);
      expect(statement?.identifiers).toContainEqual({ value: name, quote: 'SquareBracket' });
    }
    const login = names[0] ?? '';
    const batch = batches.find((text) => text.includes(loginSid(login))) ?? '';
    expect(batch).toContain(`PASSWORD = ${sqlLoginPasswordHash(login)} HASHED, SID = ${loginSid(login)}`);
  });
});
