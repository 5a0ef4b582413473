import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { DRILL_SPARE_SQL_SERVER } from '../../../../../src/main/host/drill/initial-state';
import { dataStoreToolPath, ORCHESTRATOR_SERVICES } from '../../../../../src/main/knowledge/orchestrator/facts';
import {
  isConnectionStringsEncrypted,
  readOrchestratorContext,
  readWebApiDatabase,
  setOrchestratorContext,
  setWebApiDatabase,
} from '../../../../../src/main/knowledge/orchestrator/web-config';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { HostError, SqlError } from '../../../../../src/main/knowledge/failures';
import type { SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import type { StepIo } from '../../../../../src/main/host/types';
import type { SiteManifest } from '../../../../../src/shared/manifest';
import { sampleManifest } from '../../../support/harness';
import { failure } from '../../../support/rejection';

const INSTALL = 'C:\\Program Files (x86)\\Microsoft System Center\\Orchestrator';
const WEB_INSTALL = 'C:\\Program Files\\Microsoft System Center\\Orchestrator';
const DBSETUP = dataStoreToolPath(INSTALL);
const ORCH = { computer: 'SQLORCH01', instance: null, port: null };
const SPARE = { computer: DRILL_SPARE_SQL_SERVER, instance: null, port: null };
const ORCH_BACKUP = '\\\\FS01\\RecoveryKit\\Databases\\Orchestrator.bak';
const KEY_FILE = '\\\\FS01\\RecoveryKit\\SQLORCH01-service-master-key.key';
const HOSTILE_PASSWORD = `Pa'ss"w0rd'';--`;
const RUNBOOK = ORCHESTRATOR_SERVICES.runbook;

const master = (server: SqlTarget['server']): SqlTarget => ({ server, database: 'master' });

function site(manifest: SiteManifest = sampleManifest()): DrillSite {
  return new DrillSite({ manifest, speed: 1_000_000 });
}

/** The sample site with the 2019 web service on SCORCHWEB01 instead of the 2022 Web API. */
function site2019(): DrillSite {
  const manifest = sampleManifest();
  manifest.servers = manifest.servers.map((server) =>
    server.netbiosName === 'SCORCHWEB01' ? { ...server, productVersion: '10.19.40.0' } : server,
  );
  return site(manifest);
}

function recorder(): StepIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, output: (line) => lines.push(line), progress: () => undefined };
}

const orchestrator = (drill: DrillSite) => drill.snapshot().orchestrator;

function sqlServer(drill: DrillSite, name: string) {
  const server = drill.snapshot().sqlServers.find((candidate) => candidate.name === name);
  if (!server) throw new Error(`no SQL Server ${name}`);
  return server;
}

async function restoreOntoSpare(drill: DrillSite): Promise<void> {
  await drill.host.sql.execute(
    master(SPARE),
    sqlStatements.restoreDatabase('Orchestrator', ORCH_BACKUP, { replace: false, moves: [] }),
  );
}

async function restartService(drill: DrillSite, computer: string, displayName: string): Promise<void> {
  await drill.host.services.stop(computer, displayName, 180, recorder());
  await drill.host.services.start(computer, displayName, 180, recorder());
}

