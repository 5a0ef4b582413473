import { describe, expect, it } from 'vitest';
import type { SiteInfo } from '../../../../src/shared/channels';
import { tempDirectory } from '../../support/harness';
import { writeKit } from '../../support/kit-folder';
import { testWizardCore } from '../../support/test-wizard-core';

describe('the drill site built from a recovery kit', () => {
  it('rehearses with the kit’s site and files, keeps them through a reset, and goes back to the sample', async () => {
    const core = testWizardCore('browser');
    await core.handlers['site:use-drill'](undefined);
    const { folder } = writeKit({ index: true, checksums: true });

    const info = (await core.handlers['drill:from-kit']({ folder })) as SiteInfo;
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
