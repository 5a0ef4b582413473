import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../support/harness';
import { indexDrillKit } from '../../../support/drill-kit-index';

const KIT = '\\\\FS01\\RecoveryKit';

async function prepareAndRun(harness: Harness, flow: 'copy-kit' | 'verify-kit', answers: Record<string, string>) {
  const prepared = await harness.runs.prepare(flow, answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

async function indexedHarness(): Promise<Harness> {
  const harness = createHarness();
  await indexDrillKit(harness, KIT);
  return harness;
}

describe('copy the recovery kit to a drive (drill)', () => {
  it('copies the kit with progress in bytes, rate and time left; the copy verifies and carries the index', async () => {
    const harness = await indexedHarness();
    const copy = await prepareAndRun(harness, 'copy-kit', { sourceFolder: KIT, destinationFolder: 'E:\\RecoveryKit' });
    expect(copy.done?.phase).toBe('succeeded');
    const progress = harness.events.flatMap((event) =>
      event.type === 'step-progress' && event.runId === copy.prepared.runId ? [JSON.stringify(event)] : [],
    );
    expect(progress.some((line) => /Copied \d+\.\d GB of 5\d\.\d GB at \d+ MB\/s/.test(line))).toBe(true);
    expect(await harness.drill.host.kit.readIndex('E:\\RecoveryKit')).toEqual(
      await harness.drill.host.kit.readIndex(KIT),
    );
    const verify = await prepareAndRun(harness, 'verify-kit', { kitFolder: 'E:\\RecoveryKit' });
    expect(verify.done?.phase).toBe('succeeded');
  });

  it('a drive that fills up midway stops the copy with a clear error and leaves no index on it', async () => {
    const harness = await indexedHarness();
    harness.drill.inject({ kind: 'kit-drive-full', folder: 'F:\\', afterBytes: 20 * 1024 ** 3 });
    const copy = await prepareAndRun(harness, 'copy-kit', { sourceFolder: KIT, destinationFolder: 'F:\\RecoveryKit' });
    expect(copy.done?.phase).toBe('failed');
    expect(JSON.stringify(copy.done)).toContain('is full');
    expect(await harness.drill.host.kit.readIndex('F:\\RecoveryKit')).toBeNull();
    const listed = await harness.drill.host.kit.list('F:\\RecoveryKit');
    expect(listed.length).toBeGreaterThan(0);
    // What it holds is not a kit: Verify refuses it for want of an index.
    const verify = await prepareAndRun(harness, 'verify-kit', { kitFolder: 'F:\\RecoveryKit' });
    expect(verify.done).toBeNull();
  });

  it('a drive pulled out midway stops the copy, and the index an earlier copy left there is gone', async () => {
    const harness = await indexedHarness();
    expect(
      (await prepareAndRun(harness, 'copy-kit', { sourceFolder: KIT, destinationFolder: 'G:\\Kit' })).done?.phase,
    ).toBe('succeeded');
    // The kit is made again (a newer index), and copied onto the same drive, which is pulled out midway.
    const kit = harness.drill.host.kit;
    const index = await kit.readIndex(KIT);
    if (index === null) throw new Error('the kit lost its index');
    await kit.writeIndex(KIT, { ...index, finishedAt: '2026-12-02T08:30:00+01:00' });
    harness.drill.inject({ kind: 'kit-drive-removed', folder: 'G:\\Kit', afterBytes: 3 * 1024 ** 3 });
    const again = await harness.runs.prepare('copy-kit', { sourceFolder: KIT, destinationFolder: 'G:\\Kit' });
    await harness.runs.start(again.runId, [], {});
    const done = await harness.runs.settled(again.runId);
    expect(done.phase).toBe('failed');
    expect(JSON.stringify(done)).toContain('the drive was removed');
    expect(await harness.drill.host.kit.readIndex('G:\\Kit')).toBeNull();
  });
});
