import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OperatorError } from '../../../../src/main/engine/errors';
import type { FlowDefinition, StepDefinition } from '../../../../src/main/engine/flow-types';
import { readJournal } from '../../../../src/main/engine/journal';
import { createHarness, PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS } from '../../support/harness';
import { memoryKeychain } from '../../support/memory-keychain';

/** A small flow made for the engine's own tests: three steps, a secret, a controllable check. */
function testFlow(options: {
  checkStatus?: 'pass' | 'warn' | 'fail';
  failStep?: string;
  log: string[];
  stepDelayMs?: number;
  destructive?: boolean;
}): FlowDefinition<{ target: string; password: string }> {
  const step = (id: string): StepDefinition => ({
    id,
    title: `Step ${id}`,
    commands: [
      { kind: 'powershell', computer: 'HOST', script: 'Do-Thing.ps1', args: { Id: id, Password: '********' } },
    ],
    destructive: options.destructive && id === 'b' ? { warning: 'Deletes things.', confirmWord: 'DELETE' } : undefined,
    isDone: async () => options.log.includes(`ran:${id}`),
    run: async (_ctx, io) => {
      options.log.push(`ran:${id}`);
      io.output(`step ${id} used the password hunter2-$(rm -rf)'"%`);
      if (options.stepDelayMs) await new Promise((r) => setTimeout(r, options.stepDelayMs));
      if (options.failStep === id) {
        options.failStep = undefined;
        throw new OperatorError('it broke with hunter2-$(rm -rf)\'"%', 'details hunter2-$(rm -rf)\'"%');
      }
    },
  });
  return {
    id: 'promote-management-server',
    title: 'Engine test flow',
    scenario: 'test',
    summary: 'test',
    source: 'test',
    answers: z.object({ target: z.string().min(1, 'enter a target'), password: z.string().min(8) }),
    secretFields: ['password'],
    unavailableReason: () => null,
    pages: () => [],
    defaults: async () => ({}),
    summarize: (answers) => [{ label: 'Target', value: answers.target }],
    checks: () => [
      { id: 'first', title: 'First check', run: async () => ({ status: 'pass' }) },
      {
        id: 'second',
        title: 'Second check',
        run: async () => ({ status: options.checkStatus ?? 'pass', expected: 'x', found: 'y', remedy: 'do z' }),
      },
      {
        id: 'throws',
        title: 'A check that cannot complete',
        run: async () => {
          if (options.checkStatus === 'fail') throw new Error('network down');
          return { status: 'pass' };
        },
      },
    ],
    steps: async () => [step('a'), step('b'), step('c')],
    verify: () => [{ id: 'verified', title: 'Verified', run: async () => ({ status: 'pass' }) }],
  };
}

const SECRET = 'hunter2-$(rm -rf)\'"%';
const ANSWERS = { target: 'SCSM02', password: SECRET };

