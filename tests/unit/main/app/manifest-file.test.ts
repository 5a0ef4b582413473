import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFileStore } from '../../../../src/main/app/manifest-file';
import { parseManifest, type SiteManifest } from '../../../../src/shared/manifest';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';

function loaded(path: string): SiteManifest {
  const parsed = parseManifest(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.manifest;
}

describe('the manifest file after a promotion', () => {
  it('names the new primary, keeps the previous file beside it and hands the change to the wizard', async () => {
    const path = join(tempDirectory('manifest-file'), 'site.json');
    copyFileSync(SAMPLE_MANIFEST_PATH, path);
    const original = readFileSync(path, 'utf8');
    const changes: SiteManifest[] = [];
    await manifestFileStore(path, (manifest) => changes.push(manifest)).recordPrimary('SCSM02');

    const written = loaded(path);
    const primaries = written.servers.filter((server) => server.roles.includes('sm-primary-management-server'));
    expect(primaries.map((server) => server.netbiosName)).toEqual(['SCSM02']);
    expect(written.servers.find((server) => server.netbiosName === 'SCSM01')?.roles).toEqual([
      'sm-additional-management-server',
    ]);
    expect(readFileSync(`${path}.previous`, 'utf8')).toBe(original);
    expect(changes).toEqual([written]);
  });
});
