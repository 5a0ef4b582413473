import { kitFileOutcome } from '../common/kit-files';
import {
  encryptionKeyPages,
  keyRoleOf,
  keyServers,
  SECURE_STORAGE_RELATIVE_PATH as TOOL_RELATIVE_PATH,
  type EncryptionKeyAnswers,
} from '../../../shared/procedures/encryption-key';
import { findServer, type ManifestServer, type SiteManifest } from '../../../shared/manifest';
import { AnswerError, OperatorError } from '../../engine/errors';
import type { CheckDefinition, FlowContext, FlowDefinition } from '../../engine/flow-types';
import { SM_DATABASE_REGISTRY_KEY, SM_SETUP_REGISTRY_KEY } from '../../knowledge/service-manager/facts';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import {
  fingerprint,
  keyFileAccount,
  keychainCheck,
  keyFilePasswordWords,
  passwordRemembered,
  rememberedPasswordOutcome,
  type KeyRole,
} from '../common/key-accounts';
import { excerpt } from '../../../shared/validation/display-escape';
import { readingAnswer } from '../common/answer-reads';
import { writtenByRun } from '../common/run-evidence';
import { secureStorageStep } from '../common/secure-storage-step';
import { describeOwner, keyOwnerOutcome, recordedKeyOwner } from '../common/kit-key-owner';
import { KIT_KEY_FOLDER, kitKeyFile } from '../../knowledge/recovery-kit/layout';
import { elevatedCheck } from '../common/elevated-check';
import { takenAt } from '../common/taken-at';
import { installationMediaDefault } from '../common/installation-media';

/**
 * "Implement Service Manager disaster recovery", "Disaster recovery for System Center 2016 - Service
 * Manager" and "Backing Up Service Manager Management Servers": each Service Manager management server and the data warehouse
 * management server has its own encryption key. It is backed up with SecureStorageBackup.exe,
 * and restored on a computer with the same name BEFORE Setup runs there.
 */

type Answers = EncryptionKeyAnswers;

function defaultFileName(role: KeyRole): string {
  return role === 'Data warehouse' ? 'DWBackupkey.bin' : 'SMBackupkey.bin';
}

function keyServer(answers: Answers, manifest: SiteManifest): ManifestServer {
  const server = findServer(manifest, answers.server);
  if (!server || !keyServers(manifest).includes(server)) {
    throw new AnswerError(
      'server',
      `${excerpt(answers.server)} is not a Service Manager or data warehouse management server of this site.`,
    );
  }
  return server;
}

function toolPath(answers: Answers): string {
  return joinWindowsPath(answers.mediaPath.trim(), TOOL_RELATIVE_PATH);
}

function keyFolder(file: string): string {
  return file.replace(/\\[^\\]*$/, '');
}

const NOTHING_INSTALLED = 'No Service Manager installed (as on a rebuilt server)';

/**
 * What Service Manager Setup recorded in this computer's registry, shown beside the manifest's
 * word on the Introduction page: a rebuilt server has none of it until its key is back and Setup ran.
 */
