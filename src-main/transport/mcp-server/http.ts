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
  /** Sessions open at once; more are refused with 503 (default 32). */
  maxSessions?: number;
  log?: (message: string) => void;
}

export interface McpHttpServer {
  readonly port: number;
  readonly token: string;
  /** The endpoint, e.g. http://127.0.0.1:1234/mcp. */
  readonly url: string;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  closed?: boolean;
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

/**
 * Streamable HTTP for the factory's MCP server, on 127.0.0.1 only. A request needs a Host of this
 * loopback port (no DNS rebinding), no Origin or one of this same server (no web page of another
 * site), and `Authorization: Bearer <token>`. Each session gets its own MCP server.
 */
export async function startMcpHttpServer(options: McpHttpOptions): Promise<McpHttpServer> {
  const token = options.token ?? newToken();
  const log = options.log ?? (() => {});
  const maxSessions = options.maxSessions ?? 32;
  const sessions = new Map<string, Session>();
  let port = 0;

  const closeSession = async (session: Session) => {
    if (session.closed) return;
    session.closed = true;
    if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
    await session.server.close().catch(() => {});
  };

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
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST')
      return refuse(res, 400, 'Bad request: no session (send initialize first).');
    if (sessions.size >= maxSessions)
      return refuse(res, 503, `Too many sessions (${maxSessions}); close one first.`);
    const session: Session = {
      server: options.newServer(),
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void sessions.set(id, session),
      }),
    };
    session.transport.onclose = () => void closeSession(session);
    await session.server.connect(session.transport);
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
    async close() {
      await Promise.all([...sessions.values()].map((s) => closeSession(s)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
