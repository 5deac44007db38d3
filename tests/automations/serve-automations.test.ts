import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsClient } from '@shared/client/ws-client';
import type { AutomationRun } from '@shared/entities/automation';
import type { Run } from '@shared/entities/run';
import { webhookHeaders } from '../../src-main/engine/automations/webhook';
import { defaultResponder, reply, startFakeOllama, type FakeLlm } from '../fakes/index';
import { connectClient, startServe, tempDataDir, type Served } from '../helpers/serve';

/**
 * Automations in `agent-factory serve`, on the real clock: the built app as its own process, a
 * protocol fake of Ollama for the model.
 */
describe('automations in serve (real time)', () => {
  let fake: FakeLlm;
  let dataDir: string;
  let served: Served;
  let client: WsClient;
  const folder = mkdtempSync(join(tmpdir(), 'af-watched-'));

  const history = (automation: string) => client.call('automations.history', { automation, limit: 200 });
  const ended = async (automation: string, min: number, timeout = 20_000): Promise<AutomationRun[]> => {
    let last: AutomationRun[] = [];
    await expect
      .poll(
        async () => {
          last = (await history(automation)).filter((r) => r.status === 'succeeded');
          return last.length;
        },
        { timeout, interval: 250 },
      )
      .toBeGreaterThanOrEqual(min);
    return last;
  };

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    dataDir = tempDataDir('af-automations-');
    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    client = await connectClient(served);
    await client.call('agents.create', {
      name: 'Night bot',
      model: { provider: 'ollama', model: 'test-model' },
      tools: [{ kind: 'builtin', name: 'current_time' }],
      // Interactive runs would ask before telling the time.
      toolPolicies: { 'builtin:current_time': 'ask' },
    });
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await served?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs an `every 2s` automation on each fire of its grid, then stops when paused', async () => {
    const live: AutomationRun[] = [];
    const off = client.subscribe('automations.run', (r) => live.push(r));
    const created = await client.call('automations.create', {
      name: 'Ticker',
      agent: 'Night bot',
      input: 'Tick at {{trigger.scheduledFor}}',
      triggers: [{ kind: 'every', seconds: 2 }],
    });
    expect(created).toMatchObject({ state: 'active', nextFireAt: expect.any(String) });
    const runs = await ended('Ticker', 3);
    const times = runs.map((r) => Date.parse(r.scheduledFor)).sort((a, b) => a - b);
    // Consecutive fires, none missed or doubled: exactly 2 s apart, each run once.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(2000);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
    for (const r of runs) {
      expect(r.trigger.kind).toBe('every');
      const run = await client.call('runs.get', { runId: r.runId! });
      expect(run.input).toBe(`Tick at ${r.scheduledFor}`);
      expect(run.output).toBe(`You said: Tick at ${r.scheduledFor}`);
      // Every run of the automation goes into its one thread.
      expect(run.threadId).toBe((await client.call('automations.get', { automation: 'Ticker' })).threadId);
    }
    // The history arrived live too: running, then succeeded, for the same record.
    const first = runs.find((r) => live.some((l) => l.id === r.id && l.status === 'running'));
    expect(first).toBeDefined();

    const paused = await client.call('automations.pause', { automation: 'Ticker' });
    expect(paused).toMatchObject({ state: 'paused', nextFireAt: null });
    await new Promise((r) => setTimeout(r, 500));
    const before = (await history('Ticker')).length;
    await new Promise((r) => setTimeout(r, 4500));
    expect((await history('Ticker')).length).toBe(before);
    off();
    await client.call('automations.delete', { automation: 'Ticker' });
  }, 40_000);

  it('starts a run naming the file dropped in a watched folder', async () => {
    await client.call('automations.create', {
      name: 'Inbox watcher',
      agent: 'Night bot',
      input: 'New file: {{trigger.file}} ({{trigger.event}})',
      triggers: [{ kind: 'watch', path: folder, globs: ['**/*.txt'], events: ['add'], debounceMs: 200 }],
    });
    // The watcher is ready once it reported nothing for files already there; give it a moment.
    await new Promise((r) => setTimeout(r, 1500));
    writeFileSync(join(folder, 'ignored.bin'), 'not a text file');
    const file = join(folder, 'report.txt');
    writeFileSync(file, 'quarterly numbers');
    const [record] = await ended('Inbox watcher', 1);
    expect(record!.trigger).toMatchObject({ kind: 'watch', payload: { file, event: 'add' } });
    const run = await client.call('runs.get', { runId: record!.runId! });
    expect(run.input).toBe(`New file: ${file} (add)`);
    // The .bin file did not match the glob: one fire only.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await history('Inbox watcher')).length).toBe(1);
    await client.call('automations.delete', { automation: 'Inbox watcher' });
  }, 30_000);

  it('runs a signed webhook and refuses an unsigned, a wrongly signed or a replayed one', async () => {
    await client.call('automations.create', {
      name: 'Deploy hook',
      agent: 'Night bot',
      input: 'Deployed: {{trigger.body}}',
      triggers: [{ kind: 'webhook' }],
    });
    const { path, secret } = await client.call('automations.webhookSecret', { automation: 'Deploy hook' });
    const url = `${served.baseUrl}${path}`;
    const body = JSON.stringify({ version: '1.2.3' });
    const signed = webhookHeaders(secret, body);
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    expect((await post({})).status).toBe(401);
    expect((await post(webhookHeaders('not-the-secret', body))).status).toBe(401);
    const accepted = await post(signed);
    expect(accepted.status).toBe(202);
    const answer = (await accepted.json()) as { automationRunId: string };
    expect(answer.automationRunId).toEqual(expect.any(String));
    // The same request again (same timestamp and signature): a replay.
    expect((await post(signed)).status).toBe(409);
    // An old timestamp, even correctly signed, is refused.
    expect((await post(webhookHeaders(secret, body, Date.now() - 10 * 60_000))).status).toBe(401);

    const [record] = await ended('Deploy hook', 1);
    expect(record!.id).toBe(answer.automationRunId);
    const run = await client.call('runs.get', { runId: record!.runId! });
    expect(run.input).toBe(`Deployed: ${body}`);
    expect((await history('Deploy hook')).length).toBe(1);
    await client.call('automations.delete', { automation: 'Deploy hook' });
  }, 30_000);

  it('with `deny`, a tool that needs approval is denied at once and the run never waits', async () => {
    const statuses: Run['status'][] = [];
    const off = client.subscribe('run.status', (r) => statuses.push(r.status));
    await client.call('automations.create', {
      name: 'Clock reader',
      agent: 'Night bot',
      input: 'What time is it?',
      triggers: [{ kind: 'at', iso: '2099-01-01T00:00:00Z' }],
      permissions: { approval: 'deny' },
    });
    const fired = await client.call('automations.run', { automation: 'Clock reader' });
    expect(fired.trigger.kind).toBe('manual');
    const [record] = await ended('Clock reader', 1);
    const run = await client.call('runs.get', { runId: record!.runId! });
    expect(run.output).toMatch(/^The tool returned: .*not available in this unattended run/);
    const trace = await client.call('runs.trace', { runId: run.id });
    expect(trace.events.map((e) => e.type)).toContain('tool.call.denied');
    expect(trace.events.map((e) => e.type)).not.toContain('tool.result');
    expect(statuses).not.toContain('waiting_approval');
    off();
    await client.call('automations.delete', { automation: 'Clock reader' });
  }, 30_000);

  it('marks a run killed with the engine `interrupted`, and the next fire runs', async () => {
    // The first model call hangs after one chunk: the run is going on when serve is killed.
    fake.script(reply.text('still thinking about it', { stallAfter: 1 }));
    await client.call('automations.create', { name: 'Sleeper', agent: 'Night bot', input: 'Work', triggers: [{ kind: 'every', seconds: 3 }] });
    let running: AutomationRun | undefined;
    await expect
      .poll(
        async () => {
          running = (await history('Sleeper')).find((r) => r.status === 'running');
          return running?.runId;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toEqual(expect.any(String));
    // Killed mid-answer: the model has streamed its first words and hangs.
    await expect
      .poll(async () => (await client.call('runs.trace', { runId: running!.runId! })).events.map((e) => e.type), { timeout: 15_000, interval: 200 })
      .toContain('text.delta');
    client.close();
    expect(await served.stop('SIGKILL')).toBeNull();

    served = await startServe(dataDir, { OLLAMA_HOST: fake.url });
    client = await connectClient(served);
    const after = await history('Sleeper');
    expect(after.find((r) => r.id === running!.id)).toMatchObject({ status: 'interrupted', reason: expect.stringMatching(/stopped/) });
    expect(await client.call('runs.get', { runId: running!.runId! })).toMatchObject({ status: 'interrupted' });
    // The next fire (after the restart) runs and succeeds.
    const next = await ended('Sleeper', 1);
    expect(Date.parse(next[0]!.scheduledFor)).toBeGreaterThan(Date.parse(running!.scheduledFor));
    await client.call('automations.delete', { automation: 'Sleeper' });
  }, 60_000);

  it('refuses a bad automation with a clear error and changes nothing', async () => {
    const before = await client.call('automations.list', {});
    await expect(
      client.call('automations.create', { name: 'Broken', agent: 'Night bot', input: 'x', triggers: [{ kind: 'cron', expr: '61 * * * *', timezone: 'UTC' }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/cron expression/) });
    await expect(client.call('automations.create', { name: 'Orphan', agent: 'Nobody', input: 'x', triggers: [{ kind: 'startup' }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await client.call('automations.list', {})).toEqual(before);
  });
});