describe('run manager', () => {
  it('runs checks, then steps in order, then verification, and journals each in that order', async () => {
    const log: string[] = [];
    const { runs, events } = createHarness({ flows: [testFlow({ log })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    expect(prepared.phase).toBe('ready');
    expect(log).toEqual([]);
    await runs.start(prepared.runId, [], {});
    const done = await runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    expect(log).toEqual(['ran:a', 'ran:b', 'ran:c']);
    const types = readJournal(done.journalPath).map((r) => ('stepId' in r ? `${r.type}:${r.stepId}` : r.type));
    expect(types).toEqual([
      'run-started',
      'checks',
      'confirmed',
      'step-started:a',
      'step-output:a',
      'step-finished:a',
      'step-started:b',
      'step-output:b',
      'step-finished:b',
      'step-started:c',
      'step-output:c',
      'step-finished:c',
      'verification',
      'run-finished',
    ]);
    const eventTypes = events.map((e) => e.type);
    expect(eventTypes.indexOf('step-started')).toBeLessThan(eventTypes.indexOf('step-finished'));
    expect(eventTypes.at(-1)).toBe('run-finished');
  });

  it('rejects answers that do not match the flow, naming the field', async () => {
    const { runs } = createHarness({ flows: [testFlow({ log: [] })] });
    await expect(runs.prepare('promote-management-server', { target: '', password: SECRET })).rejects.toThrow(
      /target: enter a target/,
    );
  });

  it('a failed check blocks the run, and a check that throws counts as failed with the reason', async () => {
    const log: string[] = [];
    const { runs } = createHarness({ flows: [testFlow({ checkStatus: 'fail', log })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    expect(prepared.checks.find((c) => c.id === 'throws')).toMatchObject({
      status: 'fail',
      found: 'The check could not be completed: network down',
    });
    await expect(runs.start(prepared.runId, ['second'], {})).rejects.toThrow(/A failed check blocks the run/);
    expect(log).toEqual([]);
  });

  it('a warning needs an acknowledgement before the run starts', async () => {
    const { runs } = createHarness({ flows: [testFlow({ checkStatus: 'warn', log: [] })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await expect(runs.start(prepared.runId, [], {})).rejects.toThrow(/acknowledge each warning first: Second check/);
    await runs.start(prepared.runId, ['second'], {});
    expect((await runs.settled(prepared.runId)).phase).toBe('succeeded');
  });

  it('a Summary checked again replaces the prepared run before it, with the passwords it held', async () => {
    const { runs } = createHarness({ flows: [testFlow({ log: [] })] });
    const first = await runs.prepare('promote-management-server', ANSWERS);
    const second = await runs.prepare('promote-management-server', ANSWERS);
    await expect(runs.start(first.runId, [], {})).rejects.toThrow(/is not open in this window/);
    expect(runs.get(second.runId).phase).toBe('ready');
  });

  it('a destructive step needs its confirmation word typed exactly', async () => {
    const { runs } = createHarness({ flows: [testFlow({ destructive: true, log: [] })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await expect(runs.start(prepared.runId, [], { b: 'delete' })).rejects.toThrow(/Type DELETE to confirm "Step b"/);
    await runs.start(prepared.runId, [], { b: ' DELETE ' });
    expect((await runs.settled(prepared.runId)).phase).toBe('succeeded');
  });

  it('cancel takes effect between steps: the running step finishes, the next does not start', async () => {
    const log: string[] = [];
    const { runs } = createHarness({ flows: [testFlow({ log, stepDelayMs: 50 })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await runs.start(prepared.runId, [], {});
    await new Promise((r) => setTimeout(r, 10));
    runs.cancel(prepared.runId);
    const cancelled = await runs.settled(prepared.runId);
    expect(cancelled.phase).toBe('cancelled');
    expect(log).toEqual(['ran:a']);
    expect(cancelled.steps.map((s) => s.state)).toEqual(['done', 'pending', 'pending']);
    expect(runs.unfinished().map((r) => r.runId)).toContain(prepared.runId);
  });

  it('never writes a secret to the journal, the plan text or the snapshot', async () => {
    const log: string[] = [];
    const { runs } = createHarness({ flows: [testFlow({ failStep: 'b', log })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await runs.start(prepared.runId, [], {});
    const failed = await runs.settled(prepared.runId);
    expect(failed.phase).toBe('failed');
    expect(failed.steps[1]?.error?.message).toBe('it broke with ********');
    await runs.retry(prepared.runId);
    const done = await runs.settled(prepared.runId);
    expect(done.phase).toBe('succeeded');
    const journalText = readFileSync(done.journalPath, 'utf8');
    expect(journalText).toContain('********');
    for (const form of [SECRET, JSON.stringify(SECRET).slice(1, -1), 'hunter2']) {
      expect(journalText).not.toContain(form);
      expect(JSON.stringify(done)).not.toContain(form);
      expect(runs.planText(prepared.runId)).not.toContain(form);
    }
    expect(readJournal(done.journalPath)[0]).toMatchObject({ type: 'run-started', answers: { target: 'SCSM02' } });
  });

  it('masks a password a step reads from the keychain wherever the run records or shows text', async () => {
    const remembered = 'kept-in-the-keychain-Pa55!"\\';
    const keychain = memoryKeychain();
    await keychain.set('remembered-key', remembered);
    const flow = testFlow({ log: [] });
    const echoing: FlowDefinition<{ target: string; password: string }> = {
      ...flow,
      steps: async () => [
        {
          id: 'uses-remembered',
          title: 'Uses the remembered password',
          commands: [],
          isDone: async () => false,
          run: async (ctx, io) => {
            const secret = (await ctx.keychain.get('remembered-key')) ?? '';
            io.output(`the tool echoed ${secret}`);
            io.progress(50, `still using ${secret}`);
            throw new OperatorError(`refused ${secret}`, `details ${secret}`);
          },
        },
      ],
    };
    const { runs } = createHarness({ flows: [echoing], keychain });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await runs.start(prepared.runId, [], {});
    const failed = await runs.settled(prepared.runId);
    expect(failed.steps[0]?.error?.message).toBe('refused ********');
    expect(failed.steps[0]?.output).toContain('the tool echoed ********');
    const journalText = readFileSync(failed.journalPath, 'utf8');
    for (const form of [remembered, JSON.stringify(remembered).slice(1, -1), 'kept-in-the-keychain']) {
      expect(journalText).not.toContain(form);
      expect(JSON.stringify(failed)).not.toContain(form);
    }
    // The flow's own context, outside the run, still answers with the password itself.
    expect(await keychain.get('remembered-key')).toBe(remembered);
  });

  it('abandoning a failed run records why and removes it from the unfinished list', async () => {
    const { runs } = createHarness({ flows: [testFlow({ failStep: 'a', log: [] })] });
    const prepared = await runs.prepare('promote-management-server', ANSWERS);
    await runs.start(prepared.runId, [], {});
    await runs.settled(prepared.runId);
    expect(runs.unfinished()[0]).toMatchObject({
      runId: prepared.runId,
      failedStep: 'Step a',
      stepsDone: 0,
      stepsTotal: 3,
    });
    const abandoned = runs.abandon(prepared.runId, 'Restoring the server from a VM snapshot instead');
    expect(abandoned.phase).toBe('abandoned');
    expect(readJournal(abandoned.journalPath).at(-1)).toMatchObject({
      type: 'run-abandoned',
      reason: 'Restoring the server from a VM snapshot instead',
    });
    expect(runs.unfinished()).toEqual([]);
  });

  it('a resumed promote run shows the journaled steps as done and asks again only for what is left', async () => {
    const { runs, drill } = createHarness();
    drill.inject({
      kind: 'operation-fails',
      operation: 'sql.promote-active-workflow-server',
      times: 1,
      message: 'Timeout expired',
    });
    const prepared = await runs.prepare('promote-management-server', PROMOTE_ANSWERS);
    await runs.start(prepared.runId, [], PROMOTE_CONFIRMATIONS);
    expect((await runs.settled(prepared.runId)).phase).toBe('failed');
    const resumed = await runs.resume(prepared.runId);
    expect(resumed.steps.map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    // The folder is gone, so its deletion needs no new confirmation.
    expect(resumed.plan.find((s) => s.id === 'delete-health-service-state')?.alreadyDone).toBe(true);
    await runs.start(prepared.runId, [], {});
    expect((await runs.settled(prepared.runId)).phase).toBe('succeeded');
  });
});
