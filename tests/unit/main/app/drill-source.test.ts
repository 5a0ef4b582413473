import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SiteInfo } from '../../../../src/shared/channels';
import { tempDirectory } from '../../support/harness';
import { sha256, writeKit } from '../../support/kit-folder';
import { testWizardCore } from '../../support/test-wizard-core';

describe('the drill site built from a recovery kit', () => {
  it('rehearses with the kit’s site and files, keeps them through a reset, and goes back to the sample', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    const { folder } = writeKit({ index: true, checksums: true, intact: true });

    const { check, site: info } = await core.handlers['drill:from-kit']({ folder });
    expect(check).toMatchObject({ verdict: 'intact', problems: [] });
    if (!info) throw new Error('an intact kit builds the drill at once');
    expect(info.siteName).toBe('Fabrikam');
    expect(info.manifestSource).toContain('(simulated from the recovery kit)');
    const onShare = () =>
      Object.values(core.drill().snapshot().files).filter((file) => file.path.startsWith('\\\\FAB-FS\\Kit\\'));
    expect(onShare().map((file) => file.path)).toContain('\\\\FAB-FS\\Kit\\Databases\\ServiceManager.bak');

    core.drill().inject({ kind: 'computer-unreachable', computer: 'SCSM01' });
    core.handlers['drill:reset'](undefined);
    expect(onShare().length).toBeGreaterThan(0);
    expect(
      core
        .drill()
        .snapshot()
        .computers.find((computer) => computer.name === 'SCSM01')?.reachable,
    ).toBe(true);

    const sample = (await core.handlers['drill:use-sample'](undefined)) as SiteInfo;
    expect(sample.siteName).toBe('Contoso production (drill)');
    expect(onShare()).toEqual([]);
  });

  it('verifies the kit first, builds from damaged files only when accepted, and holds them as they are', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    // The index records another SHA-256 for the backup, and lists none of the other files.
    const { folder, backup } = writeKit({ index: true, checksums: true });

    const first = await core.handlers['drill:from-kit']({ folder });
    expect(first.site).toBeUndefined();
    expect(first.check.verdict).toBe('damaged');
    expect(first.check.problems.map((problem) => [problem.file, problem.kind])).toEqual(
      expect.arrayContaining([
        ['Databases\\ServiceManager.bak', 'changed'],
        ['site.json', 'unexpected'],
      ]),
    );
    expect(((await core.handlers['site:current'](undefined)) as SiteInfo).siteName).toBe('Contoso production (drill)');

    const accepted = await core.handlers['drill:from-kit']({ folder, acceptDamagedKit: true });
    expect(accepted.site?.siteName).toBe('Fabrikam');
    // The drill holds the backup as it is, not as the index recorded it: its recoveries meet the damage.
    const held = Object.values(core.drill().snapshot().files).find(
      (file) => file.path === '\\\\FAB-FS\\Kit\\Databases\\ServiceManager.bak',
    );
    expect(held?.sha256).toBe(sha256(backup));
    // Verify the recovery kit, rehearsed on this drill, finds what the real one would.
    const verify = await core.runs.prepare('verify-kit', { kitFolder: '\\\\FAB-FS\\Kit' });
    await core.runs.start(verify.runId, [], {});
    const done = await core.runs.settled(verify.runId);
    expect(done.phase).toBe('failed');
    expect(done.outcomeMessage).toMatch(/The kit is not intact: 1 file\(s\) missing or changed/);
  });

  it('checks a mended kit anew, rather than answering with the check the operator read before', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    const { folder } = writeKit({ index: true, checksums: true });
    expect((await core.handlers['drill:from-kit']({ folder })).check.verdict).toBe('damaged');
    // Mended: its index made again over the files as they are.
    const intact = writeKit({ index: true, checksums: true, intact: true });
    cpSync(join(intact.folder, 'kit-index.json'), join(folder, 'kit-index.json'));
    // Even "Build the drill anyway", which follows the check just read, checks a kit whose files changed.
    const mended = await core.handlers['drill:from-kit']({ folder, acceptDamagedKit: true });
    expect(mended.check).toMatchObject({ verdict: 'intact', problems: [] });
    expect(mended.site?.siteName).toBe('Fabrikam');
  });

  it('builds no drill from a kit whose manifest does not verify, even when damage is accepted', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    const { folder } = writeKit({ index: true, checksums: true, intact: true });
    appendFileSync(join(folder, 'site.json'), '\n');
    for (const acceptDamagedKit of [false, true]) {
      const built = await core.handlers['drill:from-kit']({ folder, acceptDamagedKit });
      expect(built.site).toBeUndefined();
      expect(built.check.verdict).toBe('refused');
      expect(built.check.problems).toEqual([expect.objectContaining({ file: 'site.json', refuses: true })]);
    }
    expect(((await core.handlers['site:current'](undefined)) as SiteInfo).siteName).toBe('Contoso production (drill)');
  });

  it('refuses a folder that is not a kit and keeps the site it had', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    const folder = tempDirectory('not-a-kit');
    await expect(core.handlers['drill:from-kit']({ folder })).rejects.toThrow(
      `${folder} is not a recovery kit: it has no site.json, the site manifest every kit holds at its root.`,
    );
    expect(((await core.handlers['site:current'](undefined)) as SiteInfo).siteName).toBe('Contoso production (drill)');
  });
});
