import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OperatorError } from '../../../../src/main/engine/errors';
import type { FlowDefinition, StepDefinition } from '../../../../src/main/engine/flow-types';
import { readJournal, type StampedRecord } from '../../../../src/main/engine/journal';
import { createHarness, tempDirectory } from '../../support/harness';
import { crashingJournal } from '../../support/crashing-journal';

const FLOW_ID = 'promote-management-server';
const SERVERS = 50;
const LIMIT = 10;
const STEP_MS = 100;

/**
 * A stand-in for the site: which servers are reconfigured, which steps run now, and how each
 * step should behave. Steps are idempotent against it, as real steps are against a site.
 */
class FakeSite {
  readonly configured = new Set<string>();
  readonly runs = new Map<string, number>();
  readonly startedAt = new Map<string, number>();
  active = 0;
  maxActive = 0;
  /** How many more times each step throws before it works. */
  readonly failures = new Map<string, number>();
  /** Steps that fail at once, without waiting, so the block is still running their siblings. */
  readonly failFast = new Set<string>();

  resetConcurrency(): void {
    this.maxActive = 0;
    this.active = 0;
  }

  async reconfigure(id: string, log: (line: string) => void): Promise<void> {
    this.runs.set(id, (this.runs.get(id) ?? 0) + 1);
    this.startedAt.set(id, Date.now());
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const left = this.failures.get(id) ?? 0;
      if (!this.failFast.has(id) || left === 0) await new Promise((resolve) => setTimeout(resolve, STEP_MS));
      if (left > 0) {
        this.failures.set(id, left - 1);
        throw new OperatorError(`${id} did not answer on port 5985.`);
      }
      this.configured.add(id);
      // After the change, as a real script reports it: a journal that breaks here loses only the record.
      log(`reconfigured ${id}`);
    } finally {
      this.active -= 1;
    }
  }
}

const serverId = (n: number) => `server-${String(n).padStart(2, '0')}`;

function serverStep(site: FakeSite, n: number, options: { continueOnFailure?: boolean } = {}): StepDefinition {
  const id = serverId(n);
  return {
    id,
    title: `Reconfigure runbook server ${String(n).padStart(2, '0')}`,
    commands: [{ kind: 'powershell', computer: id, script: 'Set-RunbookServer.ps1', args: {} }],
    continueOnFailure: options.continueOnFailure ?? true,
    parallel: { group: 'runbook-servers', limit: LIMIT },
    isDone: async () => site.configured.has(id),
    run: async (_ctx, io) => {
      io.progress(undefined, `Connecting to ${id}`);
      await site.reconfigure(id, (line) => io.output(line));
    },
  };
}

function sequentialStep(site: FakeSite, id: string): StepDefinition {
  return {
    id,
    title: `Step ${id}`,
    commands: [{ kind: 'powershell', computer: 'ORCH01', script: 'Do-Thing.ps1', args: {} }],
    isDone: async () => site.configured.has(id),
    run: async (_ctx, io) => site.reconfigure(id, (line) => io.output(line)),
  };
}

function parallelFlow(
  site: FakeSite,
  options: { hardFailure?: number; around?: boolean; limit?: number } = {},
): FlowDefinition<Record<string, never>> {
  const servers = Array.from({ length: SERVERS }, (_, i) => {
    const step = serverStep(site, i + 1, { continueOnFailure: options.hardFailure !== i + 1 });
    return options.limit === undefined
      ? step
      : { ...step, parallel: { group: 'runbook-servers', limit: options.limit } };
  });
  return {
    id: FLOW_ID,
    title: 'Parallel test flow',
    scenario: 'test',
    summary: 'test',
    source: 'test',
    answers: z.object({}),
    secretFields: [],
    unavailableReason: () => null,
    pages: () => [],
    defaults: async () => ({}),
    summarize: () => [],
    checks: () => [],
    steps: async () =>
      options.around ? [sequentialStep(site, 'before'), ...servers, sequentialStep(site, 'after')] : servers,
    verify: () => [{ id: 'verified', title: 'Verified', run: async () => ({ status: 'pass' }) }],
  };
}

const stepRecords = (records: StampedRecord[], type: StampedRecord['type']) =>
  records.flatMap((record) => (record.type === type && 'stepId' in record ? [record.stepId] : []));

async function startRun(site: FakeSite, flowOptions: Parameters<typeof parallelFlow>[1] = {}) {
  const harness = createHarness({ flows: [parallelFlow(site, flowOptions)] });
  const prepared = await harness.runs.prepare(FLOW_ID, {});
  await harness.runs.start(prepared.runId, [], {});
  return { ...harness, runId: prepared.runId };
}

