/**
 * Times as the operator reads them, on the pages and in the reports alike: the date and the clock of that time
 * zone, its abbreviation where one is in use (CET, EST, IST) or else its name (Asia/Tokyo), and
 * its offset from UTC at that moment, e.g. "2026-12-02 09:14:03 CET (UTC+01:00)". The offset is
 * worked out for each moment, so times on both sides of a change to summer time read right.
 */

/** English locales whose short zone names differ: the first that gives an abbreviation, not "GMT+1", names the zone. */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-CA', 'en-NZ', 'en-ZA', 'en-IE'];
const NUMERIC_NAME = /^(GMT|UTC)[+\-\u2212]/;

export interface LocalTime {
  /** The IANA name of the zone the times are in. */
  readonly timeZone: string;
  /** "2026-12-02 09:14:03 CET (UTC+01:00)" */
  format(at: number): string;
  /** "09:14:03", for the axis of a chart whose date and zone are said once. */
  clock(at: number): string;
}

/** A zone the computer does not know falls back to UTC: the report says which zone its times are in. */
export function localTime(timeZone: string): LocalTime {
  const zone = knownZone(timeZone) ? timeZone : 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const shortNames = ABBREVIATION_LOCALES.map(
    (locale) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }),
  );
  const pieces = (at: number) => {
    const found: Record<string, string> = {};
    for (const part of parts.formatToParts(at)) found[part.type] = part.value;
    return found;
  };
  const abbreviation = (at: number): string => {
    for (const format of shortNames) {
      const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
      if (name && !NUMERIC_NAME.test(name)) return name;
    }
    return zone;
  };
  return {
    timeZone: zone,
    format(at) {
      const p = pieces(at);
      // longOffset reads "GMT+01:00", and "GMT" alone at UTC.
      const offset = (p.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${abbreviation(at)} (UTC${offset})`;
    },
    clock(at) {
      const p = pieces(at);
      return `${p.hour}:${p.minute}:${p.second}`;
    },
  };
}

/** The zone of the computer the code runs on: the main process's for texts made there, the page's in the renderer. */
export function thisComputersZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A moment as a page shows it, in this computer's zone: an ISO 8601 text (a journal's, a file's,
 * SQL Server's). Text that is not a date is shown as it came, rather than hidden.
 */
export function formatMoment(iso: string, timeZone: string = thisComputersZone()): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : localTime(timeZone).format(at);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function count(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/**
 * How long ago something was made, against the clock of the site (a drill's own, a real site's
 * computer): "taken 34 days ago", "taken 3 hours ago", "taken just now". Whole units, rounded
 * down, so a backup is never made to look fresher than it is. A moment ahead of that clock is
 * said as such: a backup dated in the future means a computer's clock is wrong, which the
 * operator should see rather than a negative age.
 */
export function formatAge(at: number, now: number, verb = 'taken'): string {
  const ago = now - at;
  if (ago < 0) {
    const ahead = -ago < MINUTE_MS ? 'less than a minute' : spanInWords(-ago);
    return `dated ${ahead} ahead of this computer's clock`;
  }
  return ago < MINUTE_MS ? `${verb} just now` : `${verb} ${spanInWords(ago)} ago`;
}

function spanInWords(ms: number): string {
  if (ms < HOUR_MS) return count(Math.floor(ms / MINUTE_MS), 'minute');
  if (ms < DAY_MS) return count(Math.floor(ms / HOUR_MS), 'hour');
  return count(Math.floor(ms / DAY_MS), 'day');
}

/** "2026-10-30 02:42:17 CET (UTC+01:00), taken 33 days ago": a backup's or a key file's date with its age. */
export function formatTaken(iso: string, now: number, timeZone: string = thisComputersZone(), verb = 'taken'): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${localTime(timeZone).format(at)}, ${formatAge(at, now, verb)}`;
}

function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A length of time as people say it: "40 ms", "12.0 s", "3 min 05 s", "2 h 04 min". */
export function formatSpan(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}
