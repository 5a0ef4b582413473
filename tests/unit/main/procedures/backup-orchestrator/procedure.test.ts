import { describe, expect, it, vi } from 'vitest';
import { DrillSite } from '../../../../../src/main/host/drill/drill-site';
import { passwordDigest } from '../../../../../src/main/host/drill/password-digest';
import { backupOrchestratorPages, NO_CHECK_OUTS } from '../../../../../src/shared/procedures/backup-orchestrator';
import { createHarness, sampleManifest } from '../../../support/harness';
import { memoryKeychain } from '../../../support/memory-keychain';

type Harness = ReturnType<typeof createHarness>;
type Answers = Record<string, string | boolean>;

const KEY_PASSWORD = `Smk'pa"ss]--;wörd\u2019`;
const KIT = sampleManifest().recoveryKitPath ?? '';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CHECK_OUT = { kind: 'runbook-checked-out', runbook: 'Monthly patching', user: 'CONTOSO\\orch-author' } as const;

/** "Prepare the recovery kit" into the site's kit folder, at the management server: it backs up SQLORCH01's key too. */
async function prepareKit(harness: Harness): Promise<void> {
  harness.drill.signIn('SCSM01');
  const password = `Kit'key"pass-wörd`;
  const answers = {
    ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
    orchestratorSqlServer: 'SQLORCH01',
    orchestratorDatabase: 'Orchestrator',
    kitFolder: KIT,
    mediaPath: 'D:\\',
    keyPassword: password,
    confirmKeyPassword: password,
    masterKeyPassword: KEY_PASSWORD,
    confirmMasterKeyPassword: KEY_PASSWORD,
  };
  await harness.runs.lookup('prepare-recovery-kit', 'discover', answers);
  const prepared = await harness.runs.prepare('prepare-recovery-kit', answers);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  expect((await harness.runs.settled(prepared.runId))?.phase).toBe('succeeded');
}

function kitKeyFiles(harness: Harness): string[] {
  return Object.values(harness.drill.snapshot().files)
    .map((file) => file.path)
    .filter((path) => path.toLowerCase().startsWith(`${KIT.toLowerCase()}\\orchestrator\\`) && path.endsWith('.key'));
}

async function answersFor(harness: Harness, extra: Answers = {}): Promise<Answers> {
  return {
    ...(await harness.runs.flow('backup-orchestrator').defaults(harness.ctx())),
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    checkedIn: true,
    ...extra,
  };
}

async function run(harness: Harness, answers: Answers) {
  const prepared = await harness.runs.prepare('backup-orchestrator', answers);
  if (prepared.checks.some((check) => check.status === 'fail')) return { prepared, done: null };
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, {});
  return { prepared, done: await harness.runs.settled(prepared.runId) };
}

