import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { guardHttp } from '../guard';
import { listen } from '../listen';
import { newToken, sameToken } from '../token';
import { HOST } from '../ws-server';

export const MCP_PATH = '/mcp';

export interface McpHttpOptions {
  /** A new MCP server for each session. */
  newServer: () => McpServer;
  /** Port 0 picks a free one. */
  port?: number;
  /** A random one is made when omitted. */
  token?: string;
  /**
   * Sessions open at once (default 32). A new client is never refused: when the bound is reached,
   * the least recently used session is closed (an idle one first).
   */
  maxSessions?: number;
  /** A session without any request for this long is closed (default 10 minutes). */
  idleMs?: number;
  log?: (message: string) => void;
}

export const DEFAULT_MAX_SESSIONS = 32;
export const DEFAULT_IDLE_MS = 10 * 60_000;

export interface McpHttpServer {
  readonly port: number;
  readonly token: string;
  /** The endpoint, e.g. http://127.0.0.1:1234/mcp. */
  readonly url: string;
  /** Sessions open now. */
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  closed?: boolean;
  /** When its last request arrived or ended. */
  lastSeen: number;
  /** Orders sessions by use (a counter: two uses within one millisecond stay in order). */
  used: number;
  /** Requests in flight, open streams (GET) included. */
  active: number;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return sameToken(match?.[1], token);
}

function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** The session to close for a newcomer: the least recently used idle one, else the least recently used. */
function evictable(sessions: Iterable<Session>): Session | undefined {
  let idle: Session | undefined;
  let any: Session | undefined;
  for (const s of sessions) {
    if (s.active === 0 && (!idle || s.used < idle.used)) idle = s;
    if (!any || s.used < any.used) any = s;
  }
  return idle ?? any;
}

/**
 * Streamable HTTP for the factory's MCP server, on 127.0.0.1 only. A request needs a Host of this
 * loopback port (no DNS rebinding), no Origin or one of this same server (no web page of another
 * site), and `Authorization: Bearer <token>`. Each session gets its own MCP server. Sessions end on
 * DELETE, after `idleMs` without a request, or when the bound is reached and a new client comes
 * (the least recently used goes): clients that vanish without DELETE never lock others out.
 */
export async function startMcpHttpServer(options: McpHttpOptions): Promise<McpHttpServer> {
  const token = options.token ?? newToken();
  const log = options.log ?? (() => {});
  const maxSessions = Math.max(1, options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const sessions = new Map<string, Session>();
  let port = 0;
  let uses = 0;

  const closeSession = async (session: Session) => {
    if (session.closed) return;
    session.closed = true;
    if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
    await session.server.close().catch(() => {});
  };

  /** Counts a request of the session from now until its response ends (a stream, when it closes). */
  const track = (session: Session, res: ServerResponse) => {
    session.active++;
    session.lastSeen = Date.now();
    session.used = ++uses;
    res.once('close', () => {
      session.active--;
      session.lastSeen = Date.now();
    });
  };

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const s of sessions.values()) {
        if (s.active === 0 && now - s.lastSeen >= idleMs) {
          log(`closed the MCP session ${s.transport.sessionId} (idle for ${Math.round((now - s.lastSeen) / 1000)} s)`);
          void closeSession(s);
        }
      }
    },
    Math.min(Math.max(idleMs / 4, 50), 60_000),
  );
  sweep.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== MCP_PATH)
      return refuse(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    const hosts = [`${HOST}:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return refuse(res, 421, 'Misdirected request.');
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) {
      log(`refused an MCP request from the origin ${origin}`);
      return refuse(res, 403, 'Forbidden origin.');
    }
    if (!bearerMatches(req.headers.authorization, token)) {
      log('refused an MCP request without the right bearer token');
      return refuse(res, 401, 'Unauthorized: send Authorization: Bearer <token>.', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return refuse(res, 404, 'Session not found: initialize a new one.');
      track(session, res);
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST')
      return refuse(res, 400, 'Bad request: no session (send initialize first).');
    const session: Session = {
      server: options.newServer(),
      lastSeen: Date.now(),
      used: ++uses,
      active: 0,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          // Room for the newcomer: the least recently used session goes.
          while (sessions.size >= maxSessions) {
            const old = evictable(sessions.values());
            if (!old) break;
            log(`closed the MCP session ${old.transport.sessionId} (least recently used; ${maxSessions} at most)`);
            sessions.delete(old.transport.sessionId!);
            void closeSession(old);
          }
          sessions.set(id, session);
        },
      }),
    };
    session.transport.onclose = () => void closeSession(session);
    await session.server.connect(session.transport);
    track(session, res);
    await session.transport.handleRequest(req, res);
    // Not an initialize request: nothing was opened.
    if (!session.transport.sessionId) await closeSession(session);
  };

  const http = createServer(
    guardHttp(handle, (error) => log(`MCP request failed: ${error instanceof Error ? error.message : String(error)}`)),
  );
  port = await listen(http, options.port ?? 0, HOST);

  return {
    port,
    token,
    url: `http://${HOST}:${port}${MCP_PATH}`,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((s) => closeSession(s)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
