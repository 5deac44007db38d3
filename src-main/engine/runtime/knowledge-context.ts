import type { SearchRequest, SearchResult, SearchHit } from '@shared/api/knowledge';
import type { Agent } from '@shared/entities/agent';
import type { KnowledgePassage } from '@shared/entities/run';

/** What automatic retrieval needs of the knowledge bases (the knowledge base service). */
export interface KnowledgeRetriever {
  search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult>;
  list(): Promise<{ id: string; name: string }[]>;
}

/** Longest stretch of one passage put into the context. */
const MAX_PASSAGE_CHARS = 2_000;

/**
 * The score a passage is kept by (`minScore`, 0..1): the reranker's, else the cosine similarity,
 * else the keyword rank; a hit found by neither ranking scores 0.
 */
export function passageScore(hit: SearchHit): number {
  return hit.scores.rerank ?? hit.scores.vector ?? hit.scores.keyword ?? 0;
}

export function wantsAutoRetrieval(agent: Agent): boolean {
  return agent.knowledgeBaseIds.length > 0 && agent.knowledge.mode !== 'tool';
}

/** Hybrid search over the agent's knowledge bases: its best `k` passages scoring at least `minScore`, numbered from 1. */
export async function retrievePassages(retriever: KnowledgeRetriever, agent: Agent, query: string, signal: AbortSignal): Promise<KnowledgePassage[]> {
  const { k, minScore } = agent.knowledge;
  const [result, kbs] = await Promise.all([
    retriever.search({ kbIds: agent.knowledgeBaseIds, query: query.slice(0, 10_000), k, mode: 'hybrid' }, signal),
    retriever.list(),
  ]);
  const names = new Map(kbs.map((kb) => [kb.id, kb.name]));
  return result.hits
    .filter((hit) => passageScore(hit) >= minScore)
    .slice(0, k)
    .map((hit, i) => ({
      n: i + 1,
      kbId: hit.kbId,
      kbName: names.get(hit.kbId) ?? hit.kbId,
      documentId: hit.document.id,
      chunkId: hit.chunk.id,
      chunkIndex: hit.chunk.index,
      title: hit.document.title || hit.document.path,
      text: hit.chunk.text.length > MAX_PASSAGE_CHARS ? `${hit.chunk.text.slice(0, MAX_PASSAGE_CHARS)}…` : hit.chunk.text,
      score: passageScore(hit),
      ...(hit.chunk.pageStart ? { page: hit.chunk.pageStart } : {}),
    }));
}

/** The system context block: the numbered passages and how to cite them. */
export function passagesContext(passages: readonly KnowledgePassage[]): string {
  const body = passages.map((p) => `[${p.n}] ${p.title}${p.page ? ` (p. ${p.page})` : ''}\n${p.text}`).join('\n\n');
  return [
    'Passages from your knowledge bases that may help with the message below. When you use one, cite it as [n] right after the claim (e.g. [1] or [2][3]). Cite only passages that say what you claim; if they do not answer the question, say so.',
    body,
  ].join('\n\n');
}
