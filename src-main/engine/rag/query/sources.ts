import type { SearchHit } from '@shared/api/knowledge';

/** Where a hit comes from, for people and models: "guide.pdf, p. 2, Setup › Install, chars 120–480". */
export function sourceLabel(hit: Pick<SearchHit, 'chunk' | 'document'>): string {
  const { chunk, document } = hit;
  const parts = [document.path];
  if (chunk.pageStart) parts.push(chunk.pageEnd && chunk.pageEnd !== chunk.pageStart ? `pp. ${chunk.pageStart}–${chunk.pageEnd}` : `p. ${chunk.pageStart}`);
  if (chunk.headingPath.length) parts.push(chunk.headingPath.join(' › '));
  parts.push(`chars ${chunk.start}–${chunk.end}`);
  return parts.join(', ');
}

/** The score a hit is ranked by (rerank, else fused). */
export function rankScore(hit: SearchHit): number {
  return hit.scores.rerank ?? hit.scores.fused;
}

/** A hit as the `knowledge_search` tool answers it: the text with everything a citation needs. */
export function citedHit(hit: SearchHit, n: number) {
  return {
    n,
    kbId: hit.kbId,
    documentId: hit.document.id,
    path: hit.document.path,
    title: hit.document.title,
    chunkId: hit.chunk.id,
    chunkIndex: hit.chunk.index,
    pageStart: hit.chunk.pageStart ?? null,
    pageEnd: hit.chunk.pageEnd ?? null,
    headingPath: hit.chunk.headingPath,
    start: hit.chunk.start,
    end: hit.chunk.end,
    scores: hit.scores,
    text: hit.chunk.text,
  };
}

/** The numbers `[n]` (also `[1, 2]`, `[1][3]`) an answer cites, in order of first use, within 1..max. */
export function citedNumbers(answer: string, max: number): number[] {
  const seen = new Set<number>();
  for (const group of answer.matchAll(/\[(\d+(?:\s*[,;–-]\s*\d+)*)\]/g)) {
    for (const part of group[1]!.split(/\s*[,;]\s*/)) {
      const range = part.split(/\s*[–-]\s*/).map(Number);
      const [from = 0, to = from] = range;
      for (let n = from; n <= Math.min(to, from + 50); n++) if (n >= 1 && n <= max) seen.add(n);
    }
  }
  return [...seen];
}
