import { describe, expect, it } from 'vitest';
import { kitProgress } from '../../../../../src/main/procedures/common/kit-progress';

const GB = 1024 ** 3;

function recorder() {
  const said: [number, string][] = [];
  let clock = 0;
  const io = { progress: (percent = 0, text = '') => void said.push([percent, text]) };
  return { said, io, now: () => clock, advance: (ms: number) => (clock += ms) };
}

describe('kitProgress', () => {
  it('states a rate and the time left only once it has measured for a second', () => {
    const { said, io, now, advance } = recorder();
    const progress = kitProgress(io, 'Hashed', now);
    advance(500);
    progress(1 * GB, 4 * GB);
    advance(1500);
    progress(2 * GB, 4 * GB);
    advance(2000);
    progress(4 * GB, 4 * GB);
    expect(said).toEqual([
      [25, `Hashed 1.0 GB of 4.0 GB`],
      [50, `Hashed 2.0 GB of 4.0 GB at 1024 MB/s, about 2 s left`],
      [100, `Hashed 4.0 GB of 4.0 GB at 1024 MB/s`],
    ]);
  });

  it('says a kit hashed at once was done in under a second, never an absurd rate', () => {
    const { said, io, now, advance } = recorder();
    const progress = kitProgress(io, 'Copied', now);
    advance(1);
    progress(56 * GB, 56 * GB);
    expect(said).toEqual([[100, 'Copied 56.0 GB of 56.0 GB in under a second']]);
  });

  it('reports at most four times a second until the last bytes', () => {
    const { said, io, now, advance } = recorder();
    const progress = kitProgress(io, 'Verified', now);
    for (let file = 1; file <= 10; file += 1) {
      advance(100);
      progress(file * GB, 10 * GB);
    }
    expect(said.map(([percent]) => percent)).toEqual([10, 40, 70, 100]);
  });
});
