/**
 * Quoting for the few places where T-SQL accepts only a literal and never a
 * variable, such as `BACKUP SERVICE MASTER KEY ... ENCRYPTION BY PASSWORD = '...'`. Everywhere
 * else a value is a bound parameter; this function is the only way a value enters
 * statement text, so there is one place to get quoting right.
 */

/**
 * `N'...'` with every `'` doubled and nothing else changed.
 *
 * The N prefix matters: a plain '...' literal is converted to the database's code page, and that
 * best-fit conversion turns look-alikes such as U+02BC (modifier letter apostrophe) or U+2019
 * (right single quotation mark) into a real `'` after the quotes were doubled, which would end
 * the literal early. An N literal is Unicode end to end, so nothing is converted.
 */
export function sqlStringLiteral(value: string): string {
  refuseNul(value, 'A value');
  return `N'${value.replaceAll("'", "''")}'`;
}

/**
 * Code written in C along the way (ODBC drivers, for one) may take NUL as the end of a string,
 * so a secret could be cut short without anyone noticing. The value itself is never in the
 * message: it may be a password.
 */
function refuseNul(value: string, what: string): void {
  if (value.includes('\0')) throw new RangeError(`${what} must not contain a NUL character.`);
}
