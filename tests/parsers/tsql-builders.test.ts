import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalsOf } from '../../src/main/host/drill/tsql-batch';
import { sqlStatements } from '../../src/main/knowledge/sql/statements';
import type { SqlStatement } from '../../src/main/knowledge/sql/statement';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools, recordMetric } from '../support/parser-tools';
import { PARSERS, ScriptDom, statementsOf, type ParseResult } from './support/scriptdom';
import { DATABASE_STATUSES, executedTexts } from './support/scriptdom-dynamic';
import { bindingProblems, paramProblems, treeProblems, type Substitution } from './support/scriptdom-values';

/**
 * Every statement builder of knowledge/sql/statements.ts, fed each string of the hostile corpus at each of
 * its values, against Microsoft's own T-SQL parser for the newest SQL Server (2025, TSql170Parser)
 * and the oldest the wizard supports (2012, TSql110Parser). What a builder produces must parse
 * without error, keep the statements and their types of the same builder fed benign values, and
 * carry each value exactly: in its bound parameter, or in the literal where T-SQL takes a literal
 * only. Where a statement builds its statement on the server (QUOTENAME into EXEC), what EXEC
 * would run is evaluated and parsed too. A builder may refuse a value, with a clear error.
 */

const tools = parserTools();
if (!tools.ok) console.log(`Skipped: the T-SQL builder suite needs ScriptDom: ${tools.reason}`);

type ValueKind =
  | 'database'
  | 'path'
  | 'logical file'
  | 'physical file'
  | 'server'
  | 'password'
  | 'procedure'
  | 'fqdn'
  | 'description'
  | 'batch'
  | 'marker'
  | 'progress';

interface BuilderCase {
  values: readonly ValueKind[];
  /** One call per option that changes the text, each given one value per entry of `values`. */
  variants: readonly ((values: readonly string[]) => SqlStatement)[];
}

const v = (values: readonly string[], index: number): string => values[index] ?? '';

