import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../../../tests/fakes/index';
import { openStore } from '../store/index';
import type { Store } from '../store/types';
import { ofType, startHarness, type Harness } from './runtime.testkit';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'pglite-memory' });
});
afterAll(() => store.close());

const delegate = { kind: 'builtin' as const, name: 'delegate_to_agent' };

describe.each(['ollama', 'openai', 'anthropic'] as const)('the tool loop (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, store, runtime: { maxDepth: 2 } });
  });
  afterAll(() => h.close());

  it('delegates to a second agent and nests its run and trace under the parent', async () => {
    const helper = await h.agent('Helper');
    const boss = await h.agent('Boss', [delegate]);
    const helperName = (await h.agents.get(helper)).name;
    h.fake.script(
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: helperName, task: 'Find the answer' } }]),
      reply.text('The answer is 42'),
      reply.text('Helper says 42'),
    );
    const run = await h.run(boss, 'Ask the helper');
    expect(run).toMatchObject({ status: 'succeeded', output: 'Helper says 42', depth: 0 });

    const trace = await h.runs.trace(run.id);
    expect(trace.runs).toHaveLength(2);
    const child = trace.runs[1]!;
    expect(child).toMatchObject({ agentId: helper, parentRunId: run.id, rootRunId: run.id, depth: 1, status: 'succeeded', output: 'The answer is 42', input: 'Find the answer' });
    const started = ofType(trace.events, 'delegation.started')[0]!;
    expect(started).toMatchObject({ runId: run.id, childRunId: child.id, agentId: helper, task: 'Find the answer' });
    expect(ofType(trace.events, 'delegation.finished')[0]).toMatchObject({ childRunId: child.id, status: 'succeeded', output: 'The answer is 42' });
    expect(ofType(trace.events, 'tool.result')[0]?.output).toBe('The answer is 42');
    // The child's events carry the parent, and sit between the delegation's start and finish.
    const childEvents = trace.events.filter((e) => e.runId === child.id);
    expect(childEvents.every((e) => e.parentRunId === run.id)).toBe(true);
    const index = (e: object) => trace.events.indexOf(e as never);
    expect(index(childEvents[0]!)).toBeGreaterThan(index(started));
    expect(index(childEvents.at(-1)!)).toBeLessThan(index(ofType(trace.events, 'delegation.finished')[0]!));
    // The merged trace holds exactly the live events of both runs.
    expect(trace.events.filter((e) => e.runId === run.id)).toEqual(h.liveOf(run.id));
    expect(childEvents).toEqual(h.liveOf(child.id));
    expect((await h.runs.trace(run.id, false)).runs).toEqual([run]);
    expect(await h.runs.list({ parentRunId: run.id, limit: 10 })).toEqual([child]);
  });

  it('refuses a delegation cycle and delegation deeper than the limit, as tool errors the model sees', async () => {
    const loop = await h.agent('Looper', [delegate]);
    const loopName = (await h.agents.get(loop)).name;
    h.fake.script(reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: loopName, task: 'again' } }]), reply.text('Could not delegate'));
    const run = await h.run(loop, 'Go');
    expect(run.status).toBe('succeeded');
    expect(ofType(h.liveOf(run.id), 'tool.error')[0]?.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cycle') });

    // maxDepth 2: a → b → c is fine, c → d is refused.
    const ids = [await h.agent('D'), await h.agent('C', [delegate]), await h.agent('B', [delegate]), await h.agent('A', [delegate])];
    const [d, c, b] = await Promise.all(ids.slice(0, 3).map(async (id) => (await h.agents.get(id)).name));
    h.fake.script(
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: b!, task: 't' } }]),
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: c!, task: 't' } }]),
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: d!, task: 't' } }]),
      reply.text('c done'),
      reply.text('b done'),
      reply.text('a done'),
    );
    const top = await h.run(ids[3]!, 'Go deep');
    const trace = await h.runs.trace(top.id);
    expect(trace.runs.map((r) => r.depth)).toEqual([0, 1, 2]);
    expect(ofType(trace.events, 'tool.error')[0]).toMatchObject({ runId: trace.runs[2]!.id, error: { message: expect.stringContaining('limited to 2 levels') } });
  });

  it('retries after a 429, honouring Retry-After, and shows the retry in the trace', async () => {
    const agentId = await h.agent('Patient');
    h.fake.script(reply.rateLimited(1), reply.text('Finally'));
    const run = await h.run(agentId, 'Hi');
    expect(run).toMatchObject({ status: 'succeeded', output: 'Finally' });
    const retries = ofType(h.liveOf(run.id), 'model.retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ step: 1, attempt: 1, delayMs: 1000, status: 429, code: 'RATE_LIMITED' });
  });

  it('gives up after the maximum retries with a failed status and a clear error', async () => {
    const agentId = await h.agent('Unlucky');
    h.fake.script(reply.error(503), reply.error(503), reply.error(503), reply.error(503));
    const run = await h.run(agentId, 'Hi');
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PROVIDER_ERROR', message: expect.stringContaining('gave up after 3 retries') });
    const live = h.liveOf(run.id);
    expect(ofType(live, 'model.retry').map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(ofType(live, 'error')[0]?.error.code).toBe('PROVIDER_ERROR');
    expect(live.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed', error: { code: 'PROVIDER_ERROR' } });
    expect((await h.runs.get(run.id)).status).toBe('failed');
  });

  it('ends with max_steps when the model keeps calling tools', async () => {
    const agentId = await h.agent('Busy', [{ kind: 'builtin', name: 'current_time' }]);
    const call = () => reply.toolCalls([{ name: 'current_time', arguments: {} }], { text: 'Checking' });
    h.fake.script(call(), call());
    const before = h.fake.requests.length;
    const run = await h.run(agentId, 'Loop', { maxSteps: 2 });
    expect(run).toMatchObject({ status: 'max_steps', steps: 2, output: 'Checking', error: { message: expect.stringContaining('2 model calls') } });
    expect(ofType(h.liveOf(run.id), 'model.request')).toHaveLength(2);
    expect(h.fake.requests.length - before).toBe(2);
    // The calls of the last step are not run: no model call would see their results.
    expect(ofType(h.liveOf(run.id), 'tool.result')).toHaveLength(1);
  });

  it('returns unknown tools and bad arguments to the model as tool errors', async () => {
    const agentId = await h.agent('Clumsy', [{ kind: 'builtin', name: 'current_time' }]);
    h.fake.script(
      reply.toolCalls([
        { name: 'no_such_tool', arguments: {} },
        { name: 'current_time', arguments: { timeZone: 42 } },
      ]),
      reply.text('Sorry'),
    );
    const run = await h.run(agentId, 'Try');
    expect(run.status).toBe('succeeded');
    const errors = ofType(h.liveOf(run.id), 'tool.error');
    expect(errors.map((e) => e.error.code).sort()).toEqual(['NOT_FOUND', 'VALIDATION']);
    const tools = (await h.runs.messages(run.id)).flatMap((m) => (m.message.role === 'tool' ? [m.message] : []));
    expect(tools).toHaveLength(2);
    expect(tools.every((m) => m.isError)).toBe(true);
  });

  it('fails a run whose agent selects a built-in tool that does not exist', async () => {
    const agentId = await h.agent('Misconfigured', [{ kind: 'builtin', name: 'knowledge_search' }]);
    const run = await h.run(agentId, 'Search');
    expect(run).toMatchObject({ status: 'failed', error: { code: 'CONFIG', message: expect.stringContaining('knowledge_search') } });
    expect(h.liveOf(run.id).map((e) => e.type)).toEqual(['run.started', 'error', 'run.finished']);
    // Without an MCP tool source, MCP tools cannot be silently dropped either.
    const mcp = await h.agent('No MCP here', [{ kind: 'mcp-server', serverId: 'files' }]);
    expect((await h.run(mcp, 'Read')).error).toMatchObject({ code: 'CONFIG', message: expect.stringContaining('mcp-server') });
  });
});
