/**
 * Just enough of T-SQL to run one batch of a script in the drill. String literals, comments and
 * bracketed or quoted names are told apart from code, so a batch cut in the middle of a comment
 * or string (by a splitter that took a GO there for a separator) fails as it would on SQL Server,
 * and statements are looked for in code only. Beyond CREATE LOGIN, RAISERROR and THROW the drill
 * does not parse T-SQL: every other statement is taken to succeed.
 *
 * It deliberately shares no code with the wizard's batch splitter (host/sql/batch-splitter.ts):
 * playing SQL Server's part, it catches a batch the splitter cut in the wrong place.
 */

export interface BatchError {
  number: number;
  text: string;
}

/** The batch's code with literals and comments blanked out, positions kept; or why SQL Server refuses it. */
export function batchCode(text: string): { code: string } | BatchError {
  let code = '';
  // The code with the names inside [brackets] and "quotes" blanked too: a line of a name is no GO.
  let outline = '';
  let at = 0;
  while (at < text.length) {
    const token = nextToken(text, at);
    if ('number' in token) return token;
    code += token.code;
    outline += token.name === undefined ? token.code : token.name;
    at = token.end;
  }
  const go = /^[ \t]*GO[ \t]*\r?$/im.exec(outline);
  if (go) return { number: 102, text: "Incorrect syntax near 'GO'." };
  return { code };
}

const blank = (text: string) => text.replace(/[^\n]/g, ' ');

/** A token: its code, and for a delimited name the same with the name blanked. */
function nextToken(text: string, at: number): { code: string; name?: string; end: number } | BatchError {
  const pair = text.slice(at, at + 2);
  if (text[at] === "'") {
    const end = closing(text, at + 1, "'");
    if (end < 0) return unclosedQuote(text.slice(at + 1));
    return { code: `'${blank(text.slice(at + 1, end))}'`, end: end + 1 };
  }
  const delimiter = text[at] === '[' ? ']' : text[at] === '"' ? '"' : undefined;
  if (delimiter) {
    const end = closing(text, at + 1, delimiter);
    if (end < 0) return unclosedQuote(text.slice(at + 1));
    const name = text.slice(at, end + 1);
    return { code: name, name: `${name[0]}${blank(name.slice(1, -1))}${delimiter}`, end: end + 1 };
  }
  if (pair === '--') {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    return { code: blank(text.slice(at, end)), end };
  }
  if (pair === '/*') {
    const end = commentEnd(text, at);
    if (end < 0) return { number: 113, text: "Missing end comment mark '*/'." };
    return { code: blank(text.slice(at, end)), end };
  }
  if (pair === '*/') return { number: 102, text: "Incorrect syntax near '*'." };
  return { code: text[at] ?? '', end: at + 1 };
}

function unclosedQuote(rest: string): BatchError {
  return { number: 105, text: `Unclosed quotation mark after the character string '${rest}'.` };
}

/** Where a quoted run ends; the quote doubled stands for itself. */
function closing(text: string, from: number, quote: string): number {
  let at = from;
  for (;;) {
    const found = text.indexOf(quote, at);
    if (found < 0 || text[found + 1] !== quote) return found;
    at = found + 2;
  }
}

/** T-SQL block comments nest. */
function commentEnd(text: string, from: number): number {
  let depth = 0;
  let at = from;
  while (at < text.length) {
    const pair = text.slice(at, at + 2);
    if (pair === '/*' || pair === '*/') {
      depth += pair === '/*' ? 1 : -1;
      at += 2;
      if (depth === 0) return at;
    } else {
      at += 1;
    }
  }
  return -1;
}

/** CREATE LOGIN statements, and whether an IF NOT EXISTS before them in the batch guards them. */
export function createdLogins(code: string): { login: string; guarded: boolean }[] {
  const logins: { login: string; guarded: boolean }[] = [];
  for (const match of code.matchAll(/\bCREATE\s+LOGIN\s+(\[(?:[^\]]|\]\])*\]|[^\s;]+)/gi)) {
    const name = match[1] ?? '';
    logins.push({
      login: name.startsWith('[') ? name.slice(1, -1).replace(/\]\]/g, ']') : name,
      guarded: /\bIF\s+NOT\s+EXISTS\b/i.test(code.slice(0, match.index)),
    });
  }
  return logins;
}

/**
 * What RAISERROR and THROW in the batch raise. RAISERROR of severity 10 or less only prints its
 * message; a higher one, and THROW, end the batch with an error (RAISERROR's number is 50000).
 */
export function raisedErrors(text: string, code: string): { number: number; text: string; fails: boolean }[] {
  const raised: { number: number; text: string; fails: boolean }[] = [];
  for (const match of code.matchAll(/\bRAISERROR\s*\(|\bTHROW\s+(\d+)\s*,/gi)) {
    const after = text.slice((match.index ?? 0) + match[0].length);
    const literal = /^\s*N?'((?:[^']|'')*)'\s*(?:,\s*(\d+))?/.exec(after);
    if (!literal) continue;
    const message = (literal[1] ?? '').replace(/''/g, "'");
    const isThrow = match[1] !== undefined;
    raised.push({
      number: isThrow ? Number(match[1]) : 50000,
      text: message,
      fails: isThrow || Number(literal[2] ?? 16) > 10,
    });
  }
  return raised;
}

/** The N'...' literals of a statement, in order, each with its doubled quotes undone. */
export function literalsOf(text: string): string[] {
  return [...text.matchAll(/N'((?:[^']|'')*)'/g)].map((match) => (match[1] ?? '').replaceAll("''", "'"));
}