describe('back up Orchestrator (drill)', () => {
  it('backs up the service master key with its password masked, then the database compressed', async () => {
    const keychain = memoryKeychain();
    const harness = createHarness({ keychain });
    const answers = await answersFor(harness, { remember: true });
    expect(answers.backupMasterKey).toBe(true);
    const { prepared, done } = await run(harness, answers);
    const keyStep = prepared.plan.find((step) => step.id === 'backup-service-master-key');
    expect(keyStep?.commands[0]).toMatchObject({
      kind: 'sql',
      text: expect.stringMatching(/^BACKUP SERVICE MASTER KEY TO FILE = N'.*' ENCRYPTION BY PASSWORD = \*{8}$/),
    });
    const databaseStep = prepared.plan.find((step) => step.id === 'backup-orchestrator-database');
    expect(databaseStep?.commands[0]).toMatchObject({
      text: expect.stringContaining('COPY_ONLY, CHECKSUM, COMPRESSION'),
    });

    expect(done?.phase).toBe('succeeded');
    expect(done?.verification.every((check) => check.status === 'pass')).toBe(true);
    const state = harness.drill.snapshot();
    const server = state.sqlServers.find((candidate) => candidate.name === 'SQLORCH01');
    const keyFile = Object.values(state.files).find((file) => file.path === answers.keyFile);
    expect(keyFile?.keyBackup?.keyId).toBe(server?.serviceMasterKeyId);
    // The drill reads the password back out of the statement's literal: the quoting round-trips.
    expect(keyFile?.keyBackup?.passwordDigest).toBe(passwordDigest(keyFile?.keyBackup?.salt ?? '', KEY_PASSWORD));
    expect(Object.values(state.files).find((file) => file.path === answers.backupFile)?.sqlBackup?.databaseName).toBe(
      'Orchestrator',
    );
    expect(await keychain.accounts()).toEqual([expect.stringContaining('SQL Server service master key')]);
    expect(JSON.stringify(done)).not.toContain(KEY_PASSWORD);
    expect(JSON.stringify(harness.events)).not.toContain(KEY_PASSWORD);
  });

  it('remembers on which server the key was backed up, and does not ask again', async () => {
    const harness = createHarness();
    expect((await run(harness, await answersFor(harness))).done?.phase).toBe('succeeded');
    const again = await answersFor(harness);
    expect(again.backupMasterKey).toBe(false);
    const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', again);
    expect(lookup.message).toMatch(
      /backed up the service master key of SQLORCH01 to .+ \(\d{4}-\d{2}-\d{2} \d\d:\d\d:\d\d .+, taken just now\)\./,
    );
    const { prepared, done } = await run(harness, again);
    expect(prepared.checks.find((check) => check.id === 'master-key-backed-up')?.status).toBe('pass');
    expect(prepared.plan.map((step) => step.id)).toEqual(['backup-orchestrator-database']);
    expect(done?.phase).toBe('succeeded');
  });

  it('refuses a run until the runbook authors have checked in, and a short key password', async () => {
    const harness = createHarness();
    await expect(
      harness.runs.prepare('backup-orchestrator', await answersFor(harness, { checkedIn: false })),
    ).rejects.toThrow(/check in/);
    await expect(
      harness.runs.prepare(
        'backup-orchestrator',
        await answersFor(harness, { keyPassword: 'short', confirmKeyPassword: 'short' }),
      ),
    ).rejects.toThrow(/at least 10 characters/);
  });

  it('takes the key "Prepare the recovery kit" backed up into the kit, and does not back it up again', async () => {
    const harness = createHarness();
    await prepareKit(harness);
    const [keyFile] = kitKeyFiles(harness);
    expect(keyFile).toMatch(/SQLORCH01-service-master-key-.+\.key$/);

    const answers = await answersFor(harness, { keyPassword: '', confirmKeyPassword: '' });
    expect(answers.backupMasterKey).toBe(false);
    const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', answers);
    expect(
      lookup.message.startsWith(
        `Prepare the recovery kit backed up the service master key of SQLORCH01 to ${keyFile} (`,
      ),
    ).toBe(true);
    expect(lookup.message).toMatch(
      / \(\d{4}-\d{2}-\d{2} \d\d:\d\d:\d\d .+, taken just now\)\. The server has had the same key since\.$/,
    );
    expect(lookup.needsAttention).toBeUndefined();
    const { prepared, done } = await run(harness, answers);
    expect(prepared.checks.find((check) => check.id === 'master-key-backed-up')).toMatchObject({
      status: 'pass',
      found: expect.stringMatching(
        new RegExp(`^Prepare the recovery kit: ${escapeRegExp(keyFile ?? '')}, .+; the key has not changed since$`),
      ),
    });
    expect(prepared.plan.map((step) => step.id)).toEqual(['backup-orchestrator-database']);
    expect(done?.phase).toBe('succeeded');
  });

  it('backs the key up again when the server’s key was regenerated after the kit’s backup', async () => {
    const harness = createHarness();
    await prepareKit(harness);
    const [keyFile] = kitKeyFiles(harness);
    const before = await answersFor(harness, { keyPassword: '', confirmKeyPassword: '' });
    expect(before.backupMasterKey).toBe(false);
    harness.drill.inject({ kind: 'sql-service-master-key-regenerated', server: 'SQLORCH01' });

    // The operator had already read the page: the Summary refuses the kit's file.
    const stale = await harness.runs.prepare('backup-orchestrator', before);
    expect(stale.checks.find((check) => check.id === 'master-key-backed-up')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(
        new RegExp(
          `^Prepare the recovery kit: ${escapeRegExp(keyFile ?? '')}, .+; the server's key was restored or regenerated after that$`,
        ),
      ),
      remedy: 'Tick "Back up the service master key in this run" on the Service master key page.',
    });

    // Read again, the key page's lookup ticks the backup and says why, as something to look at.
    const read = await answersFor(harness);
    expect(read.backupMasterKey).toBe(false);
    const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', read);
    expect(lookup).toMatchObject({ ok: true, needsAttention: true, values: { backupMasterKey: true } });
    const answers = { ...read, ...lookup.values };
    expect(lookup.message).toMatch(
      new RegExp(
        `^Prepare the recovery kit backed up the service master key of SQLORCH01 to ${escapeRegExp(keyFile ?? '')} \\(.+\\), but the server's key was restored or regenerated after that: the file holds a key the server no longer has, so this run backs it up again\\.$`,
      ),
    );
    const { prepared, done } = await run(harness, answers);
    expect(prepared.plan.map((step) => step.id)).toContain('backup-service-master-key');
    expect(done?.phase).toBe('succeeded');
    const state = harness.drill.snapshot();
    const server = state.sqlServers.find((candidate) => candidate.name === 'SQLORCH01');
    const made = Object.values(state.files).find((file) => file.path === answers.keyFile);
    expect(made?.keyBackup?.keyId).toBe(server?.serviceMasterKeyId);

    // The new backup is after the change: it counts, and the next run does not ask again.
    const next = await answersFor(harness);
    expect(next.backupMasterKey).toBe(false);
    const again = await harness.runs.lookup('backup-orchestrator', 'key-history', next);
    expect(again.needsAttention).toBeUndefined();
    expect(again.values).toBeUndefined();
  });

  it('asks no SQL Server for its defaults, so a server that does not answer cannot hold the first page', async () => {
    const harness = createHarness();
    await prepareKit(harness);
    const execute = vi.spyOn(harness.ctx().host.sql, 'execute');
    const answers = await answersFor(harness);
    expect(answers.backupMasterKey).toBe(false);
    expect(execute).not.toHaveBeenCalled();
    // The key page asks, as it shows the operator.
    await harness.runs.lookup('backup-orchestrator', 'key-history', answers);
    expect(execute).toHaveBeenCalled();
  });

  it('says it could not ask the server whether its key changed, and counts the backup all the same', async () => {
    const harness = createHarness();
    await prepareKit(harness);
    const answers = await answersFor(harness, { keyPassword: '', confirmKeyPassword: '' });
    harness.drill.inject({ kind: 'computer-unreachable', computer: 'SQLORCH01' });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', answers);
    expect(lookup).toMatchObject({ ok: true, needsAttention: true });
    expect(lookup.message).toMatch(
      /^Prepare the recovery kit backed up the service master key of SQLORCH01 to .+\. Whether the server's key changed since could not be read \(Cannot reach SQL Server SQLORCH01.*\): if it was restored or regenerated, back it up again\.$/,
    );
  });

  it('does not claim the key unchanged while the sign-in it would ask with is incomplete', async () => {
    const harness = createHarness();
    await prepareKit(harness);
    const answers = await answersFor(harness, { authentication: 'sql-login', sqlUser: '', sqlPassword: '' });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', answers);
    expect(lookup).toMatchObject({ ok: true, needsAttention: true });
    expect(lookup.message).toContain(
      "Whether the server's key changed since could not be read (the sign-in to the server is not complete)",
    );
    expect(lookup.message).not.toContain('same key');
  });

  it.each(['gone from disk', 'changed since'])(
    'backs the key up again when the key file the kit names is %s',
    async (how) => {
      const first = createHarness();
      await prepareKit(first);
      const [keyFile] = kitKeyFiles(first);
      const state = first.drill.snapshot();
      for (const [key, file] of Object.entries(state.files)) {
        if (file.path !== keyFile) continue;
        if (how === 'gone from disk') Reflect.deleteProperty(state.files, key);
        else state.files[key] = { ...file, sha256: '0'.repeat(64) };
      }
      const harness = createHarness({
        drill: new DrillSite({ manifest: sampleManifest(), speed: 1000, initialState: state }),
        journalDirectory: first.journalDirectory,
      });

      const answers = await answersFor(harness);
      expect(answers.backupMasterKey).toBe(true);
      const lookup = await harness.runs.lookup('backup-orchestrator', 'key-history', answers);
      expect(lookup.message).toBe(
        `Neither the recovery kit nor this wizard's journals hold a backup of the service master key of SQLORCH01. Not counted, since they are gone, changed or not readable from here: ${keyFile}.`,
      );
      const { prepared, done } = await run(harness, answers);
      expect(prepared.plan.map((step) => step.id)).toContain('backup-service-master-key');
      expect(done?.phase).toBe('succeeded');
    },
  );

  it('needs no confirmation when the Orchestrator database records no check-out', async () => {
    const harness = createHarness();
    const answers = await answersFor(harness, { checkedIn: false });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    expect(lookup).toMatchObject({
      ok: true,
      message: expect.stringMatching(
        /^No runbook is checked out \(read from the Orchestrator database Orchestrator on SQLORCH01\)/,
      ),
      values: { runbookCheckOuts: NO_CHECK_OUTS },
    });
    // Nothing to do: shown as the page's ordinary answer, not as a warning.
    expect(lookup.needsAttention).toBeUndefined();
    const read = { ...answers, ...lookup.values };
    expect(backupOrchestratorPages.pageSchemas.backup.safeParse(read).success).toBe(true);
    const { prepared, done } = await run(harness, read);
    expect(prepared.checks.find((check) => check.id === 'runbooks-checked-in')?.status).toBe('pass');
    expect(done?.phase).toBe('succeeded');
  });

  it('lists a checked-out runbook, asks for the confirmation, and warns of it on the Summary', async () => {
    const harness = createHarness();
    harness.drill.inject(CHECK_OUT);
    const answers = await answersFor(harness, { checkedIn: false });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    // The page can go on once confirmed, but the operator must ask the author first: a warning.
    expect(lookup).toMatchObject({ ok: true, needsAttention: true });
    expect(lookup.message).toMatch(/^A runbook is checked out in the Runbook Designer/);
    expect(lookup.values?.runbookCheckOuts).toMatch(
      /^Monthly patching \(CONTOSO\\orch-author, \d{4}-\d{2}-\d{2} \d\d:\d\d:\d\d .+, checked out just now\)$/,
    );
    expect(lookup.checks?.map((check) => [check.title, check.status, check.remedy])).toEqual([
      ['Monthly patching', 'warn', 'Ask CONTOSO\\orch-author to check it in from the Runbook Designer.'],
    ]);

    const read = { ...answers, ...lookup.values };
    expect(backupOrchestratorPages.pageSchemas.backup.safeParse(read).success).toBe(false);
    await expect(harness.runs.prepare('backup-orchestrator', read)).rejects.toThrow(/check in/);

    const { prepared } = await run(harness, { ...read, checkedIn: true });
    expect(prepared.checks.find((check) => check.id === 'runbooks-checked-in')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('Monthly patching (CONTOSO\\orch-author'),
    });
  });

  it('fails the Summary check for a runbook checked out after the page read none', async () => {
    const harness = createHarness();
    const answers = await answersFor(harness, { checkedIn: false });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    expect(lookup.values).toEqual({ runbookCheckOuts: NO_CHECK_OUTS });
    harness.drill.inject(CHECK_OUT);
    const { prepared, done } = await run(harness, { ...answers, ...lookup.values });
    expect(prepared.checks.find((check) => check.id === 'runbooks-checked-in')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('Monthly patching (CONTOSO\\orch-author'),
    });
    expect(done).toBeNull();
  });

  it('falls back to the operator’s word when the database does not answer the check-out query', async () => {
    const harness = createHarness();
    // master has no dbo.POLICIES, as an Orchestrator version without those columns would refuse them.
    const answers = await answersFor(harness, { database: 'master' });
    const lookup = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    expect(lookup).toMatchObject({
      ok: true,
      needsAttention: true,
      message: expect.stringMatching(
        /^Which runbooks are checked out could not be read from the Orchestrator database master on SQLORCH01: .*dbo\.POLICIES.*\. Ask the runbook authors to check in their changes, then confirm below\.$/,
      ),
      values: { runbookCheckOuts: '' },
    });
    const read = { ...answers, ...lookup.values };
    expect(backupOrchestratorPages.pageSchemas.backup.safeParse({ ...read, checkedIn: false }).success).toBe(false);
    const prepared = await harness.runs.prepare('backup-orchestrator', read);
    expect(prepared.checks.find((check) => check.id === 'runbooks-checked-in')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('not readable from the database'),
    });
  });
});
