import { z } from 'zod';
import { SERVER_ROLE_LABELS, type ManifestServer, type SiteManifest } from '../manifest';
import { definePage, definePages, type ProcedureAnswers } from '../procedure-pages';
import { computerNameField, passwordField, pathField } from '../validation/text-rules';
import { serviceManagerMediaField } from './service-manager-media';

/** The pages of "Back up or restore an encryption key", mirroring the Encryption Key Backup or Restore Wizard. */

/** Where the Encryption Key Backup or Restore Wizard is on the Service Manager media. */
export const SECURE_STORAGE_RELATIVE_PATH = 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe';

const KEY_SERVER_ROLES = [
  'sm-primary-management-server',
  'sm-additional-management-server',
  'dw-management-server',
] as const;

/** The servers with an encryption key of their own: each Service Manager management server and the data warehouse's. */
export function keyServers(manifest: SiteManifest): ManifestServer[] {
  return manifest.servers.filter((server) =>
    server.roles.some((role) => (KEY_SERVER_ROLES as readonly string[]).includes(role)),
  );
}

/** The Service Manager management servers, primary and additional: those whose key is not the data warehouse's. */
export function managementServers(manifest: SiteManifest): ManifestServer[] {
  return keyServers(manifest).filter((server) => !server.roles.includes('dw-management-server'));
}

export function dataWarehouseServers(manifest: SiteManifest): ManifestServer[] {
  return keyServers(manifest).filter((server) => server.roles.includes('dw-management-server'));
}

export function keyRoleOf(server: ManifestServer): 'Service Manager' | 'Data warehouse' {
  return server.roles.includes('dw-management-server') ? 'Data warehouse' : 'Service Manager';
}

const introductionPage = definePage({
  id: 'introduction',
  title: 'Introduction',
  description:
    'Each Service Manager management server and the data warehouse management server has its own encryption key. Back it up while the server works; restore it on a rebuilt server with the same name before Setup runs. A lost backup password cannot be recovered. Which server’s key this is comes from the manifest and this computer’s registry.',
  fields: {
    server: {
      schema: computerNameField('choose the management server whose key this is'),
      label: 'Whose key',
      kind: 'select',
      help: 'From the manifest. The wizard must run on this server: the key lives in its registry.',
      options: (manifest) =>
        keyServers(manifest).map((server) => ({
          value: server.netbiosName,
          label: server.netbiosName,
          detail: `${keyRoleOf(server)} key: ${server.roles.map((role) => SERVER_ROLE_LABELS[role]).join(', ')}, ${server.fqdn}`,
        })),
    },
    registryEvidence: {
      display: true,
      label: 'This computer’s registry',
      help: 'What Service Manager Setup recorded on the computer the wizard runs on, read when this page opened.',
    },
  },
});

const actionPage = definePage({
  id: 'action',
  title: 'Backup or Restore?',
  description: 'Choose what to do with the encryption key.',
  fields: {
    action: {
      schema: z.enum(['backup', 'restore'], { message: 'choose Back up or Restore' }),
      label: 'Action',
      kind: 'select',
      options: [
        {
          value: 'backup',
          label: 'Back up the Encryption Key',
          detail: 'Writes the key to a password-protected file.',
        },
        {
          value: 'restore',
          label: 'Restore the Encryption Key',
          detail: 'Reads the key from a backup file into this server. Do this before Setup.',
        },
      ],
    },
  },
});

const mediaPage = definePage({
  id: 'media',
  title: 'Installation media',
  description: 'The Service Manager installation media holds the Encryption Key Backup or Restore Wizard.',
  fields: {
    mediaPath: serviceManagerMediaField(
      SECURE_STORAGE_RELATIVE_PATH,
      'give the drive or folder of the Service Manager media, e.g. D:\\ or \\\\server\\share\\SCSM',
    ),
  },
});

const locationPage = definePage({
  id: 'location',
  title: 'Provide a Location',
  description: 'Where the key backup file is written (backup) or read from (restore): a local path or a UNC share.',
  fields: {
    keyFile: {
      schema: pathField(
        { kind: 'file', where: 'local-or-unc' },
        'give a full path, local (C:\\...) or UNC (\\\\server\\share\\...)',
      ).regex(/[^\\]+\.[A-Za-z0-9]+$/, 'end the path with a file name, e.g. SMBackupkey.bin'),
      label: 'Key backup file',
      kind: 'text',
      placeholder: '\\\\server\\share\\SMBackupkey.bin',
      help: 'The kit names each key after its server (SCSM01-ServiceManager-key.bin). The recovery guide’s own names are SMBackupkey.bin for a management server and DWBackupkey.bin for the data warehouse server.',
    },
  },
});

const typed = { field: 'useRemembered', equals: false };

const passwordPage = definePage({
  id: 'password',
  title: 'Provide a Password',
  description: 'The password protects the key file. At least 8 characters; it cannot be recovered if lost.',
  fields: {
    useRemembered: {
      schema: z.boolean(),
      label: 'Use the password remembered in the OS keychain for this key file',
      kind: 'checkbox',
      visibleWhen: { field: 'action', equals: 'restore' },
    },
    password: {
      schema: passwordField({ max: 256, reader: 'console' }),
      label: 'Password',
      kind: 'password',
      secret: true,
      visibleWhen: typed,
    },
    confirmPassword: {
      schema: z.string(),
      label: 'Confirm Password',
      kind: 'password',
      secret: true,
      visibleWhen: typed,
    },
    remember: {
      schema: z.boolean(),
      label: 'Remember this password in the OS keychain (Windows Credential Manager)',
      kind: 'checkbox',
      help: 'Only the password is stored, under the site, the key role and the key file’s fingerprint; never in a file.',
      visibleWhen: typed,
    },
  },
  /** A restore may take the remembered password; the Action page's answer says whether this is one. */
  refine(answers, ctx) {
    if (answers.action === 'restore' && answers.useRemembered) return;
    if (answers.password.length < 8) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'the password has at least 8 characters' });
    }
    if (answers.confirmPassword !== answers.password) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'the two passwords do not match' });
    }
  },
});

export const encryptionKeyPages = definePages([introductionPage, actionPage, mediaPage, locationPage, passwordPage]);
export type EncryptionKeyAnswers = ProcedureAnswers<typeof encryptionKeyPages.definitions>;
