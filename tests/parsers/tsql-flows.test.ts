import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowContext } from '../../src/main/engine/flow-types';
import { RunManager } from '../../src/main/engine/run-manager';
import { journalHistory } from '../../src/main/engine/run-history';
import { allFlows } from '../../src/main/procedures';
import { SECRET_MASK } from '../../src/main/knowledge/secret-text';
import { DrillSite } from '../../src/main/host/drill/drill-site';
import type { SqlStatement, SqlTarget } from '../../src/main/knowledge/sql/statement';
import { RECREATED_DW_ROLES } from '../../src/shared/procedures/recreate-dw-databases';
import { databaseFields, type RestorableDatabaseRole } from '../../src/shared/procedures/restore-databases';
import { databaseSchema, DATABASE_ROLES, type ManifestDatabase, type SiteManifest } from '../../src/shared/manifest';
import type { FlowId, PlannedCommand, RunSnapshot } from '../../src/shared/run-contract';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools, recordMetric } from '../support/parser-tools';
import { memoryKeychain } from '../unit/support/memory-keychain';
import { sampleManifest, tempDirectory } from '../unit/support/harness';
import { ScriptDom, statementsOf, type ParseResult } from './support/scriptdom';
import { shapeOf } from './support/scriptdom-values';

/**
 * Every flow that talks to SQL Server, prepared in the drill with the hostile corpus where an
 * operator types a value (database names, backup and key files, folders, passwords) and where the
 * site manifest names one (every database of the site, so also the kit's backup and script files,
 * logical and physical file names, and the administrators' login the kit's scripts create). Every
 * statement the flow ran while preparing and every T-SQL command of its plan, the kit's
 * permissions scripts included, must parse with zero errors by TSql170Parser and TSql110Parser,
 * have the statements and types the same flow has with benign values, and carry each value
 * exactly where it goes. A flow may refuse a value: its answers are validated first.
 */

const tools = parserTools();
if (!tools.ok) console.log(`Skipped: the T-SQL flow suite needs ScriptDom: ${tools.reason}`);

const SM = 'SQLSM01\\SCSM';
const DW = 'SQLDW01\\SCDW';
const KIT = '\\\\FS01\\RecoveryKit';
type Answers = Record<string, string | boolean>;

interface Site {
  runs: RunManager;
  drill: DrillSite;
  ctx: FlowContext;
  executed: { target: SqlTarget; statement: SqlStatement }[];
}

/** A drill site of this manifest whose SQL host records what the flows send it. */
function drillSite(manifest: SiteManifest): Site {
  const drill = new DrillSite({ manifest, speed: 1_000_000 });
  const journals = tempDirectory('tsql-flows');
  const executed: Site['executed'] = [];
  const ctx: FlowContext = {
    host: {
      ...drill.host,
      sql: {
        execute: (target, statement, io) => {
          executed.push({ target, statement });
          return drill.host.sql.execute(target, statement, io);
        },
      },
    },
    manifest,
    mode: 'drill',
    siteName: manifest.siteName,
    keychain: memoryKeychain(),
    history: journalHistory(journals),
    manifestStore: { recordServer: async () => undefined, recordPrimary: async () => undefined },
  };
  const runs = new RunManager({
    journalDirectory: journals,
    flows: allFlows,
    site: () => ({ ctx, siteName: manifest.siteName }),
    emit: () => undefined,
  });
  return { runs, drill, ctx, executed };
}

/** One T-SQL text the flow sent or planned, with where it came from and its values. */
interface Captured {
  /** Which statement of the flow it is, the same for benign and hostile values. */
  key: string;
  text: string;
  params: readonly { name: string; value: string | number | boolean }[];
  database?: string;
}

/**
 * The plan shows a service master key password as ******** outside quotes, so that a copy run by
 * hand fails instead of using the mask as the password; ScriptDom reads it with a literal there.
 */
const MASKED_PASSWORD = new RegExp(`(PASSWORD = )${SECRET_MASK.replace(/\*/g, '\\*')}`);

