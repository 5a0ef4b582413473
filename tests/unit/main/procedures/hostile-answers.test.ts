import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OperatorError } from '../../../../src/main/engine/errors';
import type { AnyFlowDefinition, FlowContext } from '../../../../src/main/engine/flow-types';
import { allFlows } from '../../../../src/main/procedures';
import { HostError } from '../../../../src/main/knowledge/failures';
import { procedurePages } from '../../../../src/shared/procedures';
import type {
  Answers,
  FieldDescriptor,
  FlowId,
  PlannedCommand,
  RunEvent,
  RunSnapshot,
} from '../../../../src/shared/run-contract';
import { guideLines } from '../../../../src/main/procedures/management-server-setup/setup-guide';
import { checkAnswers } from '../../../../src/shared/validation/answer-messages';
import { EXCERPT_LENGTH } from '../../../../src/shared/validation/display-escape';
import { hostileStrings } from '../../../support/hostile-strings';
import { createHarness, sampleManifest, type Harness } from '../../support/harness';
import { baseAnswers, displayOnlyFields } from '../../support/ordinary-answers';
import { readPlanText } from '../../support/plan-reader';
import { commandLineToArgv } from '../../support/windows-argv';

/**
 * The hostile corpus against every text answer of every procedure, as the renderer would send
 * it over IPC: each value ends as a clear refusal (the field named by its page label, no words
 * of the validation library, at most a short escaped excerpt of the value) or arrives unchanged
 * where it goes (the plan, read back from the copied plan text, or a call into the site), and
 * never as an exception that is not a message for the operator. Secret answers never show in the
 * plan, its text or the run's events.
 */

const JARGON = /Too (big|small)|Invalid (input|option|string|type|format)|expected \w+ to|received|[<>]=|ZodError/;
// Characters an operator could not see or that change lines, raw; display-escape.ts writes them as {U+XXXX}.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

/** The answers that make `field` count: those its visibility depends on. */
function activating(field: FieldDescriptor): Answers {
  const conditions = field.visibleWhen === undefined ? [] : [field.visibleWhen].flat();
  return Object.fromEntries(
    conditions.map((condition) => [
      condition.field,
      'notEquals' in condition
        ? `not ${condition.notEquals}`
        : Array.isArray(condition.equals)
          ? (condition.equals[0] ?? '')
          : condition.equals,
    ]),
  );
}

/** A password and its confirmation box take the same value, so only the value itself is judged. */
function withConfirmation(field: string, value: string): Answers {
  const confirmation = `confirm${field.charAt(0).toUpperCase()}${field.slice(1)}`;
  return { [field]: value, [confirmation]: value };
}

/** Every string handed to the site while the plan is built: the values that reached the tools. */
function recordHostCalls(ctx: FlowContext, host: FlowContext['host']): string[] {
  const seen: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') seen.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const member: unknown = Reflect.get(object, key, receiver);
        if (typeof member === 'function') {
          return (...args: unknown[]) => {
            collect(args);
            return (member as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return member !== null && typeof member === 'object' ? wrap(member) : member;
      },
    });
  ctx.host = wrap(host);
  return seen;
}

/** Checks and plan-building that throw something other than a message for the operator are crashes. */
function watched(flow: AnyFlowDefinition, crashes: string[]): AnyFlowDefinition {
  const guard = async <T>(where: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof OperatorError || error instanceof HostError)) crashes.push(`${where}: ${String(error)}`);
      throw error;
    }
  };
  return {
    ...flow,
    checks: (answers, ctx) =>
      flow.checks(answers, ctx).map((check) => ({
        ...check,
        run: (c: FlowContext) => guard(`check ${check.id}`, () => check.run(c)),
      })),
    steps: (answers, ctx) => guard('plan', () => flow.steps(answers, ctx)),
  };
}

/**
 * The checklist Progress shows beside Setup's own wizard (`setupPages`) is structured data, not
 * plan text: the text carries it as `guidance`, and each is checked against the other instead.
 */
function withoutChecklist(command: PlannedCommand): PlannedCommand {
  if (command.kind !== 'program' || command.setupPages === undefined) return command;
  const { setupPages: _checklist, ...rest } = command;
  return rest;
}

