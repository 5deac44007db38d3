import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerAt } from '../../src-main/engine/llm/provider-contract.testkit';
import { askKnowledgeBase, knowledgeSearchTool } from '../../src-main/engine/rag/query/index';
import { ofType, startHarness, type Harness } from '../../src-main/engine/runtime/runtime.testkit';
import { reply } from '../fakes/index';
import { writeCorpus } from './corpus';
import { BAG_OF_WORDS, type IngestHarness } from './harness';
import type { Suite } from './suite';

interface ToolHit {
  n: number;
  path: string;
  pageStart: number | null;
  headingPath: string[];
  start: number;
  end: number;
  scores: { fused: number; vector?: number; keyword?: number };
  text: string;
}

/** `knowledge_search` for agents and "ask this knowledge base". */
export function querySuite({ h: harness, store, folder }: Suite): void {
  describe('the query engine', () => {
    let h: IngestHarness;
    let rt: Harness;
    let dir: string;
    let kbId: string;

    beforeAll(async () => {
      h = harness();
      rt = await startHarness({ kind: 'ollama', store: store() });
      rt.builtins.register(knowledgeSearchTool(h.kb));
      dir = folder('library');
      await writeCorpus(dir);
      kbId = (await h.kb.create({ name: 'Library', embedder: BAG_OF_WORDS, chunking: { maxTokens: 64, overlapTokens: 8 } })).id;
      expect((await h.run(kbId, [dir])).counts.failed).toBe(0);
    });
    afterAll(async () => {
      await rt?.close();
    });

    it('knowledge_search answers an agent numbered passages with their citations', async () => {
      const agentId = await rt.agent('Librarian', [{ kind: 'builtin', name: 'knowledge_search' }], { knowledgeBaseIds: [kbId] });
      rt.fake.script(reply.toolCalls([{ name: 'knowledge_search', arguments: { query: 'lighthouse keeper', k: 3 } }]), reply.text('The keeper [1].'));
      const run = await rt.run(agentId, 'Who is on the second page?');
      expect(run.status).toBe('succeeded');
      const [result] = ofType(rt.liveOf(run.id), 'tool.result');
      const { hits } = JSON.parse(result!.output) as { hits: ToolHit[] };
      expect(hits.map((x) => x.n)).toEqual([1, 2, 3]);
      expect(hits[0]).toMatchObject({ path: join(dir, 'report.pdf'), pageStart: 2, headingPath: [], text: expect.stringContaining('lighthouse keeper') });
      expect(hits[0]!.end - hits[0]!.start).toBe(hits[0]!.text.length);
      expect(hits[0]!.scores.fused).toBeGreaterThan(0);
      // The model saw the passages as the tool's answer.
      expect(JSON.stringify(rt.fake.requests.at(-1)?.body)).toContain('lighthouse keeper');
    });

    it('knowledge_search fails clearly for an agent without knowledge bases', async () => {
      const agentId = await rt.agent('No library', [{ kind: 'builtin', name: 'knowledge_search' }]);
      rt.fake.script(reply.toolCalls([{ name: 'knowledge_search', arguments: { query: 'anything' } }]), reply.text('Sorry.'));
      const run = await rt.run(agentId, 'Search');
      expect(ofType(rt.liveOf(run.id), 'tool.error')[0]?.error).toMatchObject({ code: 'CONFIG', hint: expect.stringContaining('Attach a knowledge base') });
    });

    it('kb.ask answers from the retrieved chunks with numbered citations to the exact chunk and page', async () => {
      rt.fake.script(reply.text('The second page mentions the lighthouse keeper [1]. Revenue grew [2][9].'));
      const before = rt.fake.requests.length;
      const result = await askKnowledgeBase(
        { searcher: h.kb, providerFor: (model) => providerAt(model.provider, rt.fake.url) },
        { kbId, question: 'Who does the lighthouse page mention?', model: { provider: 'ollama', model: 'test-model' }, k: 4 },
      );
      expect(result.answer).toContain('lighthouse keeper [1]');
      expect(result.citations.map((c) => c.n)).toEqual([1, 2, 3, 4]);
      expect(result.cited).toEqual([1, 2]); // [9] is not a source
      expect(result.citations[0]).toMatchObject({ kbId, document: { path: join(dir, 'report.pdf') }, chunk: { pageStart: 2 } });
      expect(result.citations[0]!.chunk.text).toContain('lighthouse');
      const prompt = JSON.stringify(rt.fake.requests.slice(before).map((r) => r.body));
      expect(prompt).toContain(`[1] (${join(dir, 'report.pdf')}, p. 2, chars ${result.citations[0]!.chunk.start}–${result.citations[0]!.chunk.end})`);
      expect(prompt).toContain('Who does the lighthouse page mention?');
    });

    it('kb.ask says the knowledge base has nothing, without calling the model, when nothing matches', async () => {
      const empty = (await h.kb.create({ name: 'Empty shelf', embedder: BAG_OF_WORDS })).id;
      const before = rt.fake.requests.length;
      const result = await askKnowledgeBase(
        { searcher: h.kb, providerFor: (model) => providerAt(model.provider, rt.fake.url) },
        { kbId: empty, question: 'Anything?', model: { provider: 'ollama', model: 'test-model' } },
      );
      expect(result).toMatchObject({ citations: [], cited: [], answer: expect.stringContaining('nothing') });
      expect(rt.fake.requests.length).toBe(before);
    });
  });
}
