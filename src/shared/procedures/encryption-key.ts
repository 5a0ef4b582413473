import { z } from 'zod';
import { computerNameField, passwordField, pathField } from '../validation/text-rules';

/** Answers of "Back up or restore an encryption key", mirroring the Encryption Key Backup or Restore Wizard. */

/** Where the Encryption Key Backup or Restore Wizard is on the Service Manager media. */
export const SECURE_STORAGE_RELATIVE_PATH = 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe';

const passwordRule = (
  answers: { action?: string; password: string; confirmPassword: string; useRemembered: boolean },
  ctx: z.RefinementCtx,
) => {
  if (answers.action === 'restore' && answers.useRemembered) return;
  if (answers.password.length < 8) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'the password has at least 8 characters' });
  }
  if (answers.confirmPassword !== answers.password) {
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'the two passwords do not match' });
  }
};

const pageShapes = {
  introduction: { server: computerNameField('choose the management server whose key this is') },
  action: { action: z.enum(['backup', 'restore'], { message: 'choose Back up or Restore' }) },
  media: {
    mediaPath: pathField(
      { kind: 'folder', where: 'local-or-unc', appended: SECURE_STORAGE_RELATIVE_PATH.length + 1 },
      'give the drive or folder of the Service Manager media, e.g. D:\\ or \\\\server\\share\\SCSM',
    ),
  },
  location: {
    keyFile: pathField(
      { kind: 'file', where: 'local-or-unc' },
      'give a full path, local (C:\\...) or UNC (\\\\server\\share\\...)',
    ).regex(/[^\\]+\.[A-Za-z0-9]+$/, 'end the path with a file name, e.g. SMBackupkey.bin'),
  },
  password: {
    password: passwordField({ max: 256, reader: 'console' }),
    confirmPassword: z.string(),
    remember: z.boolean(),
    useRemembered: z.boolean(),
  },
};

export const encryptionKeyPages = {
  introduction: z.object(pageShapes.introduction),
  action: z.object(pageShapes.action),
  media: z.object(pageShapes.media),
  location: z.object(pageShapes.location),
  // The page sees every answer so far, so it knows whether this is a restore.
  password: z.object({ ...pageShapes.password, action: pageShapes.action.action.optional() }).superRefine(passwordRule),
};

export const encryptionKeyAnswers = z
  .object({
    ...pageShapes.introduction,
    ...pageShapes.action,
    ...pageShapes.media,
    ...pageShapes.location,
    ...pageShapes.password,
  })
  .superRefine(passwordRule);
export type EncryptionKeyAnswers = z.infer<typeof encryptionKeyAnswers>;