function captured(site: Site, flowId: FlowId, prepared: RunSnapshot): Captured[] {
  const executed = site.executed.map(({ target, statement }) => ({
    key: `${flowId} runs ${statement.id}`,
    text: statement.text,
    params: statement.params,
    database: target.database,
  }));
  const planned = prepared.plan.flatMap((step) =>
    step.commands
      .filter((command): command is Extract<PlannedCommand, { kind: 'sql' }> => command.kind === 'sql')
      .map((command, index) => ({
        key: `${flowId} plans ${roleStepId(site.ctx.manifest, step.id)} #${index}`,
        text: command.text.replace(MASKED_PASSWORD, "$1N'masked'"),
        params: command.params,
        database: command.database,
      })),
  );
  return [...executed, ...planned];
}

/**
 * A step named after a database (backup-DWDataMart) under its role's name instead, so that steps of
 * sites whose databases have other names line up; the sample site names each database after its role.
 */
function roleStepId(manifest: SiteManifest, stepId: string): string {
  const byLength = [...manifest.databases].sort((a, b) => b.name.length - a.name.length);
  const named = byLength.find((db) => stepId.endsWith(`-${db.name}`));
  return named ? `${stepId.slice(0, -named.name.length)}${named.role}` : stepId;
}

/**
 * What the flow prepared; refused when it rejects the answers, or cannot build its plan from them
 * (its "plan" check fails, with the reason).
 */
async function prepare(
  site: Site,
  flowId: FlowId,
  answers: Answers,
): Promise<Captured[] | { refused: string; by: 'answers' | 'plan' }> {
  site.executed.length = 0;
  let prepared: RunSnapshot;
  try {
    prepared = await site.runs.prepare(flowId, answers);
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error), by: 'answers' };
  }
  const plan = prepared.checks.find((check) => check.id === 'plan' && check.status === 'fail');
  return plan ? { refused: plan.found ?? plan.title, by: 'plan' } : captured(site, flowId, prepared);
}

/** An answer made from a hostile string, and where its value must arrive: exactly, inside a longer value (a folder in a path), or nowhere readable (a password the plan masks). */
interface Field {
  name: string;
  answers: (value: string) => Answers;
  arrives: (value: string) => { value: string; lands: 'exactly' | 'within' } | null;
}

const typed = (name: string, make: (value: string) => string, lands: 'exactly' | 'within'): Field => ({
  name,
  answers: (value) => ({ [name]: make(value) }),
  arrives: (value) => ({ value: make(value).trim(), lands }),
});

/** A key password must have 10 characters; a shorter hostile string is lengthened, not replaced. */
const keyPassword = (value: string) => (value.length >= 10 ? value : `${value}|0123456789`);
const passwordField: Field = {
  name: 'keyPassword',
  answers: (value) => ({ keyPassword: keyPassword(value), confirmKeyPassword: keyPassword(value) }),
  arrives: () => null,
};

interface Scenario {
  flowId: FlowId;
  site: () => Site;
  benign: (site: Site) => Promise<Answers>;
  fields: readonly Field[];
}

const defaults = async (site: Site, flowId: FlowId) => site.runs.flow(flowId).defaults(site.ctx);
const sqlServerOf = (db: ManifestDatabase) => (db.instance ? `${db.sqlServer}\\${db.instance}` : db.sqlServer);

