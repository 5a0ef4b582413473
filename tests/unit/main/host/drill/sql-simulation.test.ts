import { describe, expect, it } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { parseChecksumList } from '../../../../../src/main/knowledge/recovery-kit/layout';
import { sqlStatements } from '../../../../../src/main/knowledge/sql/statements';
import { SqlError } from '../../../../../src/main/knowledge/failures';
import type { SqlStatement, SqlTarget } from '../../../../../src/main/knowledge/sql/statement';
import type { StepIo } from '../../../../../src/main/host/types';
import { sampleManifest } from '../../../support/harness';
import { failure } from '../../../support/rejection';

const SM = { computer: 'SQLSM01', instance: 'SCSM', port: null };
const DW = { computer: 'SQLDW01', instance: 'SCDW', port: null };
const KIT = '\\\\FS01\\RecoveryKit\\Databases';
const SM_BACKUP = `${KIT}\\ServiceManager.bak`;
const HERE = 'SCSM02';
const GB = 1024 ** 3;

const master = (server: SqlTarget['server']): SqlTarget => ({ server, database: 'master' });

function site(): DrillSite {
  return new DrillSite({ manifest: sampleManifest(), speed: 1_000_000 });
}

function recorder(): StepIo & { lines: string[]; percents: number[] } {
  const lines: string[] = [];
  const percents: number[] = [];
  return {
    lines,
    percents,
    output: (line) => lines.push(line),
    progress: (percent) => {
      if (percent !== undefined) percents.push(percent);
    },
  };
}

function sqlServer(drill: DrillSite, name: string) {
  const server = drill.snapshot().sqlServers.find((candidate) => candidate.name === name);
  if (!server) throw new Error(`no SQL Server ${name}`);
  return server;
}

const database = (drill: DrillSite, server: string, name: string) =>
  sqlServer(drill, server).databases.find((db) => db.name === name);

const rebuilt = (server = 'SQLSM01\\SCSM') => {
  const drill = site();
  drill.inject({ kind: 'database-server-rebuilt', server });
  return drill;
};

const batch = (text: string): SqlStatement => sqlStatements.scriptBatch(text);

