import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Agent } from '../entities/agent';
import { AppError } from '../errors';
import { ClientMessage, WS_PATH, type CallResult, type ServerMessage } from '../wire';
import {
  createWsClient,
  webSocketUrl,
  type ConnectionStatus,
  type WsClient,
  type WsClientOptions,
} from './ws-client';

type CallHandler = (method: string, input: unknown) => CallResult | 'hold';

/**
 * A protocol test server: a real `ws` server on 127.0.0.1 that speaks the contract's
 * ClientMessage/ServerMessage protocol and lets a test drop or refuse connections. (The real
 * server lives in src-main, which the contract may not import; tests/e2e run the client against it.)
 */
class ProtocolServer {
  readonly received: ClientMessage[] = [];
  readonly tokens: (string | null)[] = [];
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    public handle: CallHandler,
  ) {
    wss.on('connection', (socket, request) => {
      this.tokens.push(new URL(request.url ?? '/', 'http://x').searchParams.get('token'));
      this.subscriptions.set(socket, new Set());
      socket.on('close', () => {
        this.subscriptions.delete(socket);
        this.notify();
      });
      socket.on('message', (data) => this.onMessage(socket, String(data)));
      this.notify();
    });
  }

  static start(handle: CallHandler): Promise<ProtocolServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      wss.once('error', reject);
      wss.once('listening', () => resolve(new ProtocolServer(wss, handle)));
    });
  }

  get origin(): string {
    const address = this.wss.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    return `http://127.0.0.1:${address.port}`;
  }

  get connectionCount(): number {
    return this.subscriptions.size;
  }

  subscribers(event: string): number {
    return [...this.subscriptions.values()].filter((set) => set.has(event)).length;
  }

  /** Resolves once `condition` holds, re-checked on every message and connection change. */
  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (condition() ? resolve() : this.waiters.push(check));
      check();
    });
  }

  /** Sends an event to every connection that subscribed to it. */
  push(event: string, payload: unknown): void {
    const message: ServerMessage = { type: 'event', event, payload };
    for (const [socket, events] of this.subscriptions)
      if (events.has(event)) socket.send(JSON.stringify(message));
  }

  /** Sends raw text to every connection. */
  broadcastRaw(text: string): void {
    for (const socket of this.subscriptions.keys()) socket.send(text);
  }

  /** Drops every connection abruptly, as a crashed or restarted server would. */
  dropAll(): void {
    for (const socket of this.subscriptions.keys()) socket.terminate();
  }

  closeAll(code: number, reason: string): void {
    for (const socket of this.subscriptions.keys()) socket.close(code, reason);
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private onMessage(socket: WebSocket, text: string): void {
    const message = ClientMessage.parse(JSON.parse(text));
    this.received.push(message);
    if (message.type === 'subscribe') this.subscriptions.get(socket)?.add(message.event);
    else if (message.type === 'unsubscribe') this.subscriptions.get(socket)?.delete(message.event);
    else {
      const result = this.handle(message.method, message.input);
      if (result !== 'hold') {
        const reply: ServerMessage = { type: 'result', id: message.id, result };
        socket.send(JSON.stringify(reply));
      }
    }
    this.notify();
  }
}

