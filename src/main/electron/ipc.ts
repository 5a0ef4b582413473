import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNEL_NAMES, type EventChannel, type EventOf } from '../../shared/channels';
import { dispatch, type HandlerTable } from '../app/dispatch';
import { isTrustedUrl } from './security-restrictions';

/**
 * Registers the handler table on Electron IPC. A call is answered only when it comes from the
 * wizard's own window and its own page (checklist 17: validate the sender of every IPC message).
 */
export function registerIpc(handlers: HandlerTable, trustedWindow: () => BrowserWindow | null): void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!comesFromWizardPage(event, trustedWindow())) {
        return { ok: false, error: { message: 'Refused: the call did not come from the wizard window.' } };
      }
      return dispatch(handlers, channel, payload);
    });
  }
}

/**
 * The sender must be the window's top-level frame showing the wizard: a frame inside the page
 * (an iframe, even one of the wizard's own pages) and a frame already gone are refused. A frame is
 * identified by its renderer process and routing id, as Electron's WebFrameMain documents.
 */
function comesFromWizardPage(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame || event.sender !== window.webContents) return false;
  const mainFrame = window.webContents.mainFrame;
  return frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId && isTrustedUrl(frame.url);
}

export function sendEvent<C extends EventChannel>(window: BrowserWindow | null, channel: C, payload: EventOf<C>): void {
  if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
}
