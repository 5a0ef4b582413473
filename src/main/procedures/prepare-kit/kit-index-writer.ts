import type { FlowContext } from '../../engine/flow-types';
import { KIT_INDEX_FILE, kitIndexSchema, type KitIndex } from '../../knowledge/recovery-kit/kit-index';
import { joinWindowsPath } from '../../knowledge/windows/paths';

/**
 * Writes the kit index, `kit-index.json` at the kit's root, in the format of
 * knowledge/recovery-kit/kit-index.ts. The one place this procedure writes it, so that the kit
 * index writer of the kit's own module can take its place. The host writes it to a temporary
 * name and renames it, so an interruption never leaves an index that claims half the kit.
 */
export async function writeKitIndex(ctx: FlowContext, kitFolder: string, index: KitIndex): Promise<string> {
  const path = joinWindowsPath(kitFolder, KIT_INDEX_FILE);
  const checked = kitIndexSchema.parse(index);
  await ctx.host.files.writeText(await ctx.host.system.computerName(), path, `${JSON.stringify(checked, null, 2)}\n`);
  return path;
}
