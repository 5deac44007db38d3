import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reply } from '../../../tests/fakes/index';
import { RunRepository } from './repository';
import { RunService } from './service';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { ofType, startHarness, type Harness } from './runtime.testkit';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'pglite-memory' });
});
afterAll(() => store.close());

/** Milliseconds from `since` to the run's `run.finished` event, by the event's own timestamp. */
function endedAfter(h: Harness, runId: string, since: number): number {
  const finished = ofType(h.liveOf(runId), 'run.finished')[0];
  if (!finished) throw new Error('run did not finish');
  return Date.parse(finished.at) - since;
}

describe.each(['ollama', 'openai', 'anthropic'] as const)('run control: cancel, timeout, approvals, shutdown (%s)', (kind) => {
  let h: Harness;
  let guardedCalls = 0;

  beforeAll(async () => {
    h = await startHarness({ kind, store });
    h.builtins.register({
      name: 'hang',
      description: 'Never answers, and ignores cancellation',
      args: z.object({}).strict(),
      run: () => new Promise<string>(() => {}),
    });
    h.builtins.register({
      name: 'guarded',
      description: 'Needs approval',
      args: z.object({ what: z.string() }).strict(),
      approval: 'ask',
      async run({ what }) {
        guardedCalls++;
        return `did ${what}`;
      },
    });
  });
  afterAll(() => h.close());

  it('cancels a streaming run within 2 s, aborting the provider stream', async () => {
    const agentId = await h.agent('Talker');
    h.fake.script(reply.text('Once upon a time there was', { stallAfter: 1 }));
    const run = await h.runs.start(agentId, 'Tell a story');
    await h.nextEvent('text.delta', run.id);
    const asked = Date.now();
    const done = await h.runs.cancel(run.id);
    expect(done).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(endedAfter(h, run.id, asked)).toBeLessThan(2000);
    expect(h.liveOf(run.id).at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    expect((await h.runs.get(run.id)).status).toBe('cancelled');
    expect(await h.runs.cancel(run.id)).toEqual(done);
  });

  it('cancels a run whose tool call never answers, within 2 s', async () => {
    const agentId = await h.agent('Stuck', [{ kind: 'builtin', name: 'hang' }]);
    h.fake.script(reply.toolCalls([{ name: 'hang', arguments: {} }]));
    const run = await h.runs.start(agentId, 'Hang');
    await h.nextEvent('tool.call.requested', run.id);
    const asked = Date.now();
    expect((await h.runs.cancel(run.id)).status).toBe('cancelled');
    expect(endedAfter(h, run.id, asked)).toBeLessThan(2000);
  });

  it('cancelling a parent cancels the run it delegated to', async () => {
    const helper = await h.agent('Slow helper');
    const boss = await h.agent('Impatient', [{ kind: 'builtin', name: 'delegate_to_agent' }]);
    const helperName = (await h.agents.get(helper)).name;
    h.fake.script(reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: helperName, task: 'Work' } }]), reply.stall());
    const sent = h.fake.requests.length;
    const run = await h.runs.start(boss, 'Delegate');
    const started = await h.nextEvent('delegation.started', run.id);
    // The child's request reached the fake (and took the stall from the script).
    await expect.poll(() => h.fake.requests.length).toBe(sent + 2);
    const asked = Date.now();
    await h.runs.cancel(run.id);
    const child = await h.runs.waitFor(started.childRunId);
    expect(child.status).toBe('cancelled');
    expect(endedAfter(h, child.id, asked)).toBeLessThan(2000);
  });

  it('fails a run that exceeds its time limit with TIMEOUT', async () => {
    const agentId = await h.agent('Late');
    h.fake.script(reply.stall());
    const run = await h.run(agentId, 'Hi', { timeoutMs: 1500 });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  });

  it('waits for approval of an ask tool, shows it in the run, and runs it when allowed', async () => {
    const agentId = await h.agent('Careful', [{ kind: 'builtin', name: 'guarded' }]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'the thing' } }]), reply.text('Done it'));
    const run = await h.runs.start(agentId, 'Do it');
    const requested = await h.nextEvent('tool.call.requested', run.id);
    expect(requested.approval).toBe('required');
    const waiting = await h.runs.get(run.id);
    expect(waiting).toMatchObject({ status: 'waiting_approval', pendingApprovals: [{ callId: requested.callId, toolName: 'guarded', arguments: { what: 'the thing' } }] });
    expect(h.statuses.some((r) => r.id === run.id && r.status === 'waiting_approval')).toBe(true);
    expect(() => h.runs.approve(run.id, 'nope', 'allow')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    const answered = h.runs.approve(run.id, requested.callId, 'allow');
    expect(answered).toMatchObject({ status: 'running', pendingApprovals: [] });
    const done = await h.runs.waitFor(run.id);
    expect(done).toMatchObject({ status: 'succeeded', output: 'Done it' });
    const live = h.liveOf(run.id);
    expect(ofType(live, 'tool.call.approved')[0]).toMatchObject({ callId: requested.callId, decision: 'allow' });
    expect(ofType(live, 'tool.result')[0]?.output).toBe('did the thing');
    expect(() => h.runs.approve(run.id, requested.callId, 'allow')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('tells the model when a call is denied, and never runs the tool', async () => {
    const before = guardedCalls;
    const agentId = await h.agent('Refused', [{ kind: 'builtin', name: 'guarded' }]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'harm' } }]), reply.text('Understood'));
    const run = await h.runs.start(agentId, 'Do harm');
    const requested = await h.nextEvent('tool.call.requested', run.id);
    h.runs.approve(run.id, requested.callId, 'deny');
    const done = await h.runs.waitFor(run.id);
    expect(done).toMatchObject({ status: 'succeeded', output: 'Understood' });
    expect(guardedCalls).toBe(before);
    expect(ofType(h.liveOf(run.id), 'tool.call.denied')[0]).toMatchObject({ callId: requested.callId });
    const tool = (await h.runs.messages(run.id)).find((m) => m.message.role === 'tool')?.message;
    expect(tool).toMatchObject({ isError: true, content: expect.stringContaining('denied') });
  });

  it('allow_for_run approves the waiting and later calls of that tool', async () => {
    const agentId = await h.agent('Trusting', [{ kind: 'builtin', name: 'guarded' }]);
    h.fake.script(
      reply.toolCalls([
        { name: 'guarded', arguments: { what: 'a' } },
        { name: 'guarded', arguments: { what: 'b' } },
      ]),
      reply.toolCalls([{ name: 'guarded', arguments: { what: 'c' } }]),
      reply.text('All done'),
    );
    const run = await h.runs.start(agentId, 'Do three');
    await expect.poll(async () => (await h.runs.get(run.id)).pendingApprovals.length).toBe(2);
    const [first] = (await h.runs.get(run.id)).pendingApprovals;
    h.runs.approve(run.id, first!.callId, 'allow_for_run');
    const done = await h.runs.waitFor(run.id);
    expect(done.status).toBe('succeeded');
    const live = h.liveOf(run.id);
    expect(ofType(live, 'tool.call.approved').map((e) => e.decision)).toEqual(['allow_for_run', 'allow_for_run']);
    expect(ofType(live, 'tool.call.requested').map((e) => e.approval)).toEqual(['required', 'required', 'auto']);
    expect(ofType(live, 'tool.result').map((e) => e.output).sort()).toEqual(['did a', 'did b', 'did c']);
  });

  it('cancels a run that waits for approval', async () => {
    const agentId = await h.agent('Waiting', [{ kind: 'builtin', name: 'guarded' }]);
    h.fake.script(reply.toolCalls([{ name: 'guarded', arguments: { what: 'x' } }]));
    const run = await h.runs.start(agentId, 'Wait');
    await h.nextEvent('tool.call.requested', run.id);
    const done = await h.runs.cancel(run.id);
    expect(done).toMatchObject({ status: 'cancelled', pendingApprovals: [] });
  });

  it('marks runs left going on in the database as interrupted, closing their trace', async () => {
    const repo = new RunRepository(h.store.db);
    const agentId = await h.agent('Crashed');
    const agent = await h.agents.get(agentId);
    const now = new Date().toISOString();
    const stale = {
      id: `stale-${Date.now()}`,
      agentId,
      agentName: agent.name,
      model: agent.model,
      parentRunId: null,
      rootRunId: '',
      depth: 0,
      threadId: null,
      replacesRunId: null,
      agentRevision: null,
      status: 'waiting_approval' as const,
      input: 'x',
      output: null,
      error: null,
      usage: { inputTokens: 0, outputTokens: 0 },
      steps: 1,
      pendingApprovals: [{ callId: 'c1', toolName: 'guarded', arguments: {}, requestedAt: now }],
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    await repo.insert({ ...stale, rootRunId: stale.id });
    await repo.addEvents([{ type: 'run.started', runId: stale.id, parentRunId: null, seq: 1, at: now, agentId, agentName: agent.name, model: agent.model, input: 'x', depth: 0, tools: [] }]);
    const other = new RunService({ db: h.store.db, bus: h.bus, agents: h.agents, providerFor: () => { throw new Error('unused'); } });
    const recovered = await other.recoverInterrupted();
    expect(recovered.map((r) => r.id)).toEqual([stale.id]);
    const run = await h.runs.get(stale.id);
    expect(run).toMatchObject({ status: 'interrupted', pendingApprovals: [], error: { code: 'UNAVAILABLE' } });
    expect(run.finishedAt).not.toBeNull();
    const events = (await h.runs.trace(stale.id)).events;
    expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'run.started'], [2, 'run.finished']]);
  });

  it('on shutdown, ends running runs as interrupted and refuses new ones', async () => {
    const agentId = await h.agent('Cut short');
    h.fake.script(reply.stall());
    const sent = h.fake.requests.length;
    const run = await h.runs.start(agentId, 'Hi');
    await expect.poll(() => h.fake.requests.length).toBe(sent + 1);
    await h.runs.close();
    expect(await h.runs.get(run.id)).toMatchObject({ status: 'interrupted' });
    await expect(h.runs.start(agentId, 'Again')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
