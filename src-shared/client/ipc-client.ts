import type { ApiClient } from '../api/index';
import type { PreloadBridge } from '../ipc';
import { createClient } from './core';

/** The client inside the Electron window: calls go through the preload bridge. */
export function createIpcClient(bridge: PreloadBridge): ApiClient {
  return createClient({
    invoke: (method, input) => bridge.invoke(method, input),
    listen: (event, deliver) => bridge.subscribe(event, deliver),
  });
}