function checklistsMatchGuidance(snapshot: RunSnapshot): boolean {
  return snapshot.plan.every((step) =>
    step.commands.every(
      (command) =>
        command.kind !== 'program' ||
        command.setupPages === undefined ||
        JSON.stringify(guideLines(command.setupPages)) === JSON.stringify(command.guidance),
    ),
  );
}

/** What the plan carries, read back from its copied text, with the summary, the checks and the site's calls. */
function evidence(snapshot: RunSnapshot, planText: string, hostCalls: readonly string[]): string[] {
  const read = readPlanText(planText);
  const strings: string[] = [...hostCalls];
  for (const step of read.steps) {
    strings.push(step.title);
    for (const command of step.commands) {
      if (command.kind === 'program') {
        strings.push(...commandLineToArgv(command.commandLine), ...(command.guidance ?? []), command.input ?? '');
      } else if (command.kind === 'powershell') {
        strings.push(command.script, ...Object.values(command.args).map(String));
      } else {
        strings.push(command.server, command.database, command.text, ...command.params.map((param) => param.value));
      }
    }
  }
  for (const answer of read.answers) strings.push(answer.value);
  for (const check of snapshot.checks) strings.push(check.title, check.expected ?? '', check.found ?? '');
  return strings;
}

function occurrences(needle: string, haystacks: readonly string[]): number {
  let count = 0;
  for (const text of haystacks) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count += 1;
  }
  return count;
}

/**
 * Whether `value` stands in the plan or the site's calls exactly where the ordinary value stood:
 * some string holds it, and putting the ordinary value back in its place gives a string the
 * ordinary run had.
 */
function carriedExactly(value: string, ordinary: string, strings: readonly string[], baseline: ReadonlySet<string>) {
  // A folder is joined with what follows as Explorer shows it, without the backslash it ends with.
  const folder = (path: string) => path.replace(/\\+$/, '');
  return (
    standsInPlace(value, ordinary, strings, baseline) ||
    (/\\$/.test(value + ordinary) && standsInPlace(folder(value), folder(ordinary), strings, baseline))
  );
}

function standsInPlace(value: string, ordinary: string, strings: readonly string[], baseline: ReadonlySet<string>) {
  return strings.some((text) => {
    if (!text.includes(value)) return false;
    if (baseline.has(text.split(value).join(ordinary))) return true;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      if (baseline.has(text.slice(0, at) + ordinary + text.slice(at + value.length))) return true;
    }
    return false;
  });
}

/** The plan, its text and the events, without what differs from run to run (ids, times, revisions). */
function shownText(snapshot: RunSnapshot, planText: string, events: readonly RunEvent[]): string[] {
  const { runId, startedAt, journalPath, revision: _revision, ...shown } = snapshot;
  const unstamped = events.map(({ runId: _id, revision: _revision, ...event }) => event);
  // The run id is random and stands in file names and backup descriptions too: it goes everywhere,
  // after the journal's path that holds it.
  return [
    planText.replace(`Run: ${runId}, prepared ${startedAt}`, '').replaceAll(runId, ''),
    JSON.stringify(shown).replaceAll(runId, ''),
    JSON.stringify(unstamped).replaceAll(journalPath, '').replaceAll(runId, ''),
  ];
}

interface Outcome {
  refused: number;
  refusedByPlan: number;
  carried: number;
  emptied: number;
  secretKept: number;
}

const siteHosts = new WeakMap<Harness, FlowContext['host']>();

async function prepared(harness: Harness, flowId: FlowId, answers: Answers) {
  const host = siteHosts.get(harness) ?? harness.ctx().host;
  siteHosts.set(harness, host);
  const hostCalls = recordHostCalls(harness.ctx(), host);
  const events = harness.events.length;
  const snapshot = await harness.runs.prepare(flowId, answers);
  const planText = harness.runs.planText(snapshot.runId);
  return { snapshot, planText, hostCalls, events: harness.events.slice(events) };
}

