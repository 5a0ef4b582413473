import { describe, expect, it } from 'vitest';
import { batchCode, createdLogins } from '../../../../../src/main/host/drill/tsql-batch';

describe("the drill's reading of a batch", () => {
  it('takes a line reading GO inside a [bracketed] or "quoted" name for part of the name', () => {
    const batch = 'CREATE LOGIN [CONTOSO\\a\nGO\nb] FROM WINDOWS;\nSELECT 1 AS "it\'s\nGO\n";';
    const lexed = batchCode(batch);
    if (!('code' in lexed)) throw new Error(`refused: ${lexed.text}`);
    expect(createdLogins(lexed.code)).toEqual([{ login: 'CONTOSO\\a\nGO\nb', guarded: false }]);
  });

  it('still refuses a GO line in code, and an unclosed quoted name', () => {
    expect(batchCode('SELECT 1\nGO\nSELECT 2')).toEqual({ number: 102, text: "Incorrect syntax near 'GO'." });
    expect(batchCode('SELECT 1 AS "open')).toMatchObject({ number: 105 });
  });
});
