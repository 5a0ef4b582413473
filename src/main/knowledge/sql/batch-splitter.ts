import { HostError } from '../failures';

/**
 * Splits a script into the batches sqlcmd and Management Studio would send. GO is not T-SQL:
 * the tools split on it, so a script from the recovery kit has to be split the same way here.
 * A GO line that holds anything but a count and comments, like a script cut off inside a string
 * or comment, is refused as a whole, before any of it runs.
 */

export interface SqlBatch {
  /** Exactly the script's text between two separators, line breaks included. */
  text: string;
  /** 1-based line of the script where `text` begins; SQL Server's line numbers count from it. */
  firstLine: number;
  /** `GO 3` runs the batch before it three times. */
  repeat: number;
}

export type UnterminatedConstruct = 'string' | 'quoted identifier' | 'bracketed identifier' | 'block comment';

/**
 * The script ends inside a string, identifier or comment. It was most likely cut off, and a
 * permissions script that runs only in part leaves the database half granted, so none of it
 * should run.
 */
export class SqlScriptError extends HostError {
  constructor(
    readonly line: number,
    readonly construct: UnterminatedConstruct,
  ) {
    super(
      'script',
      `The script ends inside a ${construct} that starts at line ${line}: it looks cut off, so none of it will run.`,
    );
    this.name = 'SqlScriptError';
  }
}

/**
 * A line whose first word is GO. The tools take it as a separator, followed at most by a count
 * and comments ("A Transact-SQL statement cannot occupy the same line as a GO command. However,
 * the line can contain comments", SQL Server Utilities Statements - GO); GOTO, GO_x or GO.x are
 * other words.
 */
const goWord = /^\s*go(?![\p{L}\p{N}_@#$.])/iu;

type State =
  | { kind: 'code' }
  | { kind: 'string' | 'quoted identifier' | 'bracketed identifier'; line: number }
  | { kind: 'block comment'; line: number; depth: number };

const closers = { string: "'", 'quoted identifier': '"', 'bracketed identifier': ']' } as const;

export function splitSqlBatches(script: string): SqlBatch[] {
  const text = script.startsWith('\uFEFF') ? script.slice(1) : script;
  const batches: SqlBatch[] = [];
  let state: State = { kind: 'code' };
  let line = 1;
  let batchStart = 0;
  let batchLine = 1;
  // Whether the batch holds anything but whitespace and comments: otherwise there is nothing to send.
  let hasCode = false;
  let index = 0;

  const endBatch = (end: number, repeat: number) => {
    if (hasCode) batches.push({ text: text.slice(batchStart, end), firstLine: batchLine, repeat });
    hasCode = false;
  };

  while (index < text.length) {
    const atLineStart = index === 0 || text[index - 1] === '\n';
    if (atLineStart && state.kind === 'code') {
      const lineEnd = endOfLine(text, index);
      const repeat = separatorRepeat(text.slice(index, lineEnd).replace(/\r$/, ''), line);
      if (repeat !== null) {
        endBatch(index, repeat);
        index = lineEnd < text.length ? lineEnd + 1 : lineEnd;
        line += 1;
        batchStart = index;
        batchLine = line;
        continue;
      }
    }

    const char = text[index] as string;
    const next = text[index + 1];
    if (char === '\n') line += 1;

    switch (state.kind) {
      case 'code':
        if (char === '-' && next === '-') {
          // The line break stays, so the next line is still seen as a line start.
          index = endOfLine(text, index);
          continue;
        }
        if (char === '/' && next === '*') {
          state = { kind: 'block comment', line, depth: 1 };
          index += 2;
          continue;
        }
        if (char === "'") state = { kind: 'string', line };
        else if (char === '"') state = { kind: 'quoted identifier', line };
        else if (char === '[') state = { kind: 'bracketed identifier', line };
        if (!/\s/.test(char)) hasCode = true;
        index += 1;
        break;
      case 'block comment':
        if (char === '/' && next === '*') {
          state.depth += 1;
          index += 2;
        } else if (char === '*' && next === '/') {
          state.depth -= 1;
          if (state.depth === 0) state = { kind: 'code' };
          index += 2;
        } else {
          index += 1;
        }
        break;
      default: {
        const closer = closers[state.kind];
        if (char === closer && next === closer) index += 2;
        else {
          if (char === closer) state = { kind: 'code' };
          index += 1;
        }
      }
    }
  }

  if (state.kind !== 'code') throw new SqlScriptError(state.line, state.kind);
  endBatch(text.length, 1);
  return batches;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** How often a separator line runs the batch before it; null when the line is no separator. */
function separatorRepeat(lineText: string, line: number): number | null {
  const word = goWord.exec(lineText);
  if (!word) return null;
  const rest = lineText.slice(word[0].length);
  const count = /^\s+(\d+)(?!\d)/.exec(rest);
  const after = withoutComments(rest.slice(count?.[0].length ?? 0), line).trim();
  if (after !== '') {
    throw new HostError(
      'script',
      `GO at line ${line} is followed by ${JSON.stringify(after.slice(0, 40))}: ${ONLY_COUNT_AND_COMMENTS}`,
    );
  }
  return repeatCount(count?.[1], line);
}

const ONLY_COUNT_AND_COMMENTS =
  'only a repeat count and comments may follow GO on its line, so none of the script will run.';

/** What is left of the rest of a GO line without its comments; a block comment must end on the line. */
function withoutComments(rest: string, line: number): string {
  let left = '';
  let index = 0;
  while (index < rest.length) {
    if (rest.startsWith('--', index)) break;
    if (!rest.startsWith('/*', index)) {
      left += rest[index];
      index += 1;
      continue;
    }
    let depth = 0;
    do {
      if (rest.startsWith('/*', index)) {
        depth += 1;
        index += 2;
      } else if (rest.startsWith('*/', index)) {
        depth -= 1;
        index += 2;
      } else {
        index += 1;
      }
    } while (depth > 0 && index < rest.length);
    if (depth > 0) {
      throw new HostError(
        'script',
        `GO at line ${line} is followed by a comment that does not end on that line: ${ONLY_COUNT_AND_COMMENTS}`,
      );
    }
  }
  return left;
}

function repeatCount(count: string | undefined, line: number): number {
  if (count === undefined) return 1;
  const repeat = Number(count);
  if (!Number.isSafeInteger(repeat) || repeat < 1) {
    throw new HostError('script', `GO ${count} at line ${line}: the count must be a whole number from 1 up.`);
  }
  return repeat;
}
