import { expect } from 'vitest';
import type { Answers, FlowId } from '../../../src/shared/run-contract';
import { databaseFields } from '../../../src/shared/procedures/restore-databases';
import type { Harness } from './harness';
import { PROMOTE_ANSWERS, PROMOTE_CONFIRMATIONS } from './harness';
import { DW_ANSWERS, keyAnswers, SETUP_ANSWERS } from '../../support/setup-answers';

/**
 * One run of each procedure, on a site prepared for it, for the crash harnesses: what to answer,
 * what to type on the plan, and which steps may run again after a crash because running them
 * again leaves the site as it was (everything else must be recognised as done).
 */
export interface CrashScenario {
  name: string;
  flowId: FlowId;
  /** Brings the site to where the procedure starts (earlier runs, faults, the computer signed in to). */
  prepare(harness: Harness): Promise<void>;
  answers(harness: Harness): Promise<Answers>;
  confirmations: Record<string, string>;
  /** Steps idempotent by nature, by id: their effect cannot be read back, and repeating it changes nothing. */
  idempotent: (stepId: string) => boolean;
  /**
   * What the operator does when a resumed run's checks fail and one of `checks` names it as the
   * remedy (the others then fail for the same cause); after it, every check must pass.
   */
  operatorRemedy?: { checks: readonly string[]; restartComputer: string };
  /**
   * The recovery kit folder the procedure writes: at every crash no kit index there may claim a
   * file that is missing or different, and at the end the index must verify whole.
   */
  kitFolder?: string;
}

const SM = 'SQLSM01\\SCSM';
const DW = 'SQLDW01\\SCDW';
const KEY_PASSWORD = `Smk'pa"ss]--;wörd`;
const SQL_PASSWORD = `Sa'pa"ss]--;wörd`;
const ENCRYPTION_KEY_PASSWORD = `Pa'ss"wo\`rd$(rm -rf /)%PATH%-pässwörd`;
const ORCHESTRATOR_KEY_FILE = '\\\\FS01\\RecoveryKit\\Orchestrator\\SQLORCH01.key';
const ORCHESTRATOR_BACKUP = '\\\\FS01\\RecoveryKit\\Databases\\Orchestrator-crash.bak';
const KIT_FOLDER = '\\\\FS01\\Kits\\Contoso';
const SETUP_SERVICE_PASSWORD = `Svc'pa"ss]--;wörd`;
const SETUP_REPORTING_PASSWORD = `Rpt'pa"ss$(whoami)wörd`;
const SETUP_PRODUCT_KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';

const nothingToPrepare = async () => undefined;
const none = () => false;
const orchestratorIdempotent = (stepId: string) =>
  /^(management-server-data-store|restart-management-service|runbook-server-|web-config-|web-recycle-)/.test(stepId);

/** Runs a flow to the end as an operator would: every warning read, the plan confirmed. */
export async function runThrough(
  harness: Harness,
  flowId: FlowId,
  answers: Answers,
  confirmations: Record<string, string> = {},
) {
  const prepared = await harness.runs.prepare(flowId, answers);
  expect(prepared.checks.filter((check) => check.status === 'fail')).toEqual([]);
  const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
  await harness.runs.start(prepared.runId, warnings, confirmations);
  const done = await harness.runs.settled(prepared.runId);
  expect(done.phase, `${flowId}: ${done.outcomeMessage ?? ''}`).toBe('succeeded');
  return done;
}

function encryptionKeyAnswers(action: 'backup' | 'restore'): Answers {
  return {
    server: 'SCSM02',
    action,
    mediaPath: 'D:\\',
    keyFile: '\\\\FS01\\RecoveryKit\\SMBackupkey.bin',
    password: action === 'backup' ? ENCRYPTION_KEY_PASSWORD : '',
    confirmPassword: action === 'backup' ? ENCRYPTION_KEY_PASSWORD : '',
    remember: action === 'backup',
    useRemembered: action === 'restore',
  };
}

/** The documented order ("Implement Service Manager disaster recovery"): the key backed up while the server lived, the server rebuilt, the key restored there. */
async function rebuildWithKey(harness: Harness, server: string) {
  harness.drill.signIn(server);
  await runThrough(harness, 'encryption-key', keyAnswers(server, 'backup'));
  harness.drill.inject({ kind: 'server-rebuilt', computer: server });
  await runThrough(harness, 'encryption-key', keyAnswers(server, 'restore'));
}

