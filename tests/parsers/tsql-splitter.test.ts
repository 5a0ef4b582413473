import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSqlBatches, type SqlBatch } from '../../src/main/knowledge/sql/batch-splitter';
import { localReadText } from '../../src/main/host/windows/local-files';
import { hostileStrings } from '../support/hostile-strings';
import { parserTools, recordMetric } from '../support/parser-tools';
import { permissionsScript } from '../../src/main/host/drill/sample-kit';
import { batchCode, createdLogins } from '../../src/main/host/drill/tsql-batch';
import { PARSERS, ScriptDom, type ParsedBatch, type ParseResult } from './support/scriptdom';
import { treeProblems } from './support/scriptdom-values';

/**
 * The wizard's GO splitter (host/sql/batch-splitter.ts) against ScriptDom's batches, on scripts
 * as Management Studio's Generate Scripts and dbatools' Export-DbaLogin / Export-DbaUser write
 * them (tests/fixtures/sql, written for these tests), on GO inside strings, comments and names,
 * on the hostile corpus put into strings, names and comments, and on the permissions scripts of
 * the drill's recovery kit made for hostile logins, database and server names. Each script is read as the
 * Windows host reads it (UTF-16 or UTF-8, byte order mark dropped). Batches agree when ScriptDom
 * finds as many as the splitter, each inside the splitter's, and each batch the splitter cuts
 * parses alone to exactly the statements and values ScriptDom found in its place.
 *
 * Where sqlcmd and ScriptDom legitimately differ, the splitter follows sqlcmd and Management
 * Studio: `GO 3` runs the batch three times there, while ScriptDom takes no count (the count is
 * taken out of the line before ScriptDom reads it, and the splitter's repeat is checked instead).
 */

const tools = parserTools();
if (!tools.ok) console.log(`Skipped: the GO splitter suite needs ScriptDom: ${tools.reason}`);

const FIXTURES = resolve(__dirname, '../fixtures/sql');
const MAX_BYTES = 1024 * 1024;

const fixtureNames = readdirSync(FIXTURES).filter((name) => name.endsWith('.sql'));
const refusedNames = readdirSync(join(FIXTURES, 'refused')).filter((name) => name.endsWith('.sql'));

/** Where each line starts, so that a batch's firstLine gives its place in the script. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

interface Placed extends SqlBatch {
  start: number;
  end: number;
}

function placed(text: string, batches: readonly SqlBatch[]): Placed[] {
  const starts = lineStarts(text);
  return batches.map((batch) => {
    const start = starts[batch.firstLine - 1] ?? -1;
    expect(text.slice(start, start + batch.text.length)).toBe(batch.text);
    return { ...batch, start, end: start + batch.text.length };
  });
}

/** The script as ScriptDom should read it: each `GO n` the splitter found, with spaces for its count. */
function withoutRepeatCounts(text: string, batches: readonly Placed[]): string {
  let result = text;
  for (const batch of batches) {
    if (batch.repeat === 1) continue;
    const line = /^(\s*go\s+)(\d+)/i.exec(result.slice(batch.end));
    if (!line) throw new Error(`no GO ${batch.repeat} after the batch at line ${batch.firstLine}`);
    // Spaces in place of the count keep every offset where it was.
    const from = batch.end + (line[1] ?? '').length;
    const to = from + (line[2] ?? '').length;
    result = result.slice(0, from) + ' '.repeat(to - from) + result.slice(to);
  }
  return result;
}

const statementValues = (batch: ParsedBatch | undefined) =>
  (batch?.statements ?? []).map((statement) => ({
    type: statement.type,
    statements: statement.statements,
    strings: statement.strings,
    identifiers: statement.identifiers,
    variables: statement.variables,
  }));

interface Comparison {
  name: string;
  text: string;
  batches: Placed[];
  whole: ParseResult[];
  alone: ParseResult[][];
}

