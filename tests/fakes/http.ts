import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The HTTP plumbing shared by every protocol fake: a real server on 127.0.0.1 that records requests. */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** When the request arrived, in ms on the monotonic clock (performance.now()); compare two of them. */
  receivedAt: number;
}

export type Route = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface HttpFake {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const receivedAt = performance.now();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text === '' ? undefined : text;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text
    }
  }
  const url = new URL(req.url ?? '/', 'http://fake');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    receivedAt,
  };
}

export async function startHttpFake(
  route: Route,
  options: { port?: number; host?: string } = {},
): Promise<HttpFake> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const request = await record(req);
      requests.push(request);
      await route(request, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `fake server error: ${String(error)}` });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends the status and headers, then nothing: the connection stays open until the client gives up. */
export function stall(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/**
 * Streams `parts` one write at a time (a turn of the event loop between writes, so clients see
 * separate chunks). With `stallAfter`, stops after that many parts and keeps the connection open.
 */
export async function streamParts(
  res: ServerResponse,
  contentType: string,
  parts: string[],
  stallAfter?: number,
): Promise<void> {
  res.writeHead(200, {
    'content-type': contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  for (const [i, part] of parts.entries()) {
    if (stallAfter !== undefined && i >= stallAfter) return;
    if (res.destroyed) return;
    res.write(part);
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}
