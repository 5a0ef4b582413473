import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpc, sendEvent } from '../../../src/main/electron/ipc';
import { createWizardWindow } from '../../../src/main/electron/wizard-window';
import { API_GLOBAL_NAME, type WizardApi } from '../../../src/shared/api';
import { testWizardCore } from '../support/test-wizard-core';
import type { StandInBrowserWindow } from '../support/electron-stand-in';

const { electron } = await vi.hoisted(() => import('../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

describe('the preload', () => {
  let window: StandInBrowserWindow;
  let trusted: StandInBrowserWindow | null;
  let api: WizardApi;

  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
    electron.protocol.handle('app', () => new Response('<!doctype html>'));
    window = createWizardWindow('preload.js') as never;
    await window.loadURL('app://wizard/index.html');
    trusted = window;
    const core = testWizardCore('electron');
    registerIpc(core.handlers, () => trusted as never);
    electron.preloadTarget = window.webContents;
    vi.resetModules();
    await import('../../../src/preload/index');
    api = window.webContents.mainWorld[API_GLOBAL_NAME] as WizardApi;
  });

  it('gives the page the wizard API and nothing else: no ipcRenderer, no Node', () => {
    expect(Object.keys(window.webContents.mainWorld)).toEqual([API_GLOBAL_NAME]);
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
  });

  it('carries a call to the main process and its answer back', async () => {
    await expect(api.call('app:info')).resolves.toMatchObject({ host: 'electron', realModeAvailable: false });
  });

  it('turns a refusal into an error the page shows', async () => {
    trusted = null;
    const failure = await api.call('app:info').catch((error: unknown) => error);
    // The preload was loaded afresh, with its own copy of the error class: compared by name.
    expect(failure).toMatchObject({
      name: 'WizardCallError',
      message: 'Refused: the call did not come from the wizard window.',
    });
  });

  it('delivers events until the page stops listening', () => {
    const received: unknown[] = [];
    const stop = api.on('run:event', (event) => received.push(event));
    const event = { kind: 'log', runId: 'r1', stepId: 's', line: 'one' } as never;
    sendEvent(window as never, 'run:event', event);
    stop();
    sendEvent(window as never, 'run:event', event);
    expect(received).toEqual([event]);
    expect(window.webContents.rendererListeners.get('run:event')?.size).toBe(0);
  });
});
