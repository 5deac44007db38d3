import { request, type ClientRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startMcpHttpServer, type McpHttpOptions, type McpHttpServer } from './http';

let http: McpHttpServer | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

function start(options: Partial<McpHttpOptions> = {}): Promise<McpHttpServer> {
  return startMcpHttpServer({
    newServer: () => {
      const server = new McpServer({ name: 'test', version: '1.0.0' });
      server.registerTool('hello', { description: 'Says hello' }, () => ({
        content: [{ type: 'text', text: 'hello' }],
      }));
      return server;
    },
    ...options,
  });
}

interface Answer {
  status: number;
  sessionId: string | undefined;
}

/** One raw POST, as a client that initializes and then vanishes without DELETE. */
function post(server: McpHttpServer, body: unknown, sessionId?: string, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      server.url,
      {
        method,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: `Bearer ${server.token}`,
          'MCP-Protocol-Version': '2025-06-18',
          ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const id = res.headers['mcp-session-id'];
          resolve({ status: res.statusCode ?? 0, sessionId: typeof id === 'string' ? id : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? JSON.stringify(body) : undefined);
  });
}

const initialize = (server: McpHttpServer) =>
  post(server, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'vanishing-client', version: '1.0.0' },
    },
  });
const ping = (server: McpHttpServer, sessionId: string) =>
  post(server, { jsonrpc: '2.0', id: 2, method: 'ping' }, sessionId);

async function sdkClient(server: McpHttpServer): Promise<Client> {
  const client = new Client({ name: 'sdk-client', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { Authorization: `Bearer ${server.token}` } },
    }),
  );
  return client;
}

describe('MCP over Streamable HTTP: sessions', () => {
  it('serves the 42nd client after 41 that never sent DELETE; the least recently used went', async () => {
    http = await start();
    const vanished: string[] = [];
    for (let i = 0; i < 41; i++) {
      const answer = await initialize(http);
      expect(answer.status).toBe(200);
      vanished.push(answer.sessionId!);
    }
    // The SDK's own close() does not send DELETE either.
    const polite = await sdkClient(http);
    await polite.close();
    expect(http.sessionCount()).toBe(32);

    const next = await sdkClient(http);
    const { tools } = await next.listTools();
    expect(tools.map((t) => t.name)).toEqual(['hello']);
    expect(http.sessionCount()).toBe(32);
    // The oldest sessions were closed to make room; the most recent ones still answer.
    expect((await ping(http, vanished[0]!)).status).toBe(404);
    expect((await ping(http, vanished[40]!)).status).toBe(200);
    await next.close();
  });

  it('closes the least recently used session, not the oldest one still in use', async () => {
    http = await start({ maxSessions: 3 });
    const a = await initialize(http);
    const b = await initialize(http);
    const c = await initialize(http);
    // a is used again: b is now the least recently used.
    expect((await ping(http, a.sessionId!)).status).toBe(200);
    expect((await initialize(http)).status).toBe(200);
    expect((await ping(http, b.sessionId!)).status).toBe(404);
    expect((await ping(http, a.sessionId!)).status).toBe(200);
    expect((await ping(http, c.sessionId!)).status).toBe(200);
  });

  it('closes an idle session before an older one that holds a stream open', async () => {
    http = await start({ maxSessions: 2 });
    const listening = await initialize(http);
    // The stream a client keeps open for the server's notifications (GET): the session is in use.
    const stream = await new Promise<ClientRequest>((resolve, reject) => {
      const req = request(
        http!.url,
        {
          headers: {
            Accept: 'text/event-stream',
            Authorization: `Bearer ${http!.token}`,
            'MCP-Protocol-Version': '2025-06-18',
            'Mcp-Session-Id': listening.sessionId!,
          },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          resolve(req);
        },
      );
      req.on('error', reject);
      req.end();
    });
    const idle = await initialize(http);
    expect((await initialize(http)).status).toBe(200);
    expect((await ping(http, idle.sessionId!)).status).toBe(404);
    expect((await ping(http, listening.sessionId!)).status).toBe(200);
    stream.destroy();
  });

  it('ends a session on DELETE and after its idle time', async () => {
    http = await start({ idleMs: 300 });
    const deleted = await initialize(http);
    expect((await post(http, undefined, deleted.sessionId, 'DELETE')).status).toBe(200);
    expect((await ping(http, deleted.sessionId!)).status).toBe(404);
    expect(http.sessionCount()).toBe(0);

    const idle = await initialize(http);
    expect(http.sessionCount()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(http.sessionCount()).toBe(0);
    expect((await ping(http, idle.sessionId!)).status).toBe(404);
  });
});
