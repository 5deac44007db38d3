import type { SearchHit, SearchMode, SearchResult, VectorStoreKind } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import type { Db } from '../../store/types';
import type { VectorStore, VectorFilter } from '../store/types';
import { DEFAULT_RRF_K, reciprocalRankFusion } from './fusion';
import { loadChunks } from './hits';
import { keywordSearch, type KeywordOptions } from './keyword';
import { noReranker, type Reranker } from './rerank';

/** One knowledge base to search. */
export interface SearchTarget {
  kbId: string;
  storeKind: VectorStoreKind;
  dimensions: number;
  /** Targets with the same key share one query embedding (same embedder and model). */
  spaceKey: string;
}

export interface SearchDeps {
  db: Db;
  stores: { get(kind: VectorStoreKind): VectorStore };
  /** Embeds the query in a target's space. Called once per distinct `spaceKey`. */
  embedQuery: (
    target: SearchTarget,
    query: string,
    signal?: AbortSignal,
  ) => Promise<ArrayLike<number>>;
  reranker?: Reranker;
}

export interface SearchParams {
  query: string;
  mode: SearchMode;
  k: number;
  filter?: VectorFilter;
  rrfK?: number;
  /** Candidates taken from each ranking before fusion (default max(3k, 30)). */
  candidates?: number;
  keywordMatch?: KeywordOptions['match'];
}

/**
 * How keyword search matches a query's words when the caller does not say. Keyword mode alone
 * matches any word (`auto`). In hybrid mode every word must occur: a plain-language question
 * matches many chunks through its common words, and with rank fusion those chunks, mediocre in
 * both rankings, crowd out the best vector hit (on the labelled set in tests/fixtures/retrieval,
 * any-word hybrid scored MRR@10 0.78 against vector's 0.79; all-word hybrid 0.82). Requiring every
 * word also keeps the keyword side cheap on large knowledge bases.
 */
export function defaultKeywordMatch(mode: SearchMode): NonNullable<KeywordOptions['match']> {
  return mode === 'hybrid' ? 'all' : 'auto';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The search was cancelled.');
}

/**
 * Searches knowledge bases by vector similarity, by keywords (Postgres full text) or both, fused
 * with reciprocal rank fusion: each knowledge base's vector ranking and the keyword ranking are
 * separate rankings, so knowledge bases with different embedders fuse by rank, not by raw score.
 * An optional reranker reorders the fused candidates. Each hit carries the chunk and its citation
 * data, its document, and per-ranking scores and ranks.
 */
export async function searchKnowledge(
  deps: SearchDeps,
  targets: readonly SearchTarget[],
  params: SearchParams,
  signal?: AbortSignal,
): Promise<SearchResult> {
  const started = performance.now();
  const reranker = deps.reranker ?? noReranker;
  const candidates = params.candidates ?? Math.max(params.k * 3, 30);
  const filter = params.filter;

  const withFilter = { k: candidates, ...(filter ? { filter } : {}) };
  const embeddings = new Map<string, Promise<ArrayLike<number>>>();
  const vectorRanking = async (target: SearchTarget) => {
    let embedding = embeddings.get(target.spaceKey);
    if (!embedding) {
      embedding = deps.embedQuery(target, params.query, signal);
      embeddings.set(target.spaceKey, embedding);
    }
    const vector = await embedding;
    throwIfAborted(signal);
    const spec = { kbId: target.kbId, dimensions: target.dimensions };
    return deps.stores.get(target.storeKind).query(spec, vector, withFilter);
  };
  // The vector rankings (one per knowledge base) and the keyword ranking run concurrently.
  const [vectorLists, keywordMatches] = await Promise.all([
    params.mode === 'keyword' ? [] : Promise.all(targets.map(vectorRanking)),
    params.mode === 'vector'
      ? undefined
      : keywordSearch(
          deps.db,
          targets.map((t) => t.kbId),
          params.query,
          { ...withFilter, match: params.keywordMatch ?? defaultKeywordMatch(params.mode) },
        ),
  ]);
  throwIfAborted(signal);

  const rankInfo = (lists: Array<Array<{ chunkId: string; score: number }>>) =>
    new Map(
      lists.flatMap((list) =>
        list.map((m, i) => [m.chunkId, { score: m.score, rank: i + 1 }] as const),
      ),
    );
  const vectorInfo = rankInfo(vectorLists);
  const keywordInfo = rankInfo(keywordMatches ? [keywordMatches] : []);
  const rankings = vectorLists.map((list) => list.map((m) => m.chunkId));
  if (keywordMatches) rankings.push(keywordMatches.map((m) => m.chunkId));

  const fused = reciprocalRankFusion(rankings, params.rrfK ?? DEFAULT_RRF_K);
  // A few spare candidates make up for chunks replaced or deleted since they were ranked.
  const pool = fused.slice(0, Math.ceil(params.k * Math.max(1, reranker.candidateFactor ?? 3)) + 5);
  const loaded = await loadChunks(
    deps.db,
    pool.map((f) => f.id),
  );
  let hits: SearchHit[] = [];
  for (const { id, score } of pool) {
    const row = loaded.get(id);
    if (!row) continue; // replaced or deleted since it was ranked
    const v = vectorInfo.get(id);
    const kw = keywordInfo.get(id);
    hits.push({
      ...row,
      scores: {
        ...(v ? { vector: v.score, vectorRank: v.rank } : {}),
        ...(kw ? { keyword: kw.score, keywordRank: kw.rank } : {}),
        fused: score,
      },
    });
  }
  if (reranker !== noReranker && hits.length) {
    throwIfAborted(signal);
    const scores = await reranker.rerank(params.query, hits, signal);
    if (scores.length !== hits.length) {
      throw new AppError(
        'INTERNAL',
        `The reranker "${reranker.id}" returned ${scores.length} scores for ${hits.length} hits.`,
      );
    }
    hits = hits
      .map((hit, i) => ({ ...hit, scores: { ...hit.scores, rerank: scores[i]! } }))
      .sort((a, b) => b.scores.rerank - a.scores.rerank || b.scores.fused - a.scores.fused);
  }
  return {
    hits: hits.slice(0, params.k),
    mode: params.mode,
    reranker: reranker.id,
    tookMs: performance.now() - started,
  };
}
