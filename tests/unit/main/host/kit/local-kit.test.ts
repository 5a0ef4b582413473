import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localKit } from '../../../../../src/main/host/kit/local-kit';
import { HostError } from '../../../../../src/main/knowledge/failures';
import { compareKit } from '../../../../../src/main/knowledge/recovery-kit/kit-compare';
import type { KitIndex } from '../../../../../src/main/knowledge/recovery-kit/kit-index';
import { tempDirectory } from '../../../support/harness';

/** Real files in temporary folders, hashed and copied by the worker threads the wizard uses at a site. */

const FILES: Record<string, Buffer> = {
  'site.json': Buffer.from('{"siteName":"Contoso"}'),
  'Databases\\ServiceManager.bak': Buffer.alloc(9 * 1024 * 1024 + 17, 3),
  'Databases\\ServiceManager-permissions.sql': Buffer.from('CREATE LOGIN [CONTOSO\\svc] FROM WINDOWS;\r\nGO\r\n'),
  'Keys\\SCSM01-ServiceManager.bin': Buffer.from('key material'),
};

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function makeKit(prefix: string): string {
  const folder = tempDirectory(prefix);
  for (const [path, content] of Object.entries(FILES)) {
    const file = join(folder, ...path.split('\\'));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
  return folder;
}

async function indexOf(folder: string): Promise<KitIndex> {
  const hashed = await localKit.hash(folder, Object.keys(FILES));
  return {
    schemaVersion: 1,
    siteName: 'Contoso',
    madeBy: 'CONTOSO\\operator',
    madeOn: 'SCSM01',
    wizardVersion: '0.1.0',
    startedAt: '2026-12-01T08:00:00+01:00',
    finishedAt: '2026-12-01T08:30:00+01:00',
    complete: true,
    missing: [],
    files: hashed.map((file) => {
      if (file === null) throw new Error('a file of the kit is missing');
      return { ...file, role: 'database-backup' as const, madeAt: '2026-12-01T08:10:00+01:00' };
    }),
  };
}

async function foundIn(folder: string): Promise<{ path: string; size: number; sha256: string | null }[]> {
  const listed = await localKit.list(folder);
  const hashed = await localKit.hash(
    folder,
    listed.map((file) => file.path),
  );
  return listed.map((file, n) => ({ ...file, sha256: hashed[n]?.sha256 ?? null }));
}

describe('the recovery kit on a real disk', () => {
  it('lists every file under the kit folder with backslashed paths, and hashes each as sha256 would', async () => {
    const folder = makeKit('kit-list');
    expect((await localKit.list(folder)).map((file) => file.path)).toEqual(
      Object.keys(FILES).sort((a, b) => a.localeCompare(b)),
    );
    const progress: number[] = [];
    const hashed = await localKit.hash(folder, [...Object.keys(FILES), 'Keys\\absent.bin'], (done) =>
      progress.push(done),
    );
    expect(hashed.slice(0, 4).map((file) => file?.sha256)).toEqual(Object.values(FILES).map(sha256));
    expect(hashed[4]).toBeNull();
    const total = Object.values(FILES).reduce((sum, content) => sum + content.length, 0);
    expect(progress.at(-1)).toBe(total);
    // The 9 MB backup is read in chunks, each reported: progress moves before the whole is done.
    expect(progress.length).toBeGreaterThan(4);
    await expect(localKit.list(join(folder, 'nowhere'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('writes the index and reads it back; a kit verifies; a changed, missing and unexpected file are each found', async () => {
    const folder = makeKit('kit-verify');
    const index = await indexOf(folder);
    await localKit.writeIndex(folder, index);
    expect(await localKit.readIndex(folder)).toEqual(index);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(compareKit(index, await foundIn(folder)).problems).toEqual([]);

    writeFileSync(join(folder, 'Databases', 'ServiceManager.bak'), Buffer.alloc(9 * 1024 * 1024 + 17, 4));
    writeFileSync(join(folder, 'Keys', 'SCSM01-ServiceManager.bin'), '');
    writeFileSync(join(folder, 'Keys', 'SCSM02-ServiceManager.bin'), 'stray');
    const { rmSync } = await import('node:fs');
    rmSync(join(folder, 'Databases', 'ServiceManager-permissions.sql'));
    const problems = compareKit(index, await foundIn(folder)).problems;
    expect(
      problems.map((problem) => [problem.kind, 'entry' in problem ? problem.entry.path : problem.found.path]),
    ).toEqual([
      ['changed', 'Databases\\ServiceManager.bak'],
      ['missing', 'Databases\\ServiceManager-permissions.sql'],
      ['changed', 'Keys\\SCSM01-ServiceManager.bin'],
      ['unexpected', 'Keys\\SCSM02-ServiceManager.bin'],
    ]);
  });

  it('refuses an index that is not one, saying so', async () => {
    const folder = tempDirectory('kit-bad-index');
    expect(await localKit.readIndex(folder)).toBeNull();
    writeFileSync(join(folder, 'kit-index.json'), '{"schemaVersion":1}');
    await expect(localKit.readIndex(folder)).rejects.toBeInstanceOf(HostError);
    writeFileSync(join(folder, 'kit-index.json'), 'not json');
    await expect(localKit.readIndex(folder)).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('copies a kit to another folder, hashing what it wrote, and the copy verifies against the index', async () => {
    const source = makeKit('kit-copy-from');
    const index = await indexOf(source);
    const destination = join(tempDirectory('kit-copy-to'), 'RecoveryKit');
    const progress: number[] = [];
    const copied = await localKit.copy(source, destination, Object.keys(FILES), (done) => progress.push(done));
    expect(copied.map((file) => file.sha256)).toEqual(index.files.map((file) => file.sha256));
    expect(
      readFileSync(join(destination, 'Databases', 'ServiceManager.bak')).equals(
        FILES['Databases\\ServiceManager.bak'] ?? Buffer.alloc(0),
      ),
    ).toBe(true);
    expect(compareKit(index, await foundIn(destination)).problems).toEqual([]);
    expect(progress.at(-1)).toBe(Object.values(FILES).reduce((sum, content) => sum + content.length, 0));
    expect(existsSync(join(destination, 'kit-index.json'))).toBe(false);
  });

  it('stops on a full drive with a clear error, and removes the index an earlier copy left there', async () => {
    const source = makeKit('kit-full-from');
    const destination = makeKit('kit-full-to');
    await localKit.writeIndex(destination, await indexOf(destination));
    // /dev/full answers every write with ENOSPC, as a full USB drive does.
    symlinkSync('/dev/full', join(destination, 'Databases', 'ServiceManager.bak.full'));
    const { rmSync } = await import('node:fs');
    rmSync(join(destination, 'Databases', 'ServiceManager.bak'));
    symlinkSync('/dev/full', join(destination, 'Databases', 'ServiceManager.bak'));
    const copy = localKit.copy(source, destination, Object.keys(FILES));
    await expect(copy).rejects.toMatchObject({ code: 'disk-full' });
    await expect(copy).rejects.toThrow(
      /full: Databases\\ServiceManager\.bak could not be copied whole\. No index was written/,
    );
    expect(existsSync(join(destination, 'kit-index.json'))).toBe(false);
  });
});

describe('a kit whose index or names lead out of its folder (a stick or a share anyone may have written to)', () => {
  it('copies nothing and hashes nothing outside the kit folders for a path with ..', async () => {
    const root = tempDirectory('kit-escape');
    const source = join(root, 'share', 'kits', 'kit');
    mkdirSync(source, { recursive: true });
    writeFileSync(join(root, 'share', 'payload.txt'), 'outside the kit');
    const destination = join(root, 'usb', 'Kit');
    const escape = '..\\..\\payload.txt';
    const refusal = `${escape} is not a file of the kit in ${source}: it leads out of the kit folder.`;
    await expect(localKit.copy(source, destination, [escape])).rejects.toMatchObject({
      code: 'unsupported',
      message: refusal,
    });
    // Joined as it was, the path copied share/payload.txt to payload.txt beside usb, outside both kits.
    expect(readdirSync(root).sort()).toEqual(['share']);
    await expect(localKit.hash(source, [escape])).rejects.toMatchObject({ message: refusal });
  });

  it('refuses an index naming a file outside the kit before anything reads it', async () => {
    const folder = makeKit('kit-index-escape');
    const index = await indexOf(folder);
    const first = index.files[0];
    if (!first) throw new Error('the kit has no file');
    const tampered = { ...index, files: [{ ...first, path: 'Keys\\..\\..\\..\\etc\\passwd' }] };
    writeFileSync(join(folder, 'kit-index.json'), JSON.stringify(tampered));
    await expect(localKit.readIndex(folder)).rejects.toMatchObject({
      code: 'unsupported',
      message: `${join(folder, 'kit-index.json')} is not a valid kit index.`,
      details: expect.stringContaining('not a path inside the kit: it leads out of the kit folder'),
    });
  });

  // Windows cannot make either: no named pipe in a folder, no backslash in a name.
  it.skipIf(process.platform === 'win32')(
    'answers at once for a named pipe in place of the index, hashes an odd name and refuses one holding a backslash',
    async () => {
      const folder = makeKit('kit-pipe');
      expect(spawnSync('mkfifo', [join(folder, 'kit-index.json')]).status).toBe(0);
      await expect(localKit.readIndex(folder)).rejects.toMatchObject({
        code: 'unsupported',
        message: `${join(folder, 'kit-index.json')} is not an ordinary file (a folder, a pipe or a device): it cannot be a kit index.`,
      });

      // macOS leaves "Icon\r" in a folder it has shown: an unexpected file, hashed where it is.
      const odd = makeKit('kit-odd-name');
      writeFileSync(join(odd, 'Icon\r'), '');
      expect((await foundIn(odd)).find((file) => file.path === 'Icon\r')?.sha256).toBe(sha256(Buffer.alloc(0)));

      const named = makeKit('kit-backslash');
      writeFileSync(join(named, '..\\..\\secret.txt'), 'a decoy');
      await expect(localKit.list(named)).rejects.toMatchObject({
        code: 'unsupported',
        message: `${named} holds a file or folder named "..\\..\\secret.txt": a Windows file name cannot hold a backslash, so this is not a recovery kit.`,
      });
    },
  );
});

describe('a kit written by a process killed midway', () => {
  it('never leaves an index that claims a missing or incomplete file', async () => {
    const bundle = join(tempDirectory('kit-writer'), 'kit-writer.cjs');
    const built = spawnSync(
      resolve('node_modules/.bin/esbuild'),
      ['tests/support/kit-writer-process.ts', '--bundle', '--platform=node', '--format=cjs', `--outfile=${bundle}`],
      { encoding: 'utf8' },
    );
    expect(built.status, built.stderr).toBe(0);
    // Kills at moments spread over a round, counted from the first index written (and one before it).
    const killedAfterMs = [null, 0, 15, 35, 60, 90, 130, 180, 250];
    const outcomes: string[] = [];
    for (const delay of killedAfterMs) {
      const folder = tempDirectory('kit-killed');
      mkdirSync(join(folder, 'Databases'));
      mkdirSync(join(folder, 'Keys'));
      const child = spawn(process.execPath, [bundle, folder, '50'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let rounds = '';
      child.stdout.on('data', (chunk: Buffer) => (rounds += chunk.toString()));
      if (delay !== null) {
        await new Promise<void>((done) => {
          const poll = setInterval(() => {
            if (rounds.includes('round 1')) {
              clearInterval(poll);
              done();
            }
          }, 1);
        });
      }
      await new Promise((done) => setTimeout(done, delay ?? 20));
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
      const index = await localKit.readIndex(folder);
      if (index !== null) {
        const problems = compareKit(index, await foundIn(folder)).problems.filter(
          (problem) => problem.kind !== 'unexpected',
        );
        expect(problems, `killed after ${delay} ms`).toEqual([]);
      }
      outcomes.push(
        `${delay ?? 'before the first index, 20'} ms: ${rounds.trim().split('\n').filter(Boolean).length} rounds, index ${index === null ? 'absent' : 'intact'}`,
      );
    }
    // The kills must land both where an index stands and where it is being remade, or the test proves little.
    expect(
      outcomes.some((line) => line.endsWith('absent')),
      outcomes.join('; '),
    ).toBe(true);
    expect(
      outcomes.some((line) => line.endsWith('intact')),
      outcomes.join('; '),
    ).toBe(true);
  }, 60_000);
});
