import type { StepIo } from './types';

/**
 * BACKUP and RESTORE with `STATS = n` send "10 percent processed." as informational messages
 * while they run. Every message is shown as output; the percentages also drive the step's
 * progress bar. The real SQL client and the drill's simulated server both report through here.
 */

const percentProcessed = /^\s*(\d{1,3}) percent processed\.?\s*$/i;

function statsPercent(message: string): number | undefined {
  const match = percentProcessed.exec(message);
  if (!match) return undefined;
  const percent = Number(match[1]);
  return percent >= 0 && percent <= 100 ? percent : undefined;
}

export function relaySqlMessage(io: StepIo | undefined, message: string): void {
  if (!io) return;
  io.output(message);
  const percent = statsPercent(message);
  if (percent !== undefined) io.progress(percent, message.trim());
}
