import type { z } from 'zod';
import type { FlowId } from '../run-contract';
import { encryptionKeyPages } from './encryption-key';
import { importManagementPacksPages } from './import-management-packs';
import { setupPageSchemas } from './management-server-setup';
import { backupOrchestratorPages } from './backup-orchestrator';
import { promoteManagementServerPages } from './promote-management-server';
import { recoverOrchestratorDatabasePages } from './recover-orchestrator-database';
import { recreateDwDatabasesPages } from './recreate-dw-databases';
import { restoreDatabasesPages } from './restore-databases';

/** Page schemas by flow, so the renderer validates as the operator types and main validates again. */
export const flowPageSchemas: Record<FlowId, Record<string, z.ZodType>> = {
  'promote-management-server': promoteManagementServerPages,
  'encryption-key': encryptionKeyPages,
  'restore-management-server': setupPageSchemas('management-server'),
  'restore-dw-management-server': setupPageSchemas('data-warehouse'),
  'install-additional-management-server': setupPageSchemas('additional'),
  'import-management-packs': importManagementPacksPages,
  'restore-databases': restoreDatabasesPages,
  'recreate-dw-databases': recreateDwDatabasesPages,
  'backup-orchestrator': backupOrchestratorPages,
  'recover-orchestrator-database': recoverOrchestratorDatabasePages,
};