/** What disagrees between the splitter's batches and ScriptDom's, for each parser version. */
function disagreements({ name, batches, whole, alone }: Comparison): string[] {
  const problems: string[] = [];
  whole.forEach((result, parserIndex) => {
    const parser = `TSql${result.parser}Parser`;
    if (result.errors.length > 0) {
      problems.push(`${name}: ${parser} finds errors in the whole script: ${JSON.stringify(result.errors)}`);
      return;
    }
    const found = result.batches.filter((batch) => batch.statements.length > 0);
    if (found.length !== batches.length) {
      problems.push(`${name}: ${parser} finds ${found.length} batches, the splitter ${batches.length}`);
      return;
    }
    batches.forEach((batch, index) => {
      const theirs = found[index];
      const ownParse = alone[index]?.[parserIndex];
      if (!theirs || !ownParse) throw new Error('missing parse');
      if (theirs.offset < batch.start || theirs.offset + theirs.length > batch.end) {
        problems.push(
          `${name}: batch ${index + 1} is at ${theirs.offset}+${theirs.length} for ${parser}, ${batch.start}-${batch.end} for the splitter`,
        );
      }
      if (ownParse.errors.length > 0) {
        problems.push(`${name}: batch ${index + 1} alone has errors for ${parser}: ${JSON.stringify(ownParse.errors)}`);
      }
      // The drill's SQL Server (tsql-batch.ts) runs what ScriptDom parses.
      const drill = batchCode(batch.text);
      if ('number' in drill && ownParse.errors.length === 0) {
        problems.push(`${name}: the drill refuses batch ${index + 1} with ${drill.number} ${drill.text}`);
      }
      const own = statementValues(ownParse.batches[0]);
      if (ownParse.batches.length !== 1 || JSON.stringify(own) !== JSON.stringify(statementValues(theirs))) {
        problems.push(`${name}: batch ${index + 1} alone is not the batch ScriptDom found in its place (${parser})`);
      }
    });
  });
  return problems;
}

/** The hostile corpus in a string literal, a bracketed name and comments of a two-batch script. */
function hostileScripts(): { name: string; text: string }[] {
  const literal = (value: string) => `N'${value.replaceAll("'", "''")}'`;
  const bracketed = (value: string) => `[${value.replaceAll(']', ']]')}]`;
  return hostileStrings.flatMap((value, index) => [
    { name: `string ${index}`, text: `SELECT ${literal(value)} AS value;\nGO\nSELECT 2;\n` },
    { name: `name ${index}`, text: `SELECT 1 AS ${bracketed(value)};\r\nGO\r\nSELECT 2;\r\n` },
    { name: `comments ${index}`, text: `/* ${value} */\nSELECT 1;\nGO\n-- ${value}\nSELECT 2;\n` },
  ]);
}

