import { z } from 'zod';
import type { DatabaseRole, SiteManifest } from '../manifest';
import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { lostInstancePage, originalInstances, type OriginalInstance } from './restore-databases';

/**
 * The pages of "Recreate the data warehouse databases", the last resort when no usable backup of
 * them exists. The operator must say, in so many words, that the history is lost.
 */

/** The databases the data warehouse's Setup creates; new ones hold only what ServiceManager still has. */
export const RECREATED_DW_ROLES = [
  'DWStagingAndConfig',
  'DWRepository',
  'DWDataMart',
  'OMDWDataMart',
  'CMDWDataMart',
] as const satisfies readonly DatabaseRole[];

export function isRecreatedRole(role: string): boolean {
  return (RECREATED_DW_ROLES as readonly string[]).includes(role);
}

/** The manifest's instances that hold data warehouse databases, with those databases only. */
export function dataWarehouseInstances(manifest: SiteManifest): OriginalInstance[] {
  return originalInstances(manifest)
    .map((original) => ({ ...original, databases: original.databases.filter((db) => isRecreatedRole(db.role)) }))
    .filter((original) => original.databases.length > 0);
}

const lossPage = definePage({
  id: 'loss',
  title: 'What recreating loses',
  description:
    'Use this only when no usable backup of the data warehouse databases exists; otherwise restore them with "Restore Service Manager databases". New databases start empty and take in only what the ServiceManager database holds today. Everything kept only in the data warehouse is gone for good: work items groomed out of ServiceManager, their history, and what the reports showed about the past.',
  fields: {
    acknowledgeLoss: {
      schema: z.literal(true, { message: 'confirm that you have no usable backup and accept the loss' }),
      label: 'There is no usable backup, and I accept that the data warehouse’s history is lost',
      kind: 'checkbox',
    },
  },
});

/** Only the restore renames the server in SQL Server: recreating has no such step, so no box offers it. */
const serverPage = lostInstancePage(dataWarehouseInstances, {});

const safetyPage = definePage({
  id: 'safety',
  title: 'Before dropping',
  description:
    'The databases that are still there are dropped, so that Setup can create new ones under the same names.',
  fields: {
    backupFirst: {
      schema: z.boolean(),
      label: 'Take a copy-only backup of each database that is still online',
      kind: 'checkbox',
      help: 'Into the instance’s default backup folder. Even a damaged data warehouse may still be worth handing to support later.',
    },
  },
});

export const recreateDwDatabasesPages = definePages([lossPage, serverPage, safetyPage]);
export type RecreateDwDatabasesAnswers = ProcedureAnswers<typeof recreateDwDatabasesPages.definitions>;
