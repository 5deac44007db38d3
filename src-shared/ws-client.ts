import type { ApiClient, EventName, EventPayload, MethodName, MethodInput, MethodOutput } from './api/index';
import { AppError } from './errors';
import { ServerMessage, unwrapResult, WS_PATH, type ClientMessage } from './wire';

/** The part of the WebSocket API this client needs: the browser's, or the `ws` package's in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface WsClientOptions {
  /** Base address of the server, e.g. http://127.0.0.1:4100 */
  baseUrl: string;
  token: string;
  createSocket: WebSocketFactory;
  /** Reconnect after a drop (default true), with backoff up to maxBackoffMs. */
  reconnect?: boolean;
  maxBackoffMs?: number;
  onStatus?: (status: ConnectionStatus, detail?: string) => void;
}

export interface WsApiClient extends ApiClient {
  readonly status: ConnectionStatus;
  /** Resolves once connected (rejects if the first connection fails and reconnect is off). */
  ready(): Promise<void>;
  close(): void;
}

const OPEN = 1;

export function wsUrl(baseUrl: string, token: string): string {
  const u = new URL(WS_PATH, baseUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.searchParams.set('token', token);
  return u.toString();
}

/**
 * The contract over one WebSocket: calls matched to answers by id, event subscriptions that are
 * restored after a reconnect, pending calls rejected with UNAVAILABLE when the connection drops.
 */
export function createWsClient(options: WsClientOptions): WsApiClient {
  const url = wsUrl(options.baseUrl, options.token);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: ClientMessage[] = [];
  let nextId = 1;
  let socket: WebSocketLike | undefined;
  let status: ConnectionStatus = 'connecting';
  let closed = false;
  let attempt = 0;
  let readyWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  const setStatus = (next: ConnectionStatus, detail?: string) => {
    status = next;
    options.onStatus?.(next, detail);
  };

  const sendNow = (message: ClientMessage) => {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
    else queue.push(message);
  };

  const connect = () => {
    const ws = options.createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('connected');
      for (const event of listeners.keys()) ws.send(JSON.stringify({ type: 'subscribe', event }));
      for (const message of queue.splice(0)) ws.send(JSON.stringify(message));
      for (const waiter of readyWaiters.splice(0)) waiter.resolve();
    };
    ws.onmessage = (ev) => {
      let parsed;
      try {
        parsed = ServerMessage.safeParse(JSON.parse(String(ev.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'result') {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (!call) return;
        try {
          call.resolve(unwrapResult(message.result));
        } catch (error) {
          call.reject(error);
        }
      } else if (message.type === 'event') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    };
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      socket = undefined;
      const error = new AppError('UNAVAILABLE', 'Lost the connection to Agent Factory.', {
        hint: 'Check that `agent-factory serve` is still running.',
      });
      for (const call of pending.values()) call.reject(error);
      pending.clear();
      queue.length = 0;
      if (closed || options.reconnect === false) {
        setStatus('closed', ev.reason);
        for (const waiter of readyWaiters.splice(0)) waiter.reject(error);
        return;
      }
      setStatus('reconnecting', ev.reason);
      const delay = Math.min(options.maxBackoffMs ?? 5000, 200 * 2 ** attempt++);
      setTimeout(() => !closed && connect(), delay);
    };
  };
  connect();

  return {
    get status() {
      return status;
    },
    ready() {
      if (status === 'connected') return Promise.resolve();
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      if (closed) return Promise.reject(new AppError('UNAVAILABLE', 'The client is closed.'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        sendNow({ type: 'call', id, method, input });
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        sendNow({ type: 'subscribe', event });
      }
      const fn = listener as (payload: unknown) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
        if (set.size === 0) {
          listeners.delete(event);
          sendNow({ type: 'unsubscribe', event });
        }
      };
    },
    close() {
      closed = true;
      socket?.close(1000, 'client closed');
    },
  };
}