/** Secrets a whole drill run takes to a tool: the key-backup password typed at a prompt, the key-file password in a T-SQL literal, and sign-in passwords. */
const RUN_SECRETS: [FlowId, string, Answers][] = [
  ['encryption-key', 'password', { action: 'backup', remember: false }],
  ['backup-orchestrator', 'keyPassword', { backupMasterKey: true }],
  ['backup-orchestrator', 'sqlPassword', { authentication: 'sql-login' }],
  ['restore-databases', 'sqlPassword', { authentication: 'sql-login' }],
];
/** Every how-many-th accepted database name a whole Orchestrator recovery is run with: each takes most of a second. */
const DATABASE_SAMPLE = 4;

/** The sample site with its Orchestrator database, and the kit's backup of it, under this name. */
function orchestratorSite(name: string): Harness {
  const manifest = sampleManifest();
  for (const database of manifest.databases) if (database.role === 'Orchestrator') database.name = name;
  return createHarness({ manifest });
}
/** Every how-many-th accepted secret a whole run is made with: runs take a tenth of a second each. */
const RUN_SAMPLE = 6;

/** A whole run's journal and events, without its id and revisions (the clock stands still). */
async function wholeRun(harness: Harness, flowId: FlowId, answers: Answers): Promise<string[]> {
  const first = harness.events.length;
  const prepared = await harness.runs.prepare(flowId, answers);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  const confirmations = Object.fromEntries(
    prepared.plan.flatMap((step) => (step.destructive ? [[step.id, step.destructive.confirmWord]] : [])),
  );
  const refused = await harness.runs.start(prepared.runId, warnings, confirmations).then(
    () => null,
    (error: unknown) => `refused: ${String(error)}`,
  );
  if (refused !== null) return [refused];
  const done = await harness.runs.settled(prepared.runId);
  const events = harness.events.slice(first).map(({ runId: _id, revision: _revision, ...event }) => event);
  return [
    done.phase,
    readFileSync(done.journalPath, 'utf8').replaceAll(prepared.runId, ''),
    // The journal's path holds the run id, so it goes first.
    JSON.stringify(events).replaceAll(done.journalPath, '').replaceAll(prepared.runId, ''),
  ];
}

