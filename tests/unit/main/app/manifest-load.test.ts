import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifestFile } from '../../../../src/main/app/manifest-load';
import { OperatorError } from '../../../../src/main/engine/errors';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';

describe('loading a site manifest file', () => {
  it('loads the sample and says plainly when there is no file', () => {
    expect(loadManifestFile(SAMPLE_MANIFEST_PATH).siteName).toBeTruthy();
    const absent = join(tempDirectory('manifest'), 'site.json');
    expect(() => loadManifestFile(absent)).toThrow(
      new OperatorError(`The site manifest ${absent} cannot be read: there is no such file`),
    );
  });

  // Windows cannot put a named pipe in a folder. A plain read of one would hold the main process for ever.
  it.skipIf(process.platform === 'win32')('refuses a named pipe at once instead of waiting on it', () => {
    const pipe = join(tempDirectory('manifest-pipe'), 'site.json');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    expect(() => loadManifestFile(pipe)).toThrow(
      `The site manifest ${pipe} cannot be read: ${pipe} is not an ordinary file (a folder, a pipe or a device): it cannot be a site manifest.`,
    );
  });
});
