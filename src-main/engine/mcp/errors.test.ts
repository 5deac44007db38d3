import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { createTestMcp, type TestMcp } from '../../../tests/mcp/helpers';
import { toAppError } from './errors';

describe('toAppError', () => {
  it('a 401 from an HTTP server is UNAUTHORIZED with "Sign in needed", also when wrapped', () => {
    const direct = toAppError(new StreamableHTTPError(401, 'Error POSTing to endpoint'), { server: 'remote', what: 'initialize', fallback: 'UNAVAILABLE' });
    expect(direct.code).toBe('UNAUTHORIZED');
    expect(direct.hint).toMatch(/^Sign in needed/);
    const wrapped = toAppError(new Error('connect failed', { cause: new StreamableHTTPError(401, 'Unauthorized') }), { server: 'remote', what: 'initialize' });
    expect(wrapped.code).toBe('UNAUTHORIZED');
    // Other statuses keep their code.
    expect(toAppError(new StreamableHTTPError(500, 'boom'), { server: 'remote', what: 'initialize', fallback: 'UNAVAILABLE' }).code).toBe('UNAVAILABLE');
  });

  it('a call past the most progress may extend it to says so', () => {
    const error = new McpError(ErrorCode.RequestTimeout, 'Maximum total timeout exceeded', { maxTotalTimeout: 1000, totalElapsed: 1200 });
    const mapped = toAppError(error, { server: 's', what: 'tool "slow"', timeoutMs: 100, maxTotalMs: 1000 });
    expect(mapped.code).toBe('TIMEOUT');
    expect(mapped.message).toBe('Tool "slow" on MCP server "s" was still running after 1 s (the most progress can extend it to).');
    expect(toAppError(new McpError(ErrorCode.RequestTimeout, 'Request timed out'), { server: 's', what: 'x', timeoutMs: 100 }).message).toContain('did not answer within 100 ms');
  });
});

describe('an HTTP server that answers 401', () => {
  let http: Server;
  let t: TestMcp;
  beforeAll(async () => {
    http = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"', 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    t = await createTestMcp();
  });
  afterAll(async () => {
    await t?.close();
    http?.close();
  });

  it('is reported as UNAUTHORIZED with the hint "Sign in needed"', async () => {
    const { port } = http.address() as AddressInfo;
    const view = await t.service.create({ name: 'locked', transport: { type: 'http', url: `http://127.0.0.1:${port}/mcp` } });
    const failure = await t.manager.start(view.server.id).catch((e: unknown) => e);
    const error = failure instanceof AppError ? failure.toJSON() : t.manager.status(view.server.id).error;
    expect(error?.code).toBe('UNAUTHORIZED');
    expect(error?.hint).toMatch(/^Sign in needed/);
    expect(t.manager.status(view.server.id).error?.code).toBe('UNAUTHORIZED');
  });
});
