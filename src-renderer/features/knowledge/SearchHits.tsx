import type { SearchHit, SearchResult } from '@shared/api/knowledge';
import { chunkRoute, href } from '../../app/route';
import { ChunkLocation, ChunkText } from './ChunkCard';
import { fileName, formatScore } from './format';

/** The route of a chunk: its document, scrolled to the chunk. */
export { chunkRoute };

export const chunkHref = (kbId: string, documentId: string, chunkIndex: number) =>
  href(...chunkRoute(kbId, documentId, chunkIndex));

function Score({
  label,
  value,
  rank,
  title,
}: {
  label: string;
  value: number | undefined;
  rank?: number | undefined;
  title: string;
}) {
  return (
    <div title={title} className="min-w-16" data-score={label.toLowerCase()}>
      <dt className="text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {label}
      </dt>
      <dd className="font-mono text-xs text-zinc-800 tabular-nums dark:text-zinc-200">
        {formatScore(value)}
        {rank ? <span className="ml-1 text-zinc-400">#{rank}</span> : null}
      </dd>
    </div>
  );
}

function Hit({ hit, n }: { hit: SearchHit; n: number }) {
  const { chunk, document: doc, scores } = hit;
  const title = doc.title || fileName(doc.path);
  return (
    <li
      className="flex gap-3 px-3 py-2.5"
      data-testid="search-hit"
      data-document-id={doc.id}
      data-chunk-index={chunk.index}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <a
          href={chunkHref(hit.kbId, doc.id, chunk.index)}
          className="block text-[13px] font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          data-testid="citation"
        >
          [{n}] {title}
          <span className="font-normal text-zinc-500 dark:text-zinc-400">
            {' '}
            · chunk {chunk.index + 1}
          </span>
        </a>
        <ChunkLocation chunk={chunk} className="block" />
        <ChunkText chunk={chunk} clamp />
        {doc.tags.length ? (
          <p className="text-[11px] text-zinc-500">tags: {doc.tags.join(', ')}</p>
        ) : null}
      </div>
      <dl className="flex shrink-0 gap-4">
        <Score
          label="Vector"
          value={scores.vector}
          rank={scores.vectorRank}
          title="Cosine similarity (rank in the vector ranking)"
        />
        <Score
          label="Keyword"
          value={scores.keyword}
          rank={scores.keywordRank}
          title="Full-text rank (rank in the keyword ranking)"
        />
        <Score
          label="Fused"
          value={scores.fused}
          title="Reciprocal rank fusion: Σ 1 / (k + rank)"
        />
        {scores.rerank !== undefined ? (
          <Score label="Rerank" value={scores.rerank} title="Reranker score" />
        ) : null}
      </dl>
    </li>
  );
}

/** The hits of a search, each with its scores and a citation that opens the chunk. */
export function SearchHits({ result }: { result: SearchResult }) {
  return (
    <section aria-label="Search results" className="space-y-1.5">
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="search-summary">
        {result.hits.length} hit{result.hits.length === 1 ? '' : 's'} · {result.mode}
        {result.reranker !== 'none' ? ` · reranked by ${result.reranker}` : ''} ·{' '}
        {Math.round(result.tookMs)} ms
      </p>
      {result.hits.length ? (
        <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
          {result.hits.map((hit, i) => (
            <Hit key={`${hit.chunk.id}`} hit={hit} n={i + 1} />
          ))}
        </ol>
      ) : (
        <p className="rounded-md border border-zinc-200 px-3 py-6 text-center text-[13px] text-zinc-500 dark:border-zinc-800">
          Nothing found. Try other words, the hybrid mode, or fewer filters.
        </p>
      )}
    </section>
  );
}
