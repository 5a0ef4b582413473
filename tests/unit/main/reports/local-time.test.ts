import { describe, expect, it } from 'vitest';
import { formatSpan, localTime } from '../../../../src/main/reports/local-time';

const WINTER = Date.parse('2026-12-02T08:14:03Z');
const SUMMER = Date.parse('2026-07-02T08:14:03Z');

describe('times in the zone of the computer the report is made on', () => {
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
