import { formatTaken } from '../../../shared/local-time';
import type { FlowContext } from '../../engine/flow-types';

/**
 * A backup's or a key file's date as the pages show it, in this computer's time zone, with its
 * age against the site's clock: "2026-10-30 02:42:17 CET (UTC+01:00), taken 33 days ago". An
 * operator restoring from it sees at once how much work since then is lost.
 */
export function takenAt(ctx: FlowContext, iso: string, verb = 'taken'): string {
  return formatTaken(iso, ctx.host.system.now(), undefined, verb);
}
