import { session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../app/renderer-files';

/**
 * The restrictions on what the wizard's window may load, open and ask for (its web preferences
 * are in wizard-window.ts). Each rule names the item of Electron's security checklist it follows:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'wizard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

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
