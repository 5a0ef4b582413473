import { HostError } from '../types';

/**
 * Splits a script into the batches sqlcmd and Management Studio would send. GO is not T-SQL:
 * the tools split on it, so a script from the recovery kit has to be split the same way here.
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

/** A line holding only GO, an optional count and an optional line comment. */
const separatorLine = /^\s*go(?:\s+(\d+))?\s*(?:--.*)?$/i;

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
      const separator = separatorLine.exec(text.slice(index, lineEnd).replace(/\r$/, ''));
      if (separator) {
        endBatch(index, repeatCount(separator[1], line));
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

function repeatCount(count: string | undefined, line: number): number {
  if (count === undefined) return 1;
  const repeat = Number(count);
  if (!Number.isSafeInteger(repeat) || repeat < 1) {
    throw new HostError('script', `GO ${count} at line ${line}: the count must be a whole number from 1 up.`);
  }
  return repeat;
}