describe('drill Orchestrator: the site on an ordinary day', () => {
  it('runs the services of each role, with DBSetup and the manifest database as data store', async () => {
    const drill = site();
    const services = (name: string) =>
      drill
        .snapshot()
        .computers.find((computer) => computer.name === name)
        ?.services.map((service) => service.name)
        .sort();
    expect(services('SCORCH01')).toEqual(['omanagement', 'omonitor', 'oremoting', 'orunbook']);
    expect(services('SCORCHRB01')).toEqual(['omonitor', 'orunbook']);
    expect((await drill.host.services.find('SCORCHRB02', RUNBOOK.displayName))?.status).toBe('Running');
    for (const computer of ['SCORCH01', 'SCORCHRB01', 'SCORCHRB02']) {
      expect(await drill.host.files.exists(computer, DBSETUP)).toBe(true);
      expect(await drill.host.files.exists(computer, `${INSTALL}\\Management Server`)).toBe(true);
    }
    const state = orchestrator(drill);
    const store = { server: 'SQLORCH01', database: 'Orchestrator' };
    expect(state.dataStores).toEqual({ SCORCH01: store, SCORCHRB01: store, SCORCHRB02: store });
    expect(state.connections).toEqual({
      SCORCH01: { omanagement: store, orunbook: store },
      SCORCHRB01: { orunbook: store },
      SCORCHRB02: { orunbook: store },
    });
    // The plan names the computer beside the command line, which is the program alone, quoted as Windows reads it.
    expect(DBSETUP).toContain(' ');
    expect(drill.host.orchestrator.describeDataStoreConfiguration('SCORCHRB01', DBSETUP)).toBe(`"${DBSETUP}"`);
  });

  it('pairs the Orchestrator database with its server’s service master key, and has an empty spare server', async () => {
    const drill = site();
    const orch = sqlServer(drill, 'SQLORCH01');
    expect(orch.databases.find((db) => db.name === 'Orchestrator')?.encryptedBy).toBe(orch.serviceMasterKeyId);
    const spare = sqlServer(drill, DRILL_SPARE_SQL_SERVER);
    expect(spare.databases).toEqual([]);
    expect(spare.serviceMasterKeyId).not.toBe(orch.serviceMasterKeyId);
    expect((await drill.host.services.find(DRILL_SPARE_SQL_SERVER, 'SQL Server (MSSQLSERVER)'))?.status).toBe(
      'Running',
    );
    for (const folder of [
      'E:\\SQLData',
      'L:\\SQLLogs',
      'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Backup',
    ]) {
      expect(await drill.host.files.exists(DRILL_SPARE_SQL_SERVER, folder)).toBe(true);
    }
    const names = await drill.host.sql.execute(master(SPARE), sqlStatements.listDatabases());
    expect(names.rows.map((row) => row.name)).toEqual(['master', 'model', 'msdb', 'tempdb']);
  });
});

describe('drill Orchestrator: runbooks checked out in the Runbook Designer', () => {
  const inOrchestrator: SqlTarget = { server: ORCH, database: 'Orchestrator' };

  it('records none on an ordinary day, and the check-out the fault makes, by whom and since when', async () => {
    const drill = site();
    const read = () => drill.host.sql.execute(inOrchestrator, sqlStatements.orchestratorCheckedOutRunbooks());
    expect((await read()).rows).toEqual([]);
    const before = Date.now();
    drill.inject({ kind: 'runbook-checked-out', runbook: 'Monthly patching', user: 'CONTOSO\\orch-author' });
    const [row, ...others] = (await read()).rows;
    expect(others).toEqual([]);
    expect(row).toMatchObject({ runbook: 'Monthly patching', checkedOutBy: 'CONTOSO\\orch-author' });
    expect(Date.parse(String(row?.checkedOutAt))).toBeGreaterThanOrEqual(before);
  });

  it('has no POLICIES table outside an Orchestrator database', async () => {
    const drill = site();
    const refused = await failure(
      drill.host.sql.execute(master(ORCH), sqlStatements.orchestratorCheckedOutRunbooks()),
      SqlError,
    );
    expect(refused).toMatchObject({ number: 208 });
    expect(refused.message).toContain('dbo.POLICIES');
  });
});

