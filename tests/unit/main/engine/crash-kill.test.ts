import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal, summarizeJournal } from '../../../../src/main/engine/journal';
import type { DrillSiteState } from '../../../../src/shared/drill-contract';
import type { Answers } from '../../../../src/shared/run-contract';
import { CRASH_SCENARIOS, type CrashScenario } from '../../support/crash-scenarios';
import type { CrashJob, CrashJobResult } from '../../support/crash-runner';
import {
  comparableKeychain,
  comparableSite,
  completedSteps,
  crashDirectory,
  effects,
  kitOnSite,
  prepareScenario,
  restartedSteps,
  wizardOn,
  type PreparedSite,
} from '../../support/crash-site';

/**
 * The wizard as a process of its own, killed with SIGKILL while it runs a procedure, then started
 * again in a new process that resumes the run: at least ten kills per procedure, spread over its
 * journal, and at every third kill the last journal line torn as a kill in the middle of a write
 * leaves it. Each resumed run must end as an uninterrupted one, its journal readable to the end,
 * without a step run again whose effect was already recorded, nor any effect counted twice.
 */

const KILLS_PER_PROCEDURE = 10;
/** Slow enough for a kill to land inside a step, fast enough for a run to take a fraction of a second. */
const SPEED = 10_000;
/** Each record takes this long to reach the disk, so a kill aimed after a record lands before the next. */
const JOURNAL_FLUSH_MS = 4;
const RUNNER_SOURCE = resolve(__dirname, '../../support/crash-runner.ts');

/** One scenario per procedure (flow): the first the in-process harness lists for it. */
const PER_PROCEDURE = CRASH_SCENARIOS.filter(
  (scenario, index) => CRASH_SCENARIOS.findIndex((other) => other.flowId === scenario.flowId) === index,
).filter((scenario) => new RegExp(process.env.CRASH_SCENARIO ?? '').test(scenario.name));

let runner = '';
const tried: string[] = [];

beforeAll(async () => {
  runner = join(crashDirectory('runner'), 'crash-runner.js');
  await build({
    entryPoints: [RUNNER_SOURCE],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: runner,
    logLevel: 'warning',
  });
}, 60_000);

/** The prepared site as files, as the runner finds them in its data folder. */
function materialize(site: PreparedSite, directory: string): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'site.json'), JSON.stringify(site.state));
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(site.manifest));
  writeFileSync(join(directory, 'keychain.json'), JSON.stringify(Object.fromEntries(site.keychain)));
  cpSync(site.journals, join(directory, 'journals'), { recursive: true });
}

/** A runner process doing its jobs; each job's result as it comes, until it exits or is killed. */
interface Runner {
  /** The result of the job on this data folder, or undefined if the process ended first. */
  resultOf(directory: string): Promise<CrashJobResult | undefined>;
  exited: Promise<{ killed: boolean; stderr: string }>;
  kill(): void;
}

