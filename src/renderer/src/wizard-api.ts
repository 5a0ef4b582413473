import { API_GLOBAL_NAME, createWizardApi, type WizardApi } from '../../shared/api';
import { createHttpTransport } from './bridge/http-transport';
import { takeTokenFromAddress } from './bridge/page-token';

declare global {
  interface Window {
    [API_GLOBAL_NAME]?: WizardApi;
  }
}

/**
 * Electron's preload puts the API on window; in the browser host there is no preload, so the
 * same factory is fed an HTTP transport with the token taken from the address bar.
 */
function resolveApi(): WizardApi {
  const fromPreload = window[API_GLOBAL_NAME];
  if (fromPreload) return fromPreload;
  const token = takeTokenFromAddress(window.location, window.history);
  return createWizardApi(createHttpTransport({ token, origin: window.location.origin }));
}

export const wizardApi: WizardApi = resolveApi();