describe('drill Orchestrator: DBSetup', () => {
  it('sets the data store, which a service opens when it next starts', async () => {
    const drill = site();
    await restoreOntoSpare(drill);
    const io = recorder();
    const entries = { toolPath: DBSETUP, server: DRILL_SPARE_SQL_SERVER, database: 'Orchestrator' };
    await expect(drill.host.orchestrator.configureDataStore('SCORCHRB01', entries, io)).resolves.toEqual({
      exitCode: 0,
    });
    expect(io.lines).toContain(`  Server: ${DRILL_SPARE_SQL_SERVER}`);
    expect(io.lines).toContain('  Database: Orchestrator (use an existing database)');
    const spareStore = { server: DRILL_SPARE_SQL_SERVER, database: 'Orchestrator' };
    expect(orchestrator(drill).dataStores.SCORCHRB01).toEqual(spareStore);
    expect(orchestrator(drill).connections.SCORCHRB01?.orunbook?.server).toBe('SQLORCH01');

    await drill.host.services.stop('SCORCHRB01', RUNBOOK.displayName, 180, recorder());
    expect(orchestrator(drill).connections.SCORCHRB01).toEqual({});
    await drill.host.services.start('SCORCHRB01', RUNBOOK.displayName, 180, recorder());
    expect(orchestrator(drill).connections.SCORCHRB01?.orunbook).toEqual(spareStore);

    // One configuration serves both services of the management server.
    await drill.host.orchestrator.configureDataStore('SCORCH01', entries, recorder());
    drill.restart('SCORCH01');
    expect(orchestrator(drill).connections.SCORCH01).toEqual({ omanagement: spareStore, orunbook: spareStore });
  });

  it('starts a service whose data store cannot be opened, recording it as not connected', async () => {
    const drill = site();
    await restoreOntoSpare(drill);
    const entries = { toolPath: DBSETUP, server: DRILL_SPARE_SQL_SERVER, database: 'Orchestrator' };
    await drill.host.orchestrator.configureDataStore('SCORCHRB02', entries, recorder());
    drill.inject({ kind: 'computer-unreachable', computer: DRILL_SPARE_SQL_SERVER });
    await restartService(drill, 'SCORCHRB02', RUNBOOK.displayName);
    expect((await drill.host.services.find('SCORCHRB02', RUNBOOK.displayName))?.status).toBe('Running');
    expect(orchestrator(drill).connections.SCORCHRB02?.orunbook).toBeNull();
  });

  it('refuses localhost and ., a missing database, and a server that does not answer', async () => {
    const drill = site();
    for (const server of ['localhost', '.', '(local)', '.\\SQLEXPRESS']) {
      const error = await failure(
        drill.host.orchestrator.configureDataStore(
          'SCORCH01',
          { toolPath: DBSETUP, server, database: 'Orchestrator' },
          recorder(),
        ),
        HostError,
      );
      expect(error.code).toBe('script');
      expect(error.message).toMatch(/name the computer explicitly/);
    }
    const missing = await failure(
      drill.host.orchestrator.configureDataStore(
        'SCORCH01',
        { toolPath: DBSETUP, server: DRILL_SPARE_SQL_SERVER, database: 'Orchestrator' },
        recorder(),
      ),
      HostError,
    );
    expect(missing).toMatchObject({ code: 'script' });
    expect(missing.message).toContain('the database Orchestrator does not exist on SQLSPARE01');
    const silent = await failure(
      drill.host.orchestrator.configureDataStore(
        'SCORCH01',
        { toolPath: DBSETUP, server: 'SQLNOWHERE', database: 'Orchestrator' },
        recorder(),
      ),
      HostError,
    );
    expect(silent.message).toMatch(/Cannot reach SQL Server SQLNOWHERE/);
    expect(orchestrator(drill).dataStores.SCORCH01).toEqual({ server: 'SQLORCH01', database: 'Orchestrator' });
  });

  it('needs the computer to answer and DBSetup to be there, and honours injected failures', async () => {
    const drill = site();
    const entries = { toolPath: DBSETUP, server: 'SQLORCH01', database: 'Orchestrator' };
    drill.inject({ kind: 'computer-unreachable', computer: 'SCORCHRB02' });
    await expect(
      failure(drill.host.orchestrator.configureDataStore('SCORCHRB02', entries, recorder()), HostError),
    ).resolves.toMatchObject({ code: 'unreachable' });
    await expect(
      failure(
        drill.host.orchestrator.configureDataStore(
          'SCORCHRB01',
          { ...entries, toolPath: 'C:\\DBSetup.exe' },
          recorder(),
        ),
        HostError,
      ),
    ).resolves.toMatchObject({ code: 'not-found' });
    drill.inject({
      kind: 'operation-fails',
      operation: 'orchestrator.configureDataStore',
      times: 1,
      message: 'DBSetup crashed',
    });
    await expect(drill.host.orchestrator.configureDataStore('SCORCHRB01', entries, recorder())).rejects.toThrow(
      'DBSetup crashed',
    );
    await expect(drill.host.orchestrator.configureDataStore('SCORCHRB01', entries, recorder())).resolves.toEqual({
      exitCode: 0,
    });
  });

  it('loses Orchestrator with a rebuilt runbook server', async () => {
    const drill = site();
    drill.inject({ kind: 'server-rebuilt', computer: 'SCORCHRB01' });
    expect(await drill.host.services.find('SCORCHRB01', RUNBOOK.displayName)).toBeNull();
    expect(await drill.host.files.exists('SCORCHRB01', DBSETUP)).toBe(false);
    expect(orchestrator(drill).dataStores.SCORCHRB01).toBeUndefined();
    expect(orchestrator(drill).connections.SCORCHRB01).toBeUndefined();
  });
});

