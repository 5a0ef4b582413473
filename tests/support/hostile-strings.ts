import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The hostile corpus: quotes of every kind, PowerShell, cmd and T-SQL metacharacters, line breaks
 * and NUL, right-to-left marks, characters outside the BMP, Windows paths of every shape and
 * values of 10,000 characters. Every text value the wizard takes must end as a clear refusal or
 * arrive byte for byte where it is going.
 */
export const HOSTILE_STRINGS_PATH = resolve(__dirname, '../fixtures/hostile-strings.json');

export const hostileStrings: readonly string[] = (
  JSON.parse(readFileSync(HOSTILE_STRINGS_PATH, 'utf8')) as { strings: string[] }
).strings;
