import { describe, expect, it } from 'vitest';
import type { AnswerError } from '../../../../../src/main/engine/errors';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { buildInitialState } from '../../../../../src/main/host/drill/initial-state';
import { discoverSite, siteChanges } from '../../../../../src/main/procedures/prepare-kit/discovery';
import type { SiteManifest } from '../../../../../src/shared/manifest';
import { prepareKitPages } from '../../../../../src/shared/procedures/prepare-kit';
import { createHarness, sampleManifest, type Harness } from '../../../support/harness';

const KIT = '\\\\FS01\\Kits\\Contoso';
const SIGN_IN = { authentication: 'integrated' as const, trustServerCertificate: false };
const NAMED = { none: false, sqlServer: 'SQLORCH01', database: 'Orchestrator' };

function withoutServer(manifest: SiteManifest, netbiosName: string): SiteManifest {
  return { ...manifest, servers: manifest.servers.filter((server) => server.netbiosName !== netbiosName) };
}

function harnessAt(manifest = sampleManifest(), drill?: DrillSite): Harness {
  const harness = createHarness({ drill: drill ?? new DrillSite({ manifest, speed: 1000 }) });
  harness.drill.signIn('SCSM01');
  return harness;
}

const orchestratorServers = (manifest: SiteManifest) =>
  manifest.servers.filter((server) => server.roles.some((role) => role.startsWith('orchestrator-')));