describe('drill Orchestrator: the 2016/2019 web service', () => {
  it('keeps its connection strings encrypted; decrypt, edit, encrypt and recycle move it to a new server', async () => {
    const drill = site2019();
    const web = await drill.host.orchestrator.findWebComponents('SCORCHWEB01', WEB_INSTALL);
    expect(web).toEqual({
      kind: 'web-service',
      productVersion: '10.19.40.0',
      folder: `${WEB_INSTALL}\\Web Service`,
      configFile: `${WEB_INSTALL}\\Web Service\\web.config`,
      appPool: 'OrchestratorWebServiceAppPool',
      serviceUrl: 'http://scorchweb01.contoso.local:81/Orchestrator2012/Orchestrator.svc/',
    });
    if (!web) return;
    expect(await drill.host.orchestrator.findWebComponents('SCORCHWEB01', INSTALL)).toBeNull();
    const installed = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    expect(installed.charAt(0)).toBe('\uFEFF');
    expect(isConnectionStringsEncrypted(installed)).toBe(true);
    expect(() => readOrchestratorContext(installed)).toThrow(/encrypted/);
    await expect(drill.host.orchestrator.probeWebService(web.serviceUrl)).resolves.toMatchObject({
      answered: true,
      status: 200,
    });

    const copy = `${web.configFile}.before-recovery`;
    await drill.host.orchestrator.copyConfig('SCORCHWEB01', web.configFile, copy, recorder());
    const original = await drill.host.files.stat('SCORCHWEB01', web.configFile);
    expect((await drill.host.files.stat('SCORCHWEB01', copy)).sha256).toBe(original.sha256);
    await expect(
      failure(drill.host.orchestrator.copyConfig('SCORCHWEB01', web.configFile, copy, recorder()), HostError),
    ).resolves.toMatchObject({ code: 'script' });

    const io = recorder();
    await drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'decrypt', io);
    expect(io.lines).toEqual(['Decrypting configuration section...', 'Succeeded!']);
    const plain = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    expect(isConnectionStringsEncrypted(plain)).toBe(false);
    expect(readOrchestratorContext(plain)).toEqual({ dataSource: 'SQLORCH01', initialCatalog: 'Orchestrator' });

    const edit = setOrchestratorContext(plain, { dataSource: DRILL_SPARE_SQL_SERVER, initialCatalog: 'Orchestrator' });
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, edit.text, recorder());
    await drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'encrypt', recorder());
    const encrypted = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    expect(isConnectionStringsEncrypted(encrypted)).toBe(true);
    expect(encrypted).not.toContain(DRILL_SPARE_SQL_SERVER);

    // Until its pool is recycled, the running service keeps the database it started with.
    await restoreOntoSpare(drill);
    expect((await drill.host.orchestrator.probeWebService(web.serviceUrl)).detail).toContain('SQLORCH01/Orchestrator');
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', web.appPool, recorder());
    const probe = await drill.host.orchestrator.probeWebService(web.serviceUrl);
    expect(probe).toMatchObject({ answered: true, status: 200 });
    expect(probe.detail).toContain('SQLSPARE01/Orchestrator');

    await drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'decrypt', recorder());
    expect(await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile)).toBe(edit.text);
  });

  it('decrypts a copy taken before the change, as the computer’s key container would', async () => {
    const drill = site2019();
    const web = await drill.host.orchestrator.findWebComponents('SCORCHWEB01', WEB_INSTALL);
    if (!web) throw new Error('no web components');
    const copy = `${web.configFile}.before-recovery`;
    await drill.host.orchestrator.copyConfig('SCORCHWEB01', web.configFile, copy, recorder());
    await drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'decrypt', recorder());
    const plain = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    const edit = setOrchestratorContext(plain, { dataSource: DRILL_SPARE_SQL_SERVER, initialCatalog: 'Orchestrator' });
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, edit.text, recorder());
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', web.appPool, recorder());
    expect(await drill.host.orchestrator.probeWebService(web.serviceUrl)).toMatchObject({
      answered: false,
      status: 500,
    });

    const before = await drill.host.orchestrator.readConfig('SCORCHWEB01', copy);
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, before, recorder());
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', web.appPool, recorder());
    expect(await drill.host.orchestrator.probeWebService(web.serviceUrl)).toMatchObject({ answered: true });
  });

  it('says so when the section is already in the state asked for, and refuses a section it cannot decrypt', async () => {
    const drill = site2019();
    const web = await drill.host.orchestrator.findWebComponents('SCORCHWEB01', WEB_INSTALL);
    if (!web) throw new Error('no web components');
    const io = recorder();
    await drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'encrypt', io);
    expect(io.lines).toEqual([
      'Encrypting configuration section...',
      'The connectionStrings section is already encrypted.',
      'Succeeded!',
    ]);
    const foreign = (await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile)).replace(
      /<CipherValue>[^<]*<\/CipherValue>(?![^]*<CipherValue>)/,
      '<CipherValue>Zm9yZWlnbg==</CipherValue>',
    );
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, foreign, recorder());
    const refused = recorder();
    await expect(
      failure(
        drill.host.orchestrator.protectConnectionStrings('SCORCHWEB01', web.folder, 'decrypt', refused),
        HostError,
      ),
    ).resolves.toMatchObject({ code: 'script' });
    expect(refused.lines.at(-1)).toBe('Failed!');
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', web.appPool, recorder());
    expect((await drill.host.orchestrator.probeWebService(web.serviceUrl)).detail).toMatch(/cannot be decrypted/);
  });
});