/** Back up Orchestrator into the kit: its key file (password typed) and the database. */
export async function orchestratorBackupAnswers(harness: Harness, remember: boolean): Promise<Answers> {
  return {
    ...(await harness.runs.flow('backup-orchestrator').defaults(harness.ctx())),
    keyFile: ORCHESTRATOR_KEY_FILE,
    keyPassword: KEY_PASSWORD,
    confirmKeyPassword: KEY_PASSWORD,
    remember,
    backupFile: ORCHESTRATOR_BACKUP,
    checkedIn: true,
  };
}

/**
 * Prepare the recovery kit on SCSM01 into a folder of its own, over the kit an earlier run made there;
 * `setupSecrets`: the run also remembers Setup's accounts and product key in the keychain.
 */
async function prepareKitAnswers(harness: Harness, setupSecrets = false): Promise<Answers> {
  return {
    ...(await harness.runs.flow('prepare-recovery-kit').defaults(harness.ctx())),
    kitFolder: KIT_FOLDER,
    mediaPath: 'D:\\',
    keyPassword: ENCRYPTION_KEY_PASSWORD,
    confirmKeyPassword: ENCRYPTION_KEY_PASSWORD,
    masterKeyPassword: KEY_PASSWORD,
    confirmMasterKeyPassword: KEY_PASSWORD,
    // The drill's share holds no previous kit to say where Orchestrator's database is.
    orchestratorSqlServer: 'SQLORCH01',
    ...(setupSecrets
      ? {
          setupServiceAccount: 'CONTOSO\\svc-scsm',
          setupServicePassword: SETUP_SERVICE_PASSWORD,
          setupReportingAccount: 'CONTOSO\\svc-scsm-reporting',
          setupReportingPassword: SETUP_REPORTING_PASSWORD,
          setupProductKey: SETUP_PRODUCT_KEY,
        }
      : {}),
  };
}

async function restoreDatabasesAnswers(harness: Harness, extra: Answers): Promise<Answers> {
  const defaults = await harness.runs.flow('restore-databases').defaults(harness.ctx());
  return {
    ...defaults,
    originalServer: SM,
    sqlServer: SM,
    authentication: 'sql-login',
    sqlUser: 'sa',
    sqlPassword: SQL_PASSWORD,
    ...extra,
  };
}

