import { describe, expect, it } from 'vitest';
import { manifestSchema, type SiteManifest } from '../../../src/shared/manifest';
import { withPromotedPrimary } from '../../../src/shared/manifest-promotion';
import { sampleManifest } from '../support/harness';

const rolesOf = (manifest: SiteManifest) =>
  Object.fromEntries(manifest.servers.map((server) => [server.netbiosName, server.roles]));

describe('the manifest after a promotion', () => {
  it('names the promoted server the primary and lists the former primary as an additional server', () => {
    const before = sampleManifest();
    const after = withPromotedPrimary(before, 'scsm02');
    expect(rolesOf(after)).toMatchObject({
      SCSM01: ['sm-additional-management-server'],
      SCSM02: ['sm-primary-management-server'],
      SCSM03: ['sm-additional-management-server'],
    });
    // The result is a manifest the wizard can load, with one primary; the input is left alone.
    expect(manifestSchema.safeParse(after).success).toBe(true);
    expect(rolesOf(before).SCSM01).toEqual(['sm-primary-management-server']);
    // Everything else is kept as it was.
    expect({ ...after, servers: [] }).toEqual({ ...before, servers: [] });
    expect(after.servers.map((server) => server.netbiosName)).toEqual(before.servers.map((s) => s.netbiosName));
  });

  it('keeps the servers’ other roles', () => {
    const manifest = sampleManifest();
    const primary = manifest.servers.find((server) => server.netbiosName === 'SCSM01');
    const promoted = manifest.servers.find((server) => server.netbiosName === 'SCSM02');
    if (!primary || !promoted) throw new Error('the sample site lists SCSM01 and SCSM02');
    primary.roles = ['sm-primary-management-server', 'sm-web-components'];
    promoted.roles = ['orchestrator-runbook-server', 'sm-additional-management-server'];
    expect(rolesOf(withPromotedPrimary(manifest, 'SCSM02'))).toMatchObject({
      SCSM01: ['sm-additional-management-server', 'sm-web-components'],
      SCSM02: ['sm-primary-management-server', 'orchestrator-runbook-server'],
    });
  });

  it('refuses a server the manifest does not list', () => {
    expect(() => withPromotedPrimary(sampleManifest(), 'SCSM09')).toThrow('SCSM09 is not a server of the manifest.');
  });
});
