import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { kitIndexSchema, type KitIndex } from '../../../../../src/main/knowledge/recovery-kit/kit-index';
import { parseManifest, type SiteManifest } from '../../../../../src/shared/manifest';
import { createHarness, sampleManifest, type Harness } from '../../../support/harness';
import { SETUP_ANSWERS } from '../../../../support/setup-answers';
import { databaseFields } from '../../../../../src/shared/procedures/restore-databases';
import { readinessChecks } from '../../../../../src/main/procedures/prepare-kit/readiness';

const KIT = '\\\\FS01\\Kits\\Contoso';
const KEY_PASSWORD = `Kit'key"pass-wörd`;
const MASTER_PASSWORD = `Smk'pa"ss]--;wörd`;

/** The drill's Orchestrator database, as the operator names it on the discovery page. */
const ORCHESTRATOR = { orchestratorSqlServer: 'SQLORCH01', orchestratorDatabase: 'Orchestrator' };

async function prepareKit(harness: Harness, kit = KIT, orchestrator: Record<string, string | boolean> = ORCHESTRATOR) {
  const answers = {
    ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
    ...orchestrator,
    kitFolder: kit,
    mediaPath: 'D:\\',
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    masterKeyPassword: MASTER_PASSWORD,
    confirmMasterKeyPassword: MASTER_PASSWORD,
  };
  const lookup = await harness.runs.lookup('prepare-recovery-kit', 'discover', answers);
  const prepared = await harness.runs.prepare('prepare-recovery-kit', answers);
  expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  const done = await harness.runs.settled(prepared.runId);
  return { lookup, prepared, done };
}

function fileOf(harness: Harness, path: string) {
  return Object.values(harness.drill.snapshot().files).find((file) => file.path.toLowerCase() === path.toLowerCase());
}

function textOf(harness: Harness, path: string): string {
  const content = fileOf(harness, path)?.content;
  if (content === undefined) throw new Error(`${path} is not in the drill`);
  return content;
}

function kitIndex(harness: Harness, kit = KIT): KitIndex {
  return kitIndexSchema.parse(JSON.parse(textOf(harness, `${kit}\\kit-index.json`)));
}

function kitManifest(harness: Harness, path: string): SiteManifest {
  const parsed = parseManifest(textOf(harness, path));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.manifest;
}

