import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DrillSiteState } from '../../shared/drill-contract';
import { manifestSchema, type SiteManifest } from '../../shared/manifest';
import { buildInitialState } from '../host/drill/initial-state';
import type { DrillKit, DrillKitFile } from '../host/drill/kit-folder';
import { replaceFileContents } from '../host/replace-file';
import { kitFileSchema } from '../knowledge/recovery-kit/kit-index';

/**
 * What the drill site is built from: the shipped sample site, or a recovery kit's manifest and
 * files. A kit is read once and its facts kept in the drill folder, so resetting a kit drill
 * needs neither the stick nor reading gigabytes again.
 */

/** Where a kit drill keeps the kit when the kit's manifest names no share for it. */
export const DRILL_KIT_SHARE = '\\\\DRILLKIT\\RecoveryKit';

const kitRecordSchema = z.object({
  folder: z.string(),
  manifest: manifestSchema,
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number(),
      modified: z.string(),
      sha256: z.string(),
      checksumFrom: z.enum(['kit-index', 'checksum-list', 'read']),
      content: z.string().optional(),
      indexed: kitFileSchema.optional(),
    }),
  ),
});
type KitRecord = z.infer<typeof kitRecordSchema>;

export interface DrillSource {
  /** Writes the drill's own copy of the manifest from the source; the drill may change its copy. */
  copyManifest(): void;
  /** The site a fresh drill starts from: the kit's files on its share, or undefined for the healthy sample site. */
  initialState(manifest: SiteManifest): DrillSiteState | undefined;
  /** What the start page names as the manifest's source. */
  label(): string;
  useKit(kit: DrillKit): void;
  useSample(): void;
}

export function drillSource(options: {
  drillFolder: string;
  sampleManifestPath: string;
  statePath: string;
}): DrillSource {
  const manifestCopy = join(options.drillFolder, 'site-manifest.json');
  const kitPath = join(options.drillFolder, 'kit.json');

  const kit = (): KitRecord | null => {
    if (!existsSync(kitPath)) return null;
    const parsed = kitRecordSchema.safeParse(JSON.parse(readFileSync(kitPath, 'utf8')));
    return parsed.success ? parsed.data : null;
  };
  const copyManifest = () => {
    mkdirSync(options.drillFolder, { recursive: true });
    const record = kit();
    if (record) replaceFileContents(manifestCopy, `${JSON.stringify(record.manifest, null, 2)}\n`);
    else copyFileSync(options.sampleManifestPath, manifestCopy);
  };
  // A new source starts from its own beginning, not from the site the previous one left.
  const startAfresh = () => {
    rmSync(options.statePath, { force: true });
    copyManifest();
  };

  return {
    copyManifest,
    initialState(manifest) {
      const record = kit();
      return record ? buildInitialState(manifest, undefined, record.files satisfies DrillKitFile[]) : undefined;
    },
    label() {
      const record = kit();
      return record
        ? `${join(record.folder, 'site.json')} (simulated from the recovery kit)`
        : `${options.sampleManifestPath} (simulated)`;
    },
    useKit(read) {
      const share = read.manifest.recoveryKitPath?.startsWith('\\\\') ? read.manifest.recoveryKitPath : DRILL_KIT_SHARE;
      const record: KitRecord = {
        folder: read.folder,
        manifest: { ...read.manifest, recoveryKitPath: share },
        files: read.files,
      };
      mkdirSync(options.drillFolder, { recursive: true });
      replaceFileContents(kitPath, JSON.stringify(record));
      startAfresh();
    },
    useSample() {
      rmSync(kitPath, { force: true });
      startAfresh();
    },
  };
}