describe('drill SQL Server: the recovery kit', () => {
  it('holds a backup and a permissions script of every database, listed with their checksums', async () => {
    const drill = site();
    const list = parseChecksumList(await drill.host.files.readText(HERE, `${KIT}\\checksums.sha256`, 1024 * 1024));
    for (const db of sampleManifest().databases) {
      for (const file of [`${db.name}.bak`, `${db.name}-permissions.sql`]) {
        const facts = await drill.host.files.stat(HERE, `${KIT}\\${file}`);
        expect(facts.exists).toBe(true);
        expect(list.get(file.toLowerCase())).toBe(facts.sha256);
      }
    }
    expect((await drill.host.files.stat(HERE, SM_BACKUP)).size).toBeGreaterThan(4 * GB);
    const script = await drill.host.files.readText(HERE, `${KIT}\\ServiceManager-permissions.sql`, 1024 * 1024);
    expect(script).toContain(
      "IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'CONTOSO\\svc-scsm')\n    CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS",
    );
    expect(script).toContain('ALTER ROLE [sdk_users] ADD MEMBER [CONTOSO\\svc-scsm];');
    expect(script).toContain('GRANT EXECUTE ON SCHEMA::[dbo] TO [CONTOSO\\svc-scsm-workflow];');
    expect(script).toMatch(/\/\*[^]*\nGO\n[^]*\*\//);
  });

  it('puts the SQL Server computers on the site with their instances running', async () => {
    const drill = site();
    expect((await drill.host.services.find('SQLSM01', 'SQL Server (SCSM)'))?.status).toBe('Running');
    expect((await drill.host.services.find('SQLSM01', 'SQL Server Agent (SCSM)'))?.name).toBe('SQLAgent$SCSM');
    expect((await drill.host.services.find('SQLRS01', 'SQL Server (MSSQLSERVER)'))?.name).toBe('MSSQLSERVER');
    expect(await drill.host.files.exists('SQLDW01', 'F:\\DWData')).toBe(true);
  });
});

describe('drill SQL Server: an ordinary day', () => {
  it('reports its facts, databases, files and drives', async () => {
    const drill = site();
    const facts = await drill.host.sql.execute(master(SM), sqlStatements.serverFacts());
    expect(facts.rows).toEqual([
      {
        machineName: 'SQLSM01',
        instanceName: 'SCSM',
        serverName: 'SQLSM01\\SCSM',
        productVersion: '16.0.4135.4',
        edition: 'Standard Edition (64-bit)',
        defaultDataPath: 'E:\\SQLData\\',
        defaultLogPath: 'L:\\SQLLogs\\',
        defaultBackupPath: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.SCSM\\MSSQL\\Backup',
        isSysadmin: 1,
        clrEnabled: 1,
      },
    ]);
    const states = await drill.host.sql.execute(master(SM), sqlStatements.databaseStates());
    expect(states.rows).toEqual([{ name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL' }]);
    const names = await drill.host.sql.execute(master(SM), sqlStatements.listDatabases());
    expect(names.rows.map((row) => row.name)).toEqual(['master', 'model', 'msdb', 'ServiceManager', 'tempdb']);
    const mdf = await drill.host.sql.execute(master(SM), sqlStatements.pathExists('E:\\SQLData\\ServiceManager.mdf'));
    expect(mdf.rows).toEqual([{ 'File Exists': 1, 'File is a Directory': 0, 'Parent Directory Exists': 1 }]);
    const drives = await drill.host.sql.execute(master(SM), sqlStatements.fixedDrives());
    expect(drives.rows.map((row) => row.drive)).toEqual(['C', 'E', 'L']);
    expect(Number(drives.rows[1]?.['MB free'])).toBeGreaterThan(200_000);
  });

  it('refuses a restore over an ONLINE database in FULL recovery until its tail-log is backed up', async () => {
    const drill = site();
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    const refused = await failure(drill.host.sql.execute(master(SM), restore), SqlError);
    expect(refused).toMatchObject({ problem: 'tail-log-not-backed-up', number: 3159 });
    expect(refused.message).toMatch(/^The tail of the log for the database "ServiceManager" has not been backed up/);

    const io = recorder();
    const tail = sqlStatements.tailLogBackup('ServiceManager', 'E:\\SQLData\\ServiceManager_tail.trn');
    await drill.host.sql.execute(master(SM), tail, io);
    expect(io.percents.at(-1)).toBe(100);
    expect(io.lines.at(-1)).toMatch(/^BACKUP LOG successfully processed \d+ pages in [\d.]+ seconds/);
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.state).toBe('RESTORING');
    const header = await drill.host.sql.execute(
      master(SM),
      sqlStatements.backupHeader('E:\\SQLData\\ServiceManager_tail.trn'),
    );
    expect(header.rows[0]).toMatchObject({ DatabaseName: 'ServiceManager', BackupType: 2 });

    await drill.host.sql.execute(master(SM), restore);
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')).toMatchObject({
      state: 'ONLINE',
      restoredFrom: SM_BACKUP,
    });
  });

  it('takes a copy-only backup into the default backup folder, and refuses a tail-log in SIMPLE recovery', async () => {
    const drill = site();
    const io = recorder();
    await drill.host.sql.execute(master(SM), sqlStatements.copyOnlyBackup('ServiceManager', 'before.bak'), io);
    expect(io.percents).toEqual(Array.from({ length: 20 }, (_, index) => (index + 1) * 5));
    const written = 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.SCSM\\MSSQL\\Backup\\before.bak';
    expect((await drill.host.files.stat('SQLSM01', written)).size).toBeGreaterThan(4 * GB);
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.state).toBe('ONLINE');

    const simple = await failure(
      drill.host.sql.execute(master(DW), sqlStatements.tailLogBackup('DWDataMart', 'E:\\SQLData\\dm.trn')),
      SqlError,
    );
    expect(simple).toMatchObject({ problem: 'statement-failed', number: 4208 });
  });

  it('refuses REPLACE over an online database the management servers use until it is offline', async () => {
    const drill = site();
    const replace = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: true, moves: [] });
    const users = await drill.host.sql.execute(master(SM), sqlStatements.databaseSessionHosts('ServiceManager'));
    expect(users.rows.map((row) => row.hostName)).toEqual(['SCSM01', 'SCSM02', 'SCSM03']);
    const refused = await failure(drill.host.sql.execute(master(SM), replace), SqlError);
    expect(refused).toMatchObject({ problem: 'database-in-use', number: 3101 });
    expect(refused.message).toBe(
      'Exclusive access could not be obtained because the database is in use. RESTORE DATABASE is terminating abnormally.',
    );
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.restoredFrom).toBeUndefined();

    await drill.host.sql.execute(master(SM), sqlStatements.setDatabaseOffline('ServiceManager'));
    await drill.host.sql.execute(master(SM), replace);
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')).toMatchObject({
      state: 'ONLINE',
      restoredFrom: SM_BACKUP,
    });
  });

  it('refuses a backup of another database without REPLACE', async () => {
    const drill = site();
    const restore = sqlStatements.restoreDatabase('ServiceManager', `${KIT}\\Orchestrator.bak`, {
      replace: false,
      moves: [],
    });
    await expect(failure(drill.host.sql.execute(master(SM), restore), SqlError)).resolves.toMatchObject({
      number: 3154,
    });
  });
});

