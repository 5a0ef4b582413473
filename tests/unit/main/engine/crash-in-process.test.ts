import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../../src/main/engine/journal';
import { CRASH_SCENARIOS, runThrough, type CrashScenario } from '../../support/crash-scenarios';
import {
  comparableKeychain,
  comparableSite,
  completedSteps,
  copyJournals,
  crashDirectory,
  effects,
  kitOnSite,
  prepareScenario,
  restartedSteps,
  siteNow,
  wizardOn,
  type PreparedSite,
} from '../../support/crash-site';
import { beforeFinished, crashingJournal, journalDyingBefore } from '../../support/crashing-journal';
import type { Answers } from '../../../../src/shared/run-contract';

/**
 * Every procedure, stopped at every boundary between two journal records and just before each
 * step's "finished" record (its effect already on the site), then resumed by a new wizard over
 * the same journals and the site as it was saved at that moment. Each resumed run must end as
 * an uninterrupted one does, without running again a step whose effect was already there,
 * unless running it again is harmless by nature.
 */

type CrashPoint = { kind: 'after-record'; count: number } | { kind: 'before-finished'; stepId: string };

const tried: string[] = [];
/** How often the operator had to act on a failed check before the resumed run could go on, by scenario. */
const remedies = new Map<string, number>();

async function attempt(scenario: CrashScenario, site: PreparedSite, answers: Answers, point: CrashPoint) {
  const directory = crashDirectory('crash');
  const journals = copyJournals(site, directory);
  let frozen: ReturnType<typeof siteNow> | undefined;
  const freeze = () => {
    frozen = siteNow(first);
  };
  const first = wizardOn(site, {
    journals,
    openJournal:
      point.kind === 'after-record'
        ? crashingJournal(point.count, freeze)
        : journalDyingBefore(beforeFinished(point.stepId), freeze),
  });
  const prepared = await first.runs.prepare(scenario.flowId, answers);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await first.runs.start(prepared.runId, warnings, scenario.confirmations);
  const crashed = await first.runs.settled(prepared.runId);
  const label = `${scenario.name}, ${point.kind === 'after-record' ? `after record ${point.count}` : `just before ${point.stepId} finished`}`;
  expect(crashed.outcomeMessage, label).toMatch(/journal could not be written/);
  if (!frozen) throw new Error(`${label}: the crash was never reached`);
  const beforeResume = readJournal(crashed.journalPath);

  // A new process: the site as it was saved when the first one died, the same journals and keychain.
  const statePath = join(directory, 'site.json');
  writeFileSync(statePath, JSON.stringify(frozen.state));
  const second = wizardOn({ ...frozen, journals }, { journals, statePath });
  if (scenario.kitFolder !== undefined) {
    const atCrash = await kitOnSite(second, scenario.kitFolder);
    expect(atCrash?.falseClaims ?? [], `${label}: the kit index on disk claims what the folder does not hold`).toEqual(
      [],
    );
  }
  const [unfinished] = second.runs.unfinished().filter((run) => run.runId === prepared.runId);
  expect(unfinished, label).toBeDefined();
  const secrets = Object.fromEntries(
    (unfinished?.secretsNeeded ?? []).map((field) => [field.name, String(answers[field.name] ?? '')]),
  );
  let resumed = await second.runs.resume(prepared.runId, secrets);
  const failing = resumed.checks.filter((check) => check.status === 'fail').map((check) => check.id);
  const remedy = scenario.operatorRemedy;
  if (remedy && failing.some((id) => remedy.checks.includes(id))) {
    second.drill.restart(remedy.restartComputer);
    remedies.set(scenario.name, (remedies.get(scenario.name) ?? 0) + 1);
    resumed = await second.runs.resume(prepared.runId, secrets);
  }
  const resumedWarnings = resumed.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  expect(
    resumed.checks.filter((check) => check.status === 'fail'),
    label,
  ).toEqual([]);
  await second.runs.start(prepared.runId, resumedWarnings, scenario.confirmations);
  const done = await second.runs.settled(prepared.runId);
  expect(done.phase, `${label}: ${done.outcomeMessage ?? ''}`).toBe('succeeded');
  expect(second.runs.unfinished(), label).toEqual([]);
  if (scenario.kitFolder !== undefined) {
    expect(await kitOnSite(second, scenario.kitFolder), `${label}: the kit after the resumed run`).toEqual({
      falseClaims: [],
      problems: [],
    });
  }

  const after = readJournal(done.journalPath).slice(beforeResume.length);
  const completed = completedSteps(beforeResume, point.kind === 'before-finished' ? point.stepId : undefined);
  const repeated = restartedSteps(after).filter((stepId) => completed.has(stepId) && !scenario.idempotent(stepId));
  expect(repeated, `${label}: steps run again although their effect was there`).toEqual([]);
  return {
    label,
    runId: prepared.runId,
    state: second.drill.snapshot(),
    keychain: comparableKeychain(second.keychainEntries),
  };
}

describe.each(CRASH_SCENARIOS.filter((scenario) => new RegExp(process.env.CRASH_SCENARIO ?? '').test(scenario.name)))(
  'a crash at any point of "$name"',
  (scenario) => {
    it('ends as an uninterrupted run, repeating no step that is not harmless to repeat', async () => {
      const { site, answers } = await prepareScenario(scenario);
      const reference = wizardOn(site, { journals: copyJournals(site, crashDirectory('reference')) });
      const uninterrupted = await runThrough(reference, scenario.flowId, answers, scenario.confirmations);
      const records = readJournal(uninterrupted.journalPath);
      const expected = comparableSite(reference.drill.snapshot(), uninterrupted.runId);
      const expectedEffects = effects(reference.drill.snapshot());
      const expectedKeychain = comparableKeychain(reference.keychainEntries);
      if (scenario.kitFolder !== undefined) {
        expect(await kitOnSite(reference, scenario.kitFolder)).toEqual({ falseClaims: [], problems: [] });
      }

      const points: CrashPoint[] = [
        // Every record but the last ('run-finished') is a boundary where the process could die.
        ...records.slice(0, -1).map((_, index): CrashPoint => ({ kind: 'after-record', count: index + 1 })),
        ...records.flatMap((record): CrashPoint[] =>
          record.type === 'step-finished' ? [{ kind: 'before-finished', stepId: record.stepId }] : [],
        ),
      ];
      for (const point of points) {
        const { label, runId, state, keychain } = await attempt(scenario, site, answers, point);
        expect(effects(state), label).toEqual(expectedEffects);
        expect(comparableSite(state, runId), label).toEqual(expected);
        expect(keychain, `${label}: the keychain`).toEqual(expectedKeychain);
      }
      const acted = remedies.get(scenario.name);
      tried.push(
        `${scenario.name}: ${points.length} points, every end state equal to the uninterrupted run's${acted ? ` (the operator acted on a failed check at ${acted})` : ''}`,
      );
    }, 240_000);
  },
);

afterAll(() => {
  if (tried.length > 0) console.log(`In-process crash points tried:\n  ${tried.join('\n  ')}`);
});
