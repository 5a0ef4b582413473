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
      const window = trustedWindow();
      const frameUrl = event.senderFrame?.url ?? '';
      if (!window || event.sender !== window.webContents || !isTrustedUrl(frameUrl)) {
        return { ok: false, error: { message: 'Refused: the call did not come from the wizard window.' } };
      }
      return dispatch(handlers, channel, payload);
    });
  }
}

export function sendEvent<C extends EventChannel>(window: BrowserWindow | null, channel: C, payload: EventOf<C>): void {
  if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
}
