import type { IngestFailure, IngestFailureReason } from '@shared/api/ingest';
import type { KbChunk, SearchHit, SearchMode } from '@shared/api/knowledge';
import type { DocumentFormat } from '@shared/entities/rag';

/**
 * The pure parts of the in-memory knowledge engine used by the renderer's tests: chunking of
 * test files, a tiny bag-of-words search with reciprocal rank fusion, and failures by marker.
 */

/** A test file whose text starts with `!<reason>` (e.g. `!encrypted`) fails with that reason. */
export function failureOf(path: string, text: string): IngestFailure | null {
  const match = /^!(\w+)/.exec(text);
  if (!match) return null;
  const reason = match[1] as IngestFailureReason;
  return {
    reason,
    code: 'VALIDATION',
    message: `${path} could not be read (${reason.replace(/_/g, ' ')}).`,
    hint: reason === 'encrypted' ? 'Remove the password and add the file again.' : undefined,
  };
}

export function formatOf(path: string): DocumentFormat {
  if (path.endsWith('.md')) return 'markdown';
  if (path.endsWith('.pdf')) return 'pdf';
  if (path.endsWith('.html')) return 'html';
  if (/\.(ts|js|py)$/.test(path)) return 'code';
  return 'text';
}

/** Title: the first Markdown heading, else the file name. */
export function titleOf(path: string, text: string): string {
  return /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? path.split('/').at(-1) ?? path;
}

/**
 * Chunks: one per blank-line separated block (headings excluded), with the Markdown heading path
 * above it, offsets into the text, and pages when the text has form feeds (one page each).
 */
export function chunkText(documentId: string, text: string): KbChunk[] {
  const chunks: KbChunk[] = [];
  const headings: string[] = [];
  const block = /[^\n\f]+(?:\n[^\n\f]+)*/g;
  for (const match of text.matchAll(block)) {
    const body = match[0];
    const heading = /^(#{1,6})\s+(.+)$/.exec(body);
    if (heading) {
      headings.splice(heading[1]!.length - 1, Infinity, heading[2]!.trim());
      continue;
    }
    const start = match.index;
    const page = text.slice(0, start).split('\f').length;
    const hasPages = text.includes('\f');
    const code = body.startsWith('```');
    chunks.push({
      id: `${documentId}:${chunks.length}`,
      documentId,
      index: chunks.length,
      text: body,
      start,
      end: start + body.length,
      ...(hasPages ? { pageStart: page, pageEnd: page } : {}),
      headingPath: headings.filter(Boolean),
      kind: code ? 'code' : 'text',
      ...(code ? { language: 'ts' } : {}),
      tokenCount: body.split(/\s+/).filter(Boolean).length,
    });
  }
  return chunks;
}

const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

function cosine(a: string[], b: string[]): number {
  const count = (list: string[]) => {
    const m = new Map<string, number>();
    for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let dot = 0;
  for (const [w, n] of ca) dot += n * (cb.get(w) ?? 0);
  const norm = (c: Map<string, number>) =>
    Math.sqrt([...c.values()].reduce((s, n) => s + n * n, 0));
  return dot ? dot / (norm(ca) * norm(cb)) : 0;
}

export interface Candidate {
  chunk: KbChunk;
  kbId: string;
  document: SearchHit['document'];
}

/** Ranks candidates like the engine does: vector and/or keyword rankings, fused by RRF. */
export function rank(
  candidates: readonly Candidate[],
  query: string,
  mode: SearchMode,
  k: number,
  rrfK: number,
): SearchHit[] {
  const q = words(query);
  const scored = candidates.map((c) => {
    const w = words(c.chunk.text);
    const found = q.filter((t) => w.includes(t)).length;
    return { c, vector: cosine(q, w), keyword: q.length ? found / (q.length + 1) : 0 };
  });
  const vectorRanking = mode === 'keyword' ? [] : [...scored].sort((a, b) => b.vector - a.vector);
  const keywordRanking =
    mode === 'vector'
      ? []
      : scored.filter((s) => s.keyword > 0).sort((a, b) => b.keyword - a.keyword);
  const hits = scored
    .map((s) => {
      const vr = vectorRanking.indexOf(s) + 1 || undefined;
      const kr = keywordRanking.indexOf(s) + 1 || undefined;
      const fused = (vr ? 1 / (rrfK + vr) : 0) + (kr ? 1 / (rrfK + kr) : 0);
      const scores: SearchHit['scores'] = { fused };
      if (vr) Object.assign(scores, { vector: s.vector, vectorRank: vr });
      if (kr) Object.assign(scores, { keyword: s.keyword, keywordRank: kr });
      return { chunk: s.c.chunk, kbId: s.c.kbId, document: s.c.document, scores };
    })
    .filter((h) => h.scores.fused > 0 && (h.scores.keyword || h.scores.vector));
  return hits.sort((a, b) => b.scores.fused - a.scores.fused).slice(0, k);
}
