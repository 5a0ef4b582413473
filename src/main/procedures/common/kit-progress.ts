import type { KitProgress, StepIo } from '../../host/types';
import { gigabytes } from './byte-sizes';

/** Hashing or copying progress as the operator reads it: bytes, rate and time left. */

const REPORT_EVERY_MS = 250;
/**
 * A rate measured over less than this says nothing: a drill's kit, or a few small files, finish in
 * a millisecond, and "56380731 MB/s" is what the page showed then.
 */
const MEASURED_AFTER_MS = 1000;

export function kitProgress(io: Pick<StepIo, 'progress'>, verb: string, now: () => number = Date.now): KitProgress {
  const started = now();
  let reported = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const at = now();
    if (done < total && at - reported < REPORT_EVERY_MS) return;
    reported = at;
    const elapsed = at - started;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const amount = `${verb} ${gigabytes(done)} of ${gigabytes(total)}`;
    if (elapsed < MEASURED_AFTER_MS) {
      io.progress(percent, done < total ? amount : `${amount} in under a second`);
      return;
    }
    const rate = done / (elapsed / 1000);
    const left = done < total && rate > 0 ? `, about ${Math.ceil((total - done) / rate)} s left` : '';
    // In the units of gigabytes() above: 1024 × 1024 bytes, as Explorer counts them.
    io.progress(percent, `${amount} at ${(rate / 1024 ** 2).toFixed(0)} MB/s${left}`);
  };
}