describe('drill SQL Server: a rebuilt server', () => {
  it('has only system databases, no CLR, no site logins and no data warehouse folder', async () => {
    const drill = rebuilt('SQLDW01\\SCDW');
    const names = await drill.host.sql.execute(master(DW), sqlStatements.listDatabases());
    expect(names.rows.map((row) => row.name)).toEqual(['master', 'model', 'msdb', 'tempdb']);
    const facts = await drill.host.sql.execute(master(DW), sqlStatements.serverFacts());
    expect(facts.rows[0]).toMatchObject({ clrEnabled: 0, isSysadmin: 1, serverName: 'SQLDW01\\SCDW' });
    expect(sqlServer(drill, 'SQLDW01\\SCDW').logins).not.toContain('CONTOSO\\svc-scsm');
    const folder = await drill.host.sql.execute(master(DW), sqlStatements.pathExists('F:\\DWData'));
    expect(folder.rows).toEqual([{ 'File Exists': 0, 'File is a Directory': 0, 'Parent Directory Exists': 1 }]);
    const clr = await drill.host.sql.execute(master(DW), sqlStatements.enableClr());
    expect(clr.messages).toEqual([
      "Configuration option 'clr enabled' changed from 0 to 1. Run the RECONFIGURE statement to install.",
    ]);
    expect(sqlServer(drill, 'SQLDW01\\SCDW').clrEnabled).toBe(true);
  });

  it('reads the header, file list and checksums of a kit backup', async () => {
    const drill = rebuilt();
    const header = await drill.host.sql.execute(master(SM), sqlStatements.backupHeader(SM_BACKUP));
    expect(header.rows).toEqual([
      expect.objectContaining({
        DatabaseName: 'ServiceManager',
        BackupType: 1,
        BackupFinishDate: '2026-10-30T01:42:17.000Z',
        ServerName: 'SQLSM01\\SCSM',
        MachineName: 'SQLSM01',
        HasBackupChecksums: 1,
        BackupSize: (await drill.host.files.stat(HERE, SM_BACKUP)).size,
        Position: 1,
      }),
    ]);
    const files = await drill.host.sql.execute(master(SM), sqlStatements.backupFileList(SM_BACKUP));
    expect(files.rows).toEqual([
      { LogicalName: 'ServiceManager', PhysicalName: 'E:\\SQLData\\ServiceManager.mdf', Type: 'D', Size: 6 * GB },
      {
        LogicalName: 'ServiceManager_log',
        PhysicalName: 'L:\\SQLLogs\\ServiceManager_log.ldf',
        Type: 'L',
        Size: 2 * GB,
      },
    ]);
    const verified = await drill.host.sql.execute(master(SM), sqlStatements.verifyBackup(SM_BACKUP));
    expect(verified.messages).toEqual(['The backup set on file 1 is valid.']);

    const missing = await failure(
      drill.host.sql.execute(master(SM), sqlStatements.backupHeader(`${KIT}\\Missing.bak`)),
      SqlError,
    );
    expect(missing).toMatchObject({ problem: 'backup-unreadable', number: 3201 });
    expect(missing.message).toBe(
      `Cannot open backup device '${KIT}\\Missing.bak'. Operating system error 2(The system cannot find the file specified.). RESTORE HEADERONLY is terminating abnormally.`,
    );
  });

  it('restores with progress, and the database is back ONLINE as it was backed up', async () => {
    const drill = rebuilt();
    const freeBefore = sqlServer(drill, 'SQLSM01\\SCSM').drives.find((drive) => drive.letter === 'E')?.freeBytes ?? 0;
    const io = recorder();
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    const result = await drill.host.sql.execute(master(SM), restore, io);

    expect(io.percents).toEqual(Array.from({ length: 20 }, (_, index) => (index + 1) * 5));
    expect(io.lines).toContain(
      "Processed 589824 pages for database 'ServiceManager', file 'ServiceManager' on file 1.",
    );
    expect(result.messages.at(-1)).toMatch(
      /^RESTORE DATABASE successfully processed \d+ pages in [\d.]+ seconds \([\d.]+ MB\/sec\)\.$/,
    );
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')).toMatchObject({
      state: 'ONLINE',
      managementGroup: 'CONTOSO-SM',
      activeWorkflowServer: 'scsm01.contoso.local',
      procedures: ['dbo.p_PromoteActiveWorkflowServer'],
      recoveryModel: 'FULL',
      restoredFrom: SM_BACKUP,
      permissionsScriptBatches: 0,
    });
    const freeAfter = sqlServer(drill, 'SQLSM01\\SCSM').drives.find((drive) => drive.letter === 'E')?.freeBytes;
    expect(freeAfter).toBe(freeBefore - 6 * GB);
    const group = await drill.host.sql.execute(
      { server: SM, database: 'ServiceManager' },
      sqlStatements.managementGroupInfo(),
    );
    expect(group.rows).toEqual([
      {
        managementGroupName: 'CONTOSO-SM',
        administrators: 'CONTOSO\\SCSM Admins',
        managementGroupId: expect.stringMatching(/^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/),
      },
    ]);
  });

  it('fails a restore whose folder is gone unless MOVE puts the file elsewhere', async () => {
    const drill = rebuilt('SQLDW01\\SCDW');
    const backup = `${KIT}\\DWDataMart.bak`;
    const plain = sqlStatements.restoreDatabase('DWDataMart', backup, { replace: false, moves: [] });
    const refused = await failure(drill.host.sql.execute(master(DW), plain), SqlError);
    expect(refused).toMatchObject({ problem: 'statement-failed', number: 5133 });
    expect(refused.message).toMatch(
      /^Directory lookup for the file "F:\\DWData\\DWDataMart\.mdf" failed with the operating system error 3\(The system cannot find the path specified\.\)\. File 'DWDataMart' cannot be restored to 'F:\\DWData\\DWDataMart\.mdf'\. Use WITH MOVE/,
    );
    expect(database(drill, 'SQLDW01\\SCDW', 'DWDataMart')).toBeUndefined();

    const moved = sqlStatements.restoreDatabase('DWDataMart', backup, {
      replace: false,
      moves: [{ logicalName: 'DWDataMart', physicalName: 'E:\\SQLData\\DWDataMart.mdf' }],
    });
    await drill.host.sql.execute(master(DW), moved);
    expect(database(drill, 'SQLDW01\\SCDW', 'DWDataMart')?.files).toEqual([
      { logicalName: 'DWDataMart', physicalName: 'E:\\SQLData\\DWDataMart.mdf', type: 'D', size: 40 * GB },
      { logicalName: 'DWDataMart_log', physicalName: 'L:\\SQLLogs\\DWDataMart_log.ldf', type: 'L', size: 8 * GB },
    ]);
    const state = await drill.host.sql.execute(master(DW), sqlStatements.databaseState('DWDataMart'));
    expect(state.rows).toEqual([{ state: 'ONLINE' }]);
  });

  it('catches a damaged backup when verifying, without changing anything', async () => {
    const drill = rebuilt();
    drill.inject({ kind: 'sql-backup-corrupt', path: SM_BACKUP });
    const before = drill.snapshot().sqlServers;
    const damaged = await failure(drill.host.sql.execute(master(SM), sqlStatements.verifyBackup(SM_BACKUP)), SqlError);
    expect(damaged).toMatchObject({ problem: 'backup-unreadable', number: 3189 });
    expect(damaged.message).toBe('Damage to the backup set was detected. VERIFY DATABASE is terminating abnormally.');
    expect(drill.snapshot().sqlServers).toEqual(before);

    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    const failed = await failure(drill.host.sql.execute(master(SM), restore), SqlError);
    expect(failed).toMatchObject({ problem: 'backup-unreadable', number: 3183 });
    // As on SQL Server, a restore that fails part of the way leaves the database RESTORING.
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.state).toBe('RESTORING');
  });

  it('runs out of room on a full disk', async () => {
    const drill = rebuilt();
    drill.inject({ kind: 'sql-disk-full', server: 'SQLSM01\\SCSM' });
    const drives = await drill.host.sql.execute(master(SM), sqlStatements.fixedDrives());
    expect(drives.rows.every((row) => row['MB free'] === 200)).toBe(true);
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    const full = await failure(drill.host.sql.execute(master(SM), restore), SqlError);
    expect(full).toMatchObject({ problem: 'disk-full', number: 3257 });
    expect(full.message).toMatch(/^There is insufficient free space on disk volume 'E:\\' to create the database\./);
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')).toBeUndefined();

    const onDay = site();
    onDay.inject({ kind: 'sql-disk-full', server: 'SQLSM01\\SCSM' });
    const backup = sqlStatements.copyOnlyBackup('ServiceManager', 'E:\\SQLData\\before.bak');
    await expect(failure(onDay.host.sql.execute(master(SM), backup), SqlError)).resolves.toMatchObject({
      problem: 'disk-full',
      number: 3202,
    });
  });

  it('reports a stale @@SERVERNAME until sp_addserver and a restart of the SQL Server service', async () => {
    const drill = rebuilt();
    drill.inject({ kind: 'sql-server-renamed', server: 'SQLSM01\\SCSM', staleName: 'WIN-7Q2K3M1\\SCSM' });
    const identity = () => drill.host.sql.execute(master(SM), sqlStatements.serverIdentity());
    expect((await identity()).rows[0]).toMatchObject({ machineName: 'SQLSM01', serverName: 'WIN-7Q2K3M1\\SCSM' });

    const wrong = await failure(
      drill.host.sql.execute(master(SM), sqlStatements.renameServer('SQLSM01\\SCSM', 'SQLSM01\\SCSM')),
      SqlError,
    );
    expect(wrong).toMatchObject({ number: 15015 });
    expect(wrong.message).toBe(
      "The server 'SQLSM01\\SCSM' does not exist. Use sp_helpserver to show available servers.",
    );
    await drill.host.sql.execute(master(SM), sqlStatements.renameServer('WIN-7Q2K3M1\\SCSM', 'SQLSM01\\SCSM'));
    expect((await identity()).rows[0]?.serverName).toBe('WIN-7Q2K3M1\\SCSM');
    const local = await drill.host.sql.execute(master(SM), sqlStatements.localServerName());
    expect(local.rows).toEqual([{ name: 'SQLSM01\\SCSM' }]);

    await drill.host.services.stop('SQLSM01', 'SQL Server (SCSM)', 60, recorder());
    await expect(failure(identity(), SqlError)).resolves.toMatchObject({ problem: 'server-unreachable' });
    expect((await failure(identity(), SqlError)).message).toMatch(/^Cannot reach SQL Server SQLSM01\\SCSM/);
    await drill.host.services.start('SQLSM01', 'SQL Server (SCSM)', 60, recorder());
    expect((await identity()).rows[0]?.serverName).toBe('SQLSM01\\SCSM');
    expect(sqlServer(drill, 'SQLSM01\\SCSM').pendingServerName).toBeNull();
  });

  it('takes the name sp_addserver recorded when Windows restarts', async () => {
    const drill = site();
    drill.inject({ kind: 'sql-server-renamed', server: 'SQLSM01\\SCSM', staleName: 'WIN-7Q2K3M1\\SCSM' });
    await drill.host.sql.execute(master(SM), sqlStatements.renameServer('WIN-7Q2K3M1\\SCSM', 'SQLSM01\\SCSM'));
    expect(drill.restart('SQLSM01').sqlServers.find((s) => s.name === 'SQLSM01\\SCSM')?.serverName).toBe(
      'SQLSM01\\SCSM',
    );
  });

  it('answers with another computer name, or under another instance name', async () => {
    const moved = site();
    moved.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM', machineName: 'SQLSM02' });
    const identity = await moved.host.sql.execute(master(SM), sqlStatements.serverIdentity());
    expect(identity.rows).toEqual([{ machineName: 'SQLSM02', instanceName: 'SCSM', serverName: 'SQLSM02\\SCSM' }]);

    const renamed = site();
    renamed.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM', instanceName: 'SCSM2' });
    await expect(
      failure(renamed.host.sql.execute(master(SM), sqlStatements.serverIdentity()), SqlError),
    ).resolves.toMatchObject({
      problem: 'instance-not-found',
    });
    const other = await renamed.host.sql.execute(master({ ...SM, instance: 'SCSM2' }), sqlStatements.serverIdentity());
    expect(other.rows).toEqual([{ machineName: 'SQLSM01', instanceName: 'SCSM2', serverName: 'SQLSM01\\SCSM2' }]);
    expect((await renamed.host.services.find('SQLSM01', 'SQL Server (SCSM2)'))?.status).toBe('Running');
    expect(await renamed.host.services.find('SQLSM01', 'SQL Server (SCSM)')).toBeNull();
  });

  it('refuses RESTORE and BACKUP to a login that is not sysadmin', async () => {
    const drill = site();
    drill.inject({ kind: 'sql-login-not-sysadmin', server: 'SQLSM01\\SCSM' });
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: true, moves: [] });
    await expect(failure(drill.host.sql.execute(master(SM), restore), SqlError)).resolves.toMatchObject({
      problem: 'not-sysadmin',
      number: 3110,
      code: 'access-denied',
    });
    const backup = sqlStatements.copyOnlyBackup('ServiceManager', 'before.bak');
    const denied = await failure(drill.host.sql.execute(master(SM), backup), SqlError);
    expect(denied).toMatchObject({ problem: 'not-sysadmin', number: 262 });
    expect(denied.message).toBe(
      "BACKUP DATABASE permission denied in database 'ServiceManager'. BACKUP DATABASE is terminating abnormally.",
    );
    const facts = await drill.host.sql.execute(master(SM), sqlStatements.serverFacts());
    expect(facts.rows[0]?.isSysadmin).toBe(0);
  });
});

