import { describe, expect, it } from 'vitest';
import { HostError } from '../../../../../src/main/knowledge/failures';
import {
  createNodePowerShellExecutor,
  type PowerShellOutput,
  type PowerShellSession,
} from '../../../../../src/main/host/windows/powershell-runner';

interface Pending {
  command: string;
  session: number;
  answer(stdout?: string): void;
  fail(error: Error): void;
}

/**
 * Sessions that hold every command until the test answers it, so the test decides when calls
 * end and sees which session ran what, and how many ran at once.
 */
function fakeSessions(options: { failToStart?: number[] } = {}) {
  const pending: Pending[] = [];
  const started: string[] = [];
  const disposed: number[] = [];
  let created = 0;
  let running = 0;
  let mostAtOnce = 0;

  const createSession = (): PowerShellSession => {
    created += 1;
    const id = created;
    if (options.failToStart?.includes(id)) throw new Error(`session ${id} could not start`);
    return {
      invoke(command) {
        started.push(command);
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        return new Promise<PowerShellOutput>((resolve, reject) => {
          pending.push({
            command,
            session: id,
            answer: (stdout = `${command} done`) => {
              running -= 1;
              resolve({ stdout, stderr: '', hadErrors: false });
            },
            fail: (error) => {
              running -= 1;
              reject(error);
            },
          });
        });
      },
      async dispose() {
        disposed.push(id);
      },
    };
  };

  /** The pending command, once it has reached a session. */
  const next = async (command: string): Promise<Pending> => {
    for (let turn = 0; turn < 20; turn += 1) {
      const found = pending.find((entry) => entry.command === command);
      if (found) {
        pending.splice(pending.indexOf(found), 1);
        return found;
      }
      await Promise.resolve();
    }
    throw new Error(`${command} never reached a session`);
  };

  return {
    createSession,
    next,
    started,
    disposed,
    created: () => created,
    mostAtOnce: () => mostAtOnce,
  };
}

const settle = async (): Promise<void> => {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
};

describe('the PowerShell session pool', () => {
  it('runs at most `size` commands at once, starting sessions only as they are needed', async () => {
    const fake = fakeSessions();
    const executor = createNodePowerShellExecutor({ size: 3, createSession: fake.createSession });
    const commands = Array.from({ length: 10 }, (_, index) => `call ${index}`);
    const results = commands.map((command) => executor.invoke(command));
    await settle();
    expect(fake.started).toEqual(['call 0', 'call 1', 'call 2']);
    for (const command of commands) (await fake.next(command)).answer();
    expect((await Promise.all(results)).map((output) => output.stdout)).toEqual(
      commands.map((command) => `${command} done`),
    );
    expect(fake.mostAtOnce()).toBe(3);
    expect(fake.created()).toBe(3);
  });

  it('reuses one session for calls made one after another', async () => {
    const fake = fakeSessions();
    const executor = createNodePowerShellExecutor({ size: 4, createSession: fake.createSession });
    for (const command of ['a', 'b', 'c', 'd', 'e']) {
      const result = executor.invoke(command);
      const pending = await fake.next(command);
      expect(pending.session).toBe(1);
      pending.answer();
      await result;
    }
    expect(fake.created()).toBe(1);
  });

  it('starts waiting calls in the order they were made', async () => {
    const fake = fakeSessions();
    const executor = createNodePowerShellExecutor({ size: 1, createSession: fake.createSession });
    const results = ['first', 'second', 'third', 'fourth'].map((command) => executor.invoke(command));
    await settle();
    expect(fake.started).toEqual(['first']);
    for (const command of ['first', 'second', 'third']) {
      (await fake.next(command)).answer();
      await settle();
    }
    // A call made while others wait joins the end of the queue.
    const late = executor.invoke('late');
    (await fake.next('fourth')).answer();
    (await fake.next('late')).answer();
    await Promise.all([...results, late]);
    expect(fake.started).toEqual(['first', 'second', 'third', 'fourth', 'late']);
    expect(fake.mostAtOnce()).toBe(1);
  });

  it('disposes a session whose command failed and starts a fresh one for the next call', async () => {
    const fake = fakeSessions();
    const executor = createNodePowerShellExecutor({ size: 2, createSession: fake.createSession });
    const broken = executor.invoke('wedged');
    (await fake.next('wedged')).fail(new Error('the pipe is broken'));
    const error: unknown = await broken.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'script', details: 'Error: the pipe is broken' });
    expect(fake.disposed).toEqual([1]);

    const healthy = executor.invoke('after');
    const pending = await fake.next('after');
    expect(pending.session).toBe(2);
    pending.answer();
    expect((await healthy).stdout).toBe('after done');
  });

  it('reports a session that cannot start as a HostError and tries again on the next call', async () => {
    const fake = fakeSessions({ failToStart: [1] });
    const executor = createNodePowerShellExecutor({ size: 1, createSession: fake.createSession });
    await expect(executor.invoke('first')).rejects.toMatchObject({ code: 'script' });
    const second = executor.invoke('second');
    (await fake.next('second')).answer();
    expect((await second).stdout).toBe('second done');
    expect(fake.created()).toBe(2);
  });

  it('closes every session on dispose and refuses calls that wait or come later', async () => {
    const fake = fakeSessions();
    const executor = createNodePowerShellExecutor({ size: 2, createSession: fake.createSession });
    const idle = executor.invoke('idle');
    (await fake.next('idle')).answer();
    await idle;
    const firstBusy = executor.invoke('busy 1');
    const secondBusy = executor.invoke('busy 2');
    const queued = executor.invoke('queued');
    await settle();
    expect(fake.created()).toBe(2);

    await executor.dispose();
    expect([...fake.disposed].sort()).toEqual([1, 2]);
    await expect(queued).rejects.toMatchObject({ code: 'script' });
    await expect(executor.invoke('later')).rejects.toMatchObject({ code: 'script' });

    // Calls already running end as their closed sessions make them end.
    (await fake.next('busy 1')).fail(new Error('closed'));
    (await fake.next('busy 2')).answer();
    await expect(firstBusy).rejects.toMatchObject({ message: 'The Windows PowerShell sessions have been closed.' });
    expect((await secondBusy).stdout).toBe('busy 2 done');
    expect(fake.started).not.toContain('queued');
    expect(fake.created()).toBe(2);
  });

  it('refuses a pool without sessions', () => {
    expect(() => createNodePowerShellExecutor({ size: 0 })).toThrow(RangeError);
  });
});
