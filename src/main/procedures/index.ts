import type { AnyFlowDefinition } from '../engine/flow-types';
import { encryptionKeyFlow } from './encryption-key/procedure';
import { importManagementPacksFlow } from './import-management-packs/procedure';
import {
  installAdditionalManagementServerFlow,
  restoreDataWarehouseServerFlow,
  restoreManagementServerFlow,
} from './management-server-setup/procedure';
import { promoteManagementServerFlow } from './promote-management-server/procedure';
import { backupOrchestratorFlow } from './backup-orchestrator/procedure';
import { recoverOrchestratorDatabaseFlow } from './recover-orchestrator-database/procedure';
import { recreateDwDatabasesFlow } from './recreate-dw-databases/procedure';
import { restoreDatabasesFlow } from './restore-databases/procedure';
import { prepareKitFlow } from './prepare-kit/procedure';

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
  // Preparing the recovery kit.
  prepareKitFlow,
];
