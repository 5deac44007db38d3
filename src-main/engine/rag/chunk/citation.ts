import type { Chunk, Citation } from '@shared/entities/rag';

/** The citation for a chunk; the snippet is cut at a word boundary near `maxSnippet` characters. */
export function citationFor(chunk: Chunk, maxSnippet = 300): Citation {
  let snippet = chunk.text;
  if (snippet.length > maxSnippet) {
    const cut = snippet.lastIndexOf(' ', maxSnippet);
    snippet = `${snippet.slice(0, cut > maxSnippet / 2 ? cut : maxSnippet)}…`;
  }
  return {
    documentId: chunk.documentId,
    chunkIndex: chunk.index,
    start: chunk.start,
    end: chunk.end,
    ...(chunk.pageStart ? { pageStart: chunk.pageStart } : {}),
    ...(chunk.pageEnd ? { pageEnd: chunk.pageEnd } : {}),
    headingPath: chunk.headingPath,
    snippet,
  };
}
