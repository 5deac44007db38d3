import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodOutput } from '@shared/api/index';
import type { AutomationRun } from '@shared/entities/automation';
import { defaultResponder, reply } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';

/**
 * Automations through the engine's router (as every transport calls them), with a protocol fake
 * of Ollama: conditions, chains, deliveries, the global limit, pauses, pinned revisions, approvals.
 */
describe('automations through the engine', () => {
  const harness = useEngineHarness({
    prefix: 'af-automations-engine-',
    respond: defaultResponder,
    engine: { llmPolicy: { maxRetries: 0 } },
  });
  const { call } = harness;
  let hook: Server;
  const posted: unknown[] = [];
  let hookUrl = '';
  const notes: EventPayload<'automations.notify'>[] = [];
  const records = (automation: string) => call('automations.history', { automation, limit: 100 });
  const settled = async (automation: string, statuses: string[], min = 1): Promise<AutomationRun[]> => {
    let found: AutomationRun[] = [];
    await expect
      .poll(
        async () => {
          found = (await records(automation)).filter((r) => statuses.includes(r.status));
          return found.length;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(min);
    return found;
  };
  const base = { agent: 'Worker', triggers: [{ kind: 'at' as const, iso: '2099-01-01T00:00:00Z' }] };

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const address = hook.address();
    hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/results`;
    harness.engine.bus.subscribe('automations.notify', (n) => notes.push(n));
    await call('agents.create', { name: 'Worker', model: { provider: 'ollama', model: 'test-model' }, memory: { enabled: false } });
  });

  afterAll(() => {
    hook?.close();
  });

  it('records a fire its conditions refuse as skipped_condition, with the reason', async () => {
    await call('automations.create', { ...base, name: 'Quiet', input: 'x', conditions: { quietHours: { start: '00:00', end: '00:00', timezone: 'UTC' } } });
    const fired = await call('automations.run', { automation: 'Quiet' });
    expect(fired).toMatchObject({ status: 'skipped_condition', runId: null, reason: expect.stringMatching(/quiet hours/i) });
    expect((await call('runs.list', { limit: 50 })).length).toBe(0);
  });

  it('delivers a result to the inbox, a notification, a URL and a file; "last succeeded" moves on success only', async () => {
    const file = join(harness.dataDir, 'results', 'digest.md');
    await call('automations.create', {
      ...base,
      name: 'Digest',
      input: 'Summarize the day',
      delivery: { notify: 'always', inbox: true, postUrl: hookUrl, appendFile: file },
    });
    const unreadBefore = (await call('automations.overview', {})).unread;
    await call('automations.run', { automation: 'Digest' });
    const [done] = await settled('Digest', ['succeeded']);
    await expect.poll(() => posted.length, { timeout: 5000 }).toBe(1);
    expect(posted[0]).toMatchObject({ automation: { name: 'Digest' }, status: 'succeeded', output: 'You said: Summarize the day', run: { id: done!.id } });
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 5000 }).toMatch(/## Digest — succeeded — .*\n[\s\S]*You said: Summarize the day/);
    await expect.poll(() => notes.find((n) => n.automationId === done!.automationId), { timeout: 5000 }).toMatchObject({ title: 'Digest finished', open: { kind: 'run', runId: done!.runId } });
    const inbox = await call('inbox.list', { automation: 'Digest' });
    expect(inbox).toEqual([expect.objectContaining({ unread: true, status: 'succeeded', body: 'You said: Summarize the day', runId: done!.runId })]);
    expect((await call('automations.overview', {})).unread).toBe(unreadBefore + 1);
    expect(await call('inbox.markRead', { ids: [inbox[0]!.id] })).toEqual({ unread: unreadBefore });
    const digest = await call('automations.get', { automation: 'Digest' });
    expect(digest.lastSucceededAt).not.toBeNull();
    expect(digest.lastRun).toMatchObject({ id: done!.id, status: 'succeeded' });

    // A failure leaves "last succeeded" where it was.
    harness.fake.script(reply.error(400, { message: 'bad request' }));
    await call('automations.run', { automation: 'Digest' });
    await settled('Digest', ['failed']);
    await expect.poll(async () => (await call('automations.get', { automation: 'Digest' })).consecutiveFailures, { timeout: 5000 }).toBe(1);
    expect((await call('automations.get', { automation: 'Digest' })).lastSucceededAt).toBe(digest.lastSucceededAt);
  });

  it('keeps its runs in its own thread, and starts a new one when the user deleted it', async () => {
    await call('automations.create', { ...base, name: 'Threaded', input: 'note this', delivery: { notify: 'never', inbox: false } });
    await call('automations.run', { automation: 'Threaded' });
    const [first] = await settled('Threaded', ['succeeded']);
    const { threadId } = await call('automations.get', { automation: 'Threaded' });
    expect(threadId).toBe(first!.threadId);
    await call('threads.delete', { threadId: threadId! });
    await call('automations.run', { automation: 'Threaded' });
    const done = await settled('Threaded', ['succeeded'], 2);
    const second = done.find((r) => r.id !== first!.id)!;
    expect(second.threadId).not.toBe(threadId);
    await expect.poll(async () => (await call('automations.get', { automation: 'Threaded' })).threadId).toBe(second.threadId);
  });

  it('runs an automation after another one ended, with its output', async () => {
    await call('automations.create', { ...base, name: 'Collect', input: 'collect numbers' });
    await call('automations.create', {
      name: 'Report',
      agent: 'Worker',
      input: 'Report on: {{trigger.after.output}}',
      triggers: [{ kind: 'after', automation: 'Collect', statuses: ['succeeded'] }],
    });
    await call('automations.run', { automation: 'Collect' });
    const [report] = await settled('Report', ['succeeded']);
    expect(report!.trigger).toMatchObject({ kind: 'after', payload: { afterAutomation: 'Collect', afterStatus: 'succeeded' } });
    expect((await call('runs.get', { runId: report!.runId! })).input).toBe('Report on: You said: collect numbers');
    // An automation cannot run after itself.
    await expect(call('automations.update', { automation: 'Report', patch: { triggers: [{ kind: 'after', automation: 'Report', statuses: ['succeeded'] }] } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('runs at most two automations at once; the others wait for a free slot', async () => {
    for (const name of ['Slow 1', 'Slow 2', 'Third']) await call('automations.create', { ...base, name, input: `${name} work` });
    harness.fake.script(reply.text('hanging', { stallAfter: 1 }), reply.text('hanging', { stallAfter: 1 }));
    await call('automations.run', { automation: 'Slow 1' });
    await call('automations.run', { automation: 'Slow 2' });
    const chatsBefore = harness.fake.chats.length;
    await settled('Slow 1', ['running']);
    await settled('Slow 2', ['running']);
    // Both hang in their model call.
    await expect.poll(() => harness.fake.chats.length, { timeout: 10_000 }).toBe(chatsBefore + 2);
    const third = await call('automations.run', { automation: 'Third' });
    expect(third).toMatchObject({ status: 'scheduled', runId: null, reason: expect.stringMatching(/free slot/) });
    expect((await call('automations.overview', {})).running.length).toBe(2);
    // One of them ends: the waiting one starts.
    const [slow] = await records('Slow 1');
    await call('runs.cancel', { runId: slow!.runId! });
    await settled('Third', ['succeeded']);
    const [slow2] = await records('Slow 2');
    await call('runs.cancel', { runId: slow2!.runId! });
    await settled('Slow 2', ['cancelled']);
  });

  it('pauses an automation after N failures in a row, says why, and resumes it without a backlog', async () => {
    await call('automations.create', {
      name: 'Fragile',
      agent: 'Worker',
      input: 'try',
      triggers: [{ kind: 'every', seconds: 1 }],
      policies: { failures: { pauseAfter: 2, maxRetries: 0, retryBaseMs: 100, retryCapMs: 100 } },
      delivery: { notify: 'never', inbox: false },
    });
    harness.fake.script(reply.error(400, { message: 'no' }), reply.error(400, { message: 'no' }));
    await expect.poll(async () => (await call('automations.get', { automation: 'Fragile' })).state, { timeout: 15_000 }).toBe('paused_by_system');
    const paused = await call('automations.get', { automation: 'Fragile' });
    expect(paused.pauseReason).toMatch(/after 2 consecutive failed runs/);
    expect(paused.nextFireAt).toBeNull();
    // notify: never — no notification for it.
    expect(notes.some((n) => n.automationId === paused.id)).toBe(false);
    const before = (await records('Fragile')).length;
    await new Promise((r) => setTimeout(r, 2500));
    const resumed = await call('automations.resume', { automation: 'Fragile' });
    expect(resumed).toMatchObject({ state: 'active', consecutiveFailures: 0 });
    await settled('Fragile', ['succeeded']);
    const after = await records('Fragile');
    // Nothing of the 2.5 s while paused was fired, missed or recorded.
    expect(after.filter((r) => Date.parse(r.scheduledFor) < Date.parse(resumed.updatedAt)).length).toBe(before);
    await call('automations.delete', { automation: 'Fragile' });
  });

  it('pause all stops every automation until resumed; it shows in the overview', async () => {
    await call('automations.create', { name: 'Ticking', agent: 'Worker', input: 'tick', triggers: [{ kind: 'every', seconds: 1 }], delivery: { notify: 'never', inbox: false } });
    await settled('Ticking', ['succeeded']);
    const overview = await call('automations.pauseAll', { forMs: 3600_000 });
    expect(overview.pausedAll?.until).toEqual(expect.any(String));
    expect(overview.next.find((n) => n.automationName === 'Ticking')).toBeUndefined();
    await harness.engine.automations.idle();
    await new Promise((r) => setTimeout(r, 300));
    const count = (await records('Ticking')).length;
    await new Promise((r) => setTimeout(r, 2200));
    expect((await records('Ticking')).length).toBe(count);
    expect((await call('automations.get', { automation: 'Ticking' })).pauseReason).toBe('All automations are paused');
    const resumed = await call('automations.resumeAll', {});
    expect(resumed.pausedAll).toBeNull();
    await settled('Ticking', ['succeeded'], 2);
    await call('automations.delete', { automation: 'Ticking' });
  });

  it('runs the pinned revision of its agent, not the latest', async () => {
    const agent = await call('agents.create', { name: 'Versioned', model: { provider: 'ollama', model: 'old-model' }, memory: { enabled: false } });
    await call('agents.update', { id: agent.id, patch: { model: { provider: 'ollama', model: 'new-model' } } });
    await call('automations.create', { ...base, name: 'Pinned', agent: 'Versioned', agentRevision: agent.revision, input: 'hello' });
    await call('automations.run', { automation: 'Pinned' });
    const [done] = await settled('Pinned', ['succeeded']);
    const run = await call('runs.get', { runId: done!.runId! });
    expect(run).toMatchObject({ agentRevision: agent.revision, model: { model: 'old-model' } });
    // While automations use it, the agent cannot be deleted.
    await expect(call('agents.delete', { id: agent.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/"Pinned"/) });
  });

  it('with `queue`, the run waits for approval, a notification asks, and the overview lists it', async () => {
    await call('agents.create', {
      name: 'Asker',
      model: { provider: 'ollama', model: 'test-model' },
      tools: [{ kind: 'builtin', name: 'current_time' }],
      toolPolicies: { 'builtin:current_time': 'ask' },
      memory: { enabled: false },
    });
    await call('automations.create', { ...base, name: 'Clock', agent: 'Asker', input: 'What time is it?', permissions: { approval: 'queue', queueTimeoutMs: 60_000 } });
    await call('automations.run', { automation: 'Clock' });
    let waiting: MethodOutput<'automations.overview'>['waiting'] = [];
    await expect
      .poll(
        async () => {
          waiting = (await call('automations.overview', {})).waiting;
          return waiting.length;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(waiting[0]).toMatchObject({ automationName: 'Clock', toolName: 'current_time' });
    expect(notes.find((n) => n.title === 'Clock needs your approval')).toMatchObject({ open: { kind: 'run', runId: waiting[0]!.runId } });
    await call('runs.approve', { runId: waiting[0]!.runId, callId: waiting[0]!.callId, decision: 'allow' });
    const [done] = await settled('Clock', ['succeeded']);
    expect((await call('runs.get', { runId: done!.runId! })).output).toMatch(/^The tool returned: /);
  });
});
