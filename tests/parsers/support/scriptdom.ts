import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ParserTools } from '../../support/parser-tools';

/**
 * Microsoft's T-SQL parser (ScriptDom) as one long-lived PowerShell process per suite
 * (scriptdom-bridge.ps1): texts go in by the hundred, and for each text and parser version come
 * back the parse errors, the batches, each statement's type and the values in its tree.
 */

/** SQL Server 2025 (ScriptDom's newest released version) and SQL Server 2012 (the oldest the wizard supports). */
export const NEWEST_PARSER = 170;
export const OLDEST_PARSER = 110;
export const PARSERS = [NEWEST_PARSER, OLDEST_PARSER] as const;

export interface ParseError {
  number: number;
  line: number;
  column: number;
  offset: number;
  message: string;
}

/** A DECLARE's initializer or a part of what EXEC (...) runs, as far as the tests evaluate one (see scriptdom-bridge.cs). */
export type Expression =
  | { kind: 'string'; value: string }
  | { kind: 'integer'; value: string }
  | { kind: 'variable'; name: string }
  | { kind: 'binary'; operator: string; left: Expression; right: Expression }
  | { kind: 'call'; name: string; arguments: Expression[] }
  | {
      kind: 'case';
      when: { condition: { operator: string; left: Expression; right: Expression } | null; then: Expression }[];
      else: Expression | null;
    }
  | { kind: 'unknown'; type: string };

export interface ParsedStatement {
  /** ScriptDom's class for it: BackupDatabaseStatement, ExecuteStatement, ... */
  type: string;
  offset: number;
  length: number;
  /** Every statement in its tree, itself first, in document order. */
  statements: string[];
  strings: { value: string; national: boolean }[];
  identifiers: { value: string; quote: 'NotQuoted' | 'SquareBracket' | 'DoubleQuote' }[];
  variables: string[];
  /** Names before `=` in `EXEC proc @name = value`: the procedure's parameters, not variables. */
  parameters: string[];
  declared: { name: string; value: Expression | null }[];
  /** For each `EXEC (...)` of a text, the parts of that text. */
  executes: Expression[][];
}

export interface ParsedBatch {
  offset: number;
  length: number;
  statements: ParsedStatement[];
}

export interface ParseResult {
  parser: number;
  errors: ParseError[];
  batches: ParsedBatch[];
}

/** Texts per request line: enough to make PowerShell's own time per line negligible. */
const TEXTS_PER_REQUEST = 200;
const CHARACTERS_PER_REQUEST = 400_000;

const BRIDGE_SCRIPT = resolve(__dirname, 'scriptdom-bridge.ps1');

interface Pending {
  resolve(results: ParseResult[][]): void;
  reject(error: Error): void;
}

export class ScriptDom {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderr = '';
  private ended: Error | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  /** Starts the bridge and waits until ScriptDom is loaded (a few seconds: PowerShell compiles the C# part). */
  static async start(tools: ParserTools): Promise<ScriptDom> {
    const child = spawn(
      tools.pwsh,
      ['-NoProfile', '-NonInteractive', '-File', BRIDGE_SCRIPT, '-AssemblyPath', tools.scriptDom],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const bridge = new ScriptDom(child);
    const ready = new Promise<void>((resolveReady, rejectReady) => {
      const lines = createInterface({ input: child.stdout });
      let started = false;
      lines.on('line', (line) => {
        if (!started) {
          started = true;
          if (line === '{"ready":true}') resolveReady();
          else rejectReady(new Error(`The ScriptDom bridge did not start: ${line}`));
          return;
        }
        bridge.answer(line);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        bridge.stderr += chunk.toString('utf8');
      });
      child.on('close', (code) => {
        const error = new Error(`The ScriptDom bridge ended (exit ${code}): ${bridge.stderr.trim()}`);
        bridge.ended = error;
        if (!started) rejectReady(error);
        for (const waiting of bridge.pending.values()) waiting.reject(error);
        bridge.pending.clear();
      });
    });
    await ready;
    return bridge;
  }

  /** Each text parsed by each parser version: result[text][parser], in the order given. */
  async parse(texts: readonly string[], parsers: readonly number[] = PARSERS): Promise<ParseResult[][]> {
    const chunks: string[][] = [];
    let chunk: string[] = [];
    let characters = 0;
    for (const text of texts) {
      if (
        chunk.length > 0 &&
        (chunk.length >= TEXTS_PER_REQUEST || characters + text.length > CHARACTERS_PER_REQUEST)
      ) {
        chunks.push(chunk);
        chunk = [];
        characters = 0;
      }
      chunk.push(text);
      characters += text.length;
    }
    if (chunk.length > 0) chunks.push(chunk);
    const answers = await Promise.all(chunks.map((part) => this.request(part, parsers)));
    return answers.flat();
  }

  /** One text by one parser. */
  async parseOne(text: string, parser: number = NEWEST_PARSER): Promise<ParseResult> {
    const [results] = await this.parse([text], [parser]);
    const result = results?.[0];
    if (!result) throw new Error('The ScriptDom bridge returned no result.');
    return result;
  }

  async close(): Promise<void> {
    if (this.ended) return;
    const closed = new Promise<void>((resolveClosed) => this.child.once('close', () => resolveClosed()));
    this.child.stdin.end();
    await closed;
  }

  private request(texts: readonly string[], parsers: readonly number[]): Promise<ParseResult[][]> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    const line = JSON.stringify({ id, parsers, texts: texts.map(toHex) });
    return new Promise((resolveRequest, rejectRequest) => {
      this.pending.set(id, {
        resolve: (results) => {
          if (results.length !== texts.length) {
            rejectRequest(new Error(`The ScriptDom bridge answered ${results.length} of ${texts.length} texts.`));
          } else {
            resolveRequest(results);
          }
        },
        reject: rejectRequest,
      });
      this.child.stdin.write(`${line}\n`);
    });
  }

  private answer(line: string): void {
    const answer = JSON.parse(line) as { id: number; results?: ParseResult[][]; error?: string };
    const waiting = this.pending.get(answer.id);
    if (!waiting) throw new Error(`The ScriptDom bridge answered a request nobody made: ${line.slice(0, 200)}`);
    this.pending.delete(answer.id);
    if (answer.error !== undefined || !answer.results) {
      waiting.reject(new Error(`ScriptDom failed: ${answer.error ?? 'no results'}`));
    } else {
      waiting.resolve(answer.results);
    }
  }
}

/** UTF-16 code units, four hex digits each: the one encoding nothing on the way can alter. */
function toHex(text: string): string {
  let hex = '';
  for (let index = 0; index < text.length; index += 1) hex += text.charCodeAt(index).toString(16).padStart(4, '0');
  return hex;
}

/** The statements of every batch, in order. */
export function statementsOf(result: ParseResult): ParsedStatement[] {
  return result.batches.flatMap((batch) => batch.statements);
}
