import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '@shared/errors';
import { createTestMcp, packageBin, type TestMcp } from './helpers';

const children: ChildProcess[] = [];
let t: TestMcp;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts server-everything with one of its HTTP transports; resolves with its port once it listens. */
async function everythingOverHttp(mode: 'sse' | 'streamableHttp'): Promise<number> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [packageBin('@modelcontextprotocol/server-everything'), mode],
    {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on(
      'data',
      (chunk: Buffer) => chunk.toString().includes(String(port)) && resolve(),
    );
    child.once('exit', (code) =>
      reject(new Error(`server-everything ${mode} exited with ${code}`)),
    );
  });
  return port;
}

beforeAll(async () => {
  t = await createTestMcp();
});

afterAll(async () => {
  await t.close();
  for (const child of children) child.kill('SIGKILL');
});

describe('remote MCP servers', () => {
  test('Streamable HTTP: connects, lists and calls tools, with no launch consent needed', async () => {
    const port = await everythingOverHttp('streamableHttp');
    const { server } = await t.service.create({
      name: 'remote',
      transport: {
        type: 'http',
        url: `http://127.0.0.1:${port}/mcp`,
        headers: { 'X-Test': 'yes' },
      },
      approval: { default: 'allow', tools: {} },
    });
    const status = await t.manager.start(server.id);
    expect(status).toMatchObject({
      state: 'ready',
      transport: 'http',
      serverInfo: { name: 'mcp-servers/everything' },
    });
    expect(status.pid).toBeUndefined();
    expect(t.requests.filter((r) => r.kind === 'server-launch')).toEqual([]);
    const result = await t.manager.callTool(server.id, 'echo', { message: 'over http' });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: over http' }]);
  });

  test('a legacy HTTP+SSE server: POST is refused, so the manager falls back to SSE', async () => {
    const port = await everythingOverHttp('sse');
    const { server } = await t.service.create({
      name: 'legacy',
      transport: { type: 'http', url: `http://127.0.0.1:${port}/sse` },
      approval: { default: 'allow', tools: {} },
    });
    const status = await t.manager.start(server.id);
    expect(status).toMatchObject({ state: 'ready', transport: 'sse' });
    expect(
      t.manager.logs(server.id).some((e) => /trying the legacy SSE transport/.test(e.text)),
    ).toBe(true);
    const result = await t.manager.callTool(server.id, 'echo', { message: 'over sse' });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: over sse' }]);
  });

  test('nothing listening: start fails with a typed error, and without fallback no SSE attempt is made', async () => {
    const port = await freePort();
    const { server } = await t.service.create({
      name: 'nowhere',
      transport: { type: 'http', url: `http://127.0.0.1:${port}/mcp`, fallbackToSse: false },
    });
    const error = await t.manager.start(server.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
    expect((error as AppError).message).toMatch(
      /^Initialize on MCP server "nowhere" failed: .*ECONNREFUSED/,
    );
    expect(t.manager.status(server.id).state).toBe('crashed');
    expect(t.manager.logs(server.id).some((e) => /legacy SSE/.test(e.text))).toBe(false);
    await t.manager.stop(server.id);
  });
});
