import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../../../src/main/engine/journal';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import type { DrillSiteState } from '../../../../../src/shared/drill-contract';
import {
  createHarness,
  PROMOTE_ANSWERS,
  PROMOTE_CONFIRMATIONS,
  PROMOTE_STEP_IDS,
  sampleManifest,
  tempDirectory,
} from '../../../support/harness';
import { crashingJournal } from '../../../support/crashing-journal';

/** The parts of the site a promotion changes; run ids and timings are left out on purpose. */
function siteOutcome(state: DrillSiteState) {
  return {
    computers: state.computers.map((c) => ({ name: c.name, services: c.services, folders: [...c.folders].sort() })),
    activeWorkflowServer: state.sqlServers.flatMap((s) => s.databases).find((d) => d.name === 'ServiceManager')
      ?.activeWorkflowServer,
  };
}

async function uninterruptedRun() {
  const directory = tempDirectory('uninterrupted');
  const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath: join(directory, 'site.json') });
  const { runs } = createHarness({ drill, journalDirectory: join(directory, 'journals') });
  const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
  await runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
  const done = await runs.settled(prepared.runId);
  expect(done.phase).toBe('succeeded');
  return { state: drill.snapshot(), records: readJournal(done.journalPath) };
}

describe('resume after an interruption', () => {
  it('reaches the same end state from a crash at every journal boundary of the promote flow', async () => {
    const reference = await uninterruptedRun();
    // Every record but the last ('run-finished') is a boundary where the process could die.
    const boundaries = reference.records.length - 1;
    expect(boundaries).toBeGreaterThan(20);
    const stepBoundaries = new Set<string>();

    for (let crashAfter = 1; crashAfter <= boundaries; crashAfter += 1) {
      const directory = tempDirectory(`crash-${crashAfter}`);
      const statePath = join(directory, 'site.json');
      const journals = join(directory, 'journals');
      const first = createHarness({
        drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath }),
        journalDirectory: journals,
        openJournal: crashingJournal(crashAfter),
      });
      const prepared = await first.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
      await first.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
      const crashed = await first.runs.settled(prepared.runId);
      expect(crashed.phase, `crash after record ${crashAfter}`).toBe('failed');
      expect(crashed.outcomeMessage).toMatch(/journal could not be written/);
      const lastRecord = readJournal(crashed.journalPath).at(-1);
      if (lastRecord && 'stepId' in lastRecord) stepBoundaries.add(`${lastRecord.type}:${lastRecord.stepId}`);

      // A new process: the simulated site is read back from disk, the run from its journal.
      const second = createHarness({
        drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath }),
        journalDirectory: journals,
      });
      const unfinished = second.runs.unfinished();
      expect(unfinished.map((run) => run.runId)).toEqual([prepared.runId]);
      const resumed = await second.runs.resume(prepared.runId);
      expect(resumed.resumed).toBe(true);
      const finishedBefore = resumed.steps.filter((s) => s.state === 'done').map((s) => s.id);
      await second.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
      const done = await second.runs.settled(prepared.runId);
      expect(done.phase, `resume after crash at record ${crashAfter}`).toBe('succeeded');
      expect(siteOutcome(second.drill.snapshot()), `end state after crash at record ${crashAfter}`).toEqual(
        siteOutcome(reference.state),
      );

      // Steps the journal recorded as finished were not run again.
      const rerun = readJournal(done.journalPath)
        .slice(readJournal(crashed.journalPath).length)
        .filter((r) => r.type === 'step-started')
        .map((r) => ('stepId' in r ? r.stepId : ''));
      expect(rerun.filter((id) => finishedBefore.includes(id))).toEqual([]);
      expect(second.runs.unfinished()).toEqual([]);
    }
    // Every step was interrupted both just after it started and just after it finished.
    for (const step of PROMOTE_STEP_IDS) {
      expect(stepBoundaries).toContain(`step-started:${step}`);
      expect(stepBoundaries).toContain(`step-finished:${step}`);
    }
  });

  it('finishes a run whose last journal line the crash tore, and lists it as unfinished no more', async () => {
    const directory = tempDirectory('torn');
    const statePath = join(directory, 'site.json');
    const journals = join(directory, 'journals');
    const first = createHarness({
      drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath }),
      journalDirectory: journals,
      openJournal: crashingJournal(12),
    });
    const prepared = await first.runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await first.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    const crashed = await first.runs.settled(prepared.runId);
    // The process died writing its next record: half of it reached the disk.
    appendFileSync(crashed.journalPath, '{"at":"2026-11-22T04:15:01.000Z","type":"step-fin');
    const kept = readJournal(crashed.journalPath).length;

    const second = createHarness({
      drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath }),
      journalDirectory: journals,
    });
    await second.runs.resume(prepared.runId);
    await second.runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    expect((await second.runs.settled(prepared.runId)).phase).toBe('succeeded');
    const records = readJournal(crashed.journalPath);
    expect(records.length).toBeGreaterThan(kept + 3);
    expect(records.at(-1)?.type).toBe('run-finished');
    // A third start of the wizard finds nothing left to resume.
    const third = createHarness({
      drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, statePath }),
      journalDirectory: journals,
    });
    expect(third.runs.unfinished()).toEqual([]);
  });
});
