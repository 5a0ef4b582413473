import type { z } from 'zod';
import type { FlowId } from '../run-contract';
import { encryptionKeyPages } from './encryption-key';
import { promoteManagementServerPages } from './promote-management-server';

/** Page schemas by flow, so the renderer validates as the operator types and main validates again. */
export const flowPageSchemas: Record<FlowId, Record<string, z.ZodType>> = {
  'promote-management-server': promoteManagementServerPages,
  'encryption-key': encryptionKeyPages,
};
