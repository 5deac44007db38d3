import type { CallResult } from './wire';

/** Electron IPC channel names. Only these exist. (No zod here: the sandboxed preload stays tiny.) */
export const IPC = {
  invoke: 'af:invoke',
  subscribe: 'af:subscribe',
  unsubscribe: 'af:unsubscribe',
  event: 'af:event',
} as const;

/** The one object the preload exposes on `window[BRIDGE_KEY]`. */
export const BRIDGE_KEY = 'agentFactory';
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<CallResult>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /**
   * The filesystem path of a file dropped onto or picked in the window (Electron only: a browser
   * never learns paths). Typed structurally so the contract needs no DOM types.
   */
  pathForFile?(file: object): string;
}
