import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reply } from '../../../tests/fakes/index';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { ofType, startHarness, type Harness } from './runtime.testkit';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'pglite-memory' });
});
afterAll(() => store.close());

/** Full runs through each provider's real client library against its protocol fake. */
describe.each(['ollama', 'openai', 'anthropic'] as const)('runs through %s', (kind) => {
  let h: Harness;
  let inFlight = 0;
  let pairReady: () => void = () => {};
  const bothRunning = new Promise<void>((resolve) => (pairReady = resolve));

  beforeAll(async () => {
    h = await startHarness({ kind, store, runtime: { timeoutMs: 20_000 } });
    // Resolves only when two calls run at the same time: sequential execution would never finish.
    h.builtins.register({
      name: 'meet',
      description: 'Waits for its partner call',
      args: z.object({ who: z.string() }).strict(),
      async run({ who }) {
        if (++inFlight === 2) pairReady();
        await bothRunning;
        return `${who} met`;
      },
    });
  });
  afterAll(() => h.close());

  it('streams the answer as text deltas and stores a trace equal to the live events', async () => {
    const agentId = await h.agent('Streamer');
    h.fake.script(reply.text('The quick brown fox jumps', { usage: { input: 7, output: 5 } }));
    const run = await h.run(agentId, 'Tell me something');
    expect(run).toMatchObject({ status: 'succeeded', output: 'The quick brown fox jumps', usage: { inputTokens: 7, outputTokens: 5 }, steps: 1 });
    const live = h.liveOf(run.id);
    const deltas = ofType(live, 'text.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join('')).toBe('The quick brown fox jumps');
    expect(live.map((e) => e.type)).toEqual(['run.started', 'model.request', ...deltas.map(() => 'text.delta'), 'model.response', 'run.finished']);
    expect(live.map((e) => e.seq)).toEqual(live.map((_, i) => i + 1));
    expect(ofType(live, 'model.response')[0]).toMatchObject({ inputTokens: 7, outputTokens: 5, finishReason: 'stop' });
    const stored = await h.runs.trace(run.id);
    expect(stored.runs).toEqual([run]);
    expect(stored.events).toEqual(live);
  });

  it('runs a multi-step tool loop: model, tool, model', async () => {
    const agentId = await h.agent('Clock', [{ kind: 'builtin', name: 'current_time' }]);
    h.fake.script(reply.toolCalls([{ name: 'current_time', arguments: {} }]), reply.text('It is late'));
    const run = await h.run(agentId, 'What time is it?');
    expect(run).toMatchObject({ status: 'succeeded', output: 'It is late', steps: 2 });
    const live = h.liveOf(run.id);
    expect(ofType(live, 'run.started')[0]?.tools).toEqual(['current_time']);
    const requested = ofType(live, 'tool.call.requested')[0]!;
    expect(requested).toMatchObject({ name: 'current_time', arguments: {}, source: 'builtin', approval: 'auto' });
    const result = ofType(live, 'tool.result')[0]!;
    expect(result.callId).toBe(requested.callId);
    expect(JSON.parse(result.output).utc).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The second request carried the tool result back to the model.
    expect(JSON.stringify(h.fake.requests.at(-1)?.body)).toContain(result.output.slice(8, 20));
    const messages = (await h.runs.messages(run.id)).map((m) => m.message.role);
    expect(messages).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect((await h.runs.trace(run.id)).events).toEqual(live);
  });

  it('executes parallel tool calls concurrently and answers them in order', async () => {
    const agentId = await h.agent('Pair', [{ kind: 'builtin', name: 'meet' }]);
    h.fake.script(
      reply.toolCalls([
        { name: 'meet', arguments: { who: 'Ann' } },
        { name: 'meet', arguments: { who: 'Bob' } },
      ]),
      reply.text('Both met'),
    );
    const run = await h.run(agentId, 'Meet up');
    expect(run.status).toBe('succeeded');
    const results = ofType(h.liveOf(run.id), 'tool.result');
    expect(results.map((r) => r.output).sort()).toEqual(['Ann met', 'Bob met']);
    const tools = (await h.runs.messages(run.id)).filter((m) => m.message.role === 'tool').map((m) => m.message);
    expect(tools.map((m) => (m.role === 'tool' ? m.content : ''))).toEqual(['Ann met', 'Bob met']);
  });
});
