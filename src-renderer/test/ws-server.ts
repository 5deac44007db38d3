import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, type CallResult, type ServerMessage } from '@shared/wire';

export type CallHandler = (method: string, input: unknown) => CallResult | 'hold';

/**
 * A protocol test server for the WebSocket client: a real `ws` server on 127.0.0.1 that speaks the
 * contract's `ClientMessage`/`ServerMessage` protocol and lets a test drop or refuse connections.
 */
export class ProtocolServer {
  readonly received: ClientMessage[] = [];
  readonly tokens: (string | null)[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    public handle: CallHandler,
  ) {
    wss.on('connection', (socket, request) => {
      this.tokens.push(new URL(request.url ?? '/', 'http://x').searchParams.get('token'));
      this.sockets.add(socket);
      this.subscriptions.set(socket, new Set());
      socket.on('close', () => {
        this.sockets.delete(socket);
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

  url(token = 'secret-token'): string {
    const address = this.wss.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    return `ws://127.0.0.1:${address.port}/api/ws?token=${token}`;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  subscribers(event: string): number {
    return [...this.subscriptions.values()].filter((set) => set.has(event)).length;
  }

  /** Resolves once `condition` holds, re-checked on every message and connection change. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  send(socket: WebSocket, message: ServerMessage | string): void {
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends an event to every connection that subscribed to it. */
  push(event: string, payload: unknown): void {
    for (const [socket, events] of this.subscriptions)
      if (events.has(event)) this.send(socket, { type: 'event', event, payload });
  }

  /** Sends raw text to every connection. */
  broadcastRaw(text: string): void {
    for (const socket of this.sockets) socket.send(text);
  }

  /** Drops every connection abruptly, as a crashed or restarted server would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  closeAll(code: number, reason: string): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private onMessage(socket: WebSocket, text: string): void {
    const message = ClientMessage.parse(JSON.parse(text));
    this.received.push(message);
    if (message.type === 'subscribe') this.subscriptions.get(socket)?.add(message.event);
    else if (message.type === 'unsubscribe') this.subscriptions.get(socket)?.delete(message.event);
    else {
      const result = this.handle(message.method, message.input);
      if (result !== 'hold') this.send(socket, { type: 'result', id: message.id, result });
    }
    this.notify();
  }
}
