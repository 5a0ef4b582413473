/**
 * What the pages say about the recovery kit's layout: the checksum list that vouches for each
 * exported management pack, database backup and permissions script.
 */
export const KIT_CHECKSUM_FILE = 'checksums.sha256';
