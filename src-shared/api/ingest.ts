import { z } from 'zod';
import { Id } from '../entities/agent';
import { ModelRef } from '../entities/model';
import { Usage } from '../entities/llm';
import { ParseFailureReason } from '../entities/rag';
import { ErrorCode } from '../errors';
import { method } from './define';
import { KbChunk, KbDocument, SearchMode } from './knowledge';

/** Why one file of an ingestion job failed: the parser's reasons, then the later stages'. */
export const IngestFailureReason = z.enum([
  ...ParseFailureReason.options,
  /** The file vanished or could not be listed before it was read. */
  'missing',
  /** The embedding model failed or returned unusable vectors. */
  'embedding',
  /** Writing the chunks to the store failed. */
  'storage',
  'internal',
]);
export type IngestFailureReason = z.infer<typeof IngestFailureReason>;

export const IngestFailure = z.object({
  reason: IngestFailureReason,
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
});
export type IngestFailure = z.infer<typeof IngestFailure>;

/** `done`: every item settled (some may have failed — see counts). */
export const IngestJobStatus = z.enum(['pending', 'running', 'done', 'cancelled']);
export type IngestJobStatus = z.infer<typeof IngestJobStatus>;

/**
 * One file of a job. `skipped`: unchanged since it was last ingested (same sha256), nothing embedded.
 * `removed`: the file is gone (or no longer supported) and its document was deleted.
 */
export const IngestItemStatus = z.enum(['pending', 'running', 'done', 'skipped', 'removed', 'failed', 'cancelled']);
export type IngestItemStatus = z.infer<typeof IngestItemStatus>;

/** Why a job was started. */
export const IngestSource = z.enum(['manual', 'watch', 'reindex', 'retry']);
export type IngestSource = z.infer<typeof IngestSource>;

export const IngestCounts = z.object({
  total: z.number().int().nonnegative(),
  /** Ingested (new or changed) or removed. */
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Unchanged, not re-embedded. */
  skipped: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** Chunks written by this job so far. */
  chunks: z.number().int().nonnegative(),
});
export type IngestCounts = z.infer<typeof IngestCounts>;

