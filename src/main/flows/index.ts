import type { AnyFlowDefinition } from '../engine/flow-types';
import { encryptionKeyFlow } from './encryption-key';
import { importManagementPacksFlow } from './import-management-packs';
import {
  installAdditionalManagementServerFlow,
  restoreDataWarehouseServerFlow,
  restoreManagementServerFlow,
} from './management-server-setup';
import { promoteManagementServerFlow } from './promote-management-server';
import { backupOrchestratorFlow } from './backup-orchestrator';
import { recoverOrchestratorDatabaseFlow } from './recover-orchestrator-database';
import { recreateDwDatabasesFlow } from './recreate-dw-databases';
import { restoreDatabasesFlow } from './restore-databases';

export const allFlows: readonly AnyFlowDefinition[] = [
  promoteManagementServerFlow,
  encryptionKeyFlow,
  restoreManagementServerFlow,
  restoreDataWarehouseServerFlow,
  installAdditionalManagementServerFlow,
  importManagementPacksFlow,
  restoreDatabasesFlow,
  recreateDwDatabasesFlow,
  backupOrchestratorFlow,
  recoverOrchestratorDatabaseFlow,
];
