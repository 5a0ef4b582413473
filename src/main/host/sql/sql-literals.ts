/**
 * Quoting for the few places where T-SQL accepts only a literal or an identifier and never a
 * variable, such as `BACKUP SERVICE MASTER KEY ... ENCRYPTION BY PASSWORD = '...'`. Everywhere
 * else a value is a bound parameter; these two functions are the only way a value enters
 * statement text, so there is one place to get quoting right.
 */

/** sysname is nvarchar(128): SQL Server counts UTF-16 code units, as String.length does. */
const maxIdentifierLength = 128;

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

/** `[name]` with every `]` doubled; refuses what SQL Server could not name (empty, over 128). */
export function sqlIdentifier(name: string): string {
  if (name.length === 0) throw new RangeError('An SQL Server name cannot be empty.');
  if (name.length > maxIdentifierLength) {
    throw new RangeError(
      `An SQL Server name has at most ${maxIdentifierLength} characters; this one has ${name.length}.`,
    );
  }
  refuseNul(name, 'An SQL Server name');
  return `[${name.replaceAll(']', ']]')}]`;
}

/**
 * Code written in C along the way (ODBC drivers, for one) may take NUL as the end of a string,
 * so a secret could be cut short without anyone noticing. The value itself is never in the
 * message: it may be a password.
 */
function refuseNul(value: string, what: string): void {
  if (value.includes('\0')) throw new RangeError(`${what} must not contain a NUL character.`);
}
