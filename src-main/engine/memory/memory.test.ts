import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStores } from '../../../tests/helpers/stores';
import { reply } from '../../../tests/fakes/index';
import type { Embedder } from '../rag/embed/embedder';
import { createLocalEmbedder } from '../rag/embed/local';
import { ofType, startHarness, type Harness } from '../runtime/runtime.testkit';
import { MemoryService } from './service';

const FACT = 'The user’s favourite colour is teal.';

// One embedder for the file: onnxruntime's native addon loads once per process, so a second
// worker thread could not load the model again.
let local: Embedder;
beforeAll(() => {
  local = createLocalEmbedder();
});
afterAll(() => local.close?.());
const shared = async (): Promise<Embedder> => ({ id: local.id, model: local.model, dimensions: local.dimensions, embed: (texts, o) => local.embed(texts, o) });

/** Long-term memory with the real local embedder (all-MiniLM-L6-v2), on both database drivers. */
describeStores('long-term memory', ({ store }) => {
  let h: Harness;
  let memory: MemoryService;
  beforeAll(async () => {
    h = await startHarness({ kind: 'ollama', store: store(), memory: (s, bus) => new MemoryService(s.db, bus, shared) });
    memory = h.memory!;
  });
  afterAll(() => h.close());

  it('stores a fact in one run and recalls it by meaning at the start of the next', async () => {
    const agentId = await h.agent('Keeper', [
      { kind: 'builtin', name: 'remember' },
      { kind: 'builtin', name: 'recall' },
    ]);
    h.fake.script(reply.toolCalls([{ name: 'remember', arguments: { text: FACT } }]), reply.text('Noted'));
    const first = await h.run(agentId, 'Please remember that my favourite colour is teal');
    expect(first.status).toBe('succeeded');
    const stored = ofType(h.liveOf(first.id), 'memory.stored')[0]!;
    expect(stored.text).toBe(FACT);
    await memory.add(agentId, 'The user lives in Lisbon and works as a nurse.');
    await memory.add(agentId, 'The quarterly report is due at the end of March.');

    h.fake.script(reply.text('Teal'));
    const second = await h.run(agentId, 'What colour do I like best?');
    const recalled = ofType(h.liveOf(second.id), 'memory.recalled')[0]!;
    expect(recalled.query).toBe('What colour do I like best?');
    expect(recalled.items[0]).toMatchObject({ id: stored.memoryId, text: FACT });
    const scores = recalled.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]!).toBeGreaterThan(scores[1] ?? 0);
    // The recalled fact went to the model in the system message.
    const body = JSON.stringify(h.fake.requests.at(-1)?.body);
    expect(body).toContain('favourite colour is teal');
    // The trace as stored holds the recall with its scores.
    expect((await h.runs.trace(second.id)).events).toEqual(h.liveOf(second.id));
  });

  it('searches with the recall tool, lists by similarity, and deletes', async () => {
    const agentId = await h.agent('Searcher', [{ kind: 'builtin', name: 'recall' }]);
    const teal = await memory.add(agentId, FACT);
    const lisbon = await memory.add(agentId, 'The user lives in Lisbon.');
    h.fake.script(reply.toolCalls([{ name: 'recall', arguments: { query: 'Where does the user live?' } }]), reply.text('Lisbon'));
    const run = await h.run(agentId, 'Where do I live?', { history: false });
    const fromTool = ofType(h.liveOf(run.id), 'memory.recalled').find((e) => e.query === 'Where does the user live?')!;
    expect(fromTool.items[0]?.id).toBe(lisbon.id);
    expect(ofType(h.liveOf(run.id), 'tool.result')[0]?.output).toContain('Lisbon');

    const listed = await memory.list(agentId, { query: 'home city' });
    expect(listed.map((m) => m.id)).toEqual([lisbon.id, teal.id]);
    expect(listed[0]!.score).toBeGreaterThan(listed[1]!.score!);
    expect((await memory.list(agentId)).map((m) => m.id).sort()).toEqual([lisbon.id, teal.id].sort());
    expect(await memory.delete(teal.id)).toBe(true);
    expect(await memory.delete(teal.id)).toBe(false);
    expect((await memory.list(agentId)).map((m) => m.id)).toEqual([lisbon.id]);
    // Memories belong to their agent.
    const stranger = await h.agent('Stranger');
    expect(await memory.recall(stranger, 'Where does the user live?')).toEqual([]);
  });
});
