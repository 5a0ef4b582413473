import type { AnyFlowDefinition } from '../engine/flow-types';
import { promoteManagementServerFlow } from './promote-management-server';

export const allFlows: readonly AnyFlowDefinition[] = [promoteManagementServerFlow];
