import { describe, expect, it } from 'vitest';
import { sqlStringLiteral } from '../../../../../src/main/knowledge/sql/literals';

const hostile = [
  '',
  "'",
  "''",
  "'''",
  "'; DROP DATABASE ServiceManager; --",
  "pa'ss\\'; --",
  'C:\\Backups\\\\server\\share\\',
  '100% sure_ [x]',
  'line one\nline two\r\nline three\ttab',
  'right\u2019quote and modifier\u02BCapostrophe and \u2018left\u2018',
  'full-width \uFF07 and prime \u2032',
  'emoji 🔐🗝️ and surrogates 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  `long ${"ab'".repeat(1500)}`,
  '/* comment */ -- comment',
  'N\'already\' "double" `back`',
];

describe('sqlStringLiteral', () => {
  it.each(hostile)('changes nothing but doubling each quote: %j', (value) => {
    const literal = sqlStringLiteral(value);
    expect(literal).toBe(`N'${value.split("'").join("''")}'`);
    // The body, read back the way SQL Server reads it, is the value itself.
    expect(literal.slice(2, -1).replaceAll("''", "'")).toBe(value);
  });

  it('keeps a value of more than 4000 characters whole', () => {
    const value = "x'".repeat(2500);
    expect(sqlStringLiteral(value)).toHaveLength(2 + 3 * 2500 + 1);
  });

  it('leaves look-alike quotes alone: only U+0027 is doubled', () => {
    expect(sqlStringLiteral('a\u2019b\u02BCc')).toBe("N'a\u2019b\u02BCc'");
  });

  it('refuses a NUL character without showing the value', () => {
    expect(() => sqlStringLiteral('Secr3t\0tail')).toThrow(RangeError);
    expect(() => sqlStringLiteral('Secr3t\0tail')).not.toThrow(/Secr3t/);
  });
});