describe('prepare the recovery kit (drill)', () => {
  it('discovers the site from a kit folder with no manifest, and makes a kit of it', async () => {
    const harness = createHarness();
    harness.drill.signIn('SCSM01');
    const { lookup, prepared, done } = await prepareKit(harness);
    expect(lookup.ok).toBe(true);
    expect(lookup.message).toMatch(
      /^Found 7 servers and 8 databases of the management group CONTOSO-SM; scsm01\.contoso\.local runs the workflows\. No previous kit/,
    );
    expect(prepared.checks.find((check) => check.id === 'keys-here')).toMatchObject({
      status: 'warn',
      found: "SCSM01's key here; SCSM02, SCSM03, SCSMDW01 only at their own servers",
    });
    expect(done?.phase).toBe('succeeded');

    // What discovery wrote is the site the drill was built from, less what it cannot discover:
    // Orchestrator's servers come from its database, which knows neither install folders nor
    // versions, and its web components are not on the management server.
    const source = sampleManifest();
    const found = kitManifest(harness, `${KIT}\\site.json`);
    const managementServers = source.servers.filter((server) =>
      server.roles.some(
        (role) => (role.startsWith('sm-') && role !== 'sm-web-components') || role === 'dw-management-server',
      ),
    );
    const orchestratorServers = source.servers
      .filter((server) =>
        server.roles.some((role) => role !== 'orchestrator-web-components' && role.startsWith('orchestrator-')),
      )
      .map(({ netbiosName, fqdn, roles }) => ({ netbiosName, fqdn, roles }));
    expect(found.servers).toEqual([...managementServers, ...orchestratorServers]);
    expect(found.databases).toEqual(source.databases.filter((db) => db.role !== 'Analyst'));
    expect(found).toMatchObject({
      managementGroupName: source.managementGroupName,
      dataWarehouseManagementGroupName: source.dataWarehouseManagementGroupName,
      managementGroupAdministrators: source.managementGroupAdministrators,
      reportingServerUrl: source.reportingServerUrl,
      recoveryKitPath: KIT,
    });

    const index = kitIndex(harness);
    expect(index.complete).toBe(false);
    expect(index.missing.map((entry) => entry.server)).toEqual(['SCSM02', 'SCSM03', 'SCSMDW01']);
    expect(index.missing[0]?.reason).toMatch(/can only be backed up at SCSM02 itself/);
    expect(index.madeOn).toBe('SCSM01');
    const roles = (role: string) => index.files.filter((file) => file.role === role);
    expect(roles('encryption-key')).toEqual([
      expect.objectContaining({
        path: 'Keys\\SCSM01-ServiceManager-key.bin',
        server: 'SCSM01',
        keyRole: 'Service Manager',
      }),
    ]);
    expect(roles('database-backup').map((file) => file.database)).toEqual(found.databases.map((db) => db.name));
    expect(roles('permissions-script').map((file) => file.path)).toContain('Databases\\ServiceManager-permissions.sql');
    expect(roles('management-pack').map((file) => file.path)).toEqual(['ManagementPacks\\Contoso.Notifications.xml']);
    for (const file of index.files) {
      const stored = fileOf(harness, `${KIT}\\${file.path}`);
      expect({ path: file.path, sha256: stored?.sha256, size: stored?.size }).toEqual({
        path: file.path,
        sha256: file.sha256,
        size: file.size,
      });
    }
    // Copy-only, verified, and the key is SCSM01's.
    const sm = harness.drill.snapshot().sqlServers.find((server) => server.name === 'SQLSM01\\SCSM');
    expect(sm?.backupHistory.at(-1)).toMatchObject({ database: 'ServiceManager', copyOnly: true });
    expect(done?.steps.find((step) => step.id === 'verify-ServiceManager')?.output).toContain(
      'The backup set on file 1 is valid.',
    );
    const key = fileOf(harness, `${KIT}\\Keys\\SCSM01-ServiceManager-key.bin`);
    expect(key?.keyBackup?.keyId).toBe(
      harness.drill.snapshot().computers.find((c) => c.name === 'SCSM01')?.encryptionKeyId,
    );

    const script = textOf(harness, `${KIT}\\Databases\\ServiceManager-permissions.sql`);
    expect(script).toContain('CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS WITH DEFAULT_DATABASE = [master];');
    expect(script).toContain('ALTER ROLE [sdk_users] ADD MEMBER [CONTOSO\\SCSM Admins];');
    expect(script).toContain('GRANT EXECUTE ON SCHEMA::[dbo] TO [CONTOSO\\svc-scsm];');
    const reportServer = textOf(harness, `${KIT}\\Databases\\ReportServer-permissions.sql`);
    expect(reportServer).not.toContain('CREATE LOGIN [NT SERVICE');
    expect(reportServer).toMatch(/Left out: "NT SERVICE\\\\SQLServerReportingServices"/);

    expect(done?.verification.find((check) => check.id === 'kit-files')?.status).toBe('pass');
    expect(done?.verification.find((check) => check.id === 'readiness-recovery')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('Could not: rebuild SCSM02 under its name (its key is not in the kit)'),
    });
    expect(JSON.stringify(done)).not.toContain(KEY_PASSWORD);
    expect(JSON.stringify(harness.events)).not.toContain(MASTER_PASSWORD);

    // The kit it made is one Verify accepts whole: every file indexed, the checksum lists included.
    expect(roles('checksum-list').map((file) => file.path)).toEqual([
      'Databases\\checksums.sha256',
      'ManagementPacks\\checksums.sha256',
    ]);
    const verify = await harness.runs.prepare('verify-kit', { kitFolder: KIT });
    // Only the other servers' keys are missing, and Verify says so once, as a warning.
    expect(verify.checks.filter((check) => check.status !== 'pass').map((check) => [check.id, check.status])).toEqual([
      ['kit-index', 'warn'],
    ]);
    await harness.runs.start(verify.runId, ['kit-index'], {});
    const verified = await harness.runs.settled(verify.runId);
    expect(verified?.phase).toBe('succeeded');
    const verifyLines = harness.events.flatMap((event) =>
      event.type === 'step-output' && event.runId === verify.runId ? [event.line] : [],
    );
    expect(verifyLines.join('\n')).not.toMatch(/unexpected|changed|missing from the kit/i);
  });

  it('keeps the previous manifest, shows what changed, and carries over what it cannot discover', async () => {
    const harness = createHarness();
    harness.drill.signIn('SCSM01');
    // The shipped kit folder holds no site.json: put the drill's own manifest there, as a kit made earlier would.
    const old = sampleManifest();
    const previous = { ...old, servers: old.servers.filter((server) => server.netbiosName !== 'SCSM03') };
    await harness.drill.host.files.createFolder('SCSM01', KIT);
    await harness.drill.host.files.writeText('SCSM01', `${KIT}\\site.json`, JSON.stringify(previous));
    const { lookup, done } = await prepareKit(harness);
    expect(
      lookup.checks?.filter((check) => check.title === 'Changed since the previous kit').map((c) => c.found),
    ).toEqual(['SCSM03 is new (Additional Service Manager management server)']);
    expect(done?.phase).toBe('succeeded');
    expect(kitManifest(harness, `${KIT}\\site.json.previous`)).toEqual(previous);
    const found = kitManifest(harness, `${KIT}\\site.json`);
    expect(found.servers.map((server) => server.netbiosName)).toEqual([
      'SCSM01',
      'SCSM02',
      'SCSM03',
      'SCSMDW01',
      'SCORCH01',
      'SCORCHRB01',
      'SCORCHRB02',
      'SCORCHWEB01',
      'SCSMPORTAL01',
    ]);
    // The Orchestrator servers were read from the database; what it does not hold is kept.
    expect(found.servers.find((server) => server.netbiosName === 'SCORCHWEB01')).toEqual(
      old.servers.find((server) => server.netbiosName === 'SCORCHWEB01'),
    );
    expect(found.databases.map((db) => db.role).sort()).toEqual([...old.databases.map((db) => db.role)].sort());
    const smk = kitIndex(harness).files.find((file) => file.role === 'service-master-key');
    expect(smk).toMatchObject({ server: 'SQLORCH01', sqlServer: 'SQLORCH01' });
    expect(done?.steps.find((step) => step.id === 'back-up-service-master-key')).toBeDefined();
  });

  it('makes a kit for a site without Orchestrator that says so, and whose readiness rules its recovery out', async () => {
    const harness = createHarness();
    harness.drill.signIn('SCSM01');
    const { done } = await prepareKit(harness, KIT, { noOrchestrator: true });
    expect(done?.phase).toBe('succeeded');
    const found = kitManifest(harness, `${KIT}\\site.json`);
    expect(found.noOrchestrator).toBe(true);
    expect(found.databases.map((db) => db.role)).not.toContain('Orchestrator');
    expect(done?.steps.find((step) => step.id === 'back-up-service-master-key')).toBeUndefined();
    expect(done?.verification.find((check) => check.id === 'readiness-recovery')?.found).toMatch(
      /Could not: .*recover Orchestrator \(the kit was prepared for a site without it\)\.$/,
    );
  });

  it('adds the data warehouse server’s key to a kit made on a Service Manager server, reading that kit’s manifest', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const harness = createHarness({ drill });
    drill.signIn('SCSMDW01');
    // Alone, the data warehouse server's registry does not say where the ServiceManager database is.
    const alone = await harness.runs.lookup('prepare-recovery-kit', 'discover', {
      ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
      ...ORCHESTRATOR,
      kitFolder: KIT,
      mediaPath: 'D:\\',
    });
    expect(alone).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^SCSMDW01 is the data warehouse management server: its registry names only/),
    });
    drill.signIn('SCSM01');
    expect((await prepareKit(harness)).done?.phase).toBe('succeeded');
    drill.signIn('SCSMDW01');
    const { lookup, done } = await prepareKit(harness);
    expect(lookup.ok).toBe(true);
    expect(done?.steps.filter((step) => step.state === 'failed').map((step) => [step.id, step.output])).toEqual([]);
    expect(done?.phase).toBe('succeeded');
    const found = kitManifest(harness, `${KIT}\\site.json`);
    expect(found.servers.find((server) => server.netbiosName === 'SCSMDW01')?.roles).toEqual(['dw-management-server']);
    const index = kitIndex(harness);
    expect(index.madeOn).toBe('SCSMDW01');
    expect(
      index.files.filter((file) => file.role === 'encryption-key').map((file) => [file.server, file.keyRole]),
    ).toEqual([
      ['SCSM01', 'Service Manager'],
      ['SCSMDW01', 'Data warehouse'],
    ]);
    expect(index.missing.map((entry) => entry.server)).toEqual(['SCSM02', 'SCSM03']);
    // The data warehouse server exports no packs: those SCSM01 exported stay in the index as SCSM01's.
    expect(done?.steps.map((step) => step.id)).not.toContain('export-management-packs');
    expect(index.files.filter((file) => file.role === 'management-pack').map((file) => file.server)).toEqual([
      'SCSM01',
    ]);
  });

  it('puts two servers’ keys into one kit, and a restore on the rebuilt SCSM01 refuses SCSM02’s file', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const preparing = createHarness({ drill });
    drill.signIn('SCSM01');
    expect((await prepareKit(preparing)).done?.phase).toBe('succeeded');
    drill.signIn('SCSM02');
    const second = await prepareKit(preparing);
    expect(second.done?.phase).toBe('succeeded');
    // The first kit's index was set aside before any file was written again, then replaced.
    const steps = second.done?.steps ?? [];
    const setAside = steps.findIndex((step) => step.id === 'set-aside-kit-index');
    expect(steps[setAside]?.state).toBe('done');
    expect(setAside).toBeLessThan(steps.findIndex((step) => step.id === 'write-manifest'));
    expect(kitIndexSchema.parse(JSON.parse(textOf(preparing, `${KIT}\\kit-index.previous.json`))).madeOn).toBe(
      'SCSM01',
    );
    const index = kitIndex(preparing);
    expect(index.files.filter((file) => file.role === 'encryption-key').map((file) => file.server)).toEqual([
      'SCSM01',
      'SCSM02',
    ]);
    expect(index.missing.map((entry) => entry.server)).toEqual(['SCSM03', 'SCSMDW01']);

    // The rebuilt server has none of this computer's journals: only the kit says whose key a file holds.
    drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    drill.signIn('SCSM01');
    const rebuilt = createHarness({ drill });
    const restore = {
      server: 'SCSM01',
      action: 'restore',
      mediaPath: 'D:\\',
      keyFile: `${KIT}\\Keys\\SCSM02-ServiceManager-key.bin`,
      password: KEY_PASSWORD,
      confirmPassword: KEY_PASSWORD,
      remember: false,
      useRemembered: false,
    };
    const refused = await rebuilt.runs.prepare('encryption-key', restore);
    expect(refused.checks.find((check) => check.id === 'key-owner')).toMatchObject({
      status: 'fail',
      found: "this file holds SCSM02's Service Manager key",
    });
    await expect(rebuilt.runs.start(refused.runId, [], {})).rejects.toThrow();
    expect(drill.snapshot().computers.find((c) => c.name === 'SCSM01')?.encryptionKeyId).toBeNull();

    const own = await rebuilt.runs.prepare('encryption-key', {
      ...restore,
      keyFile: `${KIT}\\Keys\\SCSM01-ServiceManager-key.bin`,
    });
    expect(own.checks.find((check) => check.id === 'key-owner')?.status).toBe('pass');
  });
});