describe('drill Orchestrator: the 2022 Web API', () => {
  it('reads Database__ variables; an edit and a recycle move it to a new server', async () => {
    const drill = site();
    const web = await drill.host.orchestrator.findWebComponents('scorchweb01.contoso.local', WEB_INSTALL);
    expect(web).toMatchObject({
      kind: 'web-api',
      productVersion: '10.22.2.0',
      configFile: `${WEB_INSTALL}\\WebApi\\web.config`,
      appPool: 'OrchestratorWebApiAppPool',
    });
    if (!web) return;
    const text = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    expect(readWebApiDatabase(text)).toEqual({
      address: 'SQLORCH01',
      database: 'Orchestrator',
      trustedConnection: 'True',
    });
    await restoreOntoSpare(drill);
    const edit = setWebApiDatabase(text, {
      address: DRILL_SPARE_SQL_SERVER,
      database: 'Orchestrator',
      trustedConnection: true,
    });
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, edit.text, recorder());
    const written = await drill.host.files.stat('SCORCHWEB01', web.configFile);
    expect(written.size).toBe(Buffer.byteLength(edit.text));
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', 'orchestratorwebapiapppool', recorder());
    const probe = await drill.host.orchestrator.probeWebService(web.serviceUrl);
    expect(probe).toMatchObject({ answered: true, status: 200 });
    expect(probe.detail).toContain('SQLSPARE01/Orchestrator');
  });

  it('answers 500 when its database is missing, and nothing when no web server answers', async () => {
    const drill = site();
    const web = await drill.host.orchestrator.findWebComponents('SCORCHWEB01', WEB_INSTALL);
    if (!web) throw new Error('no web components');
    const text = await drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile);
    const edit = setWebApiDatabase(text, {
      address: DRILL_SPARE_SQL_SERVER,
      database: 'Orchestrator',
      trustedConnection: true,
    });
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', web.configFile, edit.text, recorder());
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', web.appPool, recorder());
    const probe = await drill.host.orchestrator.probeWebService(web.serviceUrl);
    expect(probe).toMatchObject({ answered: false, status: 500 });
    expect(probe.detail).toContain('cannot open its database SQLSPARE01/Orchestrator');

    await expect(drill.host.orchestrator.probeWebService('http://nowhere.contoso.local/api/')).resolves.toEqual({
      answered: false,
      status: null,
      detail: 'No web server answers at http://nowhere.contoso.local/api/.',
    });
    drill.inject({ kind: 'computer-unreachable', computer: 'SCORCHWEB01' });
    await expect(drill.host.orchestrator.probeWebService(web.serviceUrl)).resolves.toMatchObject({
      answered: false,
      status: null,
    });
    await expect(
      failure(drill.host.orchestrator.readConfig('SCORCHWEB01', web.configFile), HostError),
    ).resolves.toMatchObject({ code: 'unreachable' });
  });

  it('refuses an unknown pool, a missing file, and honours injected failures', async () => {
    const drill = site();
    const config = `${WEB_INSTALL}\\WebApi\\web.config`;
    await expect(
      failure(drill.host.orchestrator.recycleAppPool('SCORCHWEB01', 'DefaultAppPool', recorder()), HostError),
    ).resolves.toMatchObject({ code: 'not-found' });
    await expect(
      failure(drill.host.orchestrator.readConfig('SCORCHWEB01', `${WEB_INSTALL}\\WebApi\\missing.config`), HostError),
    ).resolves.toMatchObject({ code: 'not-found' });
    drill.inject({
      kind: 'operation-fails',
      operation: 'orchestrator.writeConfig',
      times: 1,
      message: 'Access is denied',
    });
    await expect(
      drill.host.orchestrator.writeConfig('SCORCHWEB01', config, '<configuration />', recorder()),
    ).rejects.toThrow('Access is denied');
    expect(await drill.host.orchestrator.readConfig('SCORCHWEB01', config)).toContain('Database__Address');
    await drill.host.orchestrator.writeConfig('SCORCHWEB01', config, '<configuration>', recorder());
    await drill.host.orchestrator.recycleAppPool('SCORCHWEB01', 'OrchestratorWebApiAppPool', recorder());
    const probe = await drill.host.orchestrator.probeWebService('http://scorchweb01.contoso.local:81/api/Runbooks/');
    expect(probe).toMatchObject({ answered: false, status: 500 });
    expect(probe.detail).toMatch(/^HTTP 500: the Web API cannot start: web.config is not well-formed XML/);
  });
});