describe('steps of a parallel group', () => {
  it(`runs ${SERVERS} servers ${LIMIT} at once, in about the time of ${SERVERS / LIMIT} servers`, async () => {
    const site = new FakeSite();
    const began = Date.now();
    const { runs, runId } = await startRun(site);
    const done = await runs.settled(runId);
    const elapsed = Date.now() - began;

    expect(done.phase).toBe('succeeded');
    expect(site.maxActive).toBe(LIMIT);
    expect(elapsed).toBeGreaterThanOrEqual((SERVERS / LIMIT) * STEP_MS);
    expect(elapsed).toBeLessThan((SERVERS * STEP_MS) / 2);
    expect(done.steps.map((step) => step.state)).toEqual(Array(SERVERS).fill('done'));
    expect([...site.runs.values()]).toEqual(Array(SERVERS).fill(1));

    const records = readJournal(done.journalPath);
    const ids = Array.from({ length: SERVERS }, (_, i) => serverId(i + 1));
    expect(stepRecords(records, 'step-finished').sort()).toEqual(ids);
    expect(stepRecords(records, 'step-started').sort()).toEqual(ids);
    // Steps start in plan order as workers free up, and their records interleave.
    expect(stepRecords(records, 'step-started')).toEqual(ids);
    expect(records.at(-1)?.type).toBe('run-finished');
  });

  it('runs the steps around a block one at a time, before and after the whole block', async () => {
    const site = new FakeSite();
    const { runs, runId } = await startRun(site, { around: true });
    const done = await runs.settled(runId);
    expect(done.phase).toBe('succeeded');
    const types = readJournal(done.journalPath).flatMap((record) =>
      record.type === 'step-started' || record.type === 'step-finished' ? [`${record.type}:${record.stepId}`] : [],
    );
    expect(types.slice(0, 2)).toEqual(['step-started:before', 'step-finished:before']);
    expect(types.slice(-2)).toEqual(['step-started:after', 'step-finished:after']);
    expect(site.maxActive).toBe(LIMIT);
  });

  it('goes on past an unreachable server, ends failed naming it, and Retry runs only that one', async () => {
    const site = new FakeSite();
    site.failures.set(serverId(17), 1);
    const { runs, runId } = await startRun(site);
    const failed = await runs.settled(runId);

    expect(failed.phase).toBe('failed');
    expect(failed.outcomeMessage).toMatch(
      /^1 of 50 steps failed: Reconfigure runbook server 17\. The others are done; .* select Retry/,
    );
    expect(failed.steps.filter((step) => step.state === 'done')).toHaveLength(SERVERS - 1);
    expect(failed.steps[16]).toMatchObject({
      state: 'failed',
      error: { message: 'server-17 did not answer on port 5985.' },
    });
    expect(runs.unfinished()[0]).toMatchObject({ runId, failedStep: 'Reconfigure runbook server 17' });

    await runs.retry(runId);
    const done = await runs.settled(runId);
    expect(done.phase).toBe('succeeded');
    expect(site.runs.get(serverId(17))).toBe(2);
    expect([...site.runs.entries()].filter(([id]) => id !== serverId(17)).every(([, count]) => count === 1)).toBe(true);
    expect(done.steps.every((step) => step.state === 'done')).toBe(true);
  });

  it('retries the failed steps of a block in parallel again', async () => {
    const site = new FakeSite();
    const failing = Array.from({ length: 20 }, (_, i) => serverId(i * 2 + 1));
    for (const id of failing) site.failures.set(id, 1);
    const { runs, runId } = await startRun(site);
    const failed = await runs.settled(runId);
    expect(failed.outcomeMessage).toMatch(/^20 of 50 steps failed: /);

    site.resetConcurrency();
    const recordsBefore = readJournal(failed.journalPath).length;
    const began = Date.now();
    await runs.retry(runId);
    const done = await runs.settled(runId);
    const elapsed = Date.now() - began;
    expect(done.phase).toBe('succeeded');
    expect(site.maxActive).toBe(LIMIT);
    expect(elapsed).toBeLessThan((failing.length * STEP_MS) / 2);
    const retried = readJournal(done.journalPath).slice(recordsBefore);
    expect(stepRecords(retried, 'step-started').sort()).toEqual(failing);
  });

  it('stops starting steps after a failure without continueOnFailure, once the running ones finish', async () => {
    const site = new FakeSite();
    site.failures.set(serverId(5), 1);
    site.failFast.add(serverId(5));
    const { runs, runId } = await startRun(site, { hardFailure: 5, around: true });
    const failed = await runs.settled(runId);

    expect(failed.phase).toBe('failed');
    expect(failed.outcomeMessage).toBe(
      'Step failed: Reconfigure runbook server 05. server-05 did not answer on port 5985.',
    );
    expect(site.active).toBe(0);
    const states = failed.steps.map((step) => step.state);
    // 'before', then the first batch: its other nine steps were running and were let finish.
    expect(states.slice(0, LIMIT + 1)).toEqual([
      'done',
      ...Array.from({ length: LIMIT }, (_, i) => (i === 4 ? 'failed' : 'done')),
    ]);
    expect(states.slice(LIMIT + 1)).toEqual(Array(SERVERS - LIMIT + 1).fill('pending'));
    expect(site.runs.has('after')).toBe(false);

    await runs.retry(runId);
    expect((await runs.settled(runId)).phase).toBe('succeeded');
    expect([...site.runs.values()].every((count) => count === 1 || count === 2)).toBe(true);
    expect(site.runs.get(serverId(5))).toBe(2);
  });

  it('on Cancel starts no more steps of the block, lets the running ones finish, and resumes the rest', async () => {
    const site = new FakeSite();
    const { runs, runId, journalDirectory } = await startRun(site);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS * 1.5));
    const cancelledAt = Date.now();
    const cancelling = runs.cancel(runId);
    expect(cancelling.phase).toBe('running');
    const cancelled = await runs.settled(runId);

    expect(cancelled.phase).toBe('cancelled');
    expect(site.active).toBe(0);
    expect([...site.startedAt.values()].every((at) => at <= cancelledAt)).toBe(true);
    const done = cancelled.steps.filter((step) => step.state === 'done').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(SERVERS);
    expect(cancelled.steps.slice(done).every((step) => step.state === 'pending')).toBe(true);
    const records = readJournal(cancelled.journalPath);
    expect(stepRecords(records, 'step-finished').sort()).toEqual(stepRecords(records, 'step-started').sort());
    expect(records.at(-1)?.type).toBe('run-cancelled');

    const second = createHarness({ flows: [parallelFlow(site)], journalDirectory });
    const resumed = await second.runs.resume(runId);
    expect(resumed.steps.filter((step) => step.state === 'done')).toHaveLength(done);
    await second.runs.start(runId, [], {});
    expect((await second.runs.settled(runId)).phase).toBe('succeeded');
    expect([...site.runs.values()]).toEqual(Array(SERVERS).fill(1));
  });

  it('stops once the running steps finish when the journal breaks in a block, and resumes from it', async () => {
    const site = new FakeSite();
    const journalDirectory = tempDirectory('parallel-crash');
    // run-started, checks, confirmed, then 40 step records: the crash comes mid-block.
    const first = createHarness({
      flows: [parallelFlow(site)],
      journalDirectory,
      openJournal: crashingJournal(43),
    });
    const prepared = await first.runs.prepare(FLOW_ID, {});
    await first.runs.start(prepared.runId, [], {});
    const crashed = await first.runs.settled(prepared.runId);

    expect(crashed.phase).toBe('failed');
    expect(crashed.outcomeMessage).toMatch(/journal could not be written/);
    expect(site.active).toBe(0);
    expect(crashed.steps.some((step) => step.state === 'running')).toBe(false);
    const ranBeforeCrash = site.runs.size;
    expect(ranBeforeCrash).toBeGreaterThan(0);
    expect(ranBeforeCrash).toBeLessThan(SERVERS);
    const journaled = stepRecords(readJournal(crashed.journalPath), 'step-finished');

    const second = createHarness({ flows: [parallelFlow(site)], journalDirectory });
    const resumed = await second.runs.resume(prepared.runId);
    expect(
      resumed.steps
        .filter((step) => step.state === 'done')
        .map((step) => step.id)
        .sort(),
    ).toEqual([...journaled].sort());
    // Servers that were reconfigured but not journaled as finished are seen to be done.
    expect(resumed.plan.filter((step) => step.alreadyDone).length).toBe(ranBeforeCrash);
    await second.runs.start(prepared.runId, [], {});
    const done = await second.runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect([...site.runs.values()]).toEqual(Array(SERVERS).fill(1));
    expect(second.runs.unfinished()).toEqual([]);
  });

  it('refuses a plan whose parallel limit is not a whole number of at least 1', async () => {
    const { runs } = createHarness({ flows: [parallelFlow(new FakeSite(), { limit: 0 })] });
    const prepared = await runs.prepare(FLOW_ID, {});
    expect(prepared.checks.find((check) => check.id === 'plan')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(
        /Reconfigure runbook server 01.*at most 0 at once; the limit must be a whole number/,
      ),
    });
  });
});
