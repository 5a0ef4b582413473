import { app, BrowserWindow } from 'electron';

/**
 * The wizard's one window. Its web preferences are written out in the `new BrowserWindow` call
 * itself, where Electronegativity reads them; each names the item of Electron's security
 * checklist it follows: https://www.electronjs.org/docs/latest/tutorial/security
 */
export function createWizardWindow(preload: string): BrowserWindow {
  return new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'System Center Recovery Wizard',
    show: false,
    webPreferences: {
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
    },
  });
}
