/**
 * How text an operator reads (the plan, the Summary page, messages) shows characters they could
 * not see or that would change its lines: each is written `{U+XXXX}`, its Unicode code point in
 * hexadecimal. That covers control characters (line breaks, tab, NUL, escape), format
 * characters (right-to-left and other bidirectional controls, zero-width characters, the byte
 * order mark, the soft hyphen), every other character Unicode says to ignore when it cannot be
 * shown, line and paragraph separators, every space but U+0020, and unpaired surrogates. A `{`
 * that would itself read as the start of an escape is written `{U+007B}`, so the escaped text
 * reads back as exactly one original.
 */

const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|\{(?=U\+[0-9A-F]{4,6}\})/gu;
/** The same, less the tab: T-SQL scripts indent with it, and it changes no line. */
const HIDDEN_BUT_TAB =
  /(?!\t)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|\{(?=U\+[0-9A-F]{4,6}\})/gu;

function codePoint(character: string): string {
  return `{U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** The text on one line, every hidden character escaped. */
export function escapeText(text: string): string {
  return text.replace(HIDDEN, codePoint);
}

/** One line of a multi-line block (a T-SQL statement): as escapeText, but a tab stays a tab. */
export function escapeBlockLine(line: string): string {
  return line.replace(HIDDEN_BUT_TAB, codePoint);
}

/** At most this many characters of a value are quoted back in a message. */
export const EXCERPT_LENGTH = 32;

/**
 * A short, escaped excerpt of a value for a message: enough to find it again, never so much
 * that a pasted file floods the screen, and never a raw control character.
 */
export function excerpt(value: string, length = EXCERPT_LENGTH): string {
  const characters = [...value];
  if (characters.length <= length) return `“${escapeText(value)}”`;
  return `“${escapeText(characters.slice(0, length).join(''))}…” (${characters.length.toLocaleString('en-US')} characters)`;
}
