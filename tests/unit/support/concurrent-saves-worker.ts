import { readFileSync } from 'node:fs';
import { manifestFileStore } from '../../../src/main/app/manifest-file';
import { DrillSite } from '../../../src/main/host/drill/drill-site';
import { replaceFileContents } from '../../../src/main/host/replace-file';
import { parseManifest } from '../../../src/shared/manifest';

/**
 * One writer of the concurrent-saves test, run as its own process: saves the drill site's state
 * the site manifest or a small file again and again in a folder other writers save into too, and
 * prints how many saves failed. Arguments: drill|manifest|file, the file, the sample manifest,
 * how many saves.
 */

const [kind, path, manifestPath, countText] = process.argv.slice(2);
const count = Number(countText);
const failures: string[] = [];

async function main(): Promise<void> {
  const parsed = parseManifest(readFileSync(manifestPath ?? '', 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  if (kind === 'file') {
    for (let save = 0; save < count; save += 1) {
      try {
        replaceFileContents(path ?? '', `${JSON.stringify({ pid: process.pid, save })}\n`);
      } catch (error) {
        failures.push(String(error));
      }
    }
  } else if (kind === 'drill') {
    const site = new DrillSite({ manifest: parsed.manifest, speed: 1000, statePath: path });
    for (let save = 0; save < count; save += 1) {
      try {
        site.signIn('SCSM01');
      } catch (error) {
        failures.push(String(error));
      }
    }
  } else {
    const store = manifestFileStore(path ?? '', () => undefined);
    const server = parsed.manifest.servers[0];
    if (!server) throw new Error('the sample manifest has no server');
    for (let save = 0; save < count; save += 1) {
      try {
        await store.recordServer(server);
      } catch (error) {
        failures.push(String(error));
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ saves: count, failures: failures.length, first: failures[0] ?? null })}\n`);
}

void main();
