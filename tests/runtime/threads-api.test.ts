import { beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import type { Run } from '@shared/entities/run';
import { reply } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';

/** The threads methods through the engine's router, as every transport calls them. */
describe('threads API', () => {
  const harness = useEngineHarness({ prefix: 'af-threads-api-' });
  const { call, failure } = harness;
  const changes: EventPayload<'threads.changed'>[] = [];
  const finished = (id: string) =>
    expect
      .poll(async () => (await call('runs.get', { runId: id })).status, { timeout: 10_000 })
      .not.toMatch(/running|waiting_approval/);

  beforeAll(() => {
    harness.engine.bus.subscribe('threads.changed', (c) => changes.push(c));
  });

  it('runs into threads, reads them back, and keeps each one’s history', async () => {
    const agent = await call('agents.create', {
      name: 'Threaded',
      model: { provider: 'ollama', model: 'test-model' },
    });
    harness.fake.script(reply.text('Hi Ada'), reply.text('You are Ada'), reply.text('Regenerated'));
    const first = await call('runs.start', { agent: 'threaded', input: 'I am Ada' });
    expect(first.threadId).toEqual(expect.any(String));
    await finished(first.id);
    const second = await call('runs.start', {
      agent: agent.id,
      input: 'Who am I?',
      options: { threadId: first.threadId!.slice(0, 10) },
    });
    expect(second.threadId).toBe(first.threadId);
    await finished(second.id);

    const both = await failure(
      call('runs.start', {
        agent: agent.id,
        input: 'x',
        options: { threadId: first.threadId!, newThread: true },
      }),
    );
    expect(both).toMatchObject({ code: 'VALIDATION' });

    expect(await call('threads.list', { agentId: 'Threaded' })).toEqual([
      expect.objectContaining({ id: first.threadId, title: 'I am Ada', runCount: 2 }),
    ]);
    const detail = await call('threads.get', { threadId: first.threadId! });
    expect(detail.runs.map((r) => r.output)).toEqual(['Hi Ada', 'You are Ada']);
    const conversation = await call('memory.conversation', { threadId: first.threadId! });
    expect(conversation.turns.map((t) => t.content)).toEqual([
      'I am Ada',
      'Hi Ada',
      'Who am I?',
      'You are Ada',
    ]);
    expect((await call('memory.conversation', { agentId: agent.id })).threadId).toBe(
      first.threadId,
    );

    const regenerated = await call('threads.regenerate', { threadId: first.threadId! });
    expect(regenerated).toMatchObject({
      input: 'Who am I?',
      replacesRunId: second.id,
      threadId: first.threadId,
    });
    await finished(regenerated.id);
    expect(
      (await call('memory.conversation', { threadId: first.threadId! })).turns.map(
        (t) => t.content,
      ),
    ).toEqual(['I am Ada', 'Hi Ada', 'Who am I?', 'Regenerated']);

    const renamed = await call('threads.update', {
      threadId: first.threadId!,
      title: 'About Ada',
      pinned: true,
    });
    expect(renamed).toMatchObject({ title: 'About Ada', titleEdited: true, pinned: true });
    expect(changes.at(-1)).toEqual({ kind: 'upserted', thread: renamed });
    expect(
      await failure(call('threads.update', { threadId: first.threadId!, title: '  ' })),
    ).toMatchObject({ code: 'VALIDATION' });
  });

  it('deletes an agent’s threads with the agent (its runs stay)', async () => {
    const agent = await call('agents.create', {
      name: 'Doomed',
      model: { provider: 'ollama', model: 'test-model' },
    });
    harness.fake.script(reply.text('ok'));
    const run = await call('runs.start', { agent: agent.id, input: 'Remember this' });
    await finished(run.id);
    expect(await call('threads.list', { agentId: agent.id })).toHaveLength(1);
    await call('agents.delete', { id: agent.id });
    await expect
      .poll(async () => (await call('threads.list', { agentId: agent.id })).length)
      .toBe(0);
    expect((await call('runs.get', { runId: run.id })).threadId).toBe(run.threadId);
  });

  // Last: the stalled reply keeps the fake's connection busy.
  it('stops the runs going on in a thread it deletes', async () => {
    await call('agents.create', {
      name: 'Slow',
      model: { provider: 'ollama', model: 'test-model' },
    });
    harness.fake.script(reply.text('a long answer that never ends', { stallAfter: 1 }));
    const run: Run = await call('runs.start', { agent: 'slow', input: 'Talk forever' });
    // It is answering (and will never finish by itself).
    await expect
      .poll(async () =>
        (await call('runs.trace', { runId: run.id })).events.some((e) => e.type === 'text.delta'),
      )
      .toBe(true);
    expect(await call('threads.delete', { threadId: run.threadId! })).toEqual({
      deleted: true,
      runs: 1,
    });
    expect(await failure(call('runs.get', { runId: run.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(changes.at(-1)).toEqual({ kind: 'deleted', id: run.threadId, agentId: run.agentId });
  });
});