async function registryEvidence(ctx: FlowContext, here: string): Promise<string> {
  const read = async (key: string, name: string): Promise<string | null> => {
    const value = await ctx.host.registry.readValue(here, key, name);
    return value === null ? null : String(value);
  };
  try {
    const installDirectory = await read(SM_SETUP_REGISTRY_KEY, 'InstallDirectory');
    if (installDirectory === null) return NOTHING_INSTALLED;
    // Only the data warehouse management server names a staging database.
    const staging = await read(SM_DATABASE_REGISTRY_KEY, 'StagingSQLInstance');
    if (staging !== null) {
      const database = await read(SM_DATABASE_REGISTRY_KEY, 'StagingDatabaseName');
      return `Data warehouse management server (${database ?? 'its staging database'} on ${staging})`;
    }
    const server = await read(SM_DATABASE_REGISTRY_KEY, 'DatabaseServerName');
    const database = await read(SM_DATABASE_REGISTRY_KEY, 'DatabaseName');
    return server === null
      ? `Service Manager installed in ${installDirectory}, but no database is named`
      : `Service Manager management server (${database ?? 'its database'} on ${server})`;
  } catch (error) {
    return `Could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function fileAccount(ctx: FlowContext, answers: Answers): Promise<string | null> {
  return keyFileAccount(ctx, keyRoleOf(keyServer(answers, ctx.manifest)), answers.keyFile);
}

export const encryptionKeyFlow: FlowDefinition<Answers> = {
  id: 'encryption-key',
  title: 'Back up or restore an encryption key',
  scenario: 'Preparing the recovery kit, or rebuilding a management server under its old name before Setup runs.',
  summary:
    'Runs the Encryption Key Backup or Restore Wizard (SecureStorageBackup.exe) for this server and can keep the password in the OS keychain.',
  source:
    'Implement Service Manager disaster recovery: "Restore the Service Manager encryption key"; Backing up Service Manager management servers',
  answers: encryptionKeyPages.answers,
  secretFields: encryptionKeyPages.secretFields,

  unavailableReason: (manifest) =>
    keyServers(manifest).length === 0
      ? 'The manifest lists no Service Manager or data warehouse management server.'
      : null,

  completionNote: (answers) =>
    answers.action === 'backup'
      ? 'Keep the password offline as well, apart from the key file: without it the backup cannot be restored, and nobody can recover it.'
      : `The key of ${answers.server} is back on this computer: Setup can now be run here.`,

  pages: encryptionKeyPages.pages,

  defaults: async (ctx) => {
    const computer = await ctx.host.system.computerName();
    const here = computer.toUpperCase();
    const server = keyServers(ctx.manifest).find((candidate) => candidate.netbiosName.toUpperCase() === here);
    const kit = ctx.manifest.recoveryKitPath;
    const evidence = await registryEvidence(ctx, computer);
    const keyFile =
      server && kit ? joinWindowsPath(kit, KIT_KEY_FOLDER, kitKeyFile(server.netbiosName, keyRoleOf(server))) : '';
    // A server rebuilt under its name has no Service Manager yet and its key waits in the kit: that is a restore.
    const rebuilt =
      evidence === NOTHING_INSTALLED && keyFile !== '' && (await ctx.host.files.exists(computer, keyFile));
    const remembered = rebuilt && server ? await passwordRemembered(ctx, keyFile, keyRoleOf(server)) : false;
    return {
      server: server?.netbiosName ?? '',
      registryEvidence: evidence,
      action: rebuilt ? 'restore' : 'backup',
      mediaPath: await installationMediaDefault(ctx, TOOL_RELATIVE_PATH),
      keyFile,
      password: '',
      confirmPassword: '',
      // Ticked only where it can be done: a tick the run then cannot honour reads as a promise.
      remember: (await ctx.keychain.available()).state === 'available',
      useRemembered: remembered,
    };
  },

  summarize: (answers, manifest) => {
    const server = findServer(manifest, answers.server);
    const usesRemembered = answers.action === 'restore' && answers.useRemembered;
    return [
      { label: 'Whose key', value: server ? `${server.netbiosName} (${keyRoleOf(server)} key)` : answers.server },
      {
        label: 'Action',
        value: answers.action === 'backup' ? 'Back up the encryption key' : 'Restore the encryption key',
      },
      { label: 'Tool', value: toolPath(answers) },
      { label: 'Key backup file', value: answers.keyFile.trim() },
      {
        label: 'Password',
        value: usesRemembered
          ? 'the one remembered in the OS keychain for this file'
          : `typed (hidden)${answers.remember ? ', to be remembered in the OS keychain' : ''}`,
      },
    ];
  },

  checks: (answers) => {
    const file = answers.keyFile.trim();
    const checks: CheckDefinition[] = [
      elevatedCheck(),
      {
        id: 'same-computer',
        title: 'This computer is the server whose key this is',
        run: async (ctx) => {
          const server = keyServer(answers, ctx.manifest);
          const here = await ctx.host.system.computerName();
          if (here.toUpperCase() === server.netbiosName.toUpperCase()) {
            return { status: 'pass', expected: server.netbiosName, found: here };
          }
          return {
            status: 'fail',
            expected: server.netbiosName,
            found: here,
            remedy:
              answers.action === 'restore'
                ? `Restore the key on the rebuilt server, which must be named ${server.netbiosName} like the one that failed. Sign in there and run the wizard again.`
                : `The key is in ${server.netbiosName}'s registry: sign in there and run the wizard again.`,
          };
        },
      },
      {
        id: 'media',
        title: 'The installation media has SecureStorageBackup.exe',
        run: async (ctx) => {
          const here = await ctx.host.system.computerName();
          const facts = await ctx.host.files.stat(here, toolPath(answers));
          return facts.exists && !facts.isDirectory
            ? { status: 'pass', expected: toolPath(answers), found: 'present' }
            : {
                status: 'fail',
                expected: toolPath(answers),
                found: 'not there',
                remedy: 'Mount or copy the Service Manager installation media and give its drive or folder.',
              };
        },
      },
    ];
    if (answers.action === 'backup') {
      checks.push({
        id: 'location',
        title: 'The backup can be written there',
        run: async (ctx) => {
          const here = await ctx.host.system.computerName();
          const folder = keyFolder(file);
          const folderFacts = await ctx.host.files.stat(here, folder);
          if (!folderFacts.isDirectory) {
            return {
              status: 'fail',
              expected: `the folder ${folder}`,
              found: 'no such folder',
              remedy: 'Create the folder or choose another.',
            };
          }
          if (!(await ctx.host.files.folderWritable(here, folder))) {
            return {
              status: 'fail',
              expected: `write access to ${folder}`,
              found: 'access denied',
              remedy: 'Choose a folder this account may write to.',
            };
          }
          const existing = await ctx.host.files.stat(here, file);
          if (!existing.exists) return { status: 'pass', expected: 'a writable folder', found: 'writable' };
          const server = keyServer(answers, ctx.manifest);
          const owner = await recordedKeyOwner(ctx, file);
          const holds = owner ? `holds ${describeOwner(owner)}` : 'holds a key nothing records the server of';
          const found = `writable; ${file} exists (${existing.size} bytes), ${holds}, and is replaced only after you type REPLACE`;
          if (owner && owner.server.toUpperCase() !== server.netbiosName.toUpperCase()) {
            return {
              status: 'warn',
              expected: `a file of ${server.netbiosName}'s own`,
              found,
              remedy: `Replacing it loses ${describeOwner(owner)}: give this backup a file of its own, such as ${kitKeyFile(server.netbiosName, keyRoleOf(server))}.`,
            };
          }
          return { status: 'pass', expected: 'a writable folder', found };
        },
      });
    } else {
      checks.push({
        id: 'location',
        title: 'The key backup file can be read',
        run: async (ctx) => {
          const facts = await ctx.host.files.stat(await ctx.host.system.computerName(), file);
          return facts.exists && !facts.isDirectory && facts.sha256
            ? {
                status: 'pass',
                expected: file,
                found: `${facts.size} bytes, fingerprint ${fingerprint(facts.sha256)}`,
              }
            : {
                status: 'fail',
                expected: file,
                found: 'not found',
                remedy: 'Give the path of the key backup file from the recovery kit.',
              };
        },
      });
    }
    // Recovery kit (issue 14): a damaged or replaced key file is refused before the restore.
    if (answers.action === 'restore') {
      checks.push({
        id: 'kit-file',
        title: 'The key file matches the recovery kit',
        run: (c) => kitFileOutcome(c, file),
      });
      checks.push({
        id: 'key-owner',
        title: 'The key file holds this server’s key',
        run: async (ctx) => {
          const server = keyServer(answers, ctx.manifest);
          return keyOwnerOutcome(ctx, file, server.netbiosName, keyRoleOf(server));
        },
      });
    }
    if (answers.action === 'restore' && answers.useRemembered) {
      checks.push({
        id: 'remembered-password',
        title: 'A password is remembered for this key file',
        run: async (ctx) =>
          rememberedPasswordOutcome(ctx, await fileAccount(ctx, answers), keyFilePasswordWords('Provide a Password')),
      });
    }
    if (!(answers.action === 'restore' && answers.useRemembered) && answers.remember) {
      checks.push(keychainCheck());
    }
    checks.push({
      id: 'file-name',
      title: 'The file name names the right key',
      run: async (ctx) => {
        const server = keyServer(answers, ctx.manifest);
        const role = keyRoleOf(server);
        const other = role === 'Data warehouse' ? 'SMBackupkey.bin' : 'DWBackupkey.bin';
        const name = file.split('\\').pop() ?? file;
        const own = kitKeyFile(server.netbiosName, role);
        if (name.toLowerCase() === other.toLowerCase()) {
          return {
            status: 'warn',
            expected: defaultFileName(role),
            found: name,
            remedy: `This is the ${role.toLowerCase()} key, but the file is named like the other one: check you chose the right server and file.`,
          };
        }
        // A kit's key files are named after their server and role: one named after another is another's key.
        const kitName = /^(.+)-(ServiceManager|DataWarehouse)-key\.bin$/i.exec(name);
        if (kitName && name.toLowerCase() !== own.toLowerCase()) {
          return {
            status: 'warn',
            expected: own,
            found: name,
            remedy: `The name says this is ${kitName[1] ?? ''}'s ${kitName[2] === 'DataWarehouse' ? 'data warehouse' : 'Service Manager'} key, not ${server.netbiosName}'s ${role} key: check you chose the right server and file.`,
          };
        }
        return { status: 'pass', expected: `a name for the ${role} key`, found: name };
      },
    });
    return checks;
  },

  steps: async (answers, ctx) => {
    const server = keyServer(answers, ctx.manifest);
    const here = await ctx.host.system.computerName();
    const file = answers.keyFile.trim();
    const tool = toolPath(answers);
    const action = answers.action === 'backup' ? 'Backup' : 'Restore';
    const usesRemembered = answers.action === 'restore' && answers.useRemembered;
    const existing =
      answers.action === 'backup' ? await readingAnswer('keyFile', () => ctx.host.files.stat(here, file)) : null;
    const owner = existing?.exists ? await recordedKeyOwner(ctx, file) : null;
    const main = secureStorageStep(ctx, {
      id: answers.action === 'backup' ? 'back-up-key' : 'restore-key',
      title:
        answers.action === 'backup'
          ? `Back up the encryption key of ${server.netbiosName}`
          : `Restore the encryption key of ${server.netbiosName}`,
      computer: here,
      tool,
      action,
      file,
      usesRemembered,
      destructive: existing?.exists
        ? {
            warning: `${file} already exists (${existing.size} bytes${owner ? `, ${describeOwner(owner)}` : ', a key nothing records the server of'}) and will be replaced by the new backup.`,
            confirmWord: 'REPLACE',
          }
        : undefined,
      // A backup's file is protected by the password, so it is typed twice, as on the page.
      usesSecrets: usesRemembered ? [] : answers.action === 'backup' ? ['password', 'confirmPassword'] : ['password'],
      // A backup is the key file this run wrote. A restored key cannot be read from outside the
      // tool; restoring the same file again leaves the same key, so repeating it is harmless.
      isDone: async (c) => answers.action === 'backup' && (await writtenByRun(c, file)),
      password: async (c) => {
        if (!usesRemembered) return answers.password;
        const account = await fileAccount(c, answers);
        const remembered = account ? await c.keychain.get(account) : null;
        if (!remembered)
          throw new OperatorError('The remembered password is no longer in the OS keychain: type it instead.');
        return remembered;
      },
    });
    const steps = [main];
    const keychain = await ctx.keychain.available();
    if (!usesRemembered && answers.remember && keychain.state === 'available') {
      steps.push({
        id: 'remember-password',
        title: 'Remember the password in the OS keychain',
        commands: [],
        usesSecrets: ['password', 'confirmPassword'],
        isDone: async (c) => passwordRemembered(c, file, keyRoleOf(server)),
        run: async (c, io) => {
          const account = await fileAccount(c, answers);
          if (!account)
            throw new OperatorError(`${file} cannot be read, so its password cannot be filed under its fingerprint.`);
          await c.keychain.set(account, answers.password);
          io.output(`Remembered in the OS keychain as "${account}".`);
        },
      });
    }
    return steps;
  },

  verify: (answers, _ctx, run) => [
    {
      id: 'key-file',
      title: answers.action === 'backup' ? 'The key backup file was written' : 'The key backup file was read',
      run: async (ctx) => {
        const file = answers.keyFile.trim();
        const facts = await ctx.host.files.stat(await ctx.host.system.computerName(), file);
        if (!facts.exists || facts.size === 0 || !facts.sha256) {
          return {
            status: 'fail',
            expected: `${file}, not empty`,
            found: facts.exists ? 'empty' : 'missing',
            remedy: 'Run the backup again.',
          };
        }
        const evidence = `${file}: ${facts.size} bytes, SHA-256 ${facts.sha256}`;
        if (answers.action === 'backup' && (facts.modified ?? '') < run.startedAt) {
          return {
            status: 'fail',
            expected: 'a file written by this run',
            found: `${evidence}, ${facts.modified === null ? 'never written' : takenAt(ctx, facts.modified, 'written')}`,
            remedy: 'Run the backup again.',
          };
        }
        return {
          status: 'pass',
          expected: answers.action === 'backup' ? 'a new, non-empty file' : 'the file that was restored',
          found: evidence,
        };
      },
    },
  ],
};