function startRunner(jobs: CrashJob[], directory: string): Runner {
  const jobFile = join(directory, 'jobs.json');
  writeFileSync(jobFile, JSON.stringify(jobs));
  const child = spawn(process.execPath, [runner, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const results = new Map<string, CrashJobResult>();
  const waiting = new Map<string, (result: CrashJobResult | undefined) => void>();
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const result = JSON.parse(line) as CrashJobResult;
      results.set(result.dataDirectory, result);
      waiting.get(result.dataDirectory)?.(result);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ killed: boolean; stderr: string }>((done) => {
    child.on('exit', (_code, signal) => {
      for (const resolveWaiting of waiting.values()) resolveWaiting(undefined);
      done({ killed: signal === 'SIGKILL', stderr });
    });
  });
  return {
    resultOf: (dataDirectory) =>
      results.has(dataDirectory)
        ? Promise.resolve(results.get(dataDirectory))
        : new Promise((resolveResult) => waiting.set(dataDirectory, resolveResult)),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

/** The journal of the run started in this data folder: the one file the prepared site did not have. */
function runJournal(directory: string, before: ReadonlySet<string>): string | undefined {
  const name = readdirSync(join(directory, 'journals')).find((file) => !before.has(file));
  return name === undefined ? undefined : join(directory, 'journals', name);
}

function lineCount(path: string | undefined): number {
  if (!path) return 0;
  try {
    return readFileSync(path, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** Cuts the last line of the journal in the middle, as a kill during its write leaves it. */
function tearLastLine(path: string): void {
  const content = readFileSync(path);
  const lastStart = content.lastIndexOf(0x0a, content.length - 2) + 1;
  truncateSync(path, lastStart + Math.max(1, Math.floor((content.length - lastStart) / 2)));
}

function readState(directory: string): DrillSiteState {
  return JSON.parse(readFileSync(join(directory, 'site.json'), 'utf8')) as DrillSiteState;
}

/** The keychain the runner left in its data folder, as comparableKeychain compares it. */
function readKeychain(directory: string): [string, string][] {
  const entries = JSON.parse(readFileSync(join(directory, 'keychain.json'), 'utf8')) as Record<string, string>;
  return comparableKeychain(Object.entries(entries));
}

interface KillPoint {
  afterRecords: number;
  delayMs: number;
  tear: boolean;
}

/** A run killed in its data folder, waiting for the next process to resume it. */
interface Killed {
  directory: string;
  journal: string;
  label: string;
  atKill: ReturnType<typeof readJournal>;
}

interface KillOutcome {
  label: string;
  /** The data folder the run was resumed and finished in. */
  directory: string;
  runId: string;
  state: DrillSiteState;
}

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));

/**
 * Kill points one after the other, each in a data folder of its own: every process resumes the
 * run the one before was killed in, then starts the next point's run and is killed in it. So each
 * killed run is resumed by a new process, and a procedure takes one process per kill.
 */
async function killChain(
  scenario: CrashScenario,
  site: PreparedSite,
  answers: Answers,
  points: readonly KillPoint[],
): Promise<KillOutcome[]> {
  const job = (directory: string, mode: CrashJob['mode']): CrashJob => ({
    dataDirectory: directory,
    speed: SPEED,
    flowId: scenario.flowId,
    answers,
    confirmations: scenario.confirmations,
    mode,
    journalFlushMs: JOURNAL_FLUSH_MS,
    remedy: scenario.operatorRemedy,
  });
  const outcomes: KillOutcome[] = [];
  let previous: Killed | undefined;
  for (const point of [...points, undefined]) {
    const directory = crashDirectory('kill');
    if (point) materialize(site, directory);
    else mkdirSync(directory, { recursive: true });
    const before = point ? new Set(readdirSync(join(directory, 'journals'))) : new Set<string>();
    const jobs = [
      ...(previous ? [job(previous.directory, 'resume')] : []),
      ...(point ? [job(directory, 'start')] : []),
    ];
    if (jobs.length === 0) break;
    const child = startRunner(jobs, directory);
    if (previous) {
      const resumed = await child.resultOf(previous.directory);
      outcomes.push(checkResumed(scenario, previous, resumed, resumed ? '' : (await child.exited).stderr));
    }
    previous = undefined;
    if (!point) {
      await child.exited;
      break;
    }
    let exited = false;
    void child.exited.then(() => (exited = true));
    while (!exited && lineCount(runJournal(directory, before)) < point.afterRecords) await pause(1);
    if (point.delayMs > 0) await pause(point.delayMs);
    child.kill();
    await child.exited;
    const journal = runJournal(directory, before);
    const records = journal ? readJournal(journal) : [];
    if (scenario.kitFolder !== undefined) {
      const atKill = await kitOnSite(wizardAt(site, directory), scenario.kitFolder);
      expect(
        atKill?.falseClaims ?? [],
        `${scenario.name}, killed after ${records.length} records: the kit index on disk claims what the folder does not hold`,
      ).toEqual([]);
    }
    // Killed too late, the run had ended: nothing to resume, and the point does not count.
    if (!journal || summarizeJournal(records)?.ended) continue;
    if (point.tear) tearLastLine(journal);
    previous = {
      directory,
      journal,
      label: `${scenario.name}, killed after ${records.length} records${point.tear ? ', last line torn' : ''}`,
      atKill: readJournal(journal),
    };
  }
  return outcomes;
}

function checkResumed(
  scenario: CrashScenario,
  killed: Killed,
  result: CrashJobResult | undefined,
  stderr: string,
): KillOutcome {
  const { label, journal, atKill } = killed;
  expect(result, `${label}: ${stderr}`).toBeDefined();
  expect(result?.failedChecks, label).toEqual([]);
  expect(result?.phase, `${label}: ${result?.outcomeMessage ?? ''}`).toBe('succeeded');
  // Every line of the journal is a record: a torn one was cut off before the resumed run appended.
  const lines = readFileSync(journal, 'utf8').split('\n').slice(0, -1);
  const records = readJournal(journal);
  expect(records, label).toHaveLength(lines.length);
  const repeated = restartedSteps(records.slice(atKill.length)).filter(
    (stepId) => completedSteps(atKill).has(stepId) && !scenario.idempotent(stepId),
  );
  expect(repeated, `${label}: steps run again although the journal had them done`).toEqual([]);
  return { label, directory: killed.directory, runId: result?.runId ?? '', state: readState(killed.directory) };
}

/** A wizard over what a runner left in its data folder, to read the kit there. */
function wizardAt(site: PreparedSite, directory: string) {
  const journals = join(directory, 'journals');
  return wizardOn({ ...site, state: readState(directory), journals }, { journals });
}

/**
 * Kill points spread over the run's records: right after a record, or a little later, inside the
 * step's own work; every third tears the last line.
 */
function killPoints(records: number): KillPoint[] {
  const count = KILLS_PER_PROCEDURE + 2;
  const boundaries = Math.max(1, records - 2);
  return Array.from({ length: count }, (_, index) => ({
    afterRecords: 1 + Math.floor((index * boundaries) / count),
    delayMs: [0, JOURNAL_FLUSH_MS + 1, JOURNAL_FLUSH_MS + 3][index % 3] ?? 0,
    tear: index % 3 === 2,
  }));
}

describe.each(PER_PROCEDURE)('the wizard killed while it runs "$name"', (scenario) => {
  it(`resumes in a new process to the end state of an uninterrupted run, at ${KILLS_PER_PROCEDURE} kills at least`, async () => {
    const { site, answers } = await prepareScenario(scenario);
    const referenceDirectory = crashDirectory('kill-reference');
    materialize(site, referenceDirectory);
    const journalsBefore = new Set(readdirSync(join(referenceDirectory, 'journals')));
    const reference = startRunner(
      [
        {
          dataDirectory: referenceDirectory,
          speed: SPEED,
          flowId: scenario.flowId,
          answers,
          confirmations: scenario.confirmations,
          mode: 'start',
        },
      ],
      referenceDirectory,
    );
    const referenceResult = await reference.resultOf(referenceDirectory);
    expect(referenceResult?.phase, (await reference.exited).stderr).toBe('succeeded');
    const records = lineCount(runJournal(referenceDirectory, journalsBefore));
    const referenceState = readState(referenceDirectory);
    const expected = comparableSite(referenceState, referenceResult?.runId ?? '');

    // Two chains side by side, as many as the machine's two cores allow.
    const points = killPoints(records);
    const half = (remainder: number) => points.filter((_, index) => index % 2 === remainder);
    const kills = (
      await Promise.all([killChain(scenario, site, answers, half(0)), killChain(scenario, site, answers, half(1))])
    ).flat();
    // On a busy machine a kill can land after a short run has ended; aim earlier until ten have landed.
    for (let retry = 1; kills.length < KILLS_PER_PROCEDURE && retry <= 5; retry += 1) {
      const earlier = points
        .slice(0, KILLS_PER_PROCEDURE - kills.length)
        .map((point) => ({ ...point, afterRecords: Math.max(1, point.afterRecords - retry), delayMs: 0 }));
      kills.push(...(await killChain(scenario, site, answers, earlier)));
    }
    for (const outcome of kills) {
      if (scenario.kitFolder !== undefined) {
        expect(
          await kitOnSite(wizardAt(site, outcome.directory), scenario.kitFolder),
          `${outcome.label}: the kit after the resumed run`,
        ).toEqual({ falseClaims: [], problems: [] });
      }
      expect(effects(outcome.state), outcome.label).toEqual(effects(referenceState));
      expect(comparableSite(outcome.state, outcome.runId), outcome.label).toEqual(expected);
      expect(readKeychain(outcome.directory), `${outcome.label}: the keychain`).toEqual(
        readKeychain(referenceDirectory),
      );
    }
    expect(kills.length, `${scenario.name}: kills that landed before the run ended`).toBeGreaterThanOrEqual(
      KILLS_PER_PROCEDURE,
    );
    const torn = kills.filter((outcome) => outcome.label.endsWith('last line torn')).length;
    tried.push(
      `${scenario.flowId} (${scenario.name}): ${kills.length} kills over ${records} records, ${torn} with the last line torn, every end state equal to the uninterrupted run's`,
    );
  }, 240_000);
});

afterAll(() => {
  if (tried.length > 0) console.log(`SIGKILL points tried per procedure:\n  ${tried.join('\n  ')}`);
});
