import type { z } from 'zod';
import { events, methods, type ApiClient, type EventName, type MethodOutput } from '../api/index';
import { AppError } from '../errors';
import { unwrapResult, type CallResult } from '../wire';

/** What a transport provides to the client: raw calls and raw event streams. */
export interface Transport {
  /** Always resolves; failures (including a lost connection) come back as `{ ok: false }`. */
  invoke(method: string, input: unknown): Promise<CallResult>;
  /** Starts delivering one event; called once per event name. Returns a function that stops it. */
  listen(event: string, deliver: (payload: unknown) => void): () => void;
}

type Listener = (payload: unknown) => void;

/**
 * The one `ApiClient` implementation, shared by the IPC and WebSocket transports: unwraps results
 * into typed errors, checks results and event payloads against the contract, and fans one
 * transport subscription out to every listener of an event.
 */
export function createClient(transport: Transport): ApiClient {
  const subscriptions = new Map<EventName, { listeners: Set<Listener>; stop: () => void }>();

  return {
    async call(method, input) {
      let result: CallResult;
      try {
        result = await transport.invoke(method, input);
      } catch (error) {
        throw new AppError('UNAVAILABLE', `Could not reach the app to call ${method}.`, {
          hint: 'Restart the app if this keeps happening.',
          cause: error,
        });
      }
      const raw = unwrapResult<unknown>(result);
      const parsed = (methods[method].output as z.ZodType).safeParse(raw);
      if (!parsed.success) {
        throw new AppError('INTERNAL', `The app received an unexpected result from ${method}.`, {
          hint: 'The client and the server may be different versions: reload the page or restart the app.',
        });
      }
      return parsed.data as MethodOutput<typeof method>;
    },

    subscribe(event, listener) {
      let entry = subscriptions.get(event);
      if (!entry) {
        const listeners = new Set<Listener>();
        const stop = transport.listen(event, (payload) => {
          const parsed = (events[event] as z.ZodType).safeParse(payload);
          if (!parsed.success) {
            console.warn(`Ignored a malformed "${event}" event.`, parsed.error);
            return;
          }
          for (const each of [...listeners]) {
            try {
              each(parsed.data);
            } catch (error) {
              console.error(`A "${event}" listener failed.`, error);
            }
          }
        });
        entry = { listeners, stop };
        subscriptions.set(event, entry);
      }
      const current = entry;
      const own = listener as Listener;
      current.listeners.add(own);
      return () => {
        current.listeners.delete(own);
        if (current.listeners.size === 0 && subscriptions.get(event) === current) {
          subscriptions.delete(event);
          current.stop();
        }
      };
    },
  };
}

/** Any thrown value as a typed error, so the UI shows one kind of message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', message || 'Something went wrong.');
}
