import { z } from 'zod';
import { AppError, ErrorShape } from './errors';

export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorShape }),
]);
export type CallResult = z.infer<typeof CallResult>;

/** Messages a WebSocket client sends. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), method: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('subscribe'), event: z.string() }),
  z.object({ type: z.literal('unsubscribe'), event: z.string() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Messages the WebSocket server sends. */
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: CallResult }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('error'), error: ErrorShape }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const WS_PATH = '/api/ws';

/** Returns the result of a call or throws its typed error. */
export function unwrapResult<T>(result: CallResult): T {
  if (result.ok) return result.result as T;
  throw AppError.from(result.error);
}

export { BRIDGE_KEY, IPC, type PreloadBridge } from './ipc';
