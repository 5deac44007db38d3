import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { IngestFailure, IngestItemStatus, IngestJobStatus, IngestSource } from '@shared/api/ingest';
import { knowledgeBases } from './knowledge';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Ingestion jobs: files and folders to bring into a knowledge base. A job's progress is the state
 * of its items; `scanned` turns true once its folders have been expanded into items (a job whose
 * process died while scanning is scanned again — items are unique per job and path).
 */
export const kbIngestJobs = pgTable(
  'kb_ingest_jobs',
  {
    id: text().primaryKey(),
    kbId: text()
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    source: text().$type<IngestSource>().notNull(),
    status: text().$type<IngestJobStatus>().notNull().default('pending'),
    paths: jsonb().$type<string[]>().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Re-embed files even when their content hash is unchanged. */
    force: boolean().notNull().default(false),
    /** Folders given in `paths` are mirrored: documents under them whose files are gone are removed. */
    scanned: boolean().notNull().default(false),
    currentFile: text(),
    createdAt: at().notNull().defaultNow(),
    startedAt: at(),
    finishedAt: at(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [index('kb_ingest_jobs_kb_created').on(t.kbId, t.createdAt), index('kb_ingest_jobs_status').on(t.status)],
);

/**
 * One file of a job. A process claims a pending item by setting `leaseOwner` ("host:pid:uuid") and
 * `leaseUntil`, and extends the lease while it works; an item whose lease ran out, or whose owner
 * process on this host is gone, goes back to pending.
 */
export const kbIngestItems = pgTable(
  'kb_ingest_items',
  {
    id: text().primaryKey(),
    jobId: text()
      .notNull()
      .references(() => kbIngestJobs.id, { onDelete: 'cascade' }),
    kbId: text().notNull(),
    seq: integer().notNull(),
    path: text().notNull(),
    status: text().$type<IngestItemStatus>().notNull().default('pending'),
    /** The document the file became; no foreign key, the document may be deleted later. */
    documentId: text(),
    contentHash: text(),
    bytes: integer().notNull().default(0),
    chunks: integer().notNull().default(0),
    attempts: integer().notNull().default(0),
    error: jsonb().$type<IngestFailure>(),
    leaseOwner: text(),
    leaseUntil: at(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('kb_ingest_items_job_path').on(t.jobId, t.path),
    index('kb_ingest_items_job_status').on(t.jobId, t.status, t.seq),
    index('kb_ingest_items_status_lease').on(t.status, t.leaseUntil),
  ],
);

/** Folders whose files a knowledge base follows. */
export const kbWatches = pgTable(
  'kb_watches',
  {
    id: text().primaryKey(),
    kbId: text()
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    path: text().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    error: text(),
    lastScanAt: at(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('kb_watches_kb_path').on(t.kbId, t.path)],
);
