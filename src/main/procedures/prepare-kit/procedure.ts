import {
  findDatabase,
  parseManifest,
  SERVER_ROLE_LABELS,
  sqlServerDisplayName,
  type ManifestDatabase,
  type SiteManifest,
} from '../../../shared/manifest';
import { prepareKitPages, type PrepareKitAnswers } from '../../../shared/procedures/prepare-kit';
import { keyRoleOf, keyServers, SECURE_STORAGE_RELATIVE_PATH } from '../../../shared/procedures/encryption-key';
import { installationMediaDefault } from '../common/installation-media';
import type { CheckResult } from '../../../shared/run-contract';
import { OperatorError } from '../../engine/errors';
import type { FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import { describePowerShell, describeSql, psCalls } from '../../knowledge/commands';
import type { KitFile, KitIndex, KitMissing } from '../../knowledge/recovery-kit/kit-index';
import { KIT_INDEX_FILE, KIT_PREVIOUS_INDEX_FILE, kitIndexSchema } from '../../knowledge/recovery-kit/kit-index';
import {
  KIT_CHECKSUM_FILE,
  KIT_DATABASE_FOLDER,
  KIT_KEY_FOLDER,
  KIT_PACK_FOLDER,
  kitBackupFile,
  kitKeyFile,
  kitPermissionsScript,
} from '../../knowledge/recovery-kit/layout';
import { parseManagementPack } from '../../knowledge/service-manager/management-packs';
import { permissionsScript } from '../../knowledge/sql/permissions-script';
import { supportsCompression } from '../../knowledge/sql/server-facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath, sameWindowsPath, windowsBaseName } from '../../knowledge/windows/paths';
import { readingAnswer } from '../common/answer-reads';
import { describeOwner, recordedKeyOwner } from '../common/kit-key-owner';
import { backedUpByStep, backupDescription, writtenByRun } from '../common/run-evidence';
import { secureStorageStep } from '../common/secure-storage-step';
import { serviceMasterKeyBackupStep } from '../common/service-master-key';
import { readServerFacts, signInSecrets, sqlConnectionDefaults, targetOf } from '../common/sql-connection';
import { readCatalog } from './catalog';
import { sameComputer } from './computer-names';
import { discoverSite, siteChanges, type DiscoveredSite, type SignIn } from './discovery';
import { readinessChecks } from './readiness';
import { elevatedCheck } from '../common/elevated-check';
import { formatMoment } from '../../../shared/local-time';
import { keychainCheck } from '../common/key-accounts';
import {
  describeSetupSecrets,
  rememberSetupSecretsStep,
  remembersSetupSecrets,
  setupSecretsDefaults,
  testSetupAccounts,
} from './setup-secrets';

/**
 * "Prepare for disaster recovery" (Service Manager) and Orchestrator's "Recover a database", done
 * on an ordinary day on a management server: the site is discovered and written as the kit's
 * manifest, then this server's encryption key, every database (copy-only, with checksums,
 * verified), the service master key of the Orchestrator database's SQL Server, a permissions
 * script per database, the unsealed management packs, and last the kit's index.
 */

type Answers = PrepareKitAnswers;

export const KIT_MANIFEST_FILE = 'site.json';
const KIT_ORCHESTRATOR_FOLDER = 'Orchestrator';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function kitPath(answers: Answers, ...parts: string[]): string {
  return joinWindowsPath(answers.kitFolder.trim(), ...parts);
}

function signInOf(answers: Answers): SignIn {
  const { authentication, sqlDomain, sqlUser, sqlPassword, trustServerCertificate } = answers;
  return { authentication, sqlDomain, sqlUser, sqlPassword, trustServerCertificate };
}

function connection(answers: Answers, database: ManifestDatabase) {
  return { ...signInOf(answers), sqlServer: sqlServerDisplayName(database) };
}

/** The manifest of the kit already in the folder, if there is one the wizard can read. */
async function previousManifest(ctx: FlowContext, kitFolder: string): Promise<SiteManifest | null> {
  const here = await ctx.host.system.computerName();
  const path = joinWindowsPath(kitFolder, KIT_MANIFEST_FILE);
  if (!(await ctx.host.files.exists(here, path))) return null;
  const parsed = parseManifest(await ctx.host.files.readText(here, path, MAX_MANIFEST_BYTES));
  return parsed.ok ? parsed.manifest : null;
}

async function previousIndex(ctx: FlowContext, kitFolder: string): Promise<KitIndex | null> {
  const here = await ctx.host.system.computerName();
  const path = joinWindowsPath(kitFolder, KIT_PREVIOUS_INDEX_FILE);
  if (!(await ctx.host.files.exists(here, path))) return null;
  const parsed = kitIndexSchema.safeParse(JSON.parse(await ctx.host.files.readText(here, path, MAX_MANIFEST_BYTES)));
  return parsed.success ? parsed.data : null;
}

async function discover(
  ctx: FlowContext,
  answers: Answers,
): Promise<DiscoveredSite & { previous: SiteManifest | null }> {
  const previous = await previousManifest(ctx, answers.kitFolder.trim());
  const orchestrator = {
    none: answers.noOrchestrator,
    sqlServer: answers.orchestratorSqlServer,
    database: answers.orchestratorDatabase,
  };
  return {
    ...(await discoverSite(ctx, signInOf(answers), previous, answers.kitFolder.trim(), orchestrator)),
    previous,
  };
}

/** The rows of the review page: every server and database found, and what changed since the previous kit. */
function foundRows(found: DiscoveredSite & { previous: SiteManifest | null }): CheckResult[] {
  const { manifest } = found;
  const rows: CheckResult[] = manifest.servers.map((server) => ({
    id: `server-${server.netbiosName}`,
    title: server.netbiosName,
    status: 'pass',
    expected: server.roles.map((role) => SERVER_ROLE_LABELS[role]).join(', '),
    found: [server.fqdn, server.productVersion, server.installDirectory].filter(Boolean).join(', '),
  }));
  rows.push(
    ...manifest.databases.map((database) => ({
      id: `database-${database.role}`,
      title: `${database.role} database`,
      status: 'pass' as const,
      expected: database.name,
      found: `on ${sqlServerDisplayName(database)}`,
    })),
  );
  const changes = found.previous ? siteChanges(found.previous, manifest) : [];
  rows.push(
    ...changes.map((change, index) => ({
      id: `change-${index}`,
      title: 'Changed since the previous kit',
      status: 'warn' as const,
      found: change.text,
    })),
  );
  rows.push(
    ...found.notes.map((note, index) => ({
      id: `note-${index}`,
      title: 'Not found',
      status: 'warn' as const,
      found: note,
    })),
  );
  return rows;
}

function keyFileOf(answers: Answers, server: string, role: 'Service Manager' | 'Data warehouse'): string {
  return kitPath(answers, KIT_KEY_FOLDER, kitKeyFile(server, role));
}

/** The keys a kit made here cannot hold: SecureStorageBackup.exe runs only on the server whose key it is. */
function missingKeys(answers: Answers, manifest: SiteManifest, here: string): KitMissing[] {
  return keyServers(manifest)
    .filter((server) => !sameComputer(server.netbiosName, here))
    .map((server) => ({
      role: 'encryption-key',
      server: server.netbiosName,
      reason: `${server.netbiosName}'s ${keyRoleOf(server)} key can only be backed up at ${server.netbiosName} itself: run Prepare the recovery kit there with this kit folder (it adds the key to this kit), or Back up or restore an encryption key there, saving to ${keyFileOf(answers, server.netbiosName, keyRoleOf(server))}.`,
    }));
}

function onDataWarehouseServer(manifest: SiteManifest, here: string): boolean {
  return manifest.servers.some(
    (server) => server.roles.includes('dw-management-server') && sameComputer(server.netbiosName, here),
  );
}

/** The run's id (its start time and a random part): two kits made in one second get two files. */
function stamp(ctx: FlowContext): string {
  return ctx.run?.id ?? new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function masterKeyFile(answers: Answers, ctx: FlowContext, database: ManifestDatabase): string {
  const server = sqlServerDisplayName(database).replace(/\\/g, '-');
  return kitPath(answers, KIT_ORCHESTRATOR_FOLDER, `${server}-service-master-key-${stamp(ctx)}.key`);
}

function checksumText(files: readonly { name: string; sha256: string }[]): string {
  return files.map((file) => `${file.sha256}  ${file.name}\n`).join('');
}

export const prepareKitFlow: FlowDefinition<Answers> = {
  id: 'prepare-recovery-kit',
  title: 'Prepare the recovery kit',
  scenario: 'An ordinary day, on a Service Manager management server: make everything a recovery needs, in one folder.',
  summary:
    'Finds the site, writes its manifest, and backs up this server’s encryption key, every database, the service master key, a permissions script per database and the unsealed management packs, with an index of every file.',
  source:
    'Service Manager: "Prepare for disaster recovery", "Implement Service Manager disaster recovery"; Orchestrator: "Recover a database"',
  answers: prepareKitPages.answers,
  secretFields: prepareKitPages.secretFields,
  planSecrets: (answers) => signInSecrets({ ...answers, sqlServer: '' }),

  completionNote: () =>
    'Keep both passwords offline, apart from the kit. Keys that could only be backed up at their own server are listed as missing: prepare the kit there too.',

  unavailableReason: () => null,

  pages: prepareKitPages.pages,

  lookups: {
    discover: async (raw, ctx) => {
      const answers = { ...prepareKitPages.pageSchemas.kit.parse(raw), ...prepareKitPages.pageSchemas.site.parse(raw) };
      const found = await discover(ctx, answers as Answers);
      const servers = found.manifest.servers.length;
      const databases = found.manifest.databases.length;
      const since = found.previous ? ' Changes since the previous kit are marked.' : ' No previous kit in that folder.';
      return {
        ok: true,
        message: `Found ${servers} servers and ${databases} databases of the management group ${found.manifest.managementGroupName}; ${found.workflowServer ?? 'no server'} runs the workflows.${since}`,
        checks: foundRows(found),
      };
    },
    'setup-accounts': async (raw, ctx) =>
      testSetupAccounts(prepareKitPages.pageSchemas['setup-secrets'].parse(raw) as Answers, ctx),
  },

  defaults: async (ctx) => ({
    kitFolder: ctx.manifest.recoveryKitPath ?? '',
    mediaPath: await installationMediaDefault(ctx, SECURE_STORAGE_RELATIVE_PATH),
    ...sqlConnectionDefaults(''),
    noOrchestrator: false,
    orchestratorSqlServer: '',
    orchestratorDatabase: 'Orchestrator',
    keyPassword: '',
    confirmKeyPassword: '',
    masterKeyPassword: '',
    confirmMasterKeyPassword: '',
    ...(await setupSecretsDefaults(ctx)),
  }),

  summarize: (answers) => [
    { label: 'Kit folder', value: answers.kitFolder.trim() },
    { label: 'Tool', value: joinWindowsPath(answers.mediaPath.trim(), SECURE_STORAGE_RELATIVE_PATH) },
    { label: 'Passwords', value: 'typed (hidden), never stored' },
    { label: 'Setup’s passwords and product key', value: describeSetupSecrets(answers) },
  ],

  checks: (answers) => [
    elevatedCheck(),
    ...(remembersSetupSecrets(answers) ? [keychainCheck()] : []),
    {
      id: 'media',
      title: 'The installation media has SecureStorageBackup.exe',
      run: async (ctx) => {
        const tool = joinWindowsPath(answers.mediaPath.trim(), SECURE_STORAGE_RELATIVE_PATH);
        const facts = await ctx.host.files.stat(await ctx.host.system.computerName(), tool);
        return facts.exists && !facts.isDirectory
          ? { status: 'pass', expected: tool, found: 'present' }
          : { status: 'fail', expected: tool, found: 'not there', remedy: 'Mount or copy the Service Manager media.' };
      },
    },
    {
      id: 'keys-here',
      title: 'Encryption keys this computer can back up',
      run: async (ctx) => {
        const here = await ctx.host.system.computerName();
        const { manifest } = await discover(ctx, answers);
        const missing = missingKeys(answers, manifest, here);
        const found = `${here}'s key here; ${missing.length === 0 ? 'no other' : missing.map((entry) => entry.server).join(', ')} only at ${missing.length === 1 ? 'its own server' : 'their own servers'}`;
        return missing.length === 0
          ? { status: 'pass', expected: 'every key', found }
          : {
              status: 'warn',
              expected: 'every key',
              found,
              remedy:
                'The kit is marked incomplete until the other keys are added: prepare the kit on each of those servers too.',
            };
      },
    },
  ],

  steps: async (answers, ctx) => {
    const here = await ctx.host.system.computerName();
    const found = await readingAnswer('kitFolder', () => discover(ctx, answers));
    const { manifest } = found;
    const kit = answers.kitFolder.trim();
    const folders = [
      kit,
      ...[KIT_KEY_FOLDER, KIT_DATABASE_FOLDER, KIT_PACK_FOLDER, KIT_ORCHESTRATOR_FOLDER].map((name) =>
        kitPath(answers, name),
      ),
    ];
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestPath = kitPath(answers, KIT_MANIFEST_FILE);
    const steps: StepDefinition[] = [
      {
        id: 'create-kit-folders',
        title: `Create the kit's folders in ${kit}`,
        commands: [],
        isDone: async (c) =>
          (await Promise.all(folders.map((folder) => c.host.files.exists(here, folder)))).every(Boolean),
        run: async (c, io) => {
          for (const folder of folders) await c.host.files.createFolder(here, folder);
          io.output(`Folders: ${folders.join(', ')}.`);
        },
      },
      {
        id: 'set-aside-kit-index',
        title: `Set the kit's earlier index aside as ${KIT_PREVIOUS_INDEX_FILE}`,
        commands: [],
        isDone: async (c) => (await c.host.kit.readIndex(kit)) === null,
        run: async (c, io) => {
          const earlier = await c.host.kit.readIndex(kit);
          if (earlier === null) return;
          const aside = kitPath(answers, KIT_PREVIOUS_INDEX_FILE);
          await c.host.files.writeText(here, aside, `${JSON.stringify(earlier, null, 2)}\n`);
          await c.host.kit.removeIndex(kit);
          io.output(
            `The index of ${formatMoment(earlier.finishedAt)} is now ${aside}: no index vouches for a file while it is written again.`,
          );
        },
      },
      {
        id: 'write-manifest',
        title: `Write the site's manifest to ${manifestPath}`,
        commands: [],
        isDone: async (c) =>
          (await c.host.files.exists(here, manifestPath)) &&
          (await c.host.files.readText(here, manifestPath, MAX_MANIFEST_BYTES)) === manifestText,
        run: async (c, io) => {
          if (await c.host.files.exists(here, manifestPath)) {
            const before = await c.host.files.readText(here, manifestPath, MAX_MANIFEST_BYTES);
            await c.host.files.writeText(here, `${manifestPath}.previous`, before);
            io.output(`The previous manifest is kept as ${manifestPath}.previous.`);
          }
          await c.host.files.writeText(here, manifestPath, manifestText);
          io.output(`${manifest.servers.length} servers and ${manifest.databases.length} databases.`);
        },
      },
    ];

    const tool = joinWindowsPath(answers.mediaPath.trim(), SECURE_STORAGE_RELATIVE_PATH);
    for (const server of keyServers(manifest).filter((candidate) => sameComputer(candidate.netbiosName, here))) {
      const file = keyFileOf(answers, server.netbiosName, keyRoleOf(server));
      const existing = await ctx.host.files.stat(here, file);
      const owner = existing.exists ? await recordedKeyOwner(ctx, file) : null;
      const ours =
        owner !== null && sameComputer(owner.server, server.netbiosName) && owner.keyRole === keyRoleOf(server);
      steps.push(
        secureStorageStep(ctx, {
          id: `back-up-key-${server.netbiosName}`,
          title: `Back up the ${keyRoleOf(server)} encryption key of ${server.netbiosName}`,
          computer: here,
          tool,
          action: 'Backup',
          file,
          usesRemembered: false,
          usesSecrets: ['keyPassword', 'confirmKeyPassword'],
          // The kit's own earlier backup of this key is replaced as a matter of course; anything else only when confirmed.
          destructive:
            existing.exists && !ours
              ? {
                  warning: `${file} already exists (${existing.size} bytes, ${owner ? describeOwner(owner) : 'a key nothing records the server of'}) and will be replaced.`,
                  confirmWord: 'REPLACE',
                }
              : undefined,
          isDone: (c) => writtenByRun(c, file),
          password: async () => answers.keyPassword,
        }),
      );
    }

    for (const database of manifest.databases) {
      const sign = connection(answers, database);
      const facts = await readingAnswer('authentication', () => readServerFacts(ctx, sign));
      const backupFile = kitPath(answers, KIT_DATABASE_FOLDER, kitBackupFile(database.name));
      const backupStep = `back-up-${database.role}`;
      const backup = sqlStatements.copyOnlyBackup(database.name, backupFile, {
        compression: supportsCompression(facts.edition),
        description: ctx.run ? backupDescription(ctx, backupStep) : undefined,
      });
      const verify = sqlStatements.verifyBackup(backupFile);
      steps.push(
        {
          id: backupStep,
          title: `Back up ${database.name} (${database.role}) on ${sign.sqlServer}`,
          commands: [describeSql(targetOf(sign), backup)],
          usesSecrets: signInSecrets(sign),
          isDone: (c) => backedUpByStep(c, sign, database.name, backupStep),
          run: async (c, io) => {
            const statement = sqlStatements.copyOnlyBackup(database.name, backupFile, {
              compression: supportsCompression(facts.edition),
              description: backupDescription(c, backupStep),
            });
            await c.host.sql.execute(targetOf(sign), statement, io);
          },
        },
        {
          id: `verify-${database.role}`,
          title: `Verify the backup of ${database.name}`,
          commands: [describeSql(targetOf(sign), verify)],
          usesSecrets: signInSecrets(sign),
          // Reading a backup again changes nothing: a resumed run simply reads it once more.
          isDone: async () => false,
          run: async (c, io) => {
            const result = await c.host.sql.execute(targetOf(sign), verify, io);
            for (const message of result.messages) io.output(message);
          },
        },
        {
          id: `script-permissions-${database.role}`,
          title: `Write the permissions script of ${database.name}`,
          commands: [
            describeSql(targetOf(sign), sqlStatements.serverLogins()),
            describeSql(targetOf(sign, database.name), sqlStatements.databaseUsers()),
          ],
          usesSecrets: signInSecrets(sign),
          isDone: async () => false,
          run: async (c, io) => {
            const rows = await readCatalog(c, targetOf(sign), targetOf(sign, database.name));
            const script = permissionsScript(database.name, sign.sqlServer, database.sqlServer, rows);
            const path = kitPath(answers, KIT_DATABASE_FOLDER, kitPermissionsScript(database.name));
            await c.host.files.writeText(here, path, script.text);
            io.output(`${path}: ${script.logins} logins, ${script.users} users, ${script.batches} batches.`);
            if (script.leftOut.length > 0) {
              io.output(`Left out: ${script.leftOut.map((entry) => `${entry.name} (${entry.reason})`).join('; ')}.`);
            }
          },
        },
      );
    }

    const orchestrator = findDatabase(manifest, 'Orchestrator');
    if (orchestrator) {
      const sign = connection(answers, orchestrator);
      steps.push(
        serviceMasterKeyBackupStep({
          id: 'back-up-service-master-key',
          title: `Back up the service master key of ${sign.sqlServer}`,
          target: targetOf(sign),
          keyFile: masterKeyFile(answers, ctx, orchestrator),
          password: answers.masterKeyPassword,
          usesSecrets: [...signInSecrets(sign), 'masterKeyPassword', 'confirmMasterKeyPassword'],
        }),
      );
    }

    const packFolder = kitPath(answers, KIT_PACK_FOLDER);
    // Export-SCSMManagementPack on the data warehouse server would export the data warehouse's own
    // management group: the Service Manager packs come from a kit made on a management server.
    if (!onDataWarehouseServer(manifest, here))
      steps.push({
        id: 'export-management-packs',
        title: `Export the unsealed management packs to ${packFolder}`,
        commands: [describePowerShell(psCalls.exportUnsealedManagementPacks(here, packFolder))],
        isDone: async () => false,
        run: async (c, io) => {
          const exported = await c.host.serviceManager.exportUnsealedManagementPacks(here, packFolder, io);
          for (const pack of exported) {
            // Read as the import flow reads it, so a pack it could not import is known now.
            const parsed = parseManagementPack(
              pack.file,
              await c.host.files.readText(here, pack.file, 64 * 1024 * 1024),
            );
            const references = parsed.references.map((reference) => `${reference.id} ${reference.version}`).join(', ');
            io.output(`${parsed.id} ${parsed.version}: references ${references || 'nothing'}.`);
          }
        },
      });

    // Without a usable keychain the checks warned: the kit is still made, Setup's pages ask as before.
    if (remembersSetupSecrets(answers) && (await ctx.keychain.available()).state === 'available') {
      steps.push(rememberSetupSecretsStep(answers, manifest.siteName));
    }

    steps.push({
      id: 'write-kit-index',
      title: `Write the kit's index, ${kitPath(answers, KIT_INDEX_FILE)}`,
      commands: [],
      isDone: async () => false,
      run: async (c, io) => {
        const files = await buildIndex(c, answers, manifest, here);
        const index = { ...files, files: [...files.files, ...(await writeChecksumLists(c, answers, files, here))] };
        await c.host.kit.writeIndex(kit, kitIndexSchema.parse(index));
        const path = kitPath(answers, KIT_INDEX_FILE);
        io.output(
          `${path}: ${index.files.length} files${index.complete ? ', complete' : `, incomplete: ${index.missing.map((entry) => entry.server ?? entry.database ?? entry.role).join(', ')} missing`}.`,
        );
      },
    });
    return steps;
  },

  verify: (answers) => readinessChecks(answers.kitFolder.trim(), signInOf(answers)),
};

function checksumOf(facts: { sha256: string | null }): string {
  if (!facts.sha256) throw new OperatorError('A file of the kit could not be hashed.');
  return facts.sha256;
}

/** Every file the kit holds, with where it came from; keys of other servers an earlier run added are kept. */
async function buildIndex(ctx: FlowContext, answers: Answers, manifest: SiteManifest, here: string): Promise<KitIndex> {
  const startedAt = ctx.run?.startedAt ?? new Date().toISOString();
  const files: KitFile[] = [];
  const kit = answers.kitFolder.trim();
  const relative = (path: string) => path.slice(kit.replace(/\\+$/, '').length + 1);
  const add = async (path: string, entry: Omit<KitFile, 'path' | 'size' | 'sha256' | 'madeAt'>) => {
    const facts = await ctx.host.files.stat(here, path);
    if (!facts.exists || facts.isDirectory) return false;
    files.push({
      path: relative(path),
      size: facts.size,
      sha256: checksumOf(facts),
      madeAt: facts.modified ?? startedAt,
      ...entry,
    });
    return true;
  };
  await add(kitPath(answers, KIT_MANIFEST_FILE), { role: 'site-manifest' });
  const missing: KitMissing[] = [];
  const earlier = await previousIndex(ctx, kit);
  /** What another run recorded of this file and the server it came from, while the file is still the one it recorded. */
  const keptFromEarlier = async (path: string): Promise<KitFile | null> => {
    const recorded = earlier?.files.find((candidate) => sameWindowsPath(joinWindowsPath(kit, candidate.path), path));
    if (!recorded?.server) return null;
    const facts = await ctx.host.files.stat(here, path);
    return facts.exists && facts.sha256 === recorded.sha256 ? { ...recorded } : null;
  };
  for (const server of keyServers(manifest)) {
    const file = keyFileOf(answers, server.netbiosName, keyRoleOf(server));
    const entry = { role: 'encryption-key' as const, server: server.netbiosName, keyRole: keyRoleOf(server) };
    if (sameComputer(server.netbiosName, here)) {
      await add(file, entry);
      continue;
    }
    // A key another run added at its own server stays, as long as the file is the one it recorded.
    const kept = await keptFromEarlier(file);
    if (kept) {
      files.push(kept);
    } else {
      missing.push(...missingKeys(answers, { ...manifest, servers: [server] }, here));
    }
  }
  for (const database of manifest.databases) {
    const sqlServer = sqlServerDisplayName(database);
    await add(kitPath(answers, KIT_DATABASE_FOLDER, kitBackupFile(database.name)), {
      role: 'database-backup',
      database: database.name,
      sqlServer,
    });
    await add(kitPath(answers, KIT_DATABASE_FOLDER, kitPermissionsScript(database.name)), {
      role: 'permissions-script',
      database: database.name,
      sqlServer,
    });
  }
  const orchestrator = findDatabase(manifest, 'Orchestrator');
  const masterKey = orchestrator ? masterKeyFile(answers, ctx, orchestrator) : null;
  if (orchestrator && masterKey) {
    const server = sqlServerDisplayName(orchestrator);
    await add(masterKey, { role: 'service-master-key', server: orchestrator.sqlServer, sqlServer: server });
  }
  // BACKUP SERVICE MASTER KEY will not overwrite a file, so each kit adds one under its own time:
  // the earlier ones stay recorded while they are the files an earlier kit recorded.
  for (const file of await ctx.host.files.list(here, kitPath(answers, KIT_ORCHESTRATOR_FOLDER))) {
    if (masterKey !== null && sameWindowsPath(file.path, masterKey)) continue;
    const kept = await keptFromEarlier(file.path);
    if (kept?.role === 'service-master-key') files.push(kept);
  }
  for (const pack of await ctx.host.files.list(here, kitPath(answers, KIT_PACK_FOLDER))) {
    if (!/\.(xml|mp)$/i.test(pack.path)) continue;
    // Packs a run on a management server exported stay recorded as its, while they are the files it recorded.
    const kept = onDataWarehouseServer(manifest, here) ? await keptFromEarlier(pack.path) : null;
    if (kept) {
      files.push(kept);
    } else {
      await add(pack.path, { role: 'management-pack', server: here });
    }
  }
  return {
    schemaVersion: 1,
    siteName: manifest.siteName,
    madeBy: madeBy(),
    madeOn: here,
    wizardVersion: ctx.wizardVersion ?? 'unknown',
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: missing.length === 0,
    missing,
    files,
  };
}

/** The account running the wizard, as Windows names it (DOMAIN\\user). */
function madeBy(): string {
  const user = process.env.USERNAME ?? process.env.USER ?? 'unknown';
  return process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\${user}` : user;
}

/**
 * The sha256sum lists the recovery flows read beside the database backups and management packs,
 * from the same checksums as the index: an older list there would call the new files damaged.
 */
async function writeChecksumLists(
  ctx: FlowContext,
  answers: Answers,
  index: KitIndex,
  here: string,
): Promise<KitFile[]> {
  const lists: KitFile[] = [];
  for (const folder of [KIT_DATABASE_FOLDER, KIT_PACK_FOLDER]) {
    const listed = index.files
      .filter((file) => file.path.toLowerCase().startsWith(`${folder.toLowerCase()}\\`))
      .map((file) => ({ name: windowsBaseName(file.path), sha256: file.sha256 }));
    const path = kitPath(answers, folder, KIT_CHECKSUM_FILE);
    await ctx.host.files.writeText(here, path, checksumText(listed));
    const facts = await ctx.host.files.stat(here, path);
    lists.push({
      path: joinWindowsPath(folder, KIT_CHECKSUM_FILE),
      role: 'checksum-list',
      size: facts.size,
      sha256: checksumOf(facts),
      madeAt: facts.modified ?? new Date().toISOString(),
    });
  }
  return lists;
}
