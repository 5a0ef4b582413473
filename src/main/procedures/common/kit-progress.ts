import type { KitProgress, StepIo } from '../../host/types';
import { gigabytes } from './byte-sizes';

/** Hashing or copying progress as the operator reads it: bytes, rate and time left. */

const REPORT_EVERY_MS = 250;

export function kitProgress(io: Pick<StepIo, 'progress'>, verb: string, now: () => number = Date.now): KitProgress {
  const started = now();
  let reported = 0;
  return (done, total) => {
    const at = now();
    if (done < total && at - reported < REPORT_EVERY_MS) return;
    reported = at;
    const seconds = Math.max((at - started) / 1000, 0.001);
    const rate = done / seconds;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
    io.progress(
      total > 0 ? Math.floor((done / total) * 100) : 100,
      `${verb} ${gigabytes(done)} of ${gigabytes(total)} at ${(rate / 1e6).toFixed(0)} MB/s${left !== null && done < total ? `, about ${left} s left` : ''}`,
    );
  };
}
