import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localKit } from '../../src/main/host/kit/local-kit';
import type { KitIndex } from '../../src/main/knowledge/recovery-kit/kit-index';

/**
 * A process that makes a kit again and again in one folder, as preparation does, through the
 * wizard's own kit module: the index removed, the files written, hashed, the index written, the
 * files read back. The test kills it (SIGKILL) at moments of its choosing and reads what it left.
 * Arguments: the kit folder, the number of rounds.
 */

const [folder = '', roundsText = '1'] = process.argv.slice(2);
const files = ['Databases\\ServiceManager.bak', 'Databases\\ServiceManager-permissions.sql', 'Keys\\SCSM01.bin'];

async function round(round: number): Promise<void> {
  await localKit.removeIndex(folder);
  for (const [n, path] of files.entries()) {
    // Sizes differ between rounds so that a stale entry could not match by chance.
    const content = Buffer.alloc((n + 1) * 3 * 1024 * 1024 + round, (round * 7 + n) % 251);
    writeFileSync(join(folder, ...path.split('\\')), content);
  }
  const hashed = await localKit.hash(folder, files);
  const index: KitIndex = {
    schemaVersion: 1,
    siteName: 'Contoso',
    madeBy: 'CONTOSO\\operator',
    madeOn: 'SCSM01',
    wizardVersion: '0.1.0',
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    complete: true,
    missing: [],
    files: hashed.map((file, n) => {
      if (file === null) throw new Error(`${files[n]} vanished`);
      return { ...file, role: 'database-backup', madeAt: new Date().toISOString() };
    }),
  };
  await localKit.writeIndex(folder, index);
  process.stdout.write(`round ${round}\n`);
  // Read back as Verify does: an index then stands for a while, as it does between two preparations,
  // so that kills land on a standing index as well as on one being remade.
  await localKit.hash(folder, files);
}

async function main(): Promise<void> {
  for (let n = 1; n <= Number(roundsText); n += 1) await round(n);
}

void main();
