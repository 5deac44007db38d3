import { sql } from 'drizzle-orm';
import type { IngestCounts, IngestFailure, IngestItem, IngestItemStatus, IngestJob } from '@shared/api/ingest';
import type { kbIngestItems, kbIngestJobs } from '../../store/schema/ingest';

// Rows of the ingestion queue and how the API shows them.

export type JobRow = typeof kbIngestJobs.$inferSelect;
export type ItemRow = typeof kbIngestItems.$inferSelect;

/** Counts of a job's items as the counting query answers them. */
export interface CountRow extends Record<string, unknown> {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  cancelled: number;
  chunks: number;
}

/** Aggregates over `kb_ingest_items i` giving a `CountRow`. */
export const COUNT_COLUMNS = sql.raw(`count(*)::int as total,
  count(*) filter (where i.status in ('done', 'removed'))::int as done,
  count(*) filter (where i.status = 'failed')::int as failed,
  count(*) filter (where i.status = 'skipped')::int as skipped,
  count(*) filter (where i.status = 'cancelled')::int as cancelled,
  coalesce(sum(i.chunks) filter (where i.status = 'done'), 0)::int as chunks`);

export const toCounts = (r: CountRow): IngestCounts => ({
  total: Number(r.total),
  done: Number(r.done),
  failed: Number(r.failed),
  skipped: Number(r.skipped),
  cancelled: Number(r.cancelled),
  chunks: Number(r.chunks),
});

/** Files of a job not finished yet. */
export const unfinished = (c: IngestCounts): number => c.total - c.done - c.failed - c.skipped - c.cancelled;

export const emptyCounts = (): IngestCounts => ({ total: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, chunks: 0 });

export function toIngestJob(row: JobRow, counts: IngestCounts = emptyCounts()): IngestJob {
  return {
    id: row.id,
    kbId: row.kbId,
    source: row.source,
    status: row.status,
    paths: row.paths,
    counts,
    currentFile: row.currentFile,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toIngestItem(row: ItemRow): IngestItem {
  return {
    id: row.id,
    jobId: row.jobId,
    path: row.path,
    status: row.status,
    documentId: row.documentId,
    chunks: row.chunks,
    bytes: row.bytes,
    attempts: row.attempts,
    error: row.error ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What a finished item records. */
export interface ItemResult {
  status: Exclude<IngestItemStatus, 'pending' | 'running'>;
  documentId?: string | null;
  contentHash?: string | null;
  bytes?: number;
  chunks?: number;
  error?: IngestFailure | null;
}

