import type { FlowId } from '../../src/shared/run-contract';

/**
 * The operator actions of each procedure's documented manual path, counted the way issue 16
 * counted promote, the key restore and the two Setup restores: one per click, per field typed or
 * changed and per confirmation; a documented step that names several of them counts each. Where a
 * document gives steps but not the dialogs (SQL Server Management Studio's, DBSetup's), `how`
 * says which dialog actions were counted. `null`: no document describes a manual path.
 */
export interface DocumentedPath {
  actions: number | null;
  source: string;
  how: string;
}

export const DOCUMENTED_ACTIONS: Record<FlowId, DocumentedPath> = {
  'promote-management-server': {
    actions: 36,
    source: 'Implement Service Manager disaster recovery, "Promote a Service Manager management server"',
    how: 'issue 16',
  },
  'encryption-key': {
    actions: 13,
    source: 'Implement Service Manager disaster recovery, "Restore the Service Manager encryption key"',
    how: 'issue 16 (the restore)',
  },
  'restore-management-server': {
    actions: 24,
    source: 'Implement Service Manager disaster recovery, "Restore the server"',
    how: 'issue 16',
  },
  'restore-dw-management-server': {
    actions: 33,
    source: 'Implement Service Manager disaster recovery, "Recover a data warehouse management server"',
    how: 'issue 16',
  },
  'install-additional-management-server': {
    actions: 24,
    source: 'Disaster Recovery Scenarios Overview (install an additional management server after a promotion)',
    how: 'the same Setup pages as "Restore the server" without the server choice, as issue 16 counted them',
  },
  'import-management-packs': {
    actions: 8,
    source: 'Implement Service Manager disaster recovery, "Import management packs"',
    how: 'Administration, expand, Management Packs, Import, the folder typed, the files selected, Open, Import',
  },
  'restore-databases': {
    actions: 12,
    source: 'Disaster Recovery Scenarios Overview, "Service Manager Databases"; facts: permissions script, CLR',
    how: 'one database (ServiceManager): connect (server typed, Connect), Restore Database (open, device, path typed, Overwrite, OK), the permissions script (open, path, Execute), CLR (statement typed, Execute)',
  },
  'recreate-dw-databases': {
    actions: null,
    source: 'no document: the last resort the wizard adds when no backup exists',
    how: '',
  },
  'backup-orchestrator': {
    actions: 10,
    source: 'Recover a database (Orchestrator), "Run a backup" steps 1-2',
    how: 'connect (server typed, Connect), New Query, BACKUP SERVICE MASTER KEY typed, Execute, Back Up (open, copy-only, path typed, OK)',
  },
  'recover-orchestrator-database': {
    actions: 33,
    source: 'Recover a database (Orchestrator), "Restore the database" steps 2-9',
    how: 'drill site: SCORCH01 (management and runbook server), SCORCHRB01, SCORCHRB02, SCORCHWEB01. Connect 2; RESTORE SERVICE MASTER KEY typed and executed 2; Restore Database 5; DBSetup on the management server (open, server, database, finish) 4; restart the Management Service 2; per other runbook server DBSetup 4 and restart 2 (12); the web service: aspnet_regiis -pdf, Data Source, Initial Catalog, save, -pef, recycle 6',
  },
  'verify-kit': { actions: null, source: 'no document: the recovery kit is the wizard’s own (issue 14)', how: '' },
  'copy-kit': { actions: null, source: 'no document: the recovery kit is the wizard’s own (issue 14)', how: '' },
  'prepare-recovery-kit': {
    actions: null,
    source: 'no document gives one path: the kit is the wizard’s own (issue 14)',
    how: '',
  },
};

/** The share of the documented path's actions a walk with a complete kit may take (issue 16). */
export const ACTION_SHARE_AIM = 0.3;

/**
 * The procedures that stay above the aim with a complete kit, with the count a walk may not
 * exceed and what costs the actions. The fixed floor is three: choosing the procedure, Go to the
 * Summary (offered on Start once the procedure's pages are read ahead) and Run.
 */
export const ABOVE_AIM: Partial<Record<FlowId, { actions: number; why: string }>> = {
  'import-management-packs': { actions: 3, why: 'the floor of three actions is 38 % of the 8 documented' },
};