const scenarios: readonly Scenario[] = [
  {
    flowId: 'promote-management-server',
    site: () => drillSite(sampleManifest()),
    benign: async () => ({ server: 'SCSM02', sqlServer: SM, database: 'ServiceManager' }),
    fields: [typed('database', (value) => value, 'exactly')],
  },
  {
    flowId: 'backup-orchestrator',
    site: () => drillSite(sampleManifest()),
    benign: async (site) => ({
      ...(await defaults(site, 'backup-orchestrator')),
      keyPassword: 'Benign-key-password',
      confirmKeyPassword: 'Benign-key-password',
      checkedIn: true,
    }),
    fields: [
      typed('database', (value) => value, 'exactly'),
      typed('backupFile', (value) => `${KIT}\\Databases\\${value}.bak`, 'exactly'),
      typed('keyFile', (value) => `${KIT}\\Orchestrator\\${value}.key`, 'exactly'),
      passwordField,
    ],
  },
  {
    flowId: 'recover-orchestrator-database',
    site: () => drillSite(sampleManifest()),
    benign: async (site) => ({
      ...(await defaults(site, 'recover-orchestrator-database')),
      keySituation: 'restore-key',
      keyFile: `${KIT}\\Orchestrator\\SQLORCH01-service-master-key.key`,
      keyPassword: 'Benign-key-password',
      consultedDba: true,
    }),
    // The backup must be in the kit for the plan to read its file list; a hostile backup path is
    // followed by the database restores (kit files named after hostile database names).
    fields: [
      typed('database', (value) => value, 'exactly'),
      typed('keyFile', (value) => `${KIT}\\Orchestrator\\${value}.key`, 'exactly'),
      passwordField,
    ],
  },
  {
    flowId: 'restore-databases',
    site: () => {
      const site = drillSite(sampleManifest());
      site.drill.inject({ kind: 'database-server-rebuilt', server: DW });
      return site;
    },
    // One database is enough to follow the folder into MOVE, and keeps the 344 preparations quick.
    benign: async (site) => ({
      ...(await defaults(site, 'restore-databases')),
      ...Object.fromEntries(
        site.ctx.manifest.databases
          .filter((db) => sqlServerOf(db) === DW)
          .map((db) => [databaseFields(DW, db.role as RestorableDatabaseRole).include, db.role === 'DWDataMart']),
      ),
      originalServer: DW,
      sqlServer: DW,
      checkDatabase: true,
    }),
    // Only the data warehouse's data folder is gone on the rebuilt server, so the data files
    // move (to dataFolder) and the log files stay where they were.
    fields: [typed('dataFolder', (value) => `E:\\${value}`, 'within')],
  },
];

/** Every value of a captured statement: its parameters, connection, literals and identifiers. */
function valuesOf(entry: Captured, parse: ParseResult | undefined): string[] {
  const statements = parse ? statementsOf(parse) : [];
  return [
    ...entry.params.map((param) => String(param.value)),
    ...(entry.database === undefined ? [] : [entry.database]),
    ...statements.flatMap((statement) => statement.strings.map((literal) => literal.value)),
    ...statements.flatMap((statement) => statement.identifiers.map((identifier) => identifier.value)),
  ];
}

interface Prepared {
  label: string;
  entries: Captured[];
  /** Values that must arrive: exactly, or inside a longer value. */
  expected: { value: string; lands: 'exactly' | 'within' }[];
}

