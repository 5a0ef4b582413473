import { describe, expect, it } from 'vitest';
import { kitPathEscape, kitPathProblem } from '../../../../../src/main/knowledge/recovery-kit/kit-path';
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
    ['C:\\Windows\\win.ini', 'it names a drive'],
    ['C:payload.txt', 'it names a drive'],
    ['../../payload.txt', 'it leads out of the kit folder'],
    ['Keys/../../x', 'it leads out of the kit folder'],
    ['/etc/passwd', 'it is not relative to the kit folder, or has an empty part'],
    ['Keys/x.bin', 'it holds a character a Windows file name cannot have'],
    ['site.json:hidden', 'it holds a character a Windows file name cannot have'],
    ['site\u0000.json', 'it holds a character a Windows file name cannot have'],
  ])('refuses %j: %s', (path, problem) => {
    expect(kitPathProblem(path)).toBe(problem);
    const parsed = kitFileSchema.safeParse({ ...FILE, path });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(`not a path inside the kit: ${problem}`);
  });

  it('lets a name found in a folder off Windows be hashed where it is, if it stays in the kit', () => {
    expect(kitPathEscape('Icon\r')).toBeNull();
    expect(kitPathEscape('Databases\\a:b.bak')).toBeNull();
    expect(kitPathProblem('Icon\r')).toBe('it holds a character a Windows file name cannot have');
    expect(kitPathEscape('Databases\\..\\..\\x')).toBe('it leads out of the kit folder');
  });
});
