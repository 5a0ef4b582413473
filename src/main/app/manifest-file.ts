import { readFileSync } from 'node:fs';
import type { ManifestServer, SiteManifest } from '../../shared/manifest';
import { withPromotedPrimary } from '../../shared/manifest-promotion';
import type { ManifestStore } from '../engine/flow-types';
import { replaceFileContents } from '../host/replace-file';
import { loadManifestFile } from './manifest-load';

/**
 * The site manifest as a file the wizard may change: when Setup adds a management server, the
 * recovery kit must know it for the next outage. The previous file is kept beside it.
 */
export function manifestFileStore(path: string, onChange: (manifest: SiteManifest) => void): ManifestStore {
  const change = (update: (manifest: SiteManifest) => SiteManifest): void => {
    const manifest = update(loadManifestFile(path));
    replaceFileContents(`${path}.previous`, readFileSync(path));
    replaceFileContents(path, `${JSON.stringify(manifest, null, 2)}\n`);
    onChange(manifest);
  };
  return {
    async recordServer(server: ManifestServer) {
      change((manifest) => {
        const existing = manifest.servers.find(
          (candidate) => candidate.netbiosName.toUpperCase() === server.netbiosName.toUpperCase(),
        );
        if (existing) {
          existing.roles = [...new Set([...existing.roles, ...server.roles])];
        } else {
          manifest.servers.push(server);
        }
        return manifest;
      });
    },
    async recordPrimary(netbiosName: string) {
      change((manifest) => withPromotedPrimary(manifest, netbiosName));
    },
  };
}
