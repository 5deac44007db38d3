import type { ApiClient } from '../api/index';
import { AppError, type ErrorShape } from '../errors';
import { ServerMessage, WS_PATH, type CallResult, type ClientMessage } from '../wire';
import { createClient, type Transport } from './core';

export type ConnectionStatus =
  'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'closed';

/** Close codes by which the server says the token was missing or wrong. */
export const AUTH_CLOSE_CODES: readonly number[] = [4401, 4403, 1008];

/** A handler with a method's (bivariant) parameter, so the browser's and `ws`'s event types both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket this client uses: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}
export type WebSocketConstructor = new (url: string) => SocketLike;

export interface WsClientOptions {
  /** Full URL including `?token=` (see `webSocketUrl`). */
  url: string;
  /** Defaults to `globalThis.WebSocket`; in Node pass the `ws` package's `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect after a drop (default true). When false, the first drop or failed attempt closes the client. */
  reconnect?: boolean;
  /** Reconnect delays: starts at `initialMs`, doubles up to `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Gives up on an attempt that has not opened after this long (counts as a failed attempt). */
  openTimeoutMs?: number;
  /** What the user should do when the server refuses the token. */
  unauthorizedHint?: string;
  onStatus?: (status: ConnectionStatus) => void;
}

export interface WsClient extends ApiClient {
  readonly status: ConnectionStatus;
  /**
   * Resolves once connected; rejects with the typed error once the client stops for good
   * ('unauthorized', or 'closed': closed by `close()`, or a failed attempt without `reconnect`).
   */
  ready(): Promise<void>;
  /** Closes the connection for good; pending and later calls fail. */
  close(): void;
}