describe('every text answer of every procedure against the hostile corpus', () => {
  // The clock stands still, so the plan of one value differs from the plan of another only by what
  // the values make of it: a one-character secret is then told from the digits of a time.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T05:00:00Z'));
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('ends each value as a clear refusal or an exact round trip, never a crash', { timeout: 600_000 }, async () => {
    const totals: Outcome = { refused: 0, refusedByPlan: 0, carried: 0, emptied: 0, secretKept: 0 };
    const table: string[] = [];
    let fieldsTried = 0;
    const failures: string[] = [];
    for (const plain of allFlows) {
      const crashes: string[] = [];
      const flow = watched(plain, crashes);
      const harness = createHarness({ flows: [flow] });
      const base = await baseAnswers(harness, flow);
      const manifest = harness.ctx().manifest;
      const displayOnly = displayOnlyFields(flow.id);
      const fields = flow
        .pages(manifest)
        .flatMap((page) => page.fields.map((field) => ({ page, field })))
        .filter(({ field }) => field.kind !== 'checkbox' && !displayOnly.has(field.name));
      for (const { page, field } of fields) {
        const outcome: Outcome = { refused: 0, refusedByPlan: 0, carried: 0, emptied: 0, secretKept: 0 };
        const secret = flow.secretFields.includes(field.name);
        const ordinary = { ...base, ...activating(field) };
        const checkedBase = checkAnswers(flow.answers, ordinary);
        expect(checkedBase, `${flow.id} ${field.name}: the ordinary answers are accepted`).toMatchObject({ ok: true });
        const before = await prepared(harness, flow.id, ordinary);
        const baseline = new Set(evidence(before.snapshot, before.planText, before.hostCalls));
        const baselineText = shownText(before.snapshot, before.planText, before.events);
        const ordinaryValue = String((checkedBase.ok ? (checkedBase.value as Answers) : ordinary)[field.name] ?? '');
        fieldsTried += 1;
        for (const value of hostileStrings) {
          const answers = { ...ordinary, ...withConfirmation(field.name, value) };
          const where = `${flow.id} · ${field.label} · ${JSON.stringify(value).slice(0, 60)}`;
          const checked = checkAnswers(flow.answers, answers);
          let result: Awaited<ReturnType<typeof prepared>>;
          try {
            result = await prepared(harness, flow.id, answers);
          } catch (error) {
            if (!(error instanceof OperatorError)) {
              failures.push(`${where}: crashed with ${String(error)}`);
              continue;
            }
            const message = error.message;
            if (!message.includes(`${field.label}: `))
              failures.push(`${where}: the refusal does not name the field: ${message}`);
            if (JARGON.test(message)) failures.push(`${where}: the refusal speaks zod: ${message}`);
            if (HIDDEN.test(message)) failures.push(`${where}: the refusal holds a raw hidden character`);
            if ([...value].length > EXCERPT_LENGTH && message.includes(value)) {
              failures.push(`${where}: the refusal quotes the whole value`);
            }
            // The page says the same under the field, where the renderer validates it first.
            const pageSchema = procedurePages[flow.id].pageSchemas[page.id];
            const onPage = pageSchema ? checkAnswers(pageSchema, answers) : null;
            if (onPage && !onPage.ok) {
              for (const problem of onPage.problems) {
                if (JARGON.test(problem.message) || HIDDEN.test(problem.message)) {
                  failures.push(`${where}: the page says ${problem.message}`);
                }
              }
            }
            if (checked.ok) outcome.refusedByPlan += 1;
            else outcome.refused += 1;
            continue;
          }
          const { snapshot, planText, hostCalls, events } = result;
          const read = readPlanText(planText);
          if (
            JSON.stringify(read.steps.map((step) => step.commands)) !==
            JSON.stringify(snapshot.plan.map((step) => step.commands.map(withoutChecklist)))
          ) {
            failures.push(`${where}: the plan text does not read back as the plan's commands`);
          }
          if (!checklistsMatchGuidance(snapshot)) {
            failures.push(`${where}: the Setup checklist on Progress is not what the plan's text lists`);
          }
          if (
            JSON.stringify(read.steps.map((step) => step.title)) !==
            JSON.stringify(snapshot.plan.map((step) => step.title))
          ) {
            failures.push(`${where}: the plan text does not read back as the plan's step titles`);
          }
          if (!checked.ok) {
            failures.push(`${where}: refused by the schema, accepted by prepare`);
            continue;
          }
          const planFailure = snapshot.checks.find((check) => check.id === 'plan' && check.status === 'fail');
          if (planFailure) {
            const found = planFailure.found ?? '';
            if (!found.includes(`${field.label}: `)) {
              failures.push(`${where}: the plan was refused without naming the field: ${found}`);
            } else if (JARGON.test(found) || HIDDEN.test(found)) {
              failures.push(`${where}: the plan's refusal is not in plain words: ${found}`);
            } else outcome.refusedByPlan += 1;
            continue;
          }
          if (secret) {
            const shown = shownText(snapshot, planText, events);
            if (value !== '' && occurrences(value, shown) > occurrences(value, baselineText)) {
              failures.push(`${where}: the secret shows in the plan, its text or the events`);
            }
            outcome.secretKept += 1;
            continue;
          }
          const carried = checked.value as Answers;
          const expected = carried[field.name];
          if (expected === '') {
            outcome.emptied += 1;
            continue;
          }
          if (typeof expected !== 'string') {
            failures.push(`${where}: the answer is no longer text`);
            continue;
          }
          if (!carriedExactly(expected, ordinaryValue, evidence(snapshot, planText, hostCalls), baseline)) {
            failures.push(`${where}: the value did not reach the plan or the site unchanged`);
            continue;
          }
          outcome.carried += 1;
        }
        table.push(
          `  ${flow.id} · ${field.label}: ${outcome.refused} refused, ${outcome.refusedByPlan} refused by the site ` +
            `while the plan was built, ${outcome.carried} carried exactly, ` +
            `${outcome.emptied} empty once trimmed${secret ? `, ${outcome.secretKept} secret kept out of plan and events` : ''}`,
        );
        totals.refused += outcome.refused;
        totals.refusedByPlan += outcome.refusedByPlan;
        totals.carried += outcome.carried;
        totals.emptied += outcome.emptied;
        totals.secretKept += outcome.secretKept;
      }
      failures.push(...crashes.map((crash) => `${flow.id}: crashed in ${crash}`));
    }
    const tried = fieldsTried * hostileStrings.length;
    console.log(
      [
        `Hostile answers: ${hostileStrings.length} strings × ${fieldsTried} text fields = ${tried} tried.`,
        `  ${totals.refused} refused with the field named, ${totals.refusedByPlan} refused by the site while the ` +
          `plan was built (the field named), ${totals.carried} carried exactly, ` +
          `${totals.emptied} empty once trimmed, ${totals.secretKept} secrets kept out of plan and events; ` +
          `${failures.length} failures.`,
        ...table,
      ].join('\n'),
    );
    if (process.env.HOSTILE_FAILURES) writeFileSync(process.env.HOSTILE_FAILURES, failures.join('\n'));
    expect(failures.slice(0, 40)).toEqual([]);
    expect(totals.refused + totals.refusedByPlan + totals.carried + totals.emptied + totals.secretKept).toBe(tried);
  });

  it(
    'runs with values the schemas accept and keeps secrets out of the journal and the events',
    { timeout: 600_000 },
    async () => {
      const lines: string[] = [];
      const failures: string[] = [];
      for (const [flowId, field, setting] of RUN_SECRETS) {
        const harness = createHarness();
        const flow = harness.runs.flow(flowId);
        const ordinary = { ...(await baseAnswers(harness, flow)), ...setting };
        const [phase, ...baseline] = await wholeRun(harness, flowId, ordinary);
        expect(phase, `${flowId}: the ordinary run succeeds`).toBe('succeeded');
        const accepted = hostileStrings.filter(
          (value) => value !== '' && checkAnswers(flow.answers, { ...ordinary, ...withConfirmation(field, value) }).ok,
        );
        const sampled = accepted.filter((_value, index) => index % RUN_SAMPLE === 0);
        for (const value of sampled) {
          // A site of its own for each run: with the clock standing still, a restore an earlier run
          // made would otherwise read as this run's own (restored since it started), and be skipped.
          const [ended, ...recorded] = await wholeRun(createHarness(), flowId, {
            ...ordinary,
            ...withConfirmation(field, value),
          });
          // Accepted means every step takes it: a run that fails on it is the defect of a value refused half-way.
          if (ended !== 'succeeded') failures.push(`${flowId} · ${field} · ${JSON.stringify(value)}: the run ${ended}`);
          for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
            if (occurrences(form, recorded) > occurrences(form, baseline)) {
              failures.push(`${flowId} · ${field} · ${JSON.stringify(value)}: in the journal or the events`);
            }
          }
        }
        lines.push(
          `  ${flowId} · ${field}: ${sampled.length} whole runs, one in ${RUN_SAMPLE} of the ${accepted.length} secrets accepted`,
        );
      }
      console.log(['Accepted secrets through whole drill runs:', ...lines].join('\n'));
      expect(failures).toEqual([]);
    },
  );

  it(
    'recovers the Orchestrator database under every name the schema accepts, DBSetup and web.config included',
    { timeout: 600_000 },
    async () => {
      const flow = allFlows.find((candidate) => candidate.id === 'recover-orchestrator-database');
      if (!flow) throw new Error('no Orchestrator recovery flow');
      const ordinary = await flow.defaults(createHarness().ctx());
      // The kit names a database's backup after it, so the name must make a backup path too.
      // The name as the site has it, so only one the schema keeps as it is (nothing trimmed).
      const accepted = hostileStrings.filter((name) => {
        const checked = checkAnswers(flow.answers, {
          ...ordinary,
          database: name,
          backupFile: `\\\\FS01\\RecoveryKit\\Databases\\${name}.bak`,
        });
        return checked.ok && (checked.value as Answers).database === name;
      });
      const sampled = accepted.filter((_name, index) => index % DATABASE_SAMPLE === 0);
      const failures: string[] = [];
      for (const name of sampled) {
        const harness = orchestratorSite(name);
        const [ended] = await wholeRun(harness, flow.id, await flow.defaults(harness.ctx()));
        if (ended !== 'succeeded') failures.push(`${JSON.stringify(name)}: the run ${ended}`);
      }
      console.log(
        `Orchestrator recoveries: ${sampled.length} whole runs, one in ${DATABASE_SAMPLE} of the ` +
          `${accepted.length} database names (with their kit backups) the schema accepts.`,
      );
      expect(failures).toEqual([]);
    },
  );
});
