/**
 * How the recovery kit is laid out, where the wizard reads and writes it: the exported unsealed
 * management packs sit in one folder beside a sha256sum-style list of their checksums.
 */
export const KIT_PACK_FOLDER = 'ManagementPacks';
export { KIT_CHECKSUM_FILE } from '../../../shared/recovery-kit';

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

const CHECKSUM_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

/** `sha256sum` output: file name (lower-cased, as Windows file names ignore case) to lower-case hex. */
export function parseChecksumList(text: string): Map<string, string> {
  const checksums = new Map<string, string>();
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = CHECKSUM_LINE.exec(line.trimEnd());
    const [, hex, name] = match ?? [];
    if (hex === undefined || name === undefined) {
      throw new Error(
        `checksums.sha256 line ${index + 1} is not '<64 hex digits>  <file name>': ${JSON.stringify(line.slice(0, 120))}`,
      );
    }
    const key = name.toLowerCase();
    const sha256 = hex.toLowerCase();
    const earlier = checksums.get(key);
    if (earlier !== undefined && earlier !== sha256) {
      throw new Error(`checksums.sha256 line ${index + 1} gives ${name} a second, different checksum`);
    }
    checksums.set(key, sha256);
  });
  return checksums;
}

/** The encryption key files sit in a folder of their own, each named after its server and role. */
export const KIT_KEY_FOLDER = 'Keys';

/** `SCSM01-ServiceManager-key.bin`, `SCSMDW01-DataWarehouse-key.bin`: two servers' keys never share a name. */
export function kitKeyFile(server: string, keyRole: 'Service Manager' | 'Data warehouse'): string {
  return `${server.toUpperCase()}-${keyRole === 'Data warehouse' ? 'DataWarehouse' : 'ServiceManager'}-key.bin`;
}