/** Every builder, so that one added to knowledge/sql/statements.ts without a case here does not compile. */
const cases: Record<keyof typeof sqlStatements, BuilderCase> = {
  serverIdentity: { values: [], variants: [() => sqlStatements.serverIdentity()] },
  listDatabases: { values: [], variants: [() => sqlStatements.listDatabases()] },
  managementGroupInfo: { values: [], variants: [() => sqlStatements.managementGroupInfo()] },
  workflowServer: { values: [], variants: [() => sqlStatements.workflowServer()] },
  procedureExists: { values: ['procedure'], variants: [(x) => sqlStatements.procedureExists(v(x, 0))] },
  promoteActiveWorkflowServer: {
    values: ['fqdn'],
    variants: [(x) => sqlStatements.promoteActiveWorkflowServer(v(x, 0))],
  },
  serverFacts: { values: [], variants: [() => sqlStatements.serverFacts()] },
  databaseStates: { values: [], variants: [() => sqlStatements.databaseStates()] },
  backupHeader: { values: ['path'], variants: [(x) => sqlStatements.backupHeader(v(x, 0))] },
  backupFileList: { values: ['path'], variants: [(x) => sqlStatements.backupFileList(v(x, 0))] },
  verifyBackup: { values: ['path'], variants: [(x) => sqlStatements.verifyBackup(v(x, 0))] },
  pathExists: { values: ['path'], variants: [(x) => sqlStatements.pathExists(v(x, 0))] },
  fixedDrives: { values: [], variants: [() => sqlStatements.fixedDrives()] },
  copyOnlyBackup: {
    values: ['database', 'path', 'description'],
    variants: [false, true].flatMap((compression) => [
      (x: readonly string[]) => sqlStatements.copyOnlyBackup(v(x, 0), v(x, 1), { compression }),
      (x: readonly string[]) => sqlStatements.copyOnlyBackup(v(x, 0), v(x, 1), { compression, description: v(x, 2) }),
    ]),
  },
  tailLogBackup: {
    values: ['database', 'path', 'description'],
    variants: [
      (x) => sqlStatements.tailLogBackup(v(x, 0), v(x, 1)),
      (x) => sqlStatements.tailLogBackup(v(x, 0), v(x, 1), { description: v(x, 2) }),
    ],
  },
  backupsDescribed: {
    values: ['database', 'description'],
    variants: [(x) => sqlStatements.backupsDescribed(v(x, 0), v(x, 1))],
  },
  restoredSince: {
    values: ['database', 'path'],
    variants: [(x) => sqlStatements.restoredSince(v(x, 0), v(x, 1), 86_400_000)],
  },
  serverServices: { values: [], variants: [() => sqlStatements.serverServices()] },
  serviceMasterKeyChangedSince: {
    values: [],
    variants: [() => sqlStatements.serviceMasterKeyChangedSince(86_400_000)],
  },
  recordedScriptBatch: {
    values: ['batch', 'marker', 'progress'],
    variants: [(x) => sqlStatements.recordedScriptBatch(v(x, 0), v(x, 1), v(x, 2))],
  },
  scriptProgress: { values: ['marker'], variants: [(x) => sqlStatements.scriptProgress(v(x, 0))] },
  restoreDatabase: {
    values: ['database', 'path', 'logical file', 'physical file', 'logical file', 'physical file'],
    variants: [false, true].map(
      (replace) => (x: readonly string[]) =>
        sqlStatements.restoreDatabase(v(x, 0), v(x, 1), {
          replace,
          moves: [
            { logicalName: v(x, 2), physicalName: v(x, 3) },
            { logicalName: v(x, 4), physicalName: v(x, 5) },
          ],
        }),
    ),
  },
  databaseState: { values: ['database'], variants: [(x) => sqlStatements.databaseState(v(x, 0))] },
  enableClr: { values: [], variants: [() => sqlStatements.enableClr()] },
  renameServer: { values: ['server', 'server'], variants: [(x) => sqlStatements.renameServer(v(x, 0), v(x, 1))] },
  localServerName: { values: [], variants: [() => sqlStatements.localServerName()] },
  checkDatabase: { values: ['database'], variants: [(x) => sqlStatements.checkDatabase(v(x, 0))] },
  dropDatabase: { values: ['database'], variants: [(x) => sqlStatements.dropDatabase(v(x, 0))] },
  setDatabaseOffline: { values: ['database'], variants: [(x) => sqlStatements.setDatabaseOffline(v(x, 0))] },
  setDatabaseMultiUser: { values: ['database'], variants: [(x) => sqlStatements.setDatabaseMultiUser(v(x, 0))] },
  databaseSessionHosts: { values: ['database'], variants: [(x) => sqlStatements.databaseSessionHosts(v(x, 0))] },
  backupServiceMasterKey: {
    values: ['path', 'password'],
    variants: [(x) => sqlStatements.backupServiceMasterKey(v(x, 0), v(x, 1))],
  },
  restoreServiceMasterKey: {
    values: ['path', 'password'],
    variants: [false, true].map(
      (force) => (x: readonly string[]) => sqlStatements.restoreServiceMasterKey(v(x, 0), v(x, 1), force),
    ),
  },
  // A batch of the kit's permissions script is that script's text (the splitter suite parses
  // such scripts); here one batch as the drill's kit writes it.
  scriptBatch: {
    values: [],
    variants: [
      () =>
        sqlStatements.scriptBatch(
          "IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'CONTOSO\\svc-scsm')\n" +
            '    CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS WITH DEFAULT_DATABASE = [master];\n',
        ),
    ],
  },
  // Preparing the recovery kit: statements without values.
  registeredManagementServers: { values: [], variants: [() => sqlStatements.registeredManagementServers()] },
  registeredDataWarehouseServer: { values: [], variants: [() => sqlStatements.registeredDataWarehouseServer()] },
  workItemRetention: { values: [], variants: [() => sqlStatements.workItemRetention()] },
  orchestratorRunbookServers: { values: [], variants: [() => sqlStatements.orchestratorRunbookServers()] },
  orchestratorManagementServers: { values: [], variants: [() => sqlStatements.orchestratorManagementServers()] },
  orchestratorCheckedOutRunbooks: { values: [], variants: [() => sqlStatements.orchestratorCheckedOutRunbooks()] },
  serverLogins: { values: [], variants: [() => sqlStatements.serverLogins()] },
  serverRoleMembers: { values: [], variants: [() => sqlStatements.serverRoleMembers()] },
  serverPermissions: { values: [], variants: [() => sqlStatements.serverPermissions()] },
  databaseUsers: { values: [], variants: [() => sqlStatements.databaseUsers()] },
  databaseRoles: { values: [], variants: [() => sqlStatements.databaseRoles()] },
  databaseRoleMembers: { values: [], variants: [() => sqlStatements.databaseRoleMembers()] },
  databasePermissions: { values: [], variants: [() => sqlStatements.databasePermissions()] },
};

/** A distinct benign value per position, so that each one's place in the tree is known. */
const benignValues = (kinds: readonly ValueKind[]) =>
  kinds.map((kind, index) => `Benign${kind.replace(' ', '')}${index}`);

interface Built {
  name: string;
  variant: number;
  position: number;
  substitution: Substitution;
  statement: SqlStatement;
}

interface Refusal {
  name: string;
  position: number;
  value: string;
  message: string;
}

