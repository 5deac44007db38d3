import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { ConversationService } from '../../src-main/engine/memory/conversation';
import { knowledgeSearchTool } from '../../src-main/engine/rag/query/knowledge-tool';
import { PgVectorStore } from '../../src-main/engine/rag/store/index';
import { ofType, startHarness, type Harness } from '../../src-main/engine/runtime/runtime.testkit';
import { openStore, type Store } from '../../src-main/engine/store/index';
import { reply } from '../fakes/index';
import { chunksOf, embedded, serviceFor, testEmbedderConfig } from '../rag-store/fixtures';

/** The tool names and the whole body of the last chat request the fake LLM received. */
function lastRequest(h: Harness) {
  const body = h.fake.requests.at(-1)!.body as { tools?: { function: { name: string; parameters: Record<string, unknown> } }[] };
  return { tools: (body.tools ?? []).map((t) => t.function.name), specs: body.tools ?? [], text: JSON.stringify(body) };
}

describe('the runtime honours the agent builder settings (openai protocol fake)', () => {
  let store: Store;
  let h: Harness;
  let kb: KnowledgeBase;
  const chairs = 'The meeting room on the third floor has twelve chairs and a whiteboard.';
  const lunch = 'Lunch is served in the canteen from noon until two in the afternoon.';

  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    h = await startHarness({ kind: 'openai', store });
    // A real knowledge base on pgvector (the embedding model is the tests' bag of words).
    const kbs = serviceFor(store, { get: () => new PgVectorStore(store.db) }).service;
    h.builtins.register(knowledgeSearchTool(kbs));
    h.runs.useKnowledge(kbs);
    kb = await kbs.create({ name: 'Office handbook', embedder: testEmbedderConfig() });
    const doc = await kbs.upsertDocument(kb.id, { path: 'office.md', title: 'Office guide', format: 'markdown' });
    await kbs.writeChunks(doc.id, embedded(chunksOf(doc.id, [chairs, lunch])));
  });
  afterAll(async () => {
    await h.close();
    await store.close();
  });

  it('auto retrieval puts numbered passages in the request and traces knowledge.retrieved', async () => {
    const agent = await h.agent('Reader', [], { knowledgeBaseIds: [kb.id], knowledge: { mode: 'auto', k: 1 } });
    h.fake.script(reply.text('Twelve chairs [1].'));
    const run = await h.run(agent, 'How many chairs are in the meeting room?');
    expect(run).toMatchObject({ status: 'succeeded', output: 'Twelve chairs [1].' });

    const request = lastRequest(h);
    expect(request.text).toContain(`[1] Office guide\\n${chairs}`);
    expect(request.text).toContain('cite it as [n]');
    expect(request.text).not.toContain(lunch);
    // auto: the passages are in the context, so knowledge_search is not offered.
    expect(request.tools).not.toContain('knowledge_search');

    const [retrieved] = ofType(h.liveOf(run.id), 'knowledge.retrieved');
    expect(retrieved).toMatchObject({ query: 'How many chairs are in the meeting room?' });
    expect(retrieved!.passages).toEqual([
      expect.objectContaining({ n: 1, kbId: kb.id, kbName: 'Office handbook', title: 'Office guide', text: chairs, documentId: expect.any(String), chunkId: expect.any(String) }),
    ]);
    expect(run.agentRevision).toBe(0);
  });

  it('tool mode offers knowledge_search without auto passages; both does both; minScore filters', async () => {
    const toolAgent = await h.agent('Searcher', [], { knowledgeBaseIds: [kb.id], knowledge: { mode: 'tool' } });
    h.fake.script(reply.text('ok'));
    const first = await h.run(toolAgent, 'chairs?');
    expect(lastRequest(h).tools).toEqual(['knowledge_search']);
    expect(lastRequest(h).text).not.toContain(chairs);
    expect(ofType(h.liveOf(first.id), 'knowledge.retrieved')).toEqual([]);

    const both = await h.agent('Both', [], { knowledgeBaseIds: [kb.id], knowledge: { mode: 'both', k: 5 } });
    h.fake.script(reply.text('ok'));
    await h.run(both, 'chairs in the meeting room');
    expect(lastRequest(h).tools).toEqual(['knowledge_search']);
    expect(lastRequest(h).text).toContain(chairs);

    const strict = await h.agent('Strict', [], { knowledgeBaseIds: [kb.id], knowledge: { mode: 'auto', minScore: 1 } });
    h.fake.script(reply.text('nothing'));
    const none = await h.run(strict, 'chairs');
    expect(lastRequest(h).text).not.toContain(chairs);
    expect(ofType(h.liveOf(none.id), 'knowledge.retrieved')[0]!.passages).toEqual([]);
  });

  it('a denied tool is not offered; an "ask" tool waits for approval', async () => {
    const denied = await h.agent('No clock', [{ kind: 'builtin', name: 'current_time' }], { toolPolicies: { 'builtin:current_time': 'deny' } });
    h.fake.script(reply.text('no tools'));
    const run = await h.run(denied, 'What time is it?');
    expect(lastRequest(h).tools).toEqual([]);
    expect(ofType(h.liveOf(run.id), 'run.started')[0]!.tools).toEqual([]);

    const asking = await h.agent('Asks first', [{ kind: 'builtin', name: 'current_time' }], { toolPolicies: { 'builtin:current_time': 'ask' } });
    h.fake.script(reply.toolCalls([{ name: 'current_time', arguments: {} }]), reply.text('It is now'));
    const started = await h.runs.start(asking, 'Time?');
    const requested = await h.nextEvent('tool.call.requested', started.id);
    expect(requested.approval).toBe('required');
    h.runs.approve(started.id, requested.callId, 'allow');
    expect((await h.runs.waitFor(started.id)).output).toBe('It is now');
  });

  it('offers delegation only to the agent’s delegates and refuses others', async () => {
    const helper = await h.agent('Helper');
    const stranger = await h.agent('Stranger');
    const helperName = (await h.agents.get(helper)).name;
    const strangerName = (await h.agents.get(stranger)).name;
    const boss = await h.agent('Boss', [], { delegateIds: [helper] });
    h.fake.script(
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: strangerName, task: 'Do it' } }]),
      reply.toolCalls([{ name: 'delegate_to_agent', arguments: { agent: helperName, task: 'Do it' } }]),
      reply.text('Done by helper'),
      reply.text('Helper did it'),
    );
    const run = await h.run(boss, 'Get it done');
    expect(run.output).toBe('Helper did it');
    const spec = lastRequest(h).specs.find((s) => s.function.name === 'delegate_to_agent');
    const firstRequest = h.fake.requests.at(-4)!.body as { tools: { function: { name: string; description: string; parameters: { properties: { agent: { enum: string[] } } } } }[] };
    const offered = firstRequest.tools.find((t) => t.function.name === 'delegate_to_agent')!;
    expect(offered.function.parameters.properties.agent.enum).toEqual([helperName]);
    expect(offered.function.description).toContain(helperName);
    expect(offered.function.description).not.toContain(strangerName);
    expect(spec).toBeDefined();
    const trace = await h.runs.trace(run.id);
    expect(ofType(trace.events, 'tool.error')[0]!.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(strangerName) });
    expect(trace.runs.map((r) => r.agentId)).toEqual([boss, helper]);
  });

  it('memory off: no remember/recall tools', async () => {
    const forgetful = await h.agent('Forgetful', [{ kind: 'builtin', name: 'current_time' }], { memory: { enabled: false } });
    h.fake.script(reply.text('ok'));
    await h.run(forgetful, 'hi');
    expect(lastRequest(h).tools).toEqual(['current_time']);
  });
});

