import { describe, expect, it } from 'vitest';
import { formatAge, formatMoment, formatSpan, formatTaken, localTime } from '../../../src/shared/local-time';

const WINTER = Date.parse('2026-12-02T08:14:03Z');
const SUMMER = Date.parse('2026-07-02T08:14:03Z');

describe('times in the zone of the computer the page or report is made on', () => {
  it('writes the date, the clock, the abbreviation and the offset of that moment', () => {
    const berlin = localTime('Europe/Berlin');
    expect(berlin.format(WINTER)).toBe('2026-12-02 09:14:03 CET (UTC+01:00)');
    expect(berlin.format(SUMMER)).toBe('2026-07-02 10:14:03 CEST (UTC+02:00)');
    expect(berlin.clock(WINTER)).toBe('09:14:03');
  });

  it('finds the abbreviation people use in each place, and a negative or half-hour offset', () => {
    expect(localTime('America/New_York').format(WINTER)).toBe('2026-12-02 03:14:03 EST (UTC-05:00)');
    expect(localTime('Asia/Kolkata').format(WINTER)).toBe('2026-12-02 13:44:03 IST (UTC+05:30)');
    expect(localTime('Australia/Sydney').format(WINTER)).toBe('2026-12-02 19:14:03 AEDT (UTC+11:00)');
    expect(localTime('Europe/London').format(SUMMER)).toBe('2026-07-02 09:14:03 BST (UTC+01:00)');
    expect(localTime('UTC').format(WINTER)).toBe('2026-12-02 08:14:03 UTC (UTC+00:00)');
  });

  it('names the zone where no abbreviation is in use, rather than repeating the offset', () => {
    expect(localTime('Asia/Tokyo').format(WINTER)).toBe('2026-12-02 17:14:03 Asia/Tokyo (UTC+09:00)');
  });

  it('falls back to UTC, and says so, for a zone this computer does not know', () => {
    const unknown = localTime('Mars/Olympus_Mons');
    expect(unknown.timeZone).toBe('UTC');
    expect(unknown.format(WINTER)).toBe('2026-12-02 08:14:03 UTC (UTC+00:00)');
  });
});

describe('lengths of time', () => {
  it('reads as people say them, from milliseconds to days', () => {
    expect(formatSpan(40)).toBe('40 ms');
    expect(formatSpan(-5)).toBe('0 ms');
    expect(formatSpan(12_040)).toBe('12.0 s');
    expect(formatSpan(185_000)).toBe('3 min 05 s');
    expect(formatSpan(2 * 3_600_000 + 4 * 60_000)).toBe('2 h 04 min');
    expect(formatSpan(3 * 86_400_000 + 5 * 3_600_000)).toBe('3 days 5 h');
  });
});

describe('a moment from a journal, a file or SQL Server, as a page shows it', () => {
  it('reads ISO 8601 with or without an offset, in the zone asked for', () => {
    expect(formatMoment('2026-12-02T08:14:03.000Z', 'Europe/Berlin')).toBe('2026-12-02 09:14:03 CET (UTC+01:00)');
    expect(formatMoment('2026-11-30T22:10:00+01:00', 'UTC')).toBe('2026-11-30 21:10:00 UTC (UTC+00:00)');
  });

  it('shows text that is not a date as it came, rather than "Invalid Date"', () => {
    expect(formatMoment('', 'UTC')).toBe('');
    expect(formatMoment('last Tuesday', 'UTC')).toBe('last Tuesday');
  });

  it('says the offset on each side of the change to summer time, an hour apart in UTC', () => {
    // Europe/Berlin moved its clocks from 02:00 CET to 03:00 CEST on 29 March 2026 (01:00 UTC).
    expect(formatMoment('2026-03-29T00:59:59Z', 'Europe/Berlin')).toBe('2026-03-29 01:59:59 CET (UTC+01:00)');
    expect(formatMoment('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:00:00 CEST (UTC+02:00)');
    // And back on 25 October 2026: 02:30 is read twice, told apart by its offset.
    expect(formatMoment('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00 CEST (UTC+02:00)');
    expect(formatMoment('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00 CET (UTC+01:00)');
  });
});

describe('how long ago a backup was taken', () => {
  const NOW = Date.parse('2026-12-02T13:00:00Z');
  const before = (ms: number) => NOW - ms;
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  it('says "just now" under a minute, then whole minutes, hours and days, one or many', () => {
    expect(formatAge(NOW, NOW)).toBe('taken just now');
    expect(formatAge(before(59_999), NOW)).toBe('taken just now');
    expect(formatAge(before(MINUTE), NOW)).toBe('taken 1 minute ago');
    expect(formatAge(before(2 * MINUTE), NOW)).toBe('taken 2 minutes ago');
    expect(formatAge(before(HOUR - 1), NOW)).toBe('taken 59 minutes ago');
    expect(formatAge(before(HOUR), NOW)).toBe('taken 1 hour ago');
    expect(formatAge(before(3 * HOUR + 59 * MINUTE), NOW)).toBe('taken 3 hours ago');
    expect(formatAge(before(DAY - 1), NOW)).toBe('taken 23 hours ago');
    expect(formatAge(before(DAY), NOW)).toBe('taken 1 day ago');
    expect(formatAge(before(34 * DAY + 23 * HOUR), NOW)).toBe('taken 34 days ago');
    expect(formatAge(before(400 * DAY), NOW)).toBe('taken 400 days ago');
  });

  it('counts elapsed time, not calendar days, across a change to summer time', () => {
    // 24 hours before noon CEST on 29 March 2026 reads 11:00 CET the day before: one day all the same.
    const noon = Date.parse('2026-03-29T10:00:00Z');
    expect(formatAge(noon - DAY, noon)).toBe('taken 1 day ago');
    expect(formatAge(noon - DAY + 1, noon)).toBe('taken 23 hours ago');
  });

  it("says a date after the site's clock is ahead of it, which points at a wrong clock", () => {
    expect(formatAge(NOW + 30_000, NOW)).toBe("dated less than a minute ahead of this computer's clock");
    expect(formatAge(NOW + 2 * HOUR, NOW)).toBe("dated 2 hours ahead of this computer's clock");
    expect(formatAge(NOW + DAY, NOW)).toBe("dated 1 day ahead of this computer's clock");
  });

  it('takes the verb of what was done to the file', () => {
    expect(formatAge(before(5 * DAY), NOW, 'written')).toBe('written 5 days ago');
  });

  it('writes the date in the zone with the age after it', () => {
    expect(formatTaken('2026-10-30T01:42:17Z', NOW, 'Europe/Berlin')).toBe(
      '2026-10-30 02:42:17 CET (UTC+01:00), taken 33 days ago',
    );
    expect(formatTaken('not a date', NOW, 'UTC')).toBe('not a date');
  });
});
