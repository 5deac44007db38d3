import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsClient } from '@shared/client/ws-client';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { startPgServer, type PgServer } from '../helpers/pg-server';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';

/**
 * Two `serve` processes (two data folders, as on two machines) on one Postgres database over the
 * `pg` driver: each fire of an automation runs once, whichever engine claims it.
 */
describe('automations in two serve processes on one database', () => {
  let pg: PgServer;
  let fake: FakeLlm;
  const dirs = [tempDataDir('af-serve-a-'), tempDataDir('af-serve-b-')];
  const served: Served[] = [];
  const clients: WsClient[] = [];

  beforeAll(async () => {
    pg = await startPgServer({ maxConnections: 30 });
    fake = await startFakeOllama({ respond: defaultResponder });
    for (const dir of dirs) {
      const s = await startServe(dir, { OLLAMA_HOST: fake.url, DATABASE_URL: pg.url });
      served.push(s);
      clients.push(await connectClient(s));
    }
  }, 90_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of served) await s.stop();
    await fake?.close();
    await pg?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each fire of an every-1s automation exactly once', async () => {
    const [a, b] = clients as [WsClient, WsClient];
    await a.call('agents.create', { name: 'Shared', model: { provider: 'ollama', model: 'test-model' }, memory: { enabled: false } });
    await a.call('automations.create', { name: 'Tick', agent: 'Shared', input: 'tick {{trigger.scheduledFor}}', triggers: [{ kind: 'every', seconds: 1 }], delivery: { notify: 'never', inbox: false } });
    // The second engine picks it up from the database and schedules it too.
    await expect.poll(async () => (await b.call('automations.get', { automation: 'Tick' })).nextFireAt, { timeout: 15_000 }).not.toBeNull();
    await expect
      .poll(async () => (await a.call('automations.history', { automation: 'Tick', limit: 500 })).filter((r) => r.status === 'succeeded').length, { timeout: 30_000, interval: 500 })
      .toBeGreaterThanOrEqual(8);
    await a.call('automations.pause', { automation: 'Tick' });
    await new Promise((r) => setTimeout(r, 3000));
    const records = await b.call('automations.history', { automation: 'Tick', limit: 500 });
    const fired = records.filter((r) => r.runId !== null);
    expect(new Set(fired.map((r) => `${r.scheduledFor}#${r.attempt}`)).size).toBe(fired.length);
    const runs = await b.call('runs.list', { limit: 500 });
    expect(runs.length).toBe(fired.length);
    expect(new Set(runs.map((r) => r.input)).size).toBe(runs.length);
  }, 90_000);
});
