import { parseManifest, type SiteManifest } from '../../shared/manifest';
import { OperatorError } from '../engine/errors';
import { readRegularFileSync } from '../host/regular-file';

// Far above any site's manifest: a few servers and databases take a few kilobytes.
const MAX_MANIFEST_BYTES = 4 * 1024 ** 2;

export function loadManifestFile(path: string): SiteManifest {
  let bytes: Buffer | null;
  try {
    bytes = readRegularFileSync(path, MAX_MANIFEST_BYTES, 'a site manifest');
  } catch (error) {
    throw new OperatorError(`The site manifest ${path} cannot be read: ${(error as Error).message}`);
  }
  if (bytes === null) throw new OperatorError(`The site manifest ${path} cannot be read: there is no such file`);
  const text = bytes.toString('utf8');
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new OperatorError(`The site manifest ${path} is not valid: ${parsed.errors.join('; ')}`);
  return parsed.manifest;
}
