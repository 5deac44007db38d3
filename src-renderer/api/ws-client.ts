/** The WebSocket client is @shared/client/ws-client; the renderer only needs its status type here. */
export type { ConnectionStatus } from '@shared/client/ws-client';
