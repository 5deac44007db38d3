import { sql } from 'drizzle-orm';
import type { KbChunk } from '@shared/api/knowledge';
import { queryRows } from '../../store/query';
import type { Db } from '../../store/types';
import { sqlList } from '../store/chunk-rows';

export type ChunkRowView = {
  id: string;
  kb_id: string;
  document_id: string;
  chunk_index: number;
  text: string;
  char_start: number;
  char_end: number;
  page_start: number | null;
  page_end: number | null;
  heading_path: string[] | string;
  kind: 'text' | 'code';
  language: string | null;
  token_count: number;
};

/** The columns of `c` (kb_chunks) that `toKbChunk` reads. */
export const CHUNK_COLUMNS = sql.raw(
  'c.id, c.kb_id, c.document_id, c.chunk_index, c.text, c.char_start, c.char_end, c.page_start, c.page_end, c.heading_path, c.kind, c.language, c.token_count',
);

export function toKbChunk(row: ChunkRowView): KbChunk {
  const headingPath =
    typeof row.heading_path === 'string'
      ? (JSON.parse(row.heading_path) as string[])
      : row.heading_path;
  return {
    id: row.id,
    documentId: row.document_id,
    index: Number(row.chunk_index),
    text: row.text,
    start: Number(row.char_start),
    end: Number(row.char_end),
    ...(row.page_start !== null ? { pageStart: Number(row.page_start) } : {}),
    ...(row.page_end !== null ? { pageEnd: Number(row.page_end) } : {}),
    headingPath,
    kind: row.kind,
    ...(row.language !== null ? { language: row.language } : {}),
    tokenCount: Number(row.token_count),
  };
}

export interface LoadedChunk {
  chunk: KbChunk;
  kbId: string;
  document: { id: string; path: string; title: string; tags: string[] };
}

/** Chunks by id with their documents (ids that no longer exist are absent from the map). */
export async function loadChunks(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, LoadedChunk>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<ChunkRowView & { path: string; title: string; tags: string[] }>(
    db,
    sql`select ${CHUNK_COLUMNS}, d.path, d.title, d.tags
      from kb_chunks c join kb_documents d on d.id = c.document_id
      where c.id in ${sqlList(ids)}`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        chunk: toKbChunk(r),
        kbId: r.kb_id,
        document: { id: r.document_id, path: r.path, title: r.title, tags: r.tags ?? [] },
      },
    ]),
  );
}
