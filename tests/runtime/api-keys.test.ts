import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '@shared/api/index';
import { createWsClient, webSocketUrl, type WsClient } from '@shared/client/ws-client';
import { isAppError } from '@shared/errors';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { hashSecret } from '../../src-main/engine/keys/index';
import { apiAudit, apiKeys } from '../../src-main/engine/store/schema/keys';
import { createRouter } from '../../src-main/transport/router';
import { startApiServer, type ApiServer } from '../../src-main/transport/ws-server';

/** API keys through the real WebSocket server and a real engine: scopes, hashing, expiry, revocation, audit. */
describe('API keys on the WebSocket API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-keys-'));
  let engine: Engine;
  let server: ApiServer;
  const clients: WsClient[] = [];

  async function connect(credential: string): Promise<WsClient> {
    const client = createWsClient({ url: webSocketUrl(`http://127.0.0.1:${server.port}`, credential), WebSocket, reconnect: false });
    clients.push(client);
    await client.ready();
    return client;
  }

  /** The error code a call fails with (undefined when it succeeds). */
  async function failure<M extends MethodName>(client: WsClient, method: M, input: MethodInput<M>): Promise<{ code: string; message: string } | undefined> {
    try {
      await client.call(method, input);
      return undefined;
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { code: error.code, message: error.message };
    }
  }

  const admin = () => connect(server.token);

  /** A connection the server refuses: the handshake completes, then it closes (4401) before reading a call. */
  async function refused(credential: string): Promise<void> {
    const client = await connect(credential);
    await expect(client.call('system.info', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(client.status).toBe('unauthorized');
  }

  beforeAll(async () => {
    engine = await createEngine({ dataDir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' } });
    server = await startApiServer({ router: createRouter(engine.handlers), bus: engine.bus, keys: engine.keys });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores only a hash of each key: the secret is in the answer and nowhere in the table', async () => {
    const token = await admin();
    const { key, secret } = await token.call('keys.create', { name: 'reader', scope: 'read' });
    expect(secret).toMatch(/^af_[0-9a-f]{8}_[\w-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const rows = await engine.store.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).toBe(hashSecret(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(key.prefix.length + 1));
    expect(JSON.stringify(await token.call('keys.list', {}))).not.toContain(secret);
  });

  it('lets a key make the calls of its scope and refuses the others with FORBIDDEN naming the scope needed', async () => {
    const token = await admin();
    const { secret: readSecret } = await token.call('keys.create', { name: 'ro', scope: 'read' });
    const { secret: runSecret } = await token.call('keys.create', { name: 'runner', scope: 'run' });
    const { secret: metricsSecret } = await token.call('keys.create', { name: 'scraper', scope: 'metrics' });

    const reader = await connect(readSecret);
    expect(await reader.call('agents.list', {})).toEqual([]);
    const refused = await failure(reader, 'runs.start', { agent: 'nobody', input: 'hi' });
    expect(refused).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/may not call runs\.start: it needs the run scope/) });
    expect((await failure(reader, 'settings.get', {}))?.message).toContain('needs the admin scope');

    const runner = await connect(runSecret);
    // Allowed by its scope: the call reaches the engine (which answers that there is no such agent).
    expect((await failure(runner, 'runs.start', { agent: 'nobody', input: 'hi' }))?.code).toBe('NOT_FOUND');
    expect((await failure(runner, 'secrets.set', { name: 'openai.apiKey', value: 'x' }))?.code).toBe('FORBIDDEN');
    expect((await failure(runner, 'keys.create', { name: 'escalate', scope: 'admin' }))?.code).toBe('FORBIDDEN');

    const scraper = await connect(metricsSecret);
    expect((await failure(scraper, 'agents.list', {}))?.code).toBe('FORBIDDEN');
  });

  it('refuses events beyond the scope, and allows those within it', async () => {
    const token = await admin();
    const { secret } = await token.call('keys.create', { name: 'watcher', scope: 'read' });
    const raw = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers: { Authorization: `Bearer ${secret}` } });
    await new Promise((resolve, reject) => raw.once('open', resolve).once('error', reject));
    const next = () => new Promise<Record<string, unknown>>((resolve) => raw.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));
    const reply = next();
    raw.send(JSON.stringify({ type: 'subscribe', event: 'settings.changed' }));
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'FORBIDDEN', message: expect.stringContaining('admin scope') } });
    raw.send(JSON.stringify({ type: 'subscribe', event: 'agents.changed' }));
    const event = next();
    await token.call('agents.create', { name: 'Seen', model: { provider: 'ollama', model: 'm' } });
    expect(await event).toMatchObject({ type: 'event', event: 'agents.changed' });
    raw.close();
  });

  it('refuses a revoked key, on a new connection and on one already open', async () => {
    const token = await admin();
    const { secret } = await token.call('keys.create', { name: 'soon-revoked', scope: 'read' });
    const open = await connect(secret);
    expect(await open.call('system.info', {})).toMatchObject({ mode: 'headless' });
    await token.call('keys.revoke', { key: 'soon-revoked' });
    expect(await failure(open, 'system.info', {})).toEqual({ code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') });
    await refused(secret);
    expect((await token.call('keys.list', {})).find((k) => k.name === 'soon-revoked')?.revokedAt).not.toBeNull();
  });

  it('refuses an expired key', async () => {
    const token = await admin();
    const { key, secret } = await token.call('keys.create', { name: 'short-lived', scope: 'read', expiresInDays: 1 });
    expect(Date.parse(key.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const open = await connect(secret);
    expect(await open.call('agents.list', {})).toBeInstanceOf(Array);
    // A day (and a bit) later: its expiry passed.
    await engine.store.db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, key.id));
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // the verification cache (5 s) lapses
    expect(await failure(open, 'agents.list', {})).toEqual({ code: 'UNAUTHORIZED', message: expect.stringContaining('expired') });
    await refused(secret);
  });

  it('refuses a made-up key and a wrong token', async () => {
    await refused('af_00000000_' + 'A'.repeat(43));
    await refused('not-the-token');
  });

  it('audits every call made with a key (method, outcome, time) and never its input', async () => {
    const token = await admin();
    const { key, secret } = await token.call('keys.create', { name: 'auditor', scope: 'admin' });
    const client = await connect(secret);
    const secretValue = 'sk-live-0123456789abcdef-never-in-the-log';
    expect(await client.call('secrets.set', { name: 'openai.apiKey', value: secretValue })).toEqual({ name: 'openai.apiKey', set: true });
    await client.call('agents.list', {});
    await failure(client, 'agents.get', { id: 'missing-agent' });

    const entries = await client.call('keys.audit', { keyId: 'auditor', limit: 50 });
    expect(entries.map((e) => [e.method, e.outcome, e.code])).toEqual([
      ['agents.get', 'error', 'NOT_FOUND'],
      ['agents.list', 'ok', undefined],
      ['secrets.set', 'ok', undefined],
    ]);
    for (const entry of entries) expect(entry).toMatchObject({ keyId: key.id, keyName: 'auditor', at: expect.any(String) });
    const rows = await engine.store.db.select().from(apiAudit);
    const everything = JSON.stringify(rows) + JSON.stringify(await token.call('keys.audit', { limit: 1000 }));
    expect(everything).not.toContain(secretValue);
    expect(everything).not.toContain(secret);
    // Refusals are audited too; the token's own calls are not (they are the local user's).
    const reader = await token.call('keys.create', { name: 'audited-reader', scope: 'read' });
    await failure(await connect(reader.secret), 'secrets.set', { name: 'openai.apiKey', value: secretValue });
    const refusals = await token.call('keys.audit', { keyId: reader.key.id, limit: 10 });
    expect(refusals).toEqual([expect.objectContaining({ method: 'secrets.set', outcome: 'forbidden', code: 'FORBIDDEN' })]);
    expect(JSON.stringify(await engine.store.db.select().from(apiAudit))).not.toContain(secretValue);
    // Every key was made with the token: only the run key's refused attempt is in the log.
    expect(rows.filter((r) => r.method === 'keys.create').map((r) => [r.keyName, r.outcome])).toEqual([['runner', 'forbidden']]);
  });

  it('names taken refuse a second key of the same name', async () => {
    const token = await admin();
    await token.call('keys.create', { name: 'twice', scope: 'read' });
    expect((await failure(token, 'keys.create', { name: 'TWICE', scope: 'run' }))?.code).toBe('CONFLICT');
  });
});