describe.skipIf(!tools.ok)('T-SQL of every flow prepared in the drill, against ScriptDom', () => {
  let scriptDom: ScriptDom;
  let parsedStatements = 0;

  beforeAll(async () => {
    if (tools.ok) scriptDom = await ScriptDom.start(tools.tools);
  });

  afterAll(async () => {
    await scriptDom?.close();
  });

  /** Parses what was prepared, against the benign preparation's shapes, and checks each value arrived. */
  async function check(benign: Captured[], prepared: Prepared[]): Promise<string[]> {
    const texts = [...benign, ...prepared.flatMap((run) => run.entries)].map((entry) => entry.text);
    const parses = await scriptDom.parse(texts);
    const benignShapes = new Map<string, string[]>();
    benign.forEach((entry, index) => {
      benignShapes.set(entry.key, parses[index]?.map(shapeOf) ?? []);
    });
    const problems: string[] = [];
    for (const [index, entry] of benign.entries()) {
      for (const result of parses[index] ?? []) {
        if (result.errors.length > 0) problems.push(`benign ${entry.key}: ${JSON.stringify(result.errors)}`);
      }
    }
    let next = benign.length;
    for (const run of prepared) {
      const values: string[] = [];
      for (const entry of run.entries) {
        const results = parses[next] ?? [];
        next += 1;
        parsedStatements += 1;
        const expectedShapes = benignShapes.get(entry.key);
        results.forEach((result, parserIndex) => {
          const where = `${run.label}, ${entry.key}, TSql${result.parser}Parser`;
          if (result.errors.length > 0) problems.push(`${where}: ${JSON.stringify(result.errors.slice(0, 2))}`);
          else if (!expectedShapes) problems.push(`${where}: the benign preparation has no such statement`);
          else if (shapeOf(result) !== expectedShapes[parserIndex]) {
            problems.push(`${where}: ${shapeOf(result)}, benign ${expectedShapes[parserIndex]}`);
          }
        });
        values.push(...valuesOf(entry, results[0]));
      }
      for (const { value, lands } of run.expected) {
        // A folder is joined to a file name without its trailing backslashes.
        const folder = value.replace(/\\+$/, '');
        const arrived = values.some((found) => (lands === 'exactly' ? found === value : found.includes(folder)));
        if (!arrived) problems.push(`${run.label}: ${JSON.stringify(value).slice(0, 80)} arrived nowhere ${lands}`);
      }
    }
    return problems;
  }

  it.each(scenarios.map((scenario) => [scenario.flowId, scenario] as const))(
    '%s: hostile answers parse, keep their statements and arrive exactly',
    async (_, scenario) => {
      const site = scenario.site();
      const benignAnswers = await scenario.benign(site);
      const benign = await prepare(site, scenario.flowId, benignAnswers);
      if ('refused' in benign) throw new Error(`the benign answers are refused: ${benign.refused}`);
      const prepared: Prepared[] = [];
      for (const [index, value] of hostileStrings.entries()) {
        // Every field at once; where that is refused, each field on its own, so one refusal hides nothing.
        const attempts = [
          scenario.fields,
          ...(scenario.fields.length > 1 ? scenario.fields.map((field) => [field]) : []),
        ];
        for (const fields of attempts) {
          const answers: Answers = Object.assign({ ...benignAnswers }, ...fields.map((field) => field.answers(value)));
          const result = await prepare(site, scenario.flowId, answers);
          if ('refused' in result) continue;
          prepared.push({
            label: `${scenario.flowId} with hostile string ${index} in ${fields.map((field) => field.name).join(', ')}`,
            entries: result,
            expected: fields.flatMap((field) => field.arrives(value) ?? []),
          });
          if (fields === scenario.fields) break;
        }
      }
      expect((await check(benign, prepared)).slice(0, 20)).toEqual([]);
      expect(prepared.length).toBeGreaterThan(hostileStrings.length / 2);
    },
  );

  it('hostile database names in the site manifest: restore, recreate, promote and Orchestrator plans parse and carry them', async () => {
    const names = hostileStrings.filter((name) => databaseSchema.shape.name.safeParse(name).success);
    const sites: { site: Site; names: string[] }[] = [];
    const refusedByOrchestrator: string[] = [];
    const pending = [...names];
    while (pending.length > 0) {
      const chosen = new Map<string, string>();
      const taken = new Set<string>();
      for (const role of DATABASE_ROLES) {
        // SQL Server compares names without case and trailing spaces: one instance cannot hold two such.
        const at = pending.findIndex((name) => !taken.has(name.toLowerCase().trimEnd()));
        if (at < 0) break;
        const [name = ''] = pending.splice(at, 1);
        taken.add(name.toLowerCase().trimEnd());
        chosen.set(role, name);
      }
      const base = sampleManifest();
      const manifest = {
        ...base,
        databases: base.databases.map((db) => ({ ...db, name: chosen.get(db.role) ?? db.name })),
      };
      try {
        sites.push({ site: drillSite(manifest), names: [...chosen.values()] });
      } catch (error) {
        // The Orchestrator database's name goes into its servers' configuration files, which refuse
        // control characters (host/orchestrator/connection-string.ts); it is tried in another role.
        const orchestrator = chosen.get('Orchestrator');
        const refusal =
          orchestrator?.trim() === ''
            ? 'The database name is empty.'
            : `The database name ${JSON.stringify(orchestrator)} contains a character a configuration file cannot hold.`;
        if (orchestrator === undefined || String(error) !== `Error: ${refusal}`) throw error;
        refusedByOrchestrator.push(orchestrator);
        const others = [...chosen.entries()].filter(([role]) => role !== 'Orchestrator').map(([, name]) => name);
        pending.unshift(orchestrator, ...others);
      }
    }
    const benignSite = drillSite(sampleManifest());
    const refusals: string[] = [];
    /** Prepares a flow, expecting the names of these roles to arrive; a refusal is noted and expects nothing. */
    const preparation = async (
      site: Site,
      label: string,
      flowId: FlowId,
      answers: Answers,
      roles: readonly string[],
      arrives: (name: string) => string = (name) => name,
    ) => {
      const result = await prepare(site, flowId, answers);
      if ('refused' in result) {
        refusals.push(`${flowId}, refused by its ${result.by}: ${result.refused}`);
        return [];
      }
      const names = site.ctx.manifest.databases.filter((db) => roles.includes(db.role)).map((db) => db.name);
      return [
        {
          label: `${label} ${flowId} (${names.map((name) => JSON.stringify(name).slice(0, 24)).join(', ')})`,
          entries: result.map((entry) => ({ ...entry, key: `${label} ${entry.key}` })),
          expected: names.map((value) => ({ value: arrives(value), lands: 'exactly' as const })),
        },
      ];
    };
    /** Each database on its own, so that one name the kit's file paths cannot hold hides no other. */
    const restoreEach = async (site: Site, server: string, label: string): Promise<Prepared[]> => {
      const answers = { ...(await defaults(site, 'restore-databases')), originalServer: server, sqlServer: server };
      const roles = site.ctx.manifest.databases.filter((db) => sqlServerOf(db) === server).map((db) => db.role);
      const all: Prepared[] = [];
      for (const role of roles) {
        const only = Object.fromEntries(
          roles.map((other) => [databaseFields(server, other as RestorableDatabaseRole).include, other === role]),
        );
        all.push(
          ...(await preparation(site, label, 'restore-databases', { ...answers, ...only, checkDatabase: true }, [
            role,
          ])),
        );
      }
      return all;
    };
    const keyAnswers = {
      keyPassword: 'Benign-key-password',
      confirmKeyPassword: 'Benign-key-password',
      checkedIn: true,
    };
    const plans = async (site: Site): Promise<Prepared[]> => {
      const all: Prepared[] = [
        ...(await restoreEach(site, SM, 'online')),
        ...(await restoreEach(site, 'SQLRS01', 'online')),
      ];
      // These flows take the database on a page of their own, prefilled from the manifest: the
      // answer is trimmed there like every typed name (databaseNameField).
      const trimmed = (name: string) => name.trim();
      const flows: [FlowId, Answers, readonly string[], ((name: string) => string)?][] = [
        ['recreate-dw-databases', { acknowledgeLoss: true }, RECREATED_DW_ROLES],
        ['promote-management-server', { server: 'SCSM02' }, ['ServiceManager'], trimmed],
        ['backup-orchestrator', keyAnswers, ['Orchestrator'], trimmed],
        ['recover-orchestrator-database', {}, ['Orchestrator'], trimmed],
      ];
      for (const [flowId, answers, roles, arrives] of flows) {
        const prefilled = { ...(await defaults(site, flowId)), ...answers };
        all.push(...(await preparation(site, 'online', flowId, prefilled, roles, arrives)));
      }
      // The data warehouse instance rebuilt: its databases come back with MOVE to the default folders.
      site.drill.inject({ kind: 'database-server-rebuilt', server: DW });
      return [...all, ...(await restoreEach(site, DW, 'rebuilt'))];
    };
    const benignPlans = await plans(benignSite);
    expect(refusals).toEqual([]);
    const benign = benignPlans.flatMap((run) => run.entries);
    const prepared: Prepared[] = [];
    for (const { site } of sites) prepared.push(...(await plans(site)));
    expect((await check(benign, prepared)).slice(0, 20)).toEqual([]);
    // Answers made from a name may be refused (a blank name, a kit file `<name>.bak` Windows cannot
    // hold); a plan never fails.
    expect(refusals.filter((refusal) => !refusal.includes('refused by its answers'))).toEqual([]);
    expect(sites.flatMap((entry) => entry.names).sort()).toEqual([...names].sort());
    expect(
      refusedByOrchestrator.filter((name) => name.trim() !== '' && !/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(name)),
    ).toEqual([]);
  });

  it('records the figure', () => {
    expect(parsedStatements).toBeGreaterThan(0);
    recordMetric(
      'tsql-flows',
      'statements × values parsed by ScriptDom (every SQL flow prepared in the drill with the hostile corpus, by TSql170Parser and TSql110Parser)',
      parsedStatements,
    );
  });
});