describe('a Service Manager recovery from the prepared kit (drill)', () => {
  async function runFlow(
    harness: Harness,
    flowId: Parameters<Harness['runs']['prepare']>[0],
    answers: Record<string, string | boolean>,
  ) {
    const prepared = await harness.runs.prepare(flowId, answers);
    expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await harness.runs.start(prepared.runId, warnings, {});
    return { prepared, done: await harness.runs.settled(prepared.runId) };
  }

  it('restores the database with the generated permissions script, the key, Setup and the management packs', async () => {
    const drill = new DrillSite({ manifest: sampleManifest(), speed: 1000 });
    const preparing = createHarness({ drill });
    drill.signIn('SCSM01');
    expect((await prepareKit(preparing)).done?.phase).toBe('succeeded');
    const originalKey = drill.snapshot().computers.find((c) => c.name === 'SCSM01')?.encryptionKeyId;

    // The disaster: the ServiceManager database's SQL Server and SCSM01 are rebuilt under their names.
    drill.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' });
    drill.inject({ kind: 'server-rebuilt', computer: 'SCSM01' });
    drill.signIn('SCSM01');
    // A recovery reads only the kit: its manifest, on a computer without the preparing run's journals.
    const recovering = createHarness({ drill, manifest: kitManifest(preparing, `${KIT}\\site.json`) });

    const databases: Record<string, string | boolean> = {
      ...(await recovering.runs.flow('restore-databases').defaults(recovering.ctx())),
      originalServer: 'SQLSM01\\SCSM',
      sqlServer: 'SQLSM01\\SCSM',
    };
    const fields = databaseFields('SQLSM01\\SCSM', 'ServiceManager');
    expect(databases[fields.script]).toBe(`${KIT}\\Databases\\ServiceManager-permissions.sql`);
    expect(databases[fields.backup]).toBe(`${KIT}\\Databases\\ServiceManager.bak`);
    const restored = await runFlow(recovering, 'restore-databases', databases);
    expect(restored.done?.phase).toBe('succeeded');
    const sm = drill.snapshot().sqlServers.find((server) => server.name === 'SQLSM01\\SCSM');
    const database = sm?.databases.find((db) => db.name === 'ServiceManager');
    expect(database).toMatchObject({ state: 'ONLINE', restoredFrom: `${KIT}\\Databases\\ServiceManager.bak` });
    expect(database?.permissionsScriptBatches).toBeGreaterThan(5);
    // The rebuilt server had none of the site's logins: the generated script made them.
    expect(sm?.logins).toEqual(
      expect.arrayContaining(['CONTOSO\\svc-scsm', 'CONTOSO\\svc-scsm-workflow', 'CONTOSO\\SCSM Admins']),
    );

    const key = await runFlow(recovering, 'encryption-key', {
      server: 'SCSM01',
      action: 'restore',
      mediaPath: 'D:\\',
      keyFile: `${KIT}\\Keys\\SCSM01-ServiceManager-key.bin`,
      password: KEY_PASSWORD,
      confirmPassword: KEY_PASSWORD,
      remember: false,
      useRemembered: false,
    });
    expect(key.prepared.checks.find((check) => check.id === 'key-owner')?.status).toBe('pass');
    expect(key.done?.phase).toBe('succeeded');
    expect(drill.snapshot().computers.find((c) => c.name === 'SCSM01')?.encryptionKeyId).toBe(originalKey);

    const setup = await runFlow(recovering, 'restore-management-server', { ...SETUP_ANSWERS, server: 'SCSM01' });
    expect(setup.done?.phase).toBe('succeeded');

    const packs = await runFlow(recovering, 'import-management-packs', {
      ...(await recovering.runs.flow('import-management-packs').defaults(recovering.ctx())),
      server: 'SCSM01',
    });
    // The kit's exported pack is read and found in the restored database, which was backed up with it.
    expect(packs.prepared.checks.find((check) => check.id === 'kit-folder')).toMatchObject({
      status: 'pass',
      found: 'nothing to import; already imported: Contoso.Notifications 1.0.0.2',
    });
    expect(packs.done?.phase).toBe('succeeded');
  });
});

