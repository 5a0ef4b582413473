import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import type { StepIo } from '../../../../../src/main/host/types';
import { sampleManifest } from '../../../support/harness';

const io = (): StepIo & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
};

describe('drill site', () => {
  it('builds the site from the manifest', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const state = drill.snapshot();
    expect(state.localComputer).toBe('SCSM02');
    expect(state.computers.find((c) => c.name === 'SCSM03')?.registry).toEqual({
      'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup\\InstallDirectory':
        'D:\\Microsoft System Center\\Service Manager\\',
      'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Database\\DatabaseServerName': 'SQLSM01\\SCSM',
      'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Database\\DatabaseName': 'ServiceManager',
      'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full\\Release': '528049',
      'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\SDK Service\\SDK Service Type': '1',
      'HKLM\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup\\ServerVersion': '10.22.1219.0',
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\RegisteredOrganization': 'Contoso, Ltd.',
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\RegisteredOwner': 'Contoso IT',
    });
    const identity = await drill.host.sql.execute(
      { server: { computer: 'SQLRS01', instance: null, port: null }, database: 'ReportServer' },
      sqlStatements.serverIdentity(),
    );
    expect(identity.rows).toEqual([{ machineName: 'SQLRS01', instanceName: null, serverName: 'SQLRS01' }]);
    expect(state.computers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['SCSM01', 'SCSM04', 'SQLSM01', 'SQLDW01', 'SQLRS01', 'SQLORCH01']),
    );
  });

  it('takes time to stop a service, in steps an operator can follow', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 30 });
    const stopping = drill.host.services.stop('SCSM02', 'System Center Data Access Service', 120, io());
    await new Promise((r) => setTimeout(r, 10));
    expect((await drill.host.services.find('SCSM02', 'System Center Data Access Service'))?.status).toBe('StopPending');
    await stopping;
    expect((await drill.host.services.find('scsm02.contoso.local', 'System Center Data Access Service'))?.status).toBe(
      'Stopped',
    );
  });

  it('injects an unreachable server and a failing operation', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    drill.inject({ kind: 'computer-unreachable', computer: 'SCSM03' });
    await expect(drill.host.services.find('SCSM03', 'Microsoft Monitoring Agent')).rejects.toThrow(
      /Cannot reach SCSM03: the computer does not answer/,
    );
    drill.inject({ kind: 'operation-fails', operation: 'services.start', times: 2, message: 'Access is denied' });
    await expect(drill.host.services.start('SCSM02', 'Microsoft Monitoring Agent', 120, io())).rejects.toThrow(
      'Access is denied',
    );
    await expect(drill.host.services.start('SCSM02', 'Microsoft Monitoring Agent', 120, io())).rejects.toThrow(
      'Access is denied',
    );
    await expect(drill.host.services.start('SCSM02', 'Microsoft Monitoring Agent', 120, io())).resolves.toBeUndefined();
    expect(drill.reset().computers.every((c) => c.reachable)).toBe(true);
  });

  it('refuses to delete the Health Service State while the agent runs, as Windows would', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const folder = 'C:\\Program Files\\Microsoft System Center\\Service Manager\\Health Service State';
    await expect(drill.host.files.removeDirectory('SCSM02', folder, io())).rejects.toThrow(
      /in use by the Microsoft Monitoring Agent/,
    );
  });
});