describe('drill SQL Server: RESTORE SERVICE MASTER KEY', () => {
  async function backUpKey(drill: DrillSite): Promise<void> {
    await drill.host.sql.execute(master(ORCH), sqlStatements.backupServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD));
  }

  it('puts the old server’s key on the new one, so the restored Orchestrator database opens there', async () => {
    const drill = site();
    await backUpKey(drill);
    await restoreOntoSpare(drill);
    const result = await drill.host.sql.execute(
      master(SPARE),
      sqlStatements.restoreServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD, false),
    );
    expect(result.messages).toEqual([]);
    const spare = sqlServer(drill, DRILL_SPARE_SQL_SERVER);
    expect(spare.serviceMasterKeyId).toBe(sqlServer(drill, 'SQLORCH01').serviceMasterKeyId);
    expect(spare.databases.find((db) => db.name === 'Orchestrator')?.encryptedBy).toBe(spare.serviceMasterKeyId);

    const again = await drill.host.sql.execute(
      master(SPARE),
      sqlStatements.restoreServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD, false),
    );
    expect(again.messages).toEqual(['The old and new master keys are identical. No data re-encryption is required.']);
  });

  it('refuses a wrong password, a missing file and a login that is not sysadmin, keeping the key', async () => {
    const drill = site();
    await backUpKey(drill);
    const before = sqlServer(drill, DRILL_SPARE_SQL_SERVER).serviceMasterKeyId;
    const wrong = await failure(
      drill.host.sql.execute(master(SPARE), sqlStatements.restoreServiceMasterKey(KEY_FILE, 'Pa\'ss"w0rd', false)),
      SqlError,
    );
    expect(wrong).toMatchObject({ number: 15317, problem: 'statement-failed' });
    expect(wrong.message).toMatch(/password/);
    const missing = await failure(
      drill.host.sql.execute(
        master(SPARE),
        sqlStatements.restoreServiceMasterKey('\\\\FS01\\RecoveryKit\\none.key', HOSTILE_PASSWORD, false),
      ),
      SqlError,
    );
    expect(missing).toMatchObject({ number: 15317 });
    drill.inject({ kind: 'sql-login-not-sysadmin', server: DRILL_SPARE_SQL_SERVER });
    await expect(
      failure(
        drill.host.sql.execute(master(SPARE), sqlStatements.restoreServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD, false)),
        SqlError,
      ),
    ).resolves.toMatchObject({ problem: 'not-sysadmin' });
    expect(sqlServer(drill, DRILL_SPARE_SQL_SERVER).serviceMasterKeyId).toBe(before);
  });

  it('needs FORCE when the server cannot decrypt its current key', async () => {
    const drill = site();
    await backUpKey(drill);
    drill.inject({ kind: 'sql-service-master-key-unreadable', server: DRILL_SPARE_SQL_SERVER });
    const refused = await failure(
      drill.host.sql.execute(master(SPARE), sqlStatements.restoreServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD, false)),
      SqlError,
    );
    expect(refused).toMatchObject({ number: 15329 });
    expect(refused.message).toMatch(/FORCE/);
    await drill.host.sql.execute(
      master(SPARE),
      sqlStatements.restoreServiceMasterKey(KEY_FILE, HOSTILE_PASSWORD, true),
    );
    expect(sqlServer(drill, DRILL_SPARE_SQL_SERVER).serviceMasterKeyId).toBe(
      sqlServer(drill, 'SQLORCH01').serviceMasterKeyId,
    );
    expect(drill.snapshot().faults).toEqual([]);
  });
});
