import { describe, expect, it } from 'vitest';
import { SqlScriptError, splitSqlBatches } from '../../../../../src/main/knowledge/sql/batch-splitter';
import { HostError } from '../../../../../src/main/knowledge/failures';

function texts(script: string): string[] {
  return splitSqlBatches(script).map((batch) => batch.text.trim());
}

function scriptError(script: string): SqlScriptError {
  try {
    splitSqlBatches(script);
  } catch (error) {
    if (error instanceof SqlScriptError) return error;
    throw error;
  }
  throw new Error('expected the script to be refused');
}

describe('splitSqlBatches', () => {
  it('splits on lines holding only GO and numbers each batch from its first line', () => {
    const script = 'USE master;\nGO\n\nCREATE LOGIN [CONTOSO\\svc] FROM WINDOWS;\nGO\nSELECT 1;\n';
    expect(splitSqlBatches(script)).toEqual([
      { text: 'USE master;\n', firstLine: 1, repeat: 1 },
      { text: '\nCREATE LOGIN [CONTOSO\\svc] FROM WINDOWS;\n', firstLine: 3, repeat: 1 },
      { text: 'SELECT 1;\n', firstLine: 6, repeat: 1 },
    ]);
  });

  it('accepts any case, surrounding whitespace, a count and a trailing comment', () => {
    const script = 'SELECT 1\n  go  \nSELECT 2\n\tGo 5 -- five times\nSELECT 3\nGO -- done\n';
    expect(splitSqlBatches(script)).toEqual([
      { text: 'SELECT 1\n', firstLine: 1, repeat: 1 },
      { text: 'SELECT 2\n', firstLine: 3, repeat: 5 },
      { text: 'SELECT 3\n', firstLine: 5, repeat: 1 },
    ]);
  });

  it('does not split inside a string that spans lines, with doubled quotes', () => {
    const script = "PRINT N'it''s\nGO\nstill the string';\nGO\nSELECT 2";
    expect(texts(script)).toEqual(["PRINT N'it''s\nGO\nstill the string';", 'SELECT 2']);
  });

  it('does not split inside line comments or nested block comments', () => {
    const script = [
      'SELECT 1 -- a comment mentioning GO',
      '/* outer',
      'GO',
      '/* inner',
      'GO',
      '*/ still in the outer comment',
      'GO',
      '*/',
      'SELECT 2',
      'GO',
      'SELECT 3',
    ].join('\n');
    const batches = splitSqlBatches(script);
    expect(batches.map((batch) => batch.firstLine)).toEqual([1, 11]);
    expect(batches[0]?.text).toContain('*/ still in the outer comment\nGO\n*/\nSELECT 2');
  });

  it('does not split inside [bracketed] or "quoted" identifiers, ]] and "" included', () => {
    const script = 'CREATE TABLE [odd]]\nGO\nname] (x int);\nSELECT "a""\nGO\nb";\nGO\nSELECT 2';
    expect(texts(script)).toEqual(['CREATE TABLE [odd]]\nGO\nname] (x int);\nSELECT "a""\nGO\nb";', 'SELECT 2']);
  });

  it('takes GOTO, GOOD, GO_1, GO.x and go inside a line for what they are', () => {
    const script = 'GOTO done\nGOOD\nGO_1:\nGO.dbo.x\nSELECT 1 go\ndone:\nGO\nSELECT 2';
    expect(texts(script)).toEqual(['GOTO done\nGOOD\nGO_1:\nGO.dbo.x\nSELECT 1 go\ndone:', 'SELECT 2']);
  });

  it('takes a block comment after GO, closed on its line, as a comment', () => {
    const script = 'SELECT 1\nGO /* one */ /* two /* nested */ */\nSELECT 2\nGO 2/* twice */-- and a note\nSELECT 3';
    expect(splitSqlBatches(script)).toEqual([
      { text: 'SELECT 1\n', firstLine: 1, repeat: 1 },
      { text: 'SELECT 2\n', firstLine: 3, repeat: 2 },
      { text: 'SELECT 3', firstLine: 5, repeat: 1 },
    ]);
  });

  it.each([
    ['GO;', '";"'],
    ['GO x', '"x"'],
    ['go = 2', '"= 2"'],
    ['GO 5 6', '"6"'],
    ['GO -1', '"-1"'],
  ])('refuses the whole script when %s shares the GO line with something else', (line, shown) => {
    expect(() => splitSqlBatches(`SELECT 1\nGO\nSELECT 2\n${line}\nSELECT 3`)).toThrow(
      new HostError(
        'script',
        `GO at line 4 is followed by ${shown}: only a repeat count and comments may follow GO on its line, so none of the script will run.`,
      ),
    );
  });

  it('refuses a GO line whose block comment goes on past the line', () => {
    expect(() => splitSqlBatches('SELECT 1\nGO /* from here\non */\nSELECT 2')).toThrow(
      /GO at line 2 is followed by a comment that does not end on that line/,
    );
  });

  it('handles CRLF line ends and keeps them in the batch text', () => {
    const script = 'SELECT 1\r\nGO\r\nSELECT 2\r\n  GO 2  \r\nSELECT 3';
    expect(splitSqlBatches(script)).toEqual([
      { text: 'SELECT 1\r\n', firstLine: 1, repeat: 1 },
      { text: 'SELECT 2\r\n', firstLine: 3, repeat: 2 },
      { text: 'SELECT 3', firstLine: 5, repeat: 1 },
    ]);
  });

  it('strips a leading byte order mark so the first GO is still found', () => {
    expect(splitSqlBatches('\uFEFFSELECT 1\nGO\nSELECT 2')).toEqual([
      { text: 'SELECT 1\n', firstLine: 1, repeat: 1 },
      { text: 'SELECT 2', firstLine: 3, repeat: 1 },
    ]);
    expect(splitSqlBatches('\uFEFFGO\nSELECT 1')).toEqual([{ text: 'SELECT 1', firstLine: 2, repeat: 1 }]);
  });

  it('leaves out batches that hold only whitespace and comments', () => {
    const script = '-- header\n/* about this script */\nGO\n\nGO\nSELECT 1\nGO\n  -- trailing note\n';
    expect(splitSqlBatches(script)).toEqual([{ text: 'SELECT 1\n', firstLine: 6, repeat: 1 }]);
    expect(splitSqlBatches('')).toEqual([]);
  });

  it('counts lines inside strings and comments, so later batches start where they are', () => {
    const script = "SELECT 'a\nb\nc'\n/*\n\n*/\nGO\n-- x\nSELECT 2";
    expect(splitSqlBatches(script).map((batch) => batch.firstLine)).toEqual([1, 8]);
  });

  it('refuses a script that ends inside a string, naming the line the string starts on', () => {
    const error = scriptError("SELECT 1\nGO\nGRANT SELECT ON x TO y\nPRINT 'cut\noff");
    expect(error).toBeInstanceOf(HostError);
    expect(error.code).toBe('script');
    expect(error.line).toBe(4);
    expect(error.construct).toBe('string');
    expect(error.message).toContain('line 4');
  });

  it('refuses a script that ends inside a block comment, an identifier or a quoted identifier', () => {
    expect(scriptError('SELECT 1\n/* outer /* inner */\nGO\n')).toMatchObject({ line: 2, construct: 'block comment' });
    expect(scriptError('SELECT [name\nGO')).toMatchObject({ line: 1, construct: 'bracketed identifier' });
    expect(scriptError('SELECT 1\nGO\nSELECT "x')).toMatchObject({ line: 3, construct: 'quoted identifier' });
  });

  it('refuses GO 0', () => {
    expect(() => splitSqlBatches('SELECT 1\nGO 0')).toThrow(/GO 0 at line 2/);
  });
});