export const CRASH_SCENARIOS: readonly CrashScenario[] = [
  {
    name: 'promote a management server',
    flowId: 'promote-management-server',
    prepare: nothingToPrepare,
    answers: async () => PROMOTE_ANSWERS,
    confirmations: PROMOTE_CONFIRMATIONS,
    // Every step's effect is read back, the workflow server from the ServiceManager database.
    idempotent: none,
  },
  {
    name: 'back up an encryption key, remembering its password',
    flowId: 'encryption-key',
    prepare: nothingToPrepare,
    answers: async () => encryptionKeyAnswers('backup'),
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'restore an encryption key with the remembered password',
    flowId: 'encryption-key',
    prepare: async (harness) => {
      await runThrough(harness, 'encryption-key', encryptionKeyAnswers('backup'));
      harness.drill.inject({ kind: 'server-rebuilt', computer: 'SCSM02' });
    },
    answers: async () => encryptionKeyAnswers('restore'),
    confirmations: {},
    // The restored key cannot be read from outside the tool; restoring the same file again leaves the same key.
    idempotent: (stepId) => stepId === 'restore-key',
  },
  {
    name: 'restore a management server (Setup unattended)',
    flowId: 'restore-management-server',
    prepare: (harness) => rebuildWithKey(harness, 'SCSM01'),
    answers: async () => ({ ...SETUP_ANSWERS, server: 'SCSM01' }),
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'restore the data warehouse management server (Setup’s own wizard)',
    flowId: 'restore-dw-management-server',
    prepare: (harness) => rebuildWithKey(harness, 'SCSMDW01'),
    answers: async () => DW_ANSWERS,
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'install an additional management server',
    flowId: 'install-additional-management-server',
    prepare: async (harness) => {
      harness.drill.signIn('SCSM04');
    },
    answers: async () => SETUP_ANSWERS,
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'import unsealed management packs',
    flowId: 'import-management-packs',
    prepare: nothingToPrepare,
    answers: async () => ({ server: 'SCSM02', packFolder: '\\\\FS01\\RecoveryKit\\ManagementPacks' }),
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'restore ServiceManager over the online database (SQL login, copy-only backup first, CHECKDB)',
    flowId: 'restore-databases',
    prepare: nothingToPrepare,
    answers: (harness) => restoreDatabasesAnswers(harness, { checkDatabase: true }),
    confirmations: { 'restore-ServiceManager': 'ServiceManager' },
    // DBCC CHECKDB only reads.
    idempotent: (stepId) => stepId.startsWith('checkdb-'),
  },
  {
    name: 'restore ServiceManager after a tail-log backup',
    flowId: 'restore-databases',
    prepare: nothingToPrepare,
    answers: (harness) => restoreDatabasesAnswers(harness, { existingBackup: 'tail-log' }),
    confirmations: { 'restore-ServiceManager': 'ServiceManager' },
    idempotent: none,
  },
  {
    name: 'restore ServiceManager on a rebuilt, renamed server (@@SERVERNAME fixed, CLR enabled)',
    flowId: 'restore-databases',
    prepare: async (harness) => {
      harness.drill.inject({ kind: 'database-server-rebuilt', server: SM });
      harness.drill.inject({ kind: 'sql-server-renamed', server: SM, staleName: 'WIN-7Q2K3M1\\SCSM' });
    },
    answers: (harness) => restoreDatabasesAnswers(harness, { fixServerName: true }),
    // A restore cut short leaves the database RESTORING: replacing it again is confirmed again.
    confirmations: { 'restore-ServiceManager': 'ServiceManager' },
    idempotent: none,
    // Interrupted while SQL Server was stopped for its restart: nothing can be read from it until the
    // operator starts it, as the check says (restarting the computer starts both services).
    operatorRemedy: { checks: ['sql-service-running'], restartComputer: 'SQLSM01' },
  },
  {
    name: 'restore two data warehouse databases on the rebuilt data warehouse server',
    flowId: 'restore-databases',
    prepare: async (harness) => {
      harness.drill.inject({ kind: 'database-server-rebuilt', server: DW });
    },
    answers: async (harness) => {
      const answers = await restoreDatabasesAnswers(harness, { originalServer: DW, sqlServer: DW });
      for (const role of ['DWDataMart', 'OMDWDataMart', 'CMDWDataMart', 'Analyst'] as const) {
        answers[databaseFields(DW, role).include] = false;
      }
      return answers;
    },
    confirmations: { 'restore-DWStagingAndConfig': 'DWStagingAndConfig', 'restore-DWRepository': 'DWRepository' },
    idempotent: none,
  },
  {
    name: 'recreate the data warehouse databases',
    flowId: 'recreate-dw-databases',
    prepare: nothingToPrepare,
    answers: async (harness) => ({
      ...(await harness.runs.flow('recreate-dw-databases').defaults(harness.ctx())),
      acknowledgeLoss: true,
      originalServer: DW,
      sqlServer: DW,
      backupFirst: true,
    }),
    confirmations: { 'drop-dw-databases': 'RECREATE' },
    idempotent: none,
  },
  {
    name: 'back up Orchestrator with its service master key, remembering the password',
    flowId: 'backup-orchestrator',
    prepare: nothingToPrepare,
    answers: (harness) => orchestratorBackupAnswers(harness, true),
    confirmations: {},
    idempotent: none,
  },
  {
    name: 'recover the Orchestrator database onto its own server',
    flowId: 'recover-orchestrator-database',
    prepare: async (harness) => {
      await runThrough(harness, 'backup-orchestrator', await orchestratorBackupAnswers(harness, false));
    },
    answers: (harness) => harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx()),
    confirmations: { 'restore-database': 'Orchestrator' },
    idempotent: orchestratorIdempotent,
  },
  {
    name: 'recover the Orchestrator database onto another server, restoring its service master key',
    flowId: 'recover-orchestrator-database',
    prepare: async (harness) => {
      await runThrough(harness, 'backup-orchestrator', await orchestratorBackupAnswers(harness, true));
    },
    answers: async (harness) => ({
      ...(await harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx())),
      sqlServer: 'SQLSPARE01',
      keySituation: 'restore-key',
      useRemembered: true,
      consultedDba: true,
    }),
    confirmations: { 'restore-database': 'Orchestrator' },
    idempotent: orchestratorIdempotent,
  },
  {
    name: 'prepare the recovery kit again over an earlier kit, remembering Setup’s accounts and product key',
    flowId: 'prepare-recovery-kit',
    prepare: async (harness) => {
      harness.drill.signIn('SCSM01');
      await runThrough(harness, 'prepare-recovery-kit', await prepareKitAnswers(harness));
    },
    answers: (harness) => prepareKitAnswers(harness, true),
    confirmations: {},
    // Verifying a backup and hashing only read; the scripts, packs and index are written whole again from what is there.
    idempotent: (stepId) =>
      /^(verify-|script-permissions-)/.test(stepId) ||
      stepId === 'export-management-packs' ||
      stepId === 'write-kit-index',
    kitFolder: KIT_FOLDER,
  },
];
