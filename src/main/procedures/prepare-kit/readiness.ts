import { findDatabase, parseManifest, sqlServerDisplayName, type SiteManifest } from '../../../shared/manifest';
import type { CheckDefinition, CheckOutcome, FlowContext } from '../../engine/flow-types';
import { KIT_INDEX_FILE, kitIndexSchema, type KitFile, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { sqlTarget } from '../common/sql-connection';
import type { SignIn } from './discovery';
import { takenAt } from '../common/taken-at';

/**
 * The readiness summary on Completion: each element of the kit present or missing, the ages that
 * matter, and what a recovery from this kit could and could not do. Microsoft support's SCSM
 * diagnostic tool counts data warehouse backups older than the ServiceManager database's
 * work-item retention as useless: the work items groomed since are in neither database.
 */

const MAX_BYTES = 16 * 1024 * 1024;
const DAY_MS = 86_400_000;

interface Kit {
  index: KitIndex;
  manifest: SiteManifest;
}

async function readKit(ctx: FlowContext, kitFolder: string): Promise<Kit> {
  const here = await ctx.host.system.computerName();
  const index = kitIndexSchema.parse(
    JSON.parse(await ctx.host.files.readText(here, joinWindowsPath(kitFolder, KIT_INDEX_FILE), MAX_BYTES)),
  );
  const manifestFile = index.files.find((file) => file.role === 'site-manifest');
  const parsed = parseManifest(
    await ctx.host.files.readText(here, joinWindowsPath(kitFolder, manifestFile?.path ?? 'site.json'), MAX_BYTES),
  );
  if (!parsed.ok) throw new Error(`The kit's manifest is not valid: ${parsed.errors.join('; ')}`);
  return { index, manifest: parsed.manifest };
}

function ofRole(index: KitIndex, role: KitFile['role']): KitFile[] {
  return index.files.filter((file) => file.role === role);
}

function elements(kit: Kit): CheckOutcome {
  const { index, manifest } = kit;
  const backups = ofRole(index, 'database-backup').map((file) => file.database);
  const scripts = ofRole(index, 'permissions-script').map((file) => file.database);
  const keys = ofRole(index, 'encryption-key').map((file) => file.server);
  const absentDatabases = manifest.databases.filter((db) => !backups.includes(db.name)).map((db) => db.name);
  const absentScripts = manifest.databases.filter((db) => !scripts.includes(db.name)).map((db) => db.name);
  const found = [
    `manifest ${ofRole(index, 'site-manifest').length === 1 ? 'present' : 'missing'}`,
    `keys of ${keys.join(', ') || 'no server'}`,
    `${backups.length} of ${manifest.databases.length} database backups`,
    `${scripts.length} permissions scripts`,
    `${ofRole(index, 'management-pack').length} unsealed management packs`,
    `${ofRole(index, 'service-master-key').length} service master key files`,
  ].join('; ');
  const gaps = [
    ...index.missing.map((entry) => entry.reason),
    ...absentDatabases.map((name) => `no backup of ${name}`),
    ...absentScripts.map((name) => `no permissions script of ${name}`),
  ];
  return gaps.length === 0
    ? { status: 'pass', expected: 'everything the recovery procedures read', found }
    : { status: 'warn', expected: 'everything the recovery procedures read', found, remedy: gaps.join(' ') };
}

async function ages(ctx: FlowContext, kit: Kit, signIn: SignIn): Promise<CheckOutcome> {
  const sm = findDatabase(kit.manifest, 'ServiceManager');
  if (!sm) return { status: 'warn', expected: 'the ServiceManager database', found: 'not in the manifest' };
  const server = sqlServerDisplayName(sm);
  const row = (
    await ctx.host.sql.execute(
      sqlTarget(server, sm.name, { sqlServer: server, ...signIn }),
      sqlStatements.workItemRetention(),
    )
  ).rows[0];
  const days = row?.days === null || row?.days === undefined ? null : Number(row.days);
  const now = ctx.host.system.now();
  const described = ofRole(kit.index, 'database-backup').map((file) => ({
    file,
    days: Math.floor((now - Date.parse(file.madeAt)) / DAY_MS),
  }));
  const found = described.map(({ file }) => `${file.database} ${takenAt(ctx, file.madeAt)}`).join('; ');
  if (days === null) return { status: 'warn', expected: 'the work-item retention', found: `unknown; ${found}` };
  const stale = described.filter(({ file, days: age }) => file.database !== sm.name && age > days);
  return stale.length === 0
    ? { status: 'pass', expected: `data warehouse backups newer than the ${days}-day work-item retention`, found }
    : {
        status: 'warn',
        expected: `data warehouse backups newer than the ${days}-day work-item retention`,
        found,
        remedy: `Older than the retention: ${stale.map(({ file }) => file.database).join(', ')}. Work items groomed since are in neither database: prepare the kit again.`,
      };
}

function recovery(kit: Kit): CheckOutcome {
  const { index, manifest } = kit;
  const keyed = new Set(ofRole(index, 'encryption-key').map((file) => (file.server ?? '').toUpperCase()));
  const servers = manifest.servers.filter((server) =>
    server.roles.some(
      (role) =>
        role === 'sm-primary-management-server' ||
        role === 'sm-additional-management-server' ||
        role === 'dw-management-server',
    ),
  );
  const can = [
    ofRole(index, 'database-backup').length > 0 ? 'restore the databases with their permissions scripts' : null,
    ...servers
      .filter((server) => keyed.has(server.netbiosName))
      .map((server) => `rebuild ${server.netbiosName} under its name (key restore, then Setup)`),
    ofRole(index, 'management-pack').length > 0 ? 'import the unsealed management packs' : null,
    ofRole(index, 'service-master-key').length > 0 ? 'recover the Orchestrator database on another SQL Server' : null,
  ].filter((item): item is string => item !== null);
  const cannot = servers
    .filter((server) => !keyed.has(server.netbiosName))
    .map((server) => `rebuild ${server.netbiosName} under its name (its key is not in the kit)`);
  // Said when the kit was made, so not a gap to fix: listed, without a warning.
  const couldNot = [
    ...cannot,
    ...(manifest.noOrchestrator ? ['recover Orchestrator (the kit was prepared for a site without it)'] : []),
  ];
  const found = `Could: ${can.join('; ') || 'nothing'}.${couldNot.length > 0 ? ` Could not: ${couldNot.join('; ')}.` : ''}`;
  return cannot.length === 0
    ? { status: 'pass', expected: 'every documented recovery', found }
    : {
        status: 'warn',
        expected: 'every documented recovery',
        found,
        remedy: 'Prepare the kit on each server named, to add its key.',
      };
}

export function readinessChecks(kitFolder: string, signIn: SignIn): CheckDefinition[] {
  let kit: Promise<Kit> | undefined;
  const read = (ctx: FlowContext) => (kit ??= readKit(ctx, kitFolder));
  return [
    {
      id: 'kit-files',
      title: 'Every file the index lists is there, as recorded',
      run: async (ctx) => {
        const { index } = await read(ctx);
        const here = await ctx.host.system.computerName();
        const differing: string[] = [];
        for (const file of index.files) {
          const facts = await ctx.host.files.stat(here, joinWindowsPath(kitFolder, file.path));
          if (!facts.exists || facts.sha256 !== file.sha256 || facts.size !== file.size) differing.push(file.path);
        }
        return differing.length === 0
          ? {
              status: 'pass',
              expected: `${index.files.length} files`,
              found: `${index.files.length} files, sizes and SHA-256 as recorded`,
            }
          : {
              status: 'fail',
              expected: 'every file as recorded',
              found: `differ: ${differing.join(', ')}`,
              remedy: 'Prepare the kit again.',
            };
      },
    },
    { id: 'readiness-elements', title: 'What the kit holds', run: async (ctx) => elements(await read(ctx)) },
    { id: 'readiness-ages', title: 'How old the backups are', run: async (ctx) => ages(ctx, await read(ctx), signIn) },
    {
      id: 'readiness-recovery',
      title: 'What a recovery from this kit could do',
      run: async (ctx) => recovery(await read(ctx)),
    },
  ];
}
