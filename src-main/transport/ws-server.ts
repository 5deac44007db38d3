import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { isEventName } from '@shared/api/index';
import { AppError } from '@shared/errors';
import { ClientMessage, WS_PATH, type ServerMessage } from '@shared/wire';
import type { Bus } from '../engine/bus/bus';
import { handleWebhook, WEBHOOK_PREFIX, type WebhookTarget } from '../engine/automations/webhook-route';
import { ReplayCache } from '../engine/automations/webhook';
import { listen } from './listen';
import type { Router } from './router';
import { guardHttp, guardListener } from './guard';
import { serveStatic } from './static-files';
import { newToken, sameToken } from './token';

export interface ApiServerOptions {
  router: Router;
  bus: Bus;
  /** Port 0 picks a free one. */
  port?: number;
  /** A random one is made when omitted. */
  token?: string;
  /** The built renderer to serve; API only when omitted. */
  staticDir?: string;
  logger?: Logger;
  /** Largest accepted message (bytes). */
  maxPayload?: number;
  /** Automations' webhooks, `POST /hooks/<id>` (signed with each automation's secret, not the token). */
  webhooks?: WebhookTarget;
}

export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, with the token. */
  readonly url: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
/** Close code for a WebSocket without the right token (the client stops at 'unauthorized'). */
export const UNAUTHORIZED_CLOSE = 4401;

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/**
 * The headless API: the built UI over HTTP and the contract over one WebSocket, on 127.0.0.1 only.
 * A connection needs a Host of this loopback port (no DNS rebinding) and, from a browser, an Origin
 * of this same server (else the upgrade is refused with 421/403), and the token (else the socket is
 * closed with 4401 right after the handshake, before any message is read).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? newToken();
  const log = options.logger;
  let port = 0;
  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);

  const onHandlerError = (error: unknown, where: string) => log?.error({ err: error, where }, 'request handler failed');
  const replay = new ReplayCache();
  const http = createServer(
    guardHttp((req, res) => {
      // Webhooks authenticate by their HMAC signature, not by the token or the Host: a tunnel or
      // reverse proxy in front of serve sends its own Host, and a page rebinding DNS cannot sign.
      if (options.webhooks && (req.url ?? '').startsWith(WEBHOOK_PREFIX)) {
        return handleWebhook(req, res, options.webhooks, replay, {
          onError: (error) => log?.error({ err: error, url: req.url }, 'webhook failed'),
        });
      }
      if (!allowedHosts().has(req.headers.host ?? '')) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
        return;
      }
      if (options.staticDir) serveStatic(options.staticDir, req, res);
      else res.writeHead(404).end();
    }, onHandlerError),
  );
  // A socket error on a request (a client resetting mid-answer) is not the server's failure.
  http.on('clientError', (error, socket) => {
    log?.debug({ err: error }, 'HTTP client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 16 * 1024 * 1024 });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log?.debug({ err: error }, 'upgrade socket error'));
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== WS_PATH) return reject(socket, 404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return reject(socket, 421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      log?.warn({ origin }, 'refused WebSocket from another origin');
      return reject(socket, 403, 'Forbidden');
    }
    const authorized = sameToken(url.searchParams.get('token'), token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (authorized) return handleConnection(ws);
      // Completes the handshake so a browser can tell "wrong token" from "server down"; reads nothing.
      log?.warn('refused WebSocket without the right token');
      ws.on('error', (error) => log?.warn({ err: error }, 'WebSocket error'));
      ws.close(UNAUTHORIZED_CLOSE, 'unauthorized');
    });
  };
  http.on(
    'upgrade',
    guardListener(onUpgrade, (error) => log?.error({ err: error }, 'WebSocket upgrade failed')),
  );

  function handleConnection(ws: WebSocket): void {
    const subscriptions = new Map<string, () => void>();
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const sendError = (error: AppError) => send({ type: 'error', error: error.toJSON() });

    const onMessage = async (data: RawData, isBinary: boolean) => {
      if (isBinary) return sendError(new AppError('VALIDATION', 'Binary messages are not accepted.'));
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return sendError(new AppError('VALIDATION', 'Message is not valid JSON.'));
      }
      const parsed = ClientMessage.safeParse(json);
      if (!parsed.success) return sendError(new AppError('VALIDATION', `Malformed message: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`));
      const message = parsed.data;
      switch (message.type) {
        case 'call': {
          const result = await options.router.dispatch(message.method, message.input, { origin: 'ws' });
          return send({ type: 'result', id: message.id, result });
        }
        case 'subscribe': {
          if (!isEventName(message.event)) return sendError(new AppError('VALIDATION', `Unknown event "${message.event}".`));
          if (!subscriptions.has(message.event)) {
            const event = message.event;
            subscriptions.set(event, options.bus.subscribe(event, (payload) => send({ type: 'event', event, payload })));
          }
          return;
        }
        case 'unsubscribe': {
          subscriptions.get(message.event)?.();
          subscriptions.delete(message.event);
          return;
        }
      }
    };
    ws.on(
      'message',
      guardListener(onMessage, (error) => {
        log?.error({ err: error }, 'WebSocket message handler failed');
        sendError(new AppError('INTERNAL', `Internal error: ${error instanceof Error ? error.message : String(error)}`, { hint: 'See the log file in the data folder (logs/).' }));
      }),
    );
    ws.on('close', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });
    ws.on('error', (error) => log?.warn({ err: error }, 'WebSocket error'));
  }

  port = await listen(http, options.port ?? 0, HOST);

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