export const IngestJob = z.object({
  id: Id,
  kbId: Id,
  source: IngestSource,
  status: IngestJobStatus,
  /** The files and folders as given (absolute). */
  paths: z.array(z.string()),
  counts: IngestCounts,
  /** The file being processed now, if any. */
  currentFile: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type IngestJob = z.infer<typeof IngestJob>;

export const IngestItem = z.object({
  id: Id,
  jobId: Id,
  path: z.string(),
  status: IngestItemStatus,
  /** The document the file became (set once registered). */
  documentId: Id.nullable(),
  chunks: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  error: IngestFailure.nullable(),
  updatedAt: z.string(),
});
export type IngestItem = z.infer<typeof IngestItem>;

export const KbWatch = z.object({
  id: Id,
  kbId: Id,
  /** Absolute folder path. */
  path: z.string(),
  tags: z.array(z.string()),
  /** `error`: the folder is missing or unreadable (see `error`); it is retried on every rescan. */
  status: z.enum(['watching', 'error']),
  error: z.string().nullable(),
  lastScanAt: z.string().nullable(),
  createdAt: z.string(),
});
export type KbWatch = z.infer<typeof KbWatch>;

/** One numbered source of an answer: `[n]` in the answer text refers to `citations[n - 1]`. */
export const AskCitation = z.object({
  n: z.number().int().positive(),
  kbId: Id,
  document: z.object({ id: Id, path: z.string(), title: z.string() }),
  chunk: KbChunk,
  score: z.number(),
});
export type AskCitation = z.infer<typeof AskCitation>;

export const AskResult = z.object({
  answer: z.string(),
  /** Every retrieved source given to the model, numbered as in the answer. */
  citations: z.array(AskCitation),
  /** The numbers the answer actually cites, in order of first use. */
  cited: z.array(z.number().int().positive()),
  model: ModelRef,
  usage: Usage.optional(),
  tookMs: z.number().nonnegative(),
});
export type AskResult = z.infer<typeof AskResult>;

/** Tags given to the documents a job adds. */
export const IngestTags = z.array(z.string().trim().min(1).max(40)).max(50);
const AbsPath = z.string().trim().min(1, 'Give a file or folder path').max(4096);
const ById = z.object({ id: Id }).strict();

export const ingestMethods = {
  /** Queues files and folders (walked recursively) for ingestion; answers at once with the job. */
  'kb.ingest': method(
    z
      .object({
        kbId: Id,
        paths: z.array(AbsPath).min(1, 'Give at least one file or folder').max(1000),
        tags: IngestTags.default([]),
        /** Re-embed files even when unchanged. */
        force: z.boolean().default(false),
      })
      .strict(),
    IngestJob,
  ),
  /** Jobs, newest first, with their progress. */
  'kb.jobs': method(
    z
      .object({
        kbId: Id.optional(),
        status: IngestJobStatus.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict()
      .default({ limit: 50 }),
    z.array(IngestJob),
  ),
  /** One job with its files (paged; filter by status to list e.g. the failures). */
  'kb.job': method(
    z
      .object({
        id: Id,
        status: IngestItemStatus.optional(),
        limit: z.number().int().min(1).max(5000).default(500),
        offset: z.number().int().nonnegative().default(0),
      })
      .strict(),
    z.object({ job: IngestJob, items: z.array(IngestItem), totalItems: z.number().int().nonnegative() }),
  ),
  /** Stops a job: files not yet finished end as `cancelled` (finished ones stay). */
  'kb.job.cancel': method(ById, IngestJob),
  /** Queues the job's failed and cancelled files again. */
  'kb.job.retry': method(ById, IngestJob),
  /** Ingests one document's file again (e.g. after a failure); answers with the new job. */
  'kb.document.retry': method(ById, IngestJob),
  /** Deletes a document with its chunks and vectors. */
  'kb.document.delete': method(ById, z.object({ deleted: z.boolean() })),
  /** Re-reads every document's file; unchanged ones are skipped unless `force`, vanished ones removed. */
  'kb.reindex': method(z.object({ kbId: Id, force: z.boolean().default(false) }).strict(), IngestJob),
  /** Watches a folder: its files are ingested now, and additions, changes and deletions follow. */
  'kb.watch.add': method(z.object({ kbId: Id, path: AbsPath, tags: IngestTags.default([]) }).strict(), KbWatch),
  'kb.watch.remove': method(ById, z.object({ removed: z.boolean() })),
  'kb.watch.list': method(z.object({ kbId: Id.optional() }).strict().default({}), z.array(KbWatch)),
  /** Answers a question from a knowledge base with numbered citations [1], [2] to the retrieved chunks. */
  'kb.ask': method(
    z
      .object({
        kbId: Id,
        question: z.string().trim().min(1, 'Ask a question').max(10_000),
        model: ModelRef,
        k: z.number().int().min(1).max(30).default(6),
        mode: SearchMode.default('hybrid'),
      })
      .strict(),
    AskResult,
  ),
};

export const ingestEvents = {
  /** A job's progress: after every file, and when the job starts, is cancelled or finishes. */
  'kb.ingest.progress': z.object({
    jobId: Id,
    kbId: Id,
    status: IngestJobStatus,
    counts: IngestCounts,
    currentFile: z.string().nullable(),
    /** The file whose status just changed, if one did. */
    file: z
      .object({
        path: z.string(),
        status: IngestItemStatus,
        documentId: Id.nullable(),
        chunks: z.number().int().nonnegative(),
        error: IngestFailure.nullable(),
      })
      .nullable(),
  }),
  /** A document was ingested, failed, or removed. */
  'kb.document.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), kbId: Id, document: KbDocument }),
    z.object({ kind: z.literal('deleted'), kbId: Id, id: Id, path: z.string() }),
  ]),
  'kb.watch.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), watch: KbWatch }),
    z.object({ kind: z.literal('deleted'), id: Id }),
  ]),
};