describe('an agent’s memory settings (anthropic protocol fake)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: 'anthropic', conversations: (s) => new ConversationService(s.db) });
  });
  afterAll(() => h.close());
  const bodies = (from: number) => h.fake.requests.slice(from).map((r) => JSON.stringify(r.body));

  it('memory off: a thread’s earlier turns are neither sent nor kept', async () => {
    const agent = await h.agent('Forgets', [], { memory: { enabled: false } });
    h.fake.script(reply.text('Hello Ada'), reply.text('No idea'));
    const first = await h.run(agent, 'My name is Ada');
    const from = h.fake.requests.length;
    await h.run(agent, 'What is my name?', { threadId: first.threadId! });
    expect(bodies(from)[0]).not.toContain('My name is Ada');
    expect((await h.conversations!.get({ threadId: first.threadId!, agentId: agent })).turns).toEqual([]);
  });

  it('the agent’s history budget decides when older turns are summarised', async () => {
    const long = (n: number) => `Fact ${n}: ${'the meeting room has chairs and a whiteboard. '.repeat(10)}`;
    const small = await h.agent('Small budget', [], { memory: { enabled: true, budgetTokens: 200 } });
    h.fake.script(reply.text('Noted one'), reply.text('Noted two'), reply.text('SUMMARY'), reply.text('Noted three'));
    const { threadId } = await h.run(small, long(1));
    await h.run(small, long(2), { threadId: threadId! });
    const third = await h.run(small, long(3), { threadId: threadId! });
    expect(third.output).toBe('Noted three');
    expect(ofType(h.liveOf(third.id), 'memory.summarised')).toHaveLength(1);

    // The same conversation within the default budget (3000 tokens) is carried whole.
    const roomy = await h.agent('Default budget');
    h.fake.script(reply.text('Noted one'), reply.text('Noted two'), reply.text('Noted three'));
    const roomyThread = (await h.run(roomy, long(1))).threadId!;
    await h.run(roomy, long(2), { threadId: roomyThread });
    const last = await h.run(roomy, long(3), { threadId: roomyThread });
    expect(ofType(h.liveOf(last.id), 'memory.summarised')).toEqual([]);
  });
});
