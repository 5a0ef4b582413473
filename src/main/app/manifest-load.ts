import { readFileSync } from 'node:fs';
import { parseManifest, type SiteManifest } from '../../shared/manifest';
import { OperatorError } from '../engine/errors';

export function loadManifestFile(path: string): SiteManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OperatorError(`The site manifest ${path} cannot be read: ${(error as Error).message}`);
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new OperatorError(`The site manifest ${path} is not valid: ${parsed.errors.join('; ')}`);
  return parsed.manifest;
}
