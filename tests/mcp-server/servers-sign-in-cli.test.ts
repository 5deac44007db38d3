import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsClient } from '@shared/client/ws-client';
import { startOAuthProtectedServer } from '../mcp/oauth-protected-server';
import { connectClient, runCli, startServe, tempDataDir, type Served } from '../helpers/serve';

/**
 * `servers sign-in` against a real OAuth-protected MCP server (the SDK's authorization-server
 * router): the engine discovers, registers, and prints the link; a browser following it lands on
 * the engine's loopback callback; the server then starts signed in.
 */
describe('servers sign-in (OAuth) from the CLI', () => {
  let protectedServer: Awaited<ReturnType<typeof startOAuthProtectedServer>>;
  let served: Served;
  let client: WsClient;
  const dataDir = tempDataDir('af-sign-in-');

  beforeAll(async () => {
    protectedServer = await startOAuthProtectedServer();
    served = await startServe(dataDir);
    client = await connectClient(served);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await served?.stop();
    await protectedServer?.close();
  });

  it('says sign in is needed, prints the link, and is signed in once the browser comes back', async () => {
    const view = await client.call('mcp.servers.create', { name: 'protected', transport: { type: 'http', url: protectedServer.url, fallbackToSse: false } });
    await client.call('mcp.servers.start', { id: view.server.id }).catch(() => undefined);
    await expect.poll(async () => (await client.call('mcp.servers.get', { id: view.server.id })).status.signInNeeded, { timeout: 15_000 }).toBe(true);

    const link = await runCli(dataDir, ['servers', 'sign-in', 'protected', '--no-wait']);
    expect(link.code).toBe(0);
    const url = /https?:\/\/\S+/.exec(link.stderr)?.[0];
    expect(url).toMatch(/\/authorize\?/);
    expect(new URL(url!).searchParams.get('code_challenge_method')).toBe('S256');
    // The browser: the authorization server approves at once and redirects to the engine's callback.
    const approved = await fetch(url!, { redirect: 'manual' });
    const callback = approved.headers.get('location');
    expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    expect((await fetch(callback!)).status).toBe(200);

    await expect.poll(async () => (await client.call('mcp.servers.get', { id: view.server.id })).status.state, { timeout: 15_000 }).toBe('ready');
    const done = await runCli(dataDir, ['servers', 'sign-in', 'protected']);
    expect(done.stdout).toMatch(/Signed in to protected/);
    const called = await runCli(dataDir, ['servers', 'call', 'protected', 'whoami', '{}', '--yes']);
    expect(called.stdout).toMatch(/signed in as /);
  }, 60_000);
});
