import type { ApiClient } from '@shared/api/index';
import { createIpcClient } from '@shared/client/ipc-client';
import { createWsClient, webSocketUrl } from '@shared/client/ws-client';
import { BRIDGE_KEY, type PreloadBridge } from '@shared/wire';
import { useConnection } from './connection';
import { takeToken } from './token';

/** The object the Electron preload exposes, or undefined in a plain browser (headless mode). */
export function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as Partial<Record<typeof BRIDGE_KEY, PreloadBridge>>)[BRIDGE_KEY];
}

/** The window's one client: IPC inside Electron (the preload bridge exists), else WebSocket to `serve`. */
export function createApiClient(): ApiClient {
  const bridge = preloadBridge();
  if (bridge) {
    useConnection.setState({ transport: 'ipc', status: 'connected' });
    return createIpcClient(bridge);
  }
  useConnection.setState({ transport: 'websocket', status: 'connecting' });
  return createWsClient({
    url: webSocketUrl(window.location.origin, takeToken()),
    onStatus: (status) => useConnection.setState({ status }),
  });
}
