import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpc, sendEvent } from '../../../../src/main/electron/ipc';
import { INVOKE_CHANNEL_NAMES } from '../../../../src/shared/channels';
import { testWizardCore } from '../../support/test-wizard-core';
import type { StandInBrowserWindow } from '../../support/electron-stand-in';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

const REFUSED = { ok: false, error: { message: 'Refused: the call did not come from the wizard window.' } };

describe('IPC from the wizard window', () => {
  let window: StandInBrowserWindow;
  let trusted: StandInBrowserWindow | null;

  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
    electron.protocol.handle('app', () => new Response('<!doctype html>'));
    window = new electron.BrowserWindow();
    await window.loadURL('app://wizard/index.html');
    trusted = window;
    registerIpc(testWizardCore('electron').handlers, () => trusted as never);
  });

  it('registers every wizard call, and nothing else', () => {
    expect(electron.ipcMain.channels().sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort());
  });

  it('answers the wizard’s own page in its own window', async () => {
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
  });

  it('answers after the page moved within the wizard', async () => {
    await window.webContents.navigateFromPage('app://wizard/index.html#/run/1');
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toMatchObject({ ok: true });
  });

  it('validates the payload of an answered call, as for the browser host', async () => {
    const reply = await window.webContents.invoke('run:get', [{ runId: 42 }]);
    expect(reply).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Refused: the request for run:get/) },
    });
  });

  it('refuses the same page in another window', async () => {
    const other = new electron.BrowserWindow();
    await other.loadURL('app://wizard/index.html');
    await expect(other.webContents.invoke('app:info', [undefined])).resolves.toEqual(REFUSED);
  });

  it('refuses a frame inside the page, even one showing the wizard', async () => {
    const frame = window.webContents.mainFrame.addChild('app://wizard/index.html');
    await expect(window.webContents.invoke('app:info', [undefined], frame)).resolves.toEqual(REFUSED);
  });

  it('refuses the window once it shows another address or another app:// host', async () => {
    for (const url of ['https://example.com/', 'app://other-host/index.html']) {
      await window.loadURL(url);
      await expect(window.webContents.invoke('app:info', [undefined]), url).resolves.toEqual(REFUSED);
    }
  });

  it('refuses a call whose frame is already gone', async () => {
    window.webContents.detach(window.webContents.mainFrame);
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toEqual(REFUSED);
  });

  it('refuses every call while there is no wizard window, or after it closed', async () => {
    trusted = null;
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toEqual(REFUSED);
    trusted = window;
    window.close();
    await expect(window.webContents.invoke('app:info', [undefined])).resolves.toEqual(REFUSED);
  });
});

describe('events to the wizard window', () => {
  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
  });

  it('reach the page’s listeners, and nothing is sent to a closed window or to none', () => {
    const window = new electron.BrowserWindow();
    const received: unknown[] = [];
    window.webContents.rendererListeners.set('run:event', new Set([(_event, payload) => received.push(payload)]));
    const event = { kind: 'log', runId: 'r1', stepId: 's', line: 'hello' } as never;
    sendEvent(window as never, 'run:event', event);
    expect(received).toEqual([event]);
    window.close();
    expect(() => sendEvent(window as never, 'run:event', event)).not.toThrow();
    expect(() => sendEvent(null, 'run:event', event)).not.toThrow();
    expect(received).toHaveLength(1);
  });
});
