import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL_NAME, createWizardApi } from '../shared/api';
import type { Envelope } from '../shared/channels';

/** Exposes the typed wizard API and nothing else: no ipcRenderer, no Node. */
const api = createWizardApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Envelope<unknown>>,
  subscribe: (channel, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  },
});

contextBridge.exposeInMainWorld(API_GLOBAL_NAME, api);