/** The API socket address of the server at `origin` (e.g. `http://127.0.0.1:4100`), with its token. */
export function webSocketUrl(origin: string, token: string | null): string {
  const url = new URL(WS_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

const OPEN = 1;

interface Pending {
  message: ClientMessage;
  sent: boolean;
  resolve: (result: CallResult) => void;
}

const failure = (error: ErrorShape): CallResult => ({ ok: false, error });

const closedByClient: ErrorShape = {
  code: 'UNAVAILABLE',
  message: 'The connection to the server was closed.',
};

/**
 * Talks to `agent-factory serve` over one WebSocket: calls matched to results by id (queued until
 * the socket is open), subscriptions restored after a reconnect with backoff, pending calls failed
 * with UNAVAILABLE when the connection drops, and a stop at 'unauthorized' when the server refuses
 * the token (close codes in AUTH_CLOSE_CODES).
 */
export function createWsClient(options: WsClientOptions): WsClient {
  const Socket =
    options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Socket) {
    throw new AppError('INTERNAL', 'This runtime has no WebSocket.', {
      hint: 'Pass one as the `WebSocket` option (in Node: the `ws` package).',
    });
  }
  const reconnect = options.reconnect ?? true;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 5000;
  const serverHint = reconnect
    ? 'It reconnects by itself; if it does not, check that `npm run serve` is still running.'
    : 'Check that `agent-factory serve` or the desktop app is running.';
  const unauthorizedError = new AppError(
    'UNAUTHORIZED',
    'The server refused the connection: its access token is missing or wrong.',
    {
      hint:
        options.unauthorizedHint ?? 'Open the URL printed by `npm run serve`, including its token.',
    },
  ).toJSON();

  let status: ConnectionStatus = 'connecting';
  let socket: SocketLike | null = null;
  let everConnected = false;
  let delay = initialMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let openTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let authFailed = false;
  /** Why the client stopped for good; set once status is 'unauthorized' or 'closed'. */
  let ended: ErrorShape | undefined;
  const pending = new Map<number, Pending>();
  const delivers = new Map<string, (payload: unknown) => void>();
  const waiters: { resolve: () => void; reject: (error: AppError) => void }[] = [];

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const send = (message: ClientMessage) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  };

  const failPending = (error: ErrorShape) => {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve(failure(error));
  };

  const end = (next: 'unauthorized' | 'closed', reason: ErrorShape) => {
    ended = reason;
    clearTimeout(retryTimer);
    clearTimeout(openTimer);
    setStatus(next);
    failPending(reason);
    for (const waiter of waiters.splice(0)) waiter.reject(AppError.from(reason));
  };

  const receive = (data: unknown) => {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      console.warn('Ignored a message from the server that is not JSON.');
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('Ignored a malformed message from the server.', parsed.error);
      return;
    }
    const message = parsed.data;
    if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      call.resolve(message.result);
    } else if (message.type === 'event') {
      delivers.get(message.event)?.(message.payload);
    } else if (message.error.code === 'UNAUTHORIZED') {
      authFailed = true;
    } else {
      console.warn(`Server error: ${message.error.message}`);
    }
  };

  /** An attempt failed or an open connection dropped (not by `close()`, not refused). */
  const lost = () => {
    const error = new AppError(
      'UNAVAILABLE',
      everConnected
        ? 'Lost the connection to the Agent Factory server.'
        : 'Could not connect to the Agent Factory server.',
      { hint: serverHint },
    ).toJSON();
    if (!reconnect) return end('closed', error);
    failPending(error);
    setStatus('reconnecting');
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, maxMs);
  };

  const drop = (ws: SocketLike, code: number) => {
    if (socket !== ws) return;
    socket = null;
    clearTimeout(openTimer);
    if (authFailed || AUTH_CLOSE_CODES.includes(code)) end('unauthorized', unauthorizedError);
    else lost();
  };

  const connect = () => {
    retryTimer = undefined;
    let ws: SocketLike;
    try {
      ws = new Socket(options.url);
    } catch (error) {
      console.error('Could not open the WebSocket.', error);
      lost();
      return;
    }
    socket = ws;
    if (options.openTimeoutMs !== undefined) {
      openTimer = setTimeout(() => {
        if (socket !== ws || ws.readyState === OPEN) return;
        drop(ws, 1006);
        ws.close();
      }, options.openTimeoutMs);
    }
    ws.onopen = () => {
      if (socket !== ws) return;
      clearTimeout(openTimer);
      everConnected = true;
      delay = initialMs;
      setStatus('connected');
      for (const waiter of waiters.splice(0)) waiter.resolve();
      for (const event of delivers.keys()) send({ type: 'subscribe', event });
      for (const call of pending.values()) {
        if (!call.sent) {
          call.sent = true;
          send(call.message);
        }
      }
    };
    ws.onmessage = (event) => {
      if (socket === ws) receive(event.data);
    };
    // The close event that follows an error says what happened; without a listener `ws` would throw.
    ws.onerror = () => {};
    ws.onclose = (event) => drop(ws, event.code);
  };

  const transport: Transport = {
    invoke(method, input) {
      if (ended) return Promise.resolve(failure(ended));
      return new Promise<CallResult>((resolve) => {
        const id = nextId++;
        const message: ClientMessage = { type: 'call', id, method, input };
        const open = socket?.readyState === OPEN;
        pending.set(id, { message, sent: open, resolve });
        if (open) send(message);
      });
    },
    listen(event, deliver) {
      delivers.set(event, deliver);
      send({ type: 'subscribe', event });
      return () => {
        if (delivers.get(event) !== deliver) return;
        delivers.delete(event);
        send({ type: 'unsubscribe', event });
      };
    },
  };

  connect();
  const client = createClient(transport);
  return {
    call: client.call,
    subscribe: client.subscribe,
    get status() {
      return status;
    },
    ready() {
      if (status === 'connected') return Promise.resolve();
      if (ended) return Promise.reject(AppError.from(ended));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    close() {
      const ws = socket;
      socket = null;
      end('closed', closedByClient);
      ws?.close(1000, 'client closed');
    },
  };
}
