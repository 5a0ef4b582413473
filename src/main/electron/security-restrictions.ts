import { app, session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../app/renderer-files';

/**
 * Every restriction the wizard's window runs under, in one place. Each rule names the item of
 * Electron's security checklist it follows: https://www.electronjs.org/docs/latest/tutorial/security
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'wizard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const secureWebPreferences = (preload: string): WebPreferences => ({
  preload,
  // Checklist 3: context isolation keeps the page away from the preload's privileges.
  contextIsolation: true,
  // Checklist 4: the renderer runs in Chromium's sandbox.
  sandbox: true,
  // Checklist 2: no Node.js in the page.
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  // Checklist 6: never turn off the same-origin policy.
  webSecurity: true,
  // Checklist 8: no mixed content.
  allowRunningInsecureContent: false,
  // Checklist 9: no experimental Blink features.
  experimentalFeatures: false,
  // Checklist 12: no <webview>.
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  devTools: !app.isPackaged,
});

/**
 * Whether a URL is one of the wizard's own pages. Scheme and host are compared one by one: for a
 * scheme the URL standard does not know, such as app:, Node's `new URL(url).origin` is the string
 * "null", so comparing origins refused the wizard's own window.
 */
export function isTrustedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}

export function applySessionRestrictions(): void {
  const ses = session.defaultSession;
  // Checklist 5: deny every permission request (camera, notifications, geolocation, ...).
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Checklist 7: a content-security policy on every response, not only in the page's meta tag.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export function restrictWebContents(contents: WebContents): void {
  // Checklist 13: the window only ever shows the wizard's own pages.
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  // Checklist 14: no new windows, and so no shell.openExternal of anything the page names.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Checklist 12: refuse <webview> even if one were injected.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