describe.skipIf(!tools.ok)('the GO splitter against ScriptDom', () => {
  let scriptDom: ScriptDom;
  let comparisons = 0;

  beforeAll(async () => {
    if (tools.ok) scriptDom = await ScriptDom.start(tools.tools);
  });

  afterAll(async () => {
    await scriptDom?.close();
    recordMetric(
      'tsql-splitter',
      'GO splitter comparisons with ScriptDom (batches × parser versions, fixtures and hostile scripts)',
      comparisons,
    );
  });

  /** Splits each script and has ScriptDom parse it whole and batch by batch, in one round. */
  async function compare(scripts: readonly { name: string; text: string }[]): Promise<Comparison[]> {
    const split = scripts.map((script) => ({ ...script, batches: placed(script.text, splitSqlBatches(script.text)) }));
    const texts = split.flatMap((script) => [
      withoutRepeatCounts(script.text, script.batches),
      ...script.batches.map((batch) => batch.text),
    ]);
    const results = await scriptDom.parse(texts);
    let next = 0;
    return split.map((script) => {
      const [whole = [], ...alone] = results.slice(next, next + 1 + script.batches.length);
      next += 1 + script.batches.length;
      comparisons += script.batches.length * PARSERS.length;
      return { ...script, whole, alone };
    });
  }

  it.each(fixtureNames)('%s: the same batches as ScriptDom', async (name) => {
    const text = await localReadText(join(FIXTURES, name), MAX_BYTES);
    const [comparison] = await compare([{ name, text }]);
    if (!comparison) throw new Error('no comparison');
    expect(disagreements(comparison)).toEqual([]);
    expect(comparison.batches.length).toBeGreaterThan(1);
  });

  it('reads the scripts as written: UTF-16 and UTF-8, CRLF and LF, with and without a GO at the end', async () => {
    const texts = await Promise.all(fixtureNames.map((name) => localReadText(join(FIXTURES, name), MAX_BYTES)));
    expect(texts.some((text) => text.includes('\r\n'))).toBe(true);
    expect(texts.some((text) => !text.includes('\r'))).toBe(true);
    expect(texts.some((text) => !/\nGO\s*$/i.test(text))).toBe(true);
    const ssms = texts[fixtureNames.indexOf('ssms-generate-scripts-servicemanager.sql')] ?? '';
    const batches = splitSqlBatches(ssms);
    expect(batches[0]).toEqual({ text: 'USE [master]\r\n', firstLine: 1, repeat: 1 });
    expect(batches).toHaveLength(16);
  });

  it('repeats a batch for GO n, as sqlcmd does, where ScriptDom takes no count', async () => {
    const text = await localReadText(join(FIXTURES, 'go-repeat-count.sql'), MAX_BYTES);
    expect(splitSqlBatches(text).map((batch) => batch.repeat)).toEqual([1, 3, 2, 1]);
    const asWritten = await scriptDom.parseOne(text);
    expect(asWritten.errors.map((error) => [error.number, error.line, error.message])).toEqual([
      [46010, 4, "Incorrect syntax near '3'."],
      [46010, 6, "Incorrect syntax near '2'."],
    ]);
  });

  it('refuses a script a tool would refuse or that was cut off, before anything runs', () => {
    const refusals = refusedNames.map((name) => {
      try {
        splitSqlBatches(readFileSync(join(FIXTURES, 'refused', name), 'utf8'));
        return `${name}: split`;
      } catch (error) {
        return `${name}: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    expect(refusals).toEqual([
      'cut-off-in-a-string.sql: The script ends inside a string that starts at line 4: it looks cut off, so none of it will run.',
      'go-comment-runs-on.sql: GO at line 2 is followed by a comment that does not end on that line: only a repeat count and comments may follow GO on its line, so none of the script will run.',
      'go-followed-by-a-statement.sql: GO at line 2 is followed by ";": only a repeat count and comments may follow GO on its line, so none of the script will run.',
      'go-zero.sql: GO 0 at line 2: the count must be a whole number from 1 up.',
    ]);
  });

  it("agrees on the drill kit's permissions scripts, which carry hostile logins, database and server names", async () => {
    const principals = (login: string) => [{ login, roles: ['sdk_users', 'db_datareader'], execute: true }];
    const benign = permissionsScript('BenignDatabase', 'BenignServer', principals('BenignLogin'));
    const [benignParse = []] = await scriptDom.parse([benign]);
    // A login is a sysname: the kit refuses to script one SQL Server cannot hold.
    const sysname = (value: string) => value.length >= 1 && value.length <= 128;
    for (const value of hostileStrings.filter((candidate) => !sysname(candidate))) {
      expect(() => permissionsScript('BenignDatabase', 'BenignServer', principals(value))).toThrow(
        new RangeError(`A login name has 1 to 128 characters; this one has ${value.length}.`),
      );
    }
    const scripts = hostileStrings.filter(sysname).map((value, index) => ({
      name: `kit script ${index}`,
      value,
      text: permissionsScript(value, value, principals(value)),
    }));
    const compared = await compare(scripts);
    const problems = compared.flatMap(disagreements);
    compared.forEach((comparison, index) => {
      const substitution = { benign: ['BenignLogin'], actual: [scripts[index]?.value ?? ''] };
      comparison.whole.forEach((result, parserIndex) => {
        const reference = benignParse[parserIndex];
        if (!reference) throw new Error('no benign parse');
        problems.push(
          ...treeProblems(reference, result, substitution).map((problem) => `${comparison.name}: ${problem}`),
        );
      });
      // The drill's own reader of a batch (tsql-batch.ts) finds the CREATE LOGIN ScriptDom finds, for that login.
      comparison.batches.forEach((batch, batchIndex) => {
        const creates = comparison.alone[batchIndex]?.[0]?.batches[0]?.statements.some((statement) =>
          statement.statements.includes('CreateLoginStatement'),
        );
        const lexed = batchCode(batch.text);
        const found = 'code' in lexed ? createdLogins(lexed.code).map((created) => created.login) : [lexed.text];
        const expected = creates ? [scripts[index]?.value ?? ''] : [];
        if (JSON.stringify(found) !== JSON.stringify(expected)) {
          problems.push(`${comparison.name}, batch ${batchIndex + 1}: the drill reads ${JSON.stringify(found)}`);
        }
      });
    });
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('agrees with ScriptDom on the hostile corpus in strings, names and comments', async () => {
    const scripts = hostileScripts();
    const parsedWhole = await scriptDom.parse(scripts.map((script) => script.text));
    // A value that breaks out of its comment (a line break, `*/`) makes a script neither tool runs.
    const valid = scripts.filter((_, index) => parsedWhole[index]?.every((result) => result.errors.length === 0));
    const problems = (await compare(valid)).flatMap(disagreements);
    const agreed = valid.length;
    expect(problems.slice(0, 20)).toEqual([]);
    expect(agreed).toBeGreaterThan(hostileStrings.length * 2);
  });
});
