import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWizardWindow } from '../../../../src/main/electron/wizard-window';
import type { StandInBrowserWindow } from '../../support/electron-stand-in';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

describe('the wizard window', () => {
  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
  });

  it('isolates the page, sandboxes it and keeps Node out of it', () => {
    const window = createWizardWindow('/app/preload.js') as unknown as StandInBrowserWindow;
    expect(window.webContents.webPreferences).toEqual({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    });
    expect(window.isVisible()).toBe(false);
  });

  it('closes the developer tools in the packaged app', () => {
    electron.app.isPackaged = true;
    const window = createWizardWindow('/app/preload.js') as unknown as StandInBrowserWindow;
    expect(window.webContents.webPreferences.devTools).toBe(false);
  });
});
