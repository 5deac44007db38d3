// A remote server that answers 401 but offers no OAuth the app can use: with the engine's OAuth
// client in place, the start still ends as UNAUTHORIZED ("Sign in needed"), not as a generic failure.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBus } from '../../src-main/engine/bus/bus';
import { ServerManager } from '../../src-main/engine/mcp/manager';
import { createMemoryMcpServerRepository } from '../../src-main/engine/mcp/memory-repository';
import { OAuthSignIn } from '../../src-main/engine/mcp/oauth/sign-in';
import { McpServerService } from '../../src-main/engine/mcp/service';

const server = createServer((_req, res) => {
  res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"', 'content-type': 'application/json' }).end('{}');
});
const store = new Map<string, string>();
const oauth = new OAuthSignIn({
  secrets: { get: async (n) => store.get(n), set: async (n, v) => void (v ? store.set(n, v) : store.delete(n)) },
  clientName: 'test',
  onAuthorized: async () => undefined,
});
const manager = new ServerManager({
  repository: createMemoryMcpServerRepository(),
  bus: createBus(),
  oauth,
  path: async () => process.env.PATH ?? '',
  options: { healthIntervalMs: 0 },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await manager.init();
});
afterAll(async () => {
  await manager.closeAll();
  await oauth.close();
  server.close();
});

test('a 401 without usable OAuth metadata: UNAUTHORIZED with a sign-in hint; the status says sign in needed; no retry loop', async () => {
  const { port } = server.address() as AddressInfo;
  const { server: config } = await new McpServerService(manager).create({
    name: 'locked',
    transport: { type: 'http', url: `http://127.0.0.1:${port}/mcp`, fallbackToSse: true },
    approval: { default: 'allow', tools: {} },
  });
  const error: unknown = await manager.start(config.id).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'UNAUTHORIZED', hint: expect.stringMatching(/Sign in needed/) as unknown });
  const status = manager.status(config.id);
  expect(status).toMatchObject({ state: 'stopped', signInNeeded: true });
  expect(status.nextRestartAt).toBeUndefined();
});
