/**
 * How the recovery kit is laid out, where the wizard reads and writes it: the exported unsealed
 * management packs sit in one folder beside a sha256sum-style list of their checksums.
 */
export const KIT_PACK_FOLDER = 'ManagementPacks';
export const KIT_CHECKSUM_FILE = 'checksums.sha256';

/**
 * Database backups sit in a folder of their own, each `<database>.bak` beside the permissions
 * script made at preparation, `<database>-permissions.sql`, and a checksum list of both.
 */
export const KIT_DATABASE_FOLDER = 'Databases';

export function kitBackupFile(database: string): string {
  return `${database}.bak`;
}

export function kitPermissionsScript(database: string): string {
  return `${database}-permissions.sql`;
}
