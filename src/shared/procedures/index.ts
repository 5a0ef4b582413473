import type { AnyProcedurePages } from '../procedure-pages';
import type { FlowId } from '../run-contract';
import { backupOrchestratorPages } from './backup-orchestrator';
import { encryptionKeyPages } from './encryption-key';
import { importManagementPacksPages } from './import-management-packs';
import { setupPages } from './management-server-setup';
import { promoteManagementServerPages } from './promote-management-server';
import { recoverOrchestratorDatabasePages } from './recover-orchestrator-database';
import { prepareKitPages } from './prepare-kit';
import { recreateDwDatabasesPages } from './recreate-dw-databases';
import { restoreDatabasesPages } from './restore-databases';
import { copyKitPages } from './copy-kit';
import { verifyKitPages } from './verify-kit';

/**
 * Every procedure's pages by its id: the renderer checks each page with its schema as the operator
 * types, and main checks the answers again with the same definitions. A procedure missing here
 * does not compile.
 */
export const procedurePages: { readonly [Id in FlowId]: AnyProcedurePages } = {
  'promote-management-server': promoteManagementServerPages,
  'encryption-key': encryptionKeyPages,
  'restore-management-server': setupPages['management-server'],
  'restore-dw-management-server': setupPages['data-warehouse'],
  'install-additional-management-server': setupPages.additional,
  'import-management-packs': importManagementPacksPages,
  'restore-databases': restoreDatabasesPages,
  'recreate-dw-databases': recreateDwDatabasesPages,
  'backup-orchestrator': backupOrchestratorPages,
  'recover-orchestrator-database': recoverOrchestratorDatabasePages,
  // The recovery kit (issue 14).
  'verify-kit': verifyKitPages,
  'copy-kit': copyKitPages,
  // Preparing the recovery kit.
  'prepare-recovery-kit': prepareKitPages,
};