/** Every builder and variant with benign values, then with each hostile string at each position. */
function buildAll(): { benign: Map<string, SqlStatement>; built: Built[]; refused: Refusal[] } {
  const benign = new Map<string, SqlStatement>();
  const built: Built[] = [];
  const refused: Refusal[] = [];
  for (const [name, builderCase] of Object.entries(cases)) {
    const markers = benignValues(builderCase.values);
    builderCase.variants.forEach((variant, variantIndex) => {
      benign.set(`${name}/${variantIndex}`, variant(markers));
      builderCase.values.forEach((_, position) => {
        for (const value of hostileStrings) {
          const actual = markers.map((marker, index) => (index === position ? value : marker));
          try {
            built.push({
              name,
              variant: variantIndex,
              position,
              substitution: { benign: markers, actual },
              statement: variant(actual),
            });
          } catch (error) {
            refused.push({ name, position, value, message: error instanceof Error ? error.message : String(error) });
          }
        }
      });
    });
  }
  return { benign, built, refused };
}

describe.skipIf(!tools.ok)('T-SQL builders against ScriptDom (TSql170Parser and TSql110Parser)', () => {
  let scriptDom: ScriptDom;
  const { benign, built, refused } = buildAll();
  const benignParses = new Map<string, ParseResult[]>();
  let builtParses: ParseResult[][] = [];

  beforeAll(async () => {
    if (!tools.ok) return;
    scriptDom = await ScriptDom.start(tools.tools);
    const benignKeys = [...benign.keys()];
    const parsed = await scriptDom.parse([
      ...benignKeys.map((key) => benign.get(key)?.text ?? ''),
      ...built.map((b) => b.statement.text),
    ]);
    benignKeys.forEach((key, index) => benignParses.set(key, parsed[index] ?? []));
    builtParses = parsed.slice(benignKeys.length);
  });

  afterAll(async () => {
    await scriptDom?.close();
  });

  it('the bridge reports ScriptDom as it is: errors, batches, statement types and exact values', async () => {
    const broken = await scriptDom.parseOne('SELEC name FROM sys.databases');
    expect(broken.errors).toEqual([expect.objectContaining({ number: 46010, line: 1, column: 7 })]);
    const literal = await scriptDom.parseOne(
      "SELECT N'it''s ]] \u0000 😀'; EXEC sys.sp_addserver @server = @current;\nGO\nSELECT 2",
    );
    expect(literal.batches).toHaveLength(2);
    expect(statementsOf(literal).map((statement) => statement.type)).toEqual([
      'SelectStatement',
      'ExecuteStatement',
      'SelectStatement',
    ]);
    expect(statementsOf(literal)[0]?.strings).toEqual([{ value: "it's ]] \u0000 😀", national: true }]);
    expect(statementsOf(literal)[1]).toMatchObject({ variables: ['@current'], parameters: ['@server'] });
    // DROP ... IF EXISTS came with SQL Server 2016: the two parsers are really two versions.
    const [[newest, oldest] = []] = await scriptDom.parse(['DROP TABLE IF EXISTS dbo.t;']);
    expect(newest?.errors).toEqual([]);
    expect(oldest?.errors.length).toBeGreaterThan(0);
  });

  it('parses every builder fed benign values, each variable bound and each parameter read', () => {
    for (const [key, statement] of benign) {
      for (const result of benignParses.get(key) ?? []) {
        expect(result.errors, `${key} by TSql${result.parser}Parser`).toEqual([]);
        expect(bindingProblems(result, statement.params), key).toEqual([]);
      }
      expect(benignParses.get(key)?.map((result) => result.parser)).toEqual([...PARSERS]);
    }
  });

  it('keeps every hostile value exactly, in the statements and types of the benign build', () => {
    const problems: string[] = [];
    built.forEach((entry, index) => {
      const key = `${entry.name}/${entry.variant}`;
      const reference = benign.get(key);
      const benignResults = benignParses.get(key) ?? [];
      const label = `${key}, value ${entry.position} = ${JSON.stringify(entry.substitution.actual[entry.position]).slice(0, 80)}`;
      (builtParses[index] ?? []).forEach((result, parserIndex) => {
        const benignResult = benignResults[parserIndex];
        if (!benignResult) throw new Error(`no benign parse of ${key}`);
        problems.push(
          ...treeProblems(benignResult, result, entry.substitution).map((problem) => `${label}: ${problem}`),
        );
      });
      problems.push(
        ...paramProblems(reference?.params ?? [], entry.statement.params, entry.substitution).map(
          (p) => `${label}: ${p}`,
        ),
      );
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect(builtParses).toHaveLength(built.length);
    recordMetric(
      'tsql-builders',
      'statements × values parsed by ScriptDom (every builder × the hostile corpus at each value, by TSql170Parser and TSql110Parser)',
      built.length,
    );
  });

  it("reads the service master key statements' literals in the drill exactly as ScriptDom does", () => {
    const problems: string[] = [];
    built.forEach((entry, index) => {
      if (!entry.name.endsWith('ServiceMasterKey')) return;
      const fromTree = statementsOf(builtParses[index]?.[0] ?? { parser: 0, errors: [], batches: [] }).flatMap(
        (statement) => statement.strings.map((literal) => literal.value),
      );
      if (JSON.stringify(literalsOf(entry.statement.text)) !== JSON.stringify(fromTree)) {
        problems.push(
          `${entry.name}, value ${entry.position}: ${JSON.stringify(entry.substitution.actual).slice(0, 120)}`,
        );
      }
    });
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('refuses only a NUL in a literal and an empty name for QUOTENAME, saying so without the value', () => {
    const reasons = refused.map((refusal) => {
      if (refusal.value.includes('\u0000')) return `${refusal.name}: ${refusal.message}`;
      expect(refusal.value, `${refusal.name} refused ${JSON.stringify(refusal.value)}`).toBe('');
      return `${refusal.name}: ${refusal.message}`;
    });
    const nul = (name: string) => `${name}: A value must not contain a NUL character.`;
    const empty = (name: string) => `${name}: A database name must not be empty.`;
    const nulStrings = hostileStrings.filter((value) => value.includes('\u0000')).length;
    // The service master key statements' path and password (restore: with and without FORCE).
    expect(reasons.filter((reason) => reason === nul('backupServiceMasterKey'))).toHaveLength(nulStrings * 2);
    expect(reasons.filter((reason) => reason === nul('restoreServiceMasterKey'))).toHaveLength(nulStrings * 4);
    // The statements that quote the name on the server, once per variant (the tail-log backup: with
    // and without a description).
    const quoting = [
      'tailLogBackup',
      'tailLogBackup',
      'checkDatabase',
      'dropDatabase',
      'setDatabaseOffline',
      'setDatabaseMultiUser',
    ];
    expect(reasons.filter((reason) => reason.endsWith('must not be empty.')).sort()).toEqual(quoting.map(empty).sort());
    expect(refused).toHaveLength(nulStrings * 6 + quoting.length);
  });

  it('runs on the server, for every value and database status, only the statement the benign value runs', async () => {
    const problems: string[] = [];
    const inner: { label: string; text: string; reference: string; substitution: Substitution }[] = [];
    built.forEach((entry, index) => {
      const key = `${entry.name}/${entry.variant}`;
      const statements = statementsOf(builtParses[index]?.[0] ?? { parser: 0, errors: [], batches: [] });
      const benignStatements = statementsOf(benignParses.get(key)?.[0] ?? { parser: 0, errors: [], batches: [] });
      const bound = (statement: SqlStatement) =>
        new Map(statement.params.map((param) => [`@${param.name}`, String(param.value)]));
      for (const status of DATABASE_STATUSES) {
        const texts = executedTexts(statements, bound(entry.statement), status);
        const references = executedTexts(benignStatements, bound(benign.get(key) ?? entry.statement), status);
        texts.forEach((text, position) => {
          const reference = references[position];
          if (reference === null || reference === undefined) return;
          // These statements quote @database; QUOTENAME gives NULL for more than 128 characters, and the
          // statement then THROWs and runs nothing.
          const quoted = entry.statement.params.find((param) => param.name === 'database')?.value;
          const tooLong = String(quoted ?? '').length > 128;
          if (tooLong !== (text === null)) {
            problems.push(
              `${key}: EXEC would run ${JSON.stringify(text?.slice(0, 60))} for a value of ${tooLong ? 'more' : 'at most'} 128 characters`,
            );
          }
          if (text === null) return;
          inner.push({ label: `${key} (${status})`, text, reference, substitution: entry.substitution });
        });
      }
    });
    const references = [...new Set(inner.map((entry) => entry.reference))];
    const parsedReferences = await scriptDom.parse(references);
    const referenceParse = new Map(references.map((text, index) => [text, parsedReferences[index] ?? []]));
    const parsed = await scriptDom.parse(inner.map((entry) => entry.text));
    inner.forEach((entry, index) => {
      const reference = referenceParse.get(entry.reference) ?? [];
      (parsed[index] ?? []).forEach((result, parserIndex) => {
        const benignResult = reference[parserIndex];
        if (!benignResult) throw new Error('no benign parse');
        expect(benignResult.errors, entry.reference).toEqual([]);
        problems.push(
          ...treeProblems(benignResult, result, entry.substitution).map(
            (problem) => `${entry.label} ${JSON.stringify(entry.text.slice(0, 60))}: ${problem}`,
          ),
        );
      });
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect(inner.length).toBeGreaterThan(hostileStrings.length * 5);
  });
});
