import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';
import { startPgServer, type PgServer } from '../helpers/pg-server';
import { tempDataDir } from '../helpers/serve';

/**
 * Two engines (two data folders, as on two machines) on one Postgres database over the `pg`
 * driver: each fire of an automation is claimed, and run, by one of them only.
 */
describe('automations on a database shared by two engines', () => {
  let pg: PgServer;
  let fake: FakeLlm;
  const dirs = [tempDataDir('af-shared-a-'), tempDataDir('af-shared-b-')];
  const engines: Engine[] = [];

  beforeAll(async () => {
    pg = await startPgServer();
    fake = await startFakeOllama({ respond: defaultResponder });
    for (const dataDir of dirs) {
      engines.push(
        await createEngine({
          dataDir,
          mode: 'headless',
          version: 'test',
          store: { kind: 'postgres', url: pg.url, maxConnections: 3 },
          env: { OLLAMA_HOST: fake.url },
          automations: { syncIntervalMs: 200 },
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const engine of engines) await engine.close();
    await fake?.close();
    await pg?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each fire once, whichever engine claims it', async () => {
    const [a, b] = engines as [Engine, Engine];
    await a.agents.create({ name: 'Shared bot', model: { provider: 'ollama', model: 'test-model' } });
    await a.automations.create({ name: 'Every second', agent: 'Shared bot', input: 'Fire {{trigger.scheduledFor}}', triggers: [{ kind: 'every', seconds: 1 }] });
    // The second engine picks it up from the database.
    await expect.poll(async () => (await b.automations.overview()).total, { timeout: 5000 }).toBe(1);
    await expect.poll(async () => (await b.automations.list())[0]?.nextFireAt ?? null, { timeout: 5000 }).not.toBeNull();

    await expect
      .poll(async () => (await a.automations.history({ limit: 500 })).filter((r) => r.status === 'succeeded').length, { timeout: 20_000, interval: 250 })
      .toBeGreaterThanOrEqual(6);
    await a.automations.pause('Every second');
    await a.automations.idle();
    await b.automations.idle();
    await new Promise((r) => setTimeout(r, 1500));

    const records = await a.automations.history({ limit: 500 });
    const runsFired = records.filter((r) => r.runId !== null);
    const byFire = new Map<string, number>();
    for (const r of runsFired) byFire.set(`${r.scheduledFor}#${r.attempt}`, (byFire.get(`${r.scheduledFor}#${r.attempt}`) ?? 0) + 1);
    expect([...byFire.values()].every((n) => n === 1)).toBe(true);
    // Exactly one agent run per fire, across both engines.
    const agentRuns = await a.runs.list({ limit: 500 });
    expect(agentRuns.length).toBe(runsFired.length);
    expect(new Set(agentRuns.map((r) => r.input)).size).toBe(agentRuns.length);
    // Both engines were scheduling it: for the fires they both saw, one of them lost the claim.
    expect(a.automations.lostClaims + b.automations.lostClaims).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
