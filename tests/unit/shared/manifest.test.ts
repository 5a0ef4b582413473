import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/shared/manifest';
import { SAMPLE_MANIFEST_PATH } from '../support/harness';

const sample = () => JSON.parse(readFileSync(SAMPLE_MANIFEST_PATH, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(value: unknown): string[] {
  const result = parseManifest(typeof value === 'string' ? value : JSON.stringify(value));
  if (result.ok) throw new Error('the manifest was accepted');
  return result.errors;
}

describe('site manifest schema v1', () => {
  it('accepts the drill sample site', () => {
    const result = parseManifest(readFileSync(SAMPLE_MANIFEST_PATH, 'utf8'));
    expect(result.ok).toBe(true);
  });

  it('says when the file is not JSON', () => {
    expect(errorsOf('{ "schemaVersion": 1,')[0]).toMatch(/^the manifest is not valid JSON: /);
  });

  it('refuses another schema version', () => {
    expect(errorsOf({ ...sample(), schemaVersion: 2 })).toEqual([
      'schemaVersion: this wizard reads manifest schemaVersion 1',
    ]);
  });

  it('names the server and field that is wrong', () => {
    const manifest = sample();
    manifest.servers[2].fqdn = 'not a host';
    manifest.servers[3].netbiosName = 'SCSM-DATAWAREHOUSE01';
    const errors = errorsOf(manifest);
    expect(errors).toContain('servers[2].fqdn: an FQDN looks like host.domain.tld');
    expect(errors).toContain('servers[3].netbiosName: a NetBIOS name has at most 15 characters');
  });

  it('refuses duplicate servers, an FQDN of another host and two primaries', () => {
    const manifest = sample();
    manifest.servers[2].netbiosName = 'scsm02';
    manifest.servers[2].fqdn = 'scsm02.contoso.local';
    manifest.servers[1].fqdn = 'other.contoso.local';
    manifest.servers[3].roles = ['sm-primary-management-server'];
    const errors = errorsOf(manifest);
    expect(errors).toContain('servers[2].netbiosName: server scsm02 is listed twice (also at servers[1])');
    expect(errors).toContain("servers[1].fqdn: FQDN other.contoso.local does not start with the server's name SCSM02");
    expect(errors).toContain(
      'servers: only one server can be the primary Service Manager management server (found SCSM01, SCSMDW01)',
    );
  });

  it('refuses unknown roles, MSSQLSERVER for the default instance and a database listed twice', () => {
    const manifest = sample();
    manifest.servers[0].roles = ['sm-primary'];
    manifest.databases[0].instance = 'MSSQLSERVER';
    const errors = errorsOf(manifest);
    expect(errors.some((e) => e.startsWith('servers[0].roles[0]: '))).toBe(true);
    expect(errors).toContain('databases[0].instance: write null for the default instance, not MSSQLSERVER');
    // Rules across entries are checked once every entry is valid on its own.
    const twice = sample();
    twice.databases[1].role = 'ServiceManager';
    expect(errorsOf(twice)).toEqual(['databases[1].role: the ServiceManager database is listed twice']);
  });

  it('requires the management group, a full reporting URL and absolute install folders', () => {
    const manifest = sample();
    delete manifest.managementGroupName;
    manifest.reportingServerUrl = 'sqlrs01/ReportServer';
    manifest.servers[0].installDirectory = 'Program Files\\Service Manager';
    const errors = errorsOf(manifest);
    expect(errors.some((e) => e.startsWith('managementGroupName: '))).toBe(true);
    expect(errors).toContain('reportingServerUrl: the reporting server URL must be a full http(s) URL');
    expect(errors).toContain(
      'servers[0].installDirectory: a folder path starts with a drive letter (C:\\) or a UNC share (\\\\server\\share)',
    );
  });
});
