import { API_GLOBAL_NAME, createWizardApi, type WizardApi } from '../../shared/api';
import { createHttpTransport } from './bridge/http-transport';
import { takeTokenFromAddress } from './bridge/page-token';
import { answeringFirstCalls, takeStartAnswers } from './bridge/start-answers';

declare global {
  interface Window {
    [API_GLOBAL_NAME]?: WizardApi;
  }
}

/**
 * Electron's preload puts the API on window; in the browser host there is no preload, so the
 * same factory is fed an HTTP transport with the token taken from the address bar. Either way the
 * first calls are answered from what the host wrote into the page, when it did.
 */
function resolveApi(): WizardApi {
  const fromPreload = window[API_GLOBAL_NAME];
  const api =
    fromPreload ??
    createWizardApi(
      createHttpTransport({
        token: takeTokenFromAddress(window.location, window.history),
        origin: window.location.origin,
      }),
    );
  return answeringFirstCalls(api, takeStartAnswers(document));
}

export const wizardApi: WizardApi = resolveApi();
