import { z } from 'zod';

/**
 * What the pages say about the recovery kit's layout: the checksum list that vouches for each
 * exported management pack, database backup and permissions script.
 */
export const KIT_CHECKSUM_FILE = 'checksums.sha256';

/**
 * A kit folder checked before the real site is loaded from it: every file against the kit index.
 * `manifest-file`: a manifest given by itself; `no-index`: a kit folder made by hand (its manifest
 * is loaded as it is); `refused`: the manifest or an encryption key does not verify; `damaged`:
 * other files do not, and the operator decides.
 */
export const kitCheckSchema = z.object({
  path: z.string(),
  verdict: z.enum(['manifest-file', 'no-index', 'intact', 'damaged', 'refused']),
  /** One line on what was checked: the kit's site, when and where it was made, how many files. */
  summary: z.string(),
  problems: z.array(
    z.object({
      kind: z.enum(['missing', 'changed', 'unexpected']),
      file: z.string(),
      /** What the file is, in the operator's words ("database backup of ServiceManager from SQLSM01\SCSM"). */
      role: z.string(),
      expected: z.string(),
      found: z.string(),
      /** The recoveries that read this file, by title. */
      affects: z.array(z.string()),
      /** The site cannot be loaded while this file does not verify. */
      refuses: z.boolean(),
    }),
  ),
});
export type KitCheck = z.infer<typeof kitCheckSchema>;

/** Hashing progress of a kit check, as Verify kit shows it: bytes, rate and time left. */
export const kitCheckProgressSchema = z.object({ path: z.string(), percent: z.number(), text: z.string() });
export type KitCheckProgress = z.infer<typeof kitCheckProgressSchema>;
