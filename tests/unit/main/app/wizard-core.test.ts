import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../src/main/host/drill/drill-site';
import type { Host } from '../../../../src/main/host/types';
import { SAMPLE_MANIFEST_PATH, sampleManifest, tempDirectory } from '../../support/harness';
import { testWizardCore } from '../../support/test-wizard-core';

/** Real-site hosts as the desktop app builds them, each counting how often it was let go of. */
function countingHosts() {
  const built: { host: Host; disposed: number }[] = [];
  const realHost = (): Host => {
    const drill = new DrillSite({
      manifest: sampleManifest(),
      speed: 1000,
      statePath: join(tempDirectory('real'), 's.json'),
    });
    const entry = { host: { ...drill.host, kind: 'windows' as const }, disposed: 0 };
    entry.host.dispose = async () => {
      entry.disposed += 1;
    };
    built.push(entry);
    return entry.host;
  };
  return { built, realHost };
}

describe('the wizard core lets go of a site it leaves', () => {
  it('disposes of the real site host on a switch to the drill, to another manifest, and on quit', async () => {
    const { built, realHost } = countingHosts();
    const core = testWizardCore('electron', { realHost });
    const manifest = join(tempDirectory('kit'), 'site.json');
    copyFileSync(SAMPLE_MANIFEST_PATH, manifest);

    await core.handlers['site:use-real']({ manifestPath: manifest });
    expect(built.map((entry) => entry.disposed)).toEqual([0]);

    // Loading the manifest again builds a new host; the old one lets go of its sessions.
    await core.handlers['site:use-real']({ manifestPath: manifest });
    expect(built.map((entry) => entry.disposed)).toEqual([1, 0]);

    await core.handlers['site:use-drill'](undefined);
    expect(built.map((entry) => entry.disposed)).toEqual([1, 1]);

    await core.handlers['site:use-real']({ manifestPath: manifest });
    await core.dispose();
    expect(built.map((entry) => entry.disposed)).toEqual([1, 1, 1]);
  });

  it('keeps the host while a run is in progress, refusing the switch', async () => {
    const { built, realHost } = countingHosts();
    const core = testWizardCore('electron', { realHost });
    const manifest = join(tempDirectory('kit'), 'site.json');
    copyFileSync(SAMPLE_MANIFEST_PATH, manifest);
    await core.handlers['site:use-real']({ manifestPath: manifest });
    const prepared = await core.runs.prepare('promote-management-server', {
      server: 'SCSM02',
      sqlServer: 'SQLSM01\\SCSM',
      database: 'ServiceManager',
    });
    await core.runs.start(
      prepared.runId,
      prepared.checks.filter((c) => c.status === 'warn').map((c) => c.id),
      {
        'delete-health-service-state': 'DELETE',
      },
    );
    expect(() => core.handlers['site:use-drill'](undefined)).toThrow(/A run is in progress/);
    expect(built[0]?.disposed).toBe(0);
    await core.runs.settled(prepared.runId);
  });
});