describe('the readiness summary', () => {
  it('flags data warehouse backups older than the ServiceManager database’s work-item retention', async () => {
    const harness = createHarness();
    harness.drill.signIn('SCSM01');
    const { done } = await prepareKit(harness);
    expect(done?.verification.find((check) => check.id === 'readiness-ages')).toMatchObject({
      status: 'pass',
      expected: 'data warehouse backups newer than the 90-day work-item retention',
    });
    // The same kit four months on: its index dates the data warehouse backups then.
    const index = kitIndex(harness);
    const old = new Date(Date.now() - 120 * 86_400_000).toISOString();
    const aged = {
      ...index,
      files: index.files.map((file) => (file.database?.startsWith('DW') ? { ...file, madeAt: old } : file)),
    };
    await harness.drill.host.files.writeText('SCSM01', `${KIT}\\kit-index.json`, JSON.stringify(aged));
    const signIn = { authentication: 'integrated' as const, trustServerCertificate: false };
    const ages = readinessChecks(KIT, signIn).find((check) => check.id === 'readiness-ages');
    const outcome = await ages?.run(harness.ctx());
    expect(outcome).toMatchObject({
      status: 'warn',
      remedy: expect.stringMatching(/^Older than the retention: DWStagingAndConfig, DWRepository, DWDataMart\. /),
    });
    // Each backup with its date and age, measured against the site's clock.
    expect(outcome?.found).toMatch(
      /(^|; )ServiceManager \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\), taken just now(;|$)/,
    );
    expect(outcome?.found).toMatch(/(^|; )DWRepository \d{4}-\d\d-\d\d [^;]+, taken 120 days ago(;|$)/);
  });
});
