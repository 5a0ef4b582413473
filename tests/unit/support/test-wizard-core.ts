import { createWizardCore, type WizardCore, type WizardCoreOptions } from '../../../src/main/app/wizard-core';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from './harness';
import { memoryKeychain } from './memory-keychain';

/** The wizard's real core on the sample drill site, in a fresh data folder, fast, with a keychain in memory. */
export function testWizardCore(
  host: WizardCoreOptions['host'],
  options: Partial<Pick<WizardCoreOptions, 'dataDirectory' | 'emit' | 'realHost' | 'keychain'>> = {},
): WizardCore {
  return createWizardCore({
    host,
    version: 'test',
    dataDirectory: options.dataDirectory ?? tempDirectory(`${host}-core`),
    drillManifestPath: SAMPLE_MANIFEST_PATH,
    drillSpeed: 1000,
    keychain: options.keychain ?? (() => memoryKeychain()),
    emit: options.emit ?? (() => undefined),
    realHost: options.realHost,
  });
}
