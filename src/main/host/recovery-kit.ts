/**
 * How the recovery kit is laid out, where the wizard reads and writes it: the exported unsealed
 * management packs sit in one folder beside a sha256sum-style list of their checksums.
 */
export const KIT_PACK_FOLDER = 'ManagementPacks';
export const KIT_CHECKSUM_FILE = 'checksums.sha256';
