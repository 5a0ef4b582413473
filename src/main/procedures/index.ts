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
import { copyKitFlow } from './copy-kit/procedure';
import { verifyKitFlow } from './verify-kit/procedure';
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
  // The recovery kit (issue 14).
  verifyKitFlow,
  copyKitFlow,
  // Preparing the recovery kit.
  prepareKitFlow,
];
