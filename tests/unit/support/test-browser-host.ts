import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../../src/main/browser-host/server';
import { tempDirectory } from './harness';
import { testWizardCore } from './test-wizard-core';

/** The browser host over a renderer folder holding these files (relative path → text), with a test wizard's handlers. */
export function testBrowserHost(files: Record<string, string>): Promise<BrowserHost> {
  const renderer = tempDirectory('renderer');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(renderer, path)), { recursive: true });
    writeFileSync(join(renderer, path), text);
  }
  return startBrowserHost({ rendererDirectory: renderer, handlers: testWizardCore('browser').handlers });
}
