import { CommandLineUnsupportedError } from '../failures';

/**
 * SecureStorageBackup.exe, the Encryption Key Backup or Restore Wizard, in Tools\SecureStorageBackup
 * on the installation media ("Implement Service Manager disaster recovery"). Whether its command
 * line (`Backup|Restore <file>`) can be driven on Service Manager is unconfirmed; its usage text
 * in answer to those arguments is the sign that it cannot.
 */
export const SECURE_STORAGE_TOOL = 'SecureStorageBackup.exe';

export type SecureStorageAction = 'Backup' | 'Restore';

/** The tool answered its arguments with a usage text: it has no command-line mode to drive. */
export function usageRefusal(action: SecureStorageAction, details: string): CommandLineUnsupportedError {
  return new CommandLineUnsupportedError(
    `${SECURE_STORAGE_TOOL} cannot be driven from its command line on this version: it answered "${action} <file>" with its usage text instead of asking for the password.`,
    details,
  );
}