describe('discovering Orchestrator while preparing the kit (drill)', () => {
  it('reads the runbook and management servers from the database, and keeps what it does not hold', async () => {
    const harness = harnessAt();
    const previous = sampleManifest();
    const { manifest, notes } = await discoverSite(harness.ctx(), SIGN_IN, previous, KIT, NAMED);
    // The database names the servers; the previous kit gives their folders and versions; the web
    // components are found where that kit says they are installed.
    expect(orchestratorServers(manifest)).toEqual(orchestratorServers(previous));
    expect(manifest.databases.find((db) => db.role === 'Orchestrator')).toEqual({
      role: 'Orchestrator',
      sqlServer: 'SQLORCH01',
      instance: null,
      name: 'Orchestrator',
    });
    expect(manifest.products.orchestrator).toBe(previous.products.orchestrator);
    expect(manifest.noOrchestrator).toBeUndefined();
    expect(siteChanges(previous, manifest).filter((change) => /SCORCH|Orchestrator/.test(change.text))).toEqual([]);
    expect(notes.join('\n')).not.toMatch(/Orchestrator|SCORCH/);
  });

  it('shows the runbook servers added and removed since the previous kit on the review page', async () => {
    // SCORCHRB02 was retired and SCORCHRB03 added since the previous kit was made.
    const now = sampleManifest();
    const retired = now.servers.find((server) => server.netbiosName === 'SCORCHRB02');
    if (!retired) throw new Error('the sample site has SCORCHRB02');
    const site = {
      ...withoutServer(now, 'SCORCHRB02'),
      servers: [
        ...withoutServer(now, 'SCORCHRB02').servers,
        { ...retired, netbiosName: 'SCORCHRB03', fqdn: 'scorchrb03.contoso.local' },
      ],
    };
    const harness = harnessAt(site);
    await harness.drill.host.files.createFolder('SCSM01', KIT);
    await harness.drill.host.files.writeText('SCSM01', `${KIT}\\site.json`, JSON.stringify(now));
    const lookup = await harness.runs.lookup('prepare-recovery-kit', 'discover', {
      ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
      kitFolder: KIT,
      mediaPath: 'D:\\',
      orchestratorSqlServer: 'SQLORCH01',
    });
    expect(lookup.ok).toBe(true);
    expect(lookup.checks?.find((check) => check.id === 'server-SCORCHRB03')).toMatchObject({
      expected: 'Orchestrator runbook server',
      found: 'scorchrb03.contoso.local',
    });
    expect(
      lookup.checks?.filter((check) => check.title === 'Changed since the previous kit').map((check) => check.found),
    ).toEqual([
      'SCORCHRB03 is new (Orchestrator runbook server)',
      'SCORCHRB02 is gone (was Orchestrator runbook server)',
    ]);
    // Nothing of the previous kit tells SCORCHRB03's install folder: the review page says so.
    expect(lookup.checks?.map((check) => check.found)).toContainEqual(
      expect.stringMatching(/not known for SCORCHRB03 \(add them to site\.json/),
    );
  });

  it('keeps the previous management server, and says so, when no Runbook Designer names one', async () => {
    const state = buildInitialState(sampleManifest());
    for (const server of state.sqlServers) {
      for (const database of server.databases) if (database.clientConnections) database.clientConnections = [];
    }
    const harness = harnessAt(
      sampleManifest(),
      new DrillSite({ manifest: sampleManifest(), initialState: state, speed: 1000 }),
    );
    const found = await discoverSite(harness.ctx(), SIGN_IN, sampleManifest(), KIT, NAMED);
    expect(found.manifest.servers.find((server) => server.netbiosName === 'SCORCH01')?.roles).toEqual([
      'orchestrator-management-server',
      'orchestrator-runbook-server',
    ]);
    expect(found.notes).toContain(
      'No Runbook Designer is connected to the Orchestrator database, so it names no management server: SCORCH01 kept from the previous manifest.',
    );
  });

  it('keeps web components it cannot read as the previous kit gives them, and says why', async () => {
    const harness = harnessAt();
    harness.drill.inject({ kind: 'computer-unreachable', computer: 'SCORCHWEB01' });
    const previous = sampleManifest();
    const { manifest, notes } = await discoverSite(harness.ctx(), SIGN_IN, previous, KIT, NAMED);
    expect(manifest.servers.find((server) => server.netbiosName === 'SCORCHWEB01')).toEqual(
      previous.servers.find((server) => server.netbiosName === 'SCORCHWEB01'),
    );
    expect(notes).toContainEqual(
      expect.stringMatching(
        /^SCORCHWEB01's web components could not be read \(.+\): kept as the previous manifest says\.$/,
      ),
    );
  });

  it('records a site without Orchestrator, and lists what left the manifest since the previous kit', async () => {
    const harness = harnessAt();
    const previous = sampleManifest();
    const { manifest, notes } = await discoverSite(harness.ctx(), SIGN_IN, previous, KIT, {
      none: true,
      sqlServer: 'SQLORCH01',
      database: 'Orchestrator',
    });
    expect(manifest.noOrchestrator).toBe(true);
    expect(orchestratorServers(manifest)).toEqual([]);
    expect(manifest.databases.map((db) => db.role)).not.toContain('Orchestrator');
    expect(manifest.products.orchestrator).toBeUndefined();
    expect(notes).toContain('You said this site has no Orchestrator: the kit records that it holds none of it.');
    expect(siteChanges(previous, manifest).map((change) => change.text)).toEqual(
      expect.arrayContaining([
        'SCORCH01 is gone (was Orchestrator management server, Orchestrator runbook server)',
        'Orchestrator (Orchestrator) is no longer found',
      ]),
    );
  });

  it('refuses, naming the server, when the Orchestrator database cannot be reached or read', async () => {
    const harness = harnessAt();
    const refusal = (sqlServer: string, database: string) =>
      discoverSite(harness.ctx(), SIGN_IN, null, KIT, { none: false, sqlServer, database }).then(
        () => ({ field: 'none', message: 'accepted' }),
        (error: AnswerError) => ({ field: error.field, message: error.message }),
      );
    // Unreachable: the SQL Server is the answer to fix.
    expect(await refusal('SQLGONE01', 'Orchestrator')).toEqual({
      field: 'orchestratorSqlServer',
      message: expect.stringMatching(
        /^The Orchestrator database “Orchestrator” on SQLGONE01 could not be read: .+[^.]\. Check its SQL Server/,
      ),
    });
    // The server answered but has no such database, or it is not Orchestrator's (no ACTIONSERVERS): the name is.
    expect(await refusal('SQLORCH01', 'Orchestra')).toEqual({
      field: 'orchestratorDatabase',
      message: expect.stringMatching(/^The Orchestrator database “Orchestra” on SQLORCH01 could not be read: /),
    });
    expect(await refusal('SQLSM01\\SCSM', 'ServiceManager')).toEqual({
      field: 'orchestratorDatabase',
      message: expect.stringMatching(
        /^The Orchestrator database “ServiceManager” on SQLSM01\\SCSM could not be read: .*ACTIONSERVERS/,
      ),
    });
  });

  it('asks for the database when neither the page nor a previous kit names it', async () => {
    const harness = harnessAt();
    const blank = { none: false, sqlServer: '', database: 'Orchestrator' };
    await expect(discoverSite(harness.ctx(), SIGN_IN, null, KIT, blank)).rejects.toThrow(
      'There is no previous kit in the kit folder to say where the Orchestrator database is: name its SQL Server and database on this page, or tick “This site has no Orchestrator”.',
    );
    const previous = sampleManifest();
    const withoutOrchestrator = {
      ...previous,
      databases: previous.databases.filter((db) => db.role !== 'Orchestrator'),
    };
    await expect(discoverSite(harness.ctx(), SIGN_IN, withoutOrchestrator, KIT, blank)).rejects.toThrow(
      /^The previous kit’s manifest names no Orchestrator database: name its SQL Server/,
    );
    // Left empty, the previous kit's database is the one read.
    const { manifest } = await discoverSite(harness.ctx(), SIGN_IN, previous, KIT, blank);
    expect(orchestratorServers(manifest).map((server) => server.netbiosName)).toEqual([
      'SCORCH01',
      'SCORCHRB01',
      'SCORCHRB02',
      'SCORCHWEB01',
    ]);
  });

  it('checks the named SQL Server and database like every other SQL Server field', () => {
    const site = prepareKitPages.pageSchemas.site;
    const base = { authentication: 'integrated', trustServerCertificate: false, noOrchestrator: false };
    const problems = (answers: Record<string, unknown>) => {
      const parsed = site.safeParse({ ...base, ...answers });
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(problems({ orchestratorSqlServer: 'SQLORCH01\\ORCH', orchestratorDatabase: 'Orchestrator' })).toEqual([]);
    expect(problems({ orchestratorSqlServer: '', orchestratorDatabase: 'Orchestrator' })).toEqual([]);
    expect(problems({ orchestratorSqlServer: 'SQL ORCH', orchestratorDatabase: 'Orchestrator' })).toEqual([
      expect.stringMatching(/^orchestratorSqlServer: /),
    ]);
    expect(problems({ orchestratorSqlServer: 'SQLORCH01', orchestratorDatabase: '' })).toEqual([
      'orchestratorDatabase: enter the database name',
    ]);
    // Said to be absent, the fields are not read.
    expect(problems({ noOrchestrator: true, orchestratorSqlServer: 'SQL ORCH', orchestratorDatabase: '' })).toEqual([]);
  });
});