describe('drill SQL Server: script batches', () => {
  const target: SqlTarget = { server: SM, database: 'ServiceManager' };

  it('counts batches on the database and creates missing logins', async () => {
    const drill = rebuilt();
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    await drill.host.sql.execute(master(SM), restore);
    const guarded =
      "IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'CONTOSO\\svc-scsm')\n" +
      '    CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS;';
    await drill.host.sql.execute(target, batch(guarded));
    await drill.host.sql.execute(target, batch(guarded));
    await drill.host.sql.execute(target, batch('ALTER ROLE [sdk_users] ADD MEMBER [CONTOSO\\svc-scsm];'));
    expect(sqlServer(drill, 'SQLSM01\\SCSM').logins).toContain('CONTOSO\\svc-scsm');
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.permissionsScriptBatches).toBe(3);

    const duplicate = await failure(
      drill.host.sql.execute(target, batch('CREATE LOGIN [CONTOSO\\svc-scsm] FROM WINDOWS;')),
      SqlError,
    );
    expect(duplicate).toMatchObject({ problem: 'statement-failed', number: 15025 });
    expect(duplicate.message).toBe("The server principal 'CONTOSO\\svc-scsm' already exists.");
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.permissionsScriptBatches).toBe(3);
  });

  it('fails on RAISERROR and THROW, and on a batch cut inside a comment or string', async () => {
    const drill = site();
    const raised = await failure(
      drill.host.sql.execute(target, batch("RAISERROR(N'The role sdk_users is missing.', 16, 1);")),
      SqlError,
    );
    expect(raised).toMatchObject({ number: 50000, message: 'The role sdk_users is missing.' });
    const thrown = await failure(drill.host.sql.execute(target, batch("THROW 51000, N'Stop here.', 1;")), SqlError);
    expect(thrown).toMatchObject({ number: 51000, message: 'Stop here.' });
    const printed = await drill.host.sql.execute(target, batch("RAISERROR(N'Just a note.', 0, 1) WITH NOWAIT;"));
    expect(printed.messages).toEqual(['Just a note.']);

    const script = await drill.host.files.readText(HERE, `${KIT}\\ServiceManager-permissions.sql`, 1024 * 1024);
    const [first, second] = script.split(/^GO$/m);
    await expect(failure(drill.host.sql.execute(target, batch(first ?? '')), SqlError)).resolves.toMatchObject({
      number: 113,
    });
    await expect(failure(drill.host.sql.execute(target, batch(second ?? '')), SqlError)).resolves.toMatchObject({
      number: 102,
    });
    const quoted = await failure(drill.host.sql.execute(target, batch("PRINT N'Batches end at\n")), SqlError);
    expect(quoted).toMatchObject({ number: 105 });
    await expect(
      failure(drill.host.sql.execute(target, batch('SELECT 1;\nGO\nSELECT 2;')), SqlError),
    ).resolves.toMatchObject({
      number: 102,
    });
  });
});

