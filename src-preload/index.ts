import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_KEY, IPC, type PreloadBridge } from '@shared/ipc';
import type { CallResult } from '@shared/wire';

/**
 * The whole preload: one object on `window.agentFactory` with two functions. Method and event
 * names and payloads are validated in main against the contract; nothing of Node or Electron leaks.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge: PreloadBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC.invoke, method, input) as Promise<CallResult>,
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) {
      listeners.set(event, (set = new Set()));
      ipcRenderer.send(IPC.subscribe, event);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(event);
        ipcRenderer.send(IPC.unsubscribe, event);
      }
    };
  },
  // Lets drag-and-drop ingestion hand the engine real paths (File.path is gone since Electron 32).
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