const agent: Agent = {
  id: 'a1',
  name: 'Researcher',
  description: '',
  systemPrompt: '',
  model: { provider: 'ollama', model: 'llama3.2' },
  temperature: 0.7,
  tags: [],
  tools: [],
  knowledgeBaseIds: [],
  toolPolicies: {},
  knowledge: { mode: 'tool', k: 5, minScore: 0 },
  delegateIds: [],
  memory: { enabled: true, budgetTokens: 3000 },
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const defaultHandler: CallHandler = (method) => {
  if (method === 'agents.list') return { ok: true, result: [agent] };
  if (method === 'agents.get') {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No agent with id "zz".', hint: 'Reload the list.' },
    };
  }
  return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` } };
};

let server: ProtocolServer;
let client: WsClient | undefined;
let statuses: ConnectionStatus[];

beforeAll(async () => {
  server = await ProtocolServer.start(defaultHandler);
});
afterEach(() => {
  client?.close();
  client = undefined;
  server.handle = defaultHandler;
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

function connect(token = 'secret-token', options: Partial<WsClientOptions> = {}): WsClient {
  statuses = [];
  client = createWsClient({
    url: webSocketUrl(server.origin, token),
    WebSocket,
    backoff: { initialMs: 10, maxMs: 50 },
    onStatus: (status) => statuses.push(status),
    ...options,
  });
  return client;
}

describe('WebSocket client', () => {
  it('calls a method and returns the checked result, sending the token', async () => {
    const api = connect('tok-123');
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
    expect(server.tokens.at(-1)).toBe('tok-123');
    expect(api.status).toBe('connected');
  });

  it('throws a typed AppError when the call fails', async () => {
    const api = connect();
    const error = await api.call('agents.get', { id: 'zz' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No agent with id "zz".',
      hint: 'Reload the list.',
    });
  });

  it('rejects a result that does not match the contract', async () => {
    server.handle = () => ({ ok: true, result: [{ id: 1 }] });
    await expect(connect().call('agents.list', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('ignores malformed server messages and keeps working', async () => {
    const api = connect();
    await api.call('agents.list', {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    server.broadcastRaw('not json');
    server.broadcastRaw(JSON.stringify({ type: 'result', id: 'x' }));
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('delivers subscribed events and unsubscribes when the last listener leaves', async () => {
    const api = connect();
    const seen: unknown[] = [];
    const stop = api.subscribe('agents.changed', (payload) => seen.push(payload));
    await server.until(() => server.subscribers('agents.changed') === 1);
    server.push('agents.changed', { kind: 'deleted', id: 'a1' });
    await vi.waitFor(() => expect(seen).toEqual([{ kind: 'deleted', id: 'a1' }]));

    stop();
    await server.until(() => server.subscribers('agents.changed') === 0);
    expect(server.received.at(-1)).toEqual({ type: 'unsubscribe', event: 'agents.changed' });
  });

  it('reconnects after the server drops the connection and subscribes again', async () => {
    const api = connect();
    const seen: unknown[] = [];
    api.subscribe('agents.changed', (payload) => seen.push(payload));
    await server.until(() => server.subscribers('agents.changed') === 1);

    const connections = server.tokens.length;
    server.dropAll();
    await server.until(
      () => server.tokens.length > connections && server.subscribers('agents.changed') === 1,
    );
    await api.ready();
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);

    server.push('agents.changed', { kind: 'upserted', agent });
    await vi.waitFor(() => expect(seen).toEqual([{ kind: 'upserted', agent }]));
    await expect(api.call('agents.list', {})).resolves.toEqual([agent]);
  });

  it('rejects pending calls with UNAVAILABLE when the connection drops', async () => {
    const api = connect();
    await api.call('agents.list', {});
    server.handle = () => 'hold';
    const pending = api.call('agents.list', {});
    await server.until(() => server.received.some((m) => m.type === 'call' && m.id === 2));
    server.dropAll();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
  });

  it('stops at "unauthorized" when the server closes with 4401', async () => {
    server.handle = () => 'hold';
    const api = connect('wrong');
    const pending = api.call('agents.list', {});
    await server.until(
      () => server.connectionCount === 1 && server.received.some((m) => m.type === 'call'),
    );
    const connections = server.tokens.length;
    server.closeAll(4401, 'unauthorized');
    await expect(pending).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(api.status).toBe('unauthorized');
    await expect(api.ready()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(api.call('agents.list', {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      hint: 'Open the URL printed by `npm run serve`, including its token.',
    });
    expect(server.tokens.length).toBe(connections);
  });

  it('fails calls and ready() once closed by the caller', async () => {
    const api = connect();
    await api.ready();
    api.close();
    expect(api.status).toBe('closed');
    await expect(api.ready()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(api.call('agents.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('WebSocket client without reconnect (the CLI and tests)', () => {
  it('closes for good when the connection drops, failing pending calls', async () => {
    const api = connect('secret-token', { reconnect: false });
    await api.ready();
    server.handle = () => 'hold';
    const pending = api.call('agents.list', {});
    await server.until(() => server.received.some((m) => m.type === 'call' && m.id === 1));
    server.dropAll();
    await expect(pending).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/Lost/),
    });
    expect(api.status).toBe('closed');
    expect(statuses).toEqual(['connected', 'closed']);
  });

  it('rejects ready() when nothing listens on the port', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const api = connect('t', {
      reconnect: false,
      url: webSocketUrl(`http://127.0.0.1:${port}`, 't'),
    });
    await expect(api.ready()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Could not connect to the Agent Factory server.',
    });
    expect(statuses).toEqual(['closed']);
  });

  it('gives up on a server that accepts but never completes the handshake', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const api = connect('t', {
        reconnect: false,
        openTimeoutMs: 100,
        url: webSocketUrl(`http://127.0.0.1:${port}`, 't'),
      });
      await expect(api.ready()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(api.status).toBe('closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('WebSocket constructor', () => {
  it('defaults to globalThis.WebSocket', async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    client = createWsClient({ url: webSocketUrl(server.origin, 'from-global') });
    await expect(client.call('agents.list', {})).resolves.toEqual([agent]);
    expect(server.tokens.at(-1)).toBe('from-global');
  });

  it('says what to pass when the runtime has none', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(() => createWsClient({ url: webSocketUrl(server.origin, 't') })).toThrow(
      expect.objectContaining({ code: 'INTERNAL', hint: expect.stringContaining('`ws` package') }),
    );
  });
});

describe('webSocketUrl', () => {
  it('builds the API socket address of a server, with its token', () => {
    expect(webSocketUrl('http://127.0.0.1:4321', 'a+b/c')).toBe(
      `ws://127.0.0.1:4321${WS_PATH}?token=a%2Bb%2Fc`,
    );
    expect(webSocketUrl('https://example.test', null)).toBe(`wss://example.test${WS_PATH}`);
    expect(new URL(webSocketUrl('http://localhost:1', 'x y')).searchParams.get('token')).toBe(
      'x y',
    );
  });
});
