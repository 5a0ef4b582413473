/**
 * Times as the operator reads them where the report is made: the date and the clock of that time
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
