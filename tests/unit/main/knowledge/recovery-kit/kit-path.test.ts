import { describe, expect, it } from 'vitest';
import { kitPathProblem } from '../../../../../src/main/knowledge/recovery-kit/kit-path';
import { kitFileSchema } from '../../../../../src/main/knowledge/recovery-kit/kit-index';

const FILE = { role: 'management-pack', size: 1, sha256: 'a'.repeat(64), madeAt: '2026-12-01T08:10:00+01:00' };

describe('a path inside a recovery kit', () => {
  it.each(['site.json', 'Keys\\SCSM01-ServiceManager.bin', 'Management Packs\\Contoso.Incident.xml', 'a..b\\c.d'])(
    'takes %s',
    (path) => {
      expect(kitPathProblem(path)).toBeNull();
      expect(kitFileSchema.safeParse({ ...FILE, path }).success).toBe(true);
    },
  );

  it.each([
    ['', 'it is empty'],
    ['..\\..\\payload.txt', 'it leads out of the kit folder'],
    ['Keys\\..\\..\\payload.txt', 'it leads out of the kit folder'],
    ['.\\site.json', 'it leads out of the kit folder'],
    ['\\Windows\\System32\\drivers\\etc\\hosts', 'it is not relative to the kit folder, or has an empty part'],
    ['\\\\FS01\\share\\x', 'it is not relative to the kit folder, or has an empty part'],
    ['Keys\\\\x.bin', 'it is not relative to the kit folder, or has an empty part'],
    ['C:\\Windows\\win.ini', 'it holds a character a Windows file name cannot have'],
    ['../../payload.txt', 'it holds a character a Windows file name cannot have'],
    ['Keys/../../x', 'it holds a character a Windows file name cannot have'],
    ['site.json:hidden', 'it holds a character a Windows file name cannot have'],
    ['site\u0000.json', 'it holds a character a Windows file name cannot have'],
  ])('refuses %j: %s', (path, problem) => {
    expect(kitPathProblem(path)).toBe(problem);
    const parsed = kitFileSchema.safeParse({ ...FILE, path });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(`not a path inside the kit: ${problem}`);
  });
});
