import { join } from 'node:path';
import { HostError } from '../../knowledge/failures';
import { kitPathEscape } from '../../knowledge/recovery-kit/kit-path';

/**
 * A kit path (backslashes, as the kit index keeps it) as this computer spells it. The index
 * refuses paths that leave the kit; this refuses them again where a file is opened, whatever the
 * path came from (a listing of the folder too, whose odd names it lets through).
 */
export function kitFileOnDisk(folder: string, kitPath: string): string {
  const problem = kitPathEscape(kitPath);
  if (problem !== null) {
    throw new HostError('unsupported', `${kitPath} is not a file of the kit in ${folder}: ${problem}.`);
  }
  return join(folder, ...kitPath.split('\\'));
}

/**
 * A name found in a kit's folder, which becomes part of a kit path. Only a system other than
 * Windows lets a name hold a backslash, and the kit path would then name another file.
 */
export function kitEntryName(folder: string, name: string): string {
  if (name.includes('\\')) {
    throw new HostError(
      'unsupported',
      `${folder} holds a file or folder named "${name}": a Windows file name cannot hold a backslash, so this is not a recovery kit.`,
    );
  }
  return name;
}
