import type { ApiClient } from '@shared/api/index';
import { BRIDGE_KEY, WS_PATH, type PreloadBridge } from '@shared/wire';
import { useConnection } from './connection';
import { createIpcClient } from './ipc-client';
import { takeToken, webSocketUrl } from './token';
import { createWsClient } from './ws-client';

/** The window's one client: IPC inside Electron (the preload bridge exists), else WebSocket to `serve`. */
export function createApiClient(): ApiClient {
  const bridge = (window as unknown as Partial<Record<typeof BRIDGE_KEY, PreloadBridge>>)[
    BRIDGE_KEY
  ];
  if (bridge) {
    useConnection.setState({ transport: 'ipc', status: 'connected' });
    return createIpcClient(bridge);
  }
  useConnection.setState({ transport: 'websocket', status: 'connecting' });
  return createWsClient({
    url: webSocketUrl(window.location, WS_PATH, takeToken()),
    onStatus: (status) => useConnection.setState({ status }),
  });
}
