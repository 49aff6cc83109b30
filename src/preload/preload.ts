/**
 * The preload: exposes exactly the contract's API (src/shared/ipc.ts makeApi) on
 * `window.altdeck`, over ipcRenderer. Nothing else crosses the bridge: no ipcRenderer,
 * no Node. Sandboxed, so it is bundled into one file by scripts/build.mjs.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { makeApi, type Transport } from '../shared/ipc';

const transport: Transport = {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(channel, listener) {
    // Wrap so the page never sees the IpcRendererEvent (it carries `sender`).
    const wrapped = (_e: IpcRendererEvent, data: unknown) => listener(data);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  getPathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('altdeck', makeApi(transport));
