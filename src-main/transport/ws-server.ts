import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
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
import { guardHttp, guardListener, type HttpHandler } from './guard';
import { serveStatic } from './static-files';
import { newToken } from './token';
import { credentialOf, Gate, type KeyAuthority, type Principal } from './auth';
import { beyondLoopback, checkExposure, originAllowed, type Exposure } from './exposure';
import { handleOpsRoute, type OpsSource } from './ops-routes';

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
  /** API keys (scoped, audited) accepted besides the per-start token; beyond loopback only they are. */
  keys?: KeyAuthority;
  /** Listening beyond loopback (host, TLS, a trusted proxy, allowed origins); loopback when omitted. */
  exposure?: Partial<Exposure>;
  /** `GET /healthz` (no credentials) and `GET /metrics` (token, or a key with the metrics scope); see ops-routes.ts. */
  ops?: OpsSource;
}

export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** False beyond loopback: only API keys are accepted there. */
  readonly tokenAccepted: boolean;
  /** The address to open, with the token (without it beyond loopback). */
  readonly url: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
/** Close code for a WebSocket without the right token (the client stops at 'unauthorized'). */
export const UNAUTHORIZED_CLOSE = 4401;
/** How often a connection made with an API key checks the key still holds. */
const KEY_RECHECK_MS = 10_000;

/** A host to print in the URL: a wildcard address is reachable on this machine as 127.0.0.1. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return HOST;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/**
 * The headless API: the built UI over HTTP and the contract over one WebSocket, on 127.0.0.1 unless
 * `exposure` asks for more (then over TLS or behind a proxy, API keys only; see exposure.ts, auth.ts).
 * A connection needs a Host of this loopback port (no DNS rebinding) and, from a browser, an Origin
 * of this same server (else the upgrade is refused with 421/403), and the token (else the socket is
 * closed with 4401 right after the handshake, before any message is read).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? newToken();
  const log = options.logger;
  const exposure: Exposure = { ...options.exposure, host: options.exposure?.host ?? HOST };
  checkExposure(exposure);
  const remote = beyondLoopback(exposure);
  const gate = new Gate({ token, tokenAccepted: !remote, ...(options.keys ? { keys: options.keys } : {}) });
  let port = 0;
  // Beyond loopback a client names the server as it likes (keys, not the Host, protect it there).
  const hostAllowed = (host: string | undefined) => remote || new Set([`${HOST}:${port}`, `localhost:${port}`]).has(host ?? '');
  const allowedOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);

  const onHandlerError = (error: unknown, where: string) => log?.error({ err: error, where }, 'request handler failed');
  const replay = new ReplayCache();
  const tls = exposure.tls;
  const serverOf = (handler: HttpHandler) => (tls ? createTlsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler));
  const http = serverOf(
    guardHttp(async (req, res) => {
      // Webhooks authenticate by their HMAC signature, not by the token or the Host: a tunnel or
      // reverse proxy in front of serve sends its own Host, and a page rebinding DNS cannot sign.
      if (options.webhooks && (req.url ?? '').startsWith(WEBHOOK_PREFIX)) {
        return handleWebhook(req, res, options.webhooks, replay, {
          onError: (error) => log?.error({ err: error, url: req.url }, 'webhook failed'),
        });
      }
      if (!hostAllowed(req.headers.host)) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
        return;
      }
      const onPingError = (error: unknown) => log?.warn({ err: error }, 'health check: the database did not answer');
      if (options.ops && (await handleOpsRoute(req, res, options.ops, gate, onPingError))) return;
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

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log?.debug({ err: error }, 'upgrade socket error'));
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== WS_PATH) return reject(socket, 404, 'Not Found');
    if (!hostAllowed(req.headers.host)) return reject(socket, 421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, req, exposure, allowedOrigins())) {
      log?.warn({ origin }, 'refused WebSocket from another origin');
      return reject(socket, 403, 'Forbidden');
    }
    const principal = await gate.authenticate(credentialOf(req, url)).catch((error: unknown) => {
      log?.warn({ reason: error instanceof Error ? error.message : String(error) }, 'refused WebSocket without a valid token or key');
      return undefined;
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (principal) return handleConnection(ws, principal);
      // Completes the handshake so a browser can tell "wrong token" from "server down"; reads nothing.
      ws.on('error', (error) => log?.warn({ err: error }, 'WebSocket error'));
      ws.close(UNAUTHORIZED_CLOSE, 'unauthorized');
    });
  };
  http.on(
    'upgrade',
    guardListener(onUpgrade, (error) => log?.error({ err: error }, 'WebSocket upgrade failed')),
  );

  function handleConnection(ws: WebSocket, principal: Principal): void {
    const subscriptions = new Map<string, () => void>();
    // A key revoked or expired while connected: the connection ends (its calls are refused already).
    const recheck =
      principal.kind === 'key'
        ? setInterval(() => void gate.stillValid(principal).then((valid) => valid || ws.close(UNAUTHORIZED_CLOSE, 'unauthorized')), KEY_RECHECK_MS).unref()
        : undefined;
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
          const result = await gate.dispatch(options.router, principal, message.method, message.input, { origin: 'ws' });
          return send({ type: 'result', id: message.id, result });
        }
        case 'subscribe': {
          if (!isEventName(message.event)) return sendError(new AppError('VALIDATION', `Unknown event "${message.event}".`));
          if (!subscriptions.has(message.event)) {
            const event = message.event;
            if (principal.kind === 'key') {
              const refused = await gate.subscribe(principal, event).then(() => undefined, (error: unknown) => error);
              if (refused) return sendError(refused instanceof AppError ? refused : new AppError('FORBIDDEN', String(refused)));
              if (subscriptions.has(event) || ws.readyState !== ws.OPEN) return;
            }
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
      clearInterval(recheck);
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });
    ws.on('error', (error) => log?.warn({ err: error }, 'WebSocket error'));
  }

  port = await listen(http, options.port ?? 0, exposure.host);
  const shownHost = remote ? displayHost(exposure.host) : HOST;

  return {
    port,
    token,
    tokenAccepted: !remote,
    url: `${exposure.tls ? 'https' : 'http'}://${shownHost}:${port}/${remote ? '' : `?token=${token}`}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
