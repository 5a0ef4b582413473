import type { Answers } from '../../../src/shared/run-contract';

/** "Back up or restore an encryption key": a backup of SCSM02's key to `keyFile`, its password remembered. */
export function keyBackupAnswers(keyFile: string, password: string): Answers {
  return {
    server: 'SCSM02',
    action: 'backup',
    mediaPath: 'D:\\',
    keyFile,
    password,
    confirmPassword: password,
    remember: true,
    useRemembered: false,
  };
}

/** The restore of that backup with the password remembered for it. */
export function keyRestoreAnswers(backup: Answers): Answers {
  return { ...backup, action: 'restore', password: '', confirmPassword: '', remember: false, useRemembered: true };
}
