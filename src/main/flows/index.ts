import type { AnyFlowDefinition } from '../engine/flow-types';
import { encryptionKeyFlow } from './encryption-key';
import { promoteManagementServerFlow } from './promote-management-server';

export const allFlows: readonly AnyFlowDefinition[] = [promoteManagementServerFlow, encryptionKeyFlow];
