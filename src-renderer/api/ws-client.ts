import type { ApiClient } from '@shared/api/index';
import { AppError, type ErrorShape } from '@shared/errors';
import { ServerMessage, type CallResult, type ClientMessage } from '@shared/wire';
import { createClient, type Transport } from './core';

export type ConnectionStatus =
  'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'closed';

/** Close codes by which the server says the token was missing or wrong. */
export const AUTH_CLOSE_CODES: readonly number[] = [4401, 4403, 1008];

export interface WsClientOptions {
  /** Full URL including `?token=`. */
  url: string;
  /** Defaults to the page's WebSocket. */
  WebSocket?: typeof WebSocket;
  /** Reconnect delays: starts at `initialMs`, doubles up to `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  onStatus?: (status: ConnectionStatus) => void;
}

export interface WsClient extends ApiClient {
  readonly status: ConnectionStatus;
  /** Closes the connection for good; pending and later calls fail. */
  close(): void;
}

const OPEN = 1;

interface Pending {
  message: ClientMessage;
  sent: boolean;
  resolve: (result: CallResult) => void;
}

const failure = (error: ErrorShape): CallResult => ({ ok: false, error });

const unauthorizedError = new AppError(
  'UNAUTHORIZED',
  'The server refused this page: its access token is missing or wrong.',
  {
    hint: 'Open the URL printed by `npm run serve`, including its token.',
  },
).toJSON();

/** Talks to `agent-factory serve` over one WebSocket, reconnecting with backoff and re-subscribing. */
export function createWsClient(options: WsClientOptions): WsClient {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 5000;

  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let delay = initialMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let authFailed = false;
  const pending = new Map<number, Pending>();
  const delivers = new Map<string, (payload: unknown) => void>();

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const send = (message: ClientMessage) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
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

  const failPending = (error: ErrorShape) => {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve(failure(error));
  };

  const retry = () => {
    setStatus('reconnecting');
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, maxMs);
  };

  const connect = () => {
    timer = undefined;
    let ws: WebSocket;
    try {
      ws = new Socket(options.url);
    } catch (error) {
      console.error('Could not open the WebSocket.', error);
      retry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      delay = initialMs;
      setStatus('connected');
      for (const event of delivers.keys()) send({ type: 'subscribe', event });
      for (const call of pending.values()) {
        if (!call.sent) {
          call.sent = true;
          send(call.message);
        }
      }
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) receive(event.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      if (status === 'closed') return;
      if (authFailed || AUTH_CLOSE_CODES.includes(event.code)) {
        setStatus('unauthorized');
        failPending(unauthorizedError);
        return;
      }
      failPending(
        new AppError('UNAVAILABLE', 'Lost the connection to the Agent Factory server.', {
          hint: 'It reconnects by itself; if it does not, check that `npm run serve` is still running.',
        }).toJSON(),
      );
      retry();
    };
  };

  const transport: Transport = {
    invoke(method, input) {
      if (status === 'unauthorized') return Promise.resolve(failure(unauthorizedError));
      if (status === 'closed') {
        return Promise.resolve(
          failure({ code: 'UNAVAILABLE', message: 'The connection to the server was closed.' }),
        );
      }
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
    close() {
      setStatus('closed');
      clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'client closed');
      failPending({ code: 'UNAVAILABLE', message: 'The connection to the server was closed.' });
    },
  };
}