describe('drill SQL Server: what msdb and the databases remember', () => {
  const MARKER = 'System Center Recovery Wizard: permissions script';
  const target: SqlTarget = { server: SM, database: 'ServiceManager' };

  it('records each backup with the description BACKUP was given, and finds it by that description', async () => {
    const drill = site();
    const described = sqlStatements.copyOnlyBackup('ServiceManager', 'before.bak', { description: 'run 1, step a' });
    await drill.host.sql.execute(master(SM), described);
    await drill.host.sql.execute(master(SM), sqlStatements.copyOnlyBackup('ServiceManager', 'other.bak'));
    const found = await drill.host.sql.execute(
      master(SM),
      sqlStatements.backupsDescribed('servicemanager', 'run 1, step a'),
    );
    expect(found.rows).toEqual([
      {
        finishedAt: expect.any(String),
        backupType: 'D',
        path: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.SCSM\\MSSQL\\Backup\\before.bak',
      },
    ]);
    const none = await drill.host.sql.execute(master(SM), sqlStatements.backupsDescribed('ServiceManager', 'run 2'));
    expect(none.rows).toEqual([]);
    expect(sqlServer(drill, 'SQLSM01\\SCSM').backupHistory.map((entry) => entry.description)).toEqual([
      'run 1, step a',
      undefined,
    ]);
  });

  it('records a restore once it completes, and reads it back only as far back as asked', async () => {
    const drill = rebuilt();
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await drill.host.sql.execute(master(SM), restore);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const since = (ms: number, path = SM_BACKUP) =>
      drill.host.sql.execute(master(SM), sqlStatements.restoredSince('ServiceManager', path, ms));
    expect((await since(Date.now() - startedAt)).rows).toHaveLength(1);
    expect((await since(10)).rows).toEqual([]);
    expect((await since(60_000, `${KIT}\\DWDataMart.bak`)).rows).toEqual([]);
    // A reinstalled instance starts with an empty msdb.
    drill.inject({ kind: 'database-server-rebuilt', server: 'SQLSM01\\SCSM' });
    expect((await since(60_000)).rows).toEqual([]);
  });

  it('a restore that fails on a damaged backup leaves no history behind', async () => {
    const drill = rebuilt();
    drill.inject({ kind: 'sql-backup-corrupt', path: SM_BACKUP });
    const restore = sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] });
    await expect(drill.host.sql.execute(master(SM), restore)).rejects.toBeInstanceOf(SqlError);
    expect(sqlServer(drill, 'SQLSM01\\SCSM').restoreHistory).toEqual([]);
  });

  it('commits a recorded batch and its marker together, or neither when the batch fails', async () => {
    const drill = rebuilt();
    await drill.host.sql.execute(
      master(SM),
      sqlStatements.restoreDatabase('ServiceManager', SM_BACKUP, { replace: false, moves: [] }),
    );
    const progress = async () =>
      (await drill.host.sql.execute(target, sqlStatements.scriptProgress(MARKER))).rows[0]?.progress;
    expect(await progress()).toBeUndefined();
    const create = 'CREATE LOGIN [CONTOSO\\svc-new] FROM WINDOWS;';
    await drill.host.sql.execute(target, sqlStatements.recordedScriptBatch(create, MARKER, 'done=1/3'));
    expect(await progress()).toBe('done=1/3');
    expect(sqlServer(drill, 'SQLSM01\\SCSM').logins).toContain('CONTOSO\\svc-new');

    const half = `CREATE LOGIN [CONTOSO\\svc-other] FROM WINDOWS;\nRAISERROR(N'Role missing.', 16, 1);`;
    const failed = drill.host.sql.execute(target, sqlStatements.recordedScriptBatch(half, MARKER, 'done=2/3'));
    await expect(failed).rejects.toMatchObject({ number: 50000 });
    expect(await progress()).toBe('done=1/3');
    expect(sqlServer(drill, 'SQLSM01\\SCSM').logins).not.toContain('CONTOSO\\svc-other');
    expect(database(drill, 'SQLSM01\\SCSM', 'ServiceManager')?.permissionsScriptBatches).toBe(1);
    // A backup carries the marker along, as it carries every extended property.
    await drill.host.sql.execute(master(SM), sqlStatements.copyOnlyBackup('ServiceManager', 'with-marker.bak'));
    const file = Object.values(drill.snapshot().files).find((entry) => entry.path.endsWith('with-marker.bak'));
    expect(file?.sqlBackup?.database?.extendedProperties).toEqual({ [MARKER]: 'done=1/3' });
  });

  it('dates the service master key when a restore replaces it, and not when it restores the same key', async () => {
    const drill = site();
    const orchestrator = { computer: 'SQLORCH01', instance: null, port: null };
    const path = '\\\\FS01\\RecoveryKit\\smk.key';
    const changed = async () =>
      (await drill.host.sql.execute(master(orchestrator), sqlStatements.serviceMasterKeyChangedSince(60_000))).rows[0]
        ?.changed;
    await drill.host.sql.execute(master(orchestrator), sqlStatements.backupServiceMasterKey(path, 'Pa55word!'));
    await drill.host.sql.execute(master(orchestrator), sqlStatements.restoreServiceMasterKey(path, 'Pa55word!', false));
    expect(await changed()).toBe(0);
    const spare = { computer: 'SQLSPARE01', instance: null, port: null };
    const spareChanged = async (ms: number) =>
      (await drill.host.sql.execute(master(spare), sqlStatements.serviceMasterKeyChangedSince(ms))).rows[0]?.changed;
    expect(await spareChanged(60_000)).toBe(0);
    await drill.host.sql.execute(master(spare), sqlStatements.restoreServiceMasterKey(path, 'Pa55word!', false));
    expect(await spareChanged(60_000)).toBe(1);
  });
});

