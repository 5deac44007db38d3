import type { SearchHit } from '@shared/api/knowledge';

/**
 * An optional second pass over the fused candidates (e.g. a cross-encoder that reads the query
 * and each chunk together). It returns one score per hit, higher = more relevant; hits are then
 * ordered by it. No cross-encoder model ships with the app (none is available offline here), so
 * the default is `noReranker`, which keeps the fused order.
 */
export interface Reranker {
  readonly id: string;
  /** How many fused candidates to pass in, as a multiple of k (default 3). */
  readonly candidateFactor?: number;
  rerank(query: string, hits: readonly SearchHit[], signal?: AbortSignal): Promise<number[]>;
}

export const noReranker: Reranker = {
  id: 'none',
  candidateFactor: 1,
  rerank: async (_query, hits) => hits.map((h) => h.scores.fused),
};
