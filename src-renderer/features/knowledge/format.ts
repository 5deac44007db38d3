import type { KbChunk, KnowledgeBase, VectorStoreKind } from '@shared/api/knowledge';
import type { EmbedderConfig } from '@shared/entities/rag';

/** "1 document", "3 documents". */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : many}`;
}

export { formatBytes } from '../../ui/format';

/** Scores to three decimals, or "—" when the ranking did not find the hit. */
export function formatScore(score: number | undefined): string {
  return score === undefined ? '—' : score.toFixed(3);
}

/**
 * A document path as the page shows it. Files a browser uploaded are stored on the server under
 * `<data folder>/uploads/<kb id>/`; they read as "uploaded: <path inside the drop>" (the full path
 * stays in the tooltip).
 */
export function displayPath(path: string, kbId: string): string {
  const escaped = kbId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const inUploads = new RegExp(`[\\\\/]uploads[\\\\/]${escaped}[\\\\/](.+)$`).exec(path);
  return inUploads ? `uploaded: ${inUploads[1]!.replaceAll('\\', '/')}` : path;
}

/** The last segment of a POSIX or Windows path. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export const storeLabels: Record<VectorStoreKind, string> = {
  pgvector: 'pgvector',
  chroma: 'Chroma',
};

const providerLabels: Record<EmbedderConfig['provider'], string> = {
  local: 'Local',
  ollama: 'Ollama',
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible',
};

export function embedderLabel(embedder: EmbedderConfig): string {
  return `${providerLabels[embedder.provider]} · ${embedder.model}`;
}

/** One line with a knowledge base's settings, for headers and lists. */
export function settingsSummary(kb: KnowledgeBase): string {
  return [
    storeLabels[kb.storeKind],
    embedderLabel(kb.embedder),
    `${kb.embedding.dimensions} dims`,
    `${kb.chunking.maxTokens}/${kb.chunking.overlapTokens} tokens`,
  ].join(' · ');
}

/** "p. 3", "pp. 3–5", or "" for formats without pages. */
export function pagesLabel(chunk: Pick<KbChunk, 'pageStart' | 'pageEnd'>): string {
  const { pageStart: from, pageEnd: to } = chunk;
  if (from === undefined) return '';
  return to !== undefined && to !== from ? `pp. ${from}–${to}` : `p. ${from}`;
}

/** Where a chunk sits: pages, heading path and character offsets. */
export function chunkLocation(chunk: KbChunk): string[] {
  return [
    pagesLabel(chunk),
    chunk.headingPath.join(' › '),
    `chars ${chunk.start.toLocaleString('en-US')}–${chunk.end.toLocaleString('en-US')}`,
  ].filter(Boolean);
}

/** Local date and time of an ISO timestamp ("2026-01-01 14:03"). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
