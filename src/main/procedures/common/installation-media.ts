import type { FlowContext } from '../../engine/flow-types';
import { joinWindowsPath } from '../../knowledge/windows/paths';

/**
 * Where the Service Manager media usually is on a rebuilt server: a DVD drive or a mounted ISO
 * takes the first free letters after the system drive.
 */
const MEDIA_ROOTS = ['D:\\', 'E:\\', 'F:\\', 'G:\\', 'H:\\'];

/**
 * The first drive of this computer whose root holds `relativePath` (Setup.exe, or
 * SecureStorageBackup.exe under Tools), as the media page's default; empty when none does, and
 * the operator types it as before. The check before the run still reads the path chosen.
 */
export async function installationMediaDefault(ctx: FlowContext, relativePath: string): Promise<string> {
  const here = await ctx.host.system.computerName();
  const found = await Promise.all(
    MEDIA_ROOTS.map((root) => ctx.host.files.exists(here, joinWindowsPath(root, relativePath)).catch(() => false)),
  );
  return MEDIA_ROOTS[found.indexOf(true)] ?? '';
}