describe('drill SQL Server: connections and other statements', () => {
  it('cannot reach an instance whose computer is down, and honours injected failures', async () => {
    const drill = site();
    drill.inject({ kind: 'operation-fails', operation: 'sql.server-facts', times: 1, message: 'Timeout expired' });
    await expect(drill.host.sql.execute(master(SM), sqlStatements.serverFacts())).rejects.toThrow('Timeout expired');
    await expect(drill.host.sql.execute(master(SM), sqlStatements.serverFacts())).resolves.toBeDefined();
    await expect(
      drill.host.sql.execute(master(SM), { id: 'no-such-statement', text: 'SELECT 1', params: [] }),
    ).rejects.toMatchObject({ code: 'unsupported' });
    drill.inject({ kind: 'computer-unreachable', computer: 'SQLSM01' });
    await expect(
      failure(drill.host.sql.execute(master(SM), sqlStatements.serverFacts()), SqlError),
    ).resolves.toMatchObject({
      problem: 'server-unreachable',
      code: 'unreachable',
    });
  });

  it('checks and drops a database, giving its room back', async () => {
    const drill = site();
    const check = await drill.host.sql.execute(master(SM), sqlStatements.checkDatabase('ServiceManager'));
    expect(check).toEqual({ rows: [], messages: [] });
    const freeBefore = sqlServer(drill, 'SQLSM01\\SCSM').drives.find((drive) => drive.letter === 'L')?.freeBytes ?? 0;
    await drill.host.sql.execute(master(SM), sqlStatements.dropDatabase('ServiceManager'));
    expect(sqlServer(drill, 'SQLSM01\\SCSM').drives.find((drive) => drive.letter === 'L')?.freeBytes).toBe(
      freeBefore + 2 * GB,
    );
    const state = await drill.host.sql.execute(master(SM), sqlStatements.databaseState('ServiceManager'));
    expect(state.rows).toEqual([]);
    await expect(
      failure(
        drill.host.sql.execute({ server: SM, database: 'ServiceManager' }, sqlStatements.serverIdentity()),
        SqlError,
      ),
    ).resolves.toMatchObject({ problem: 'cannot-open-database', number: 4060 });
    await expect(
      failure(drill.host.sql.execute(master(SM), sqlStatements.dropDatabase('ServiceManager')), SqlError),
    ).resolves.toMatchObject({ number: 3701 });
  });
});
