import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { IngestItem, IngestItemStatus, IngestJob, IngestJobStatus, IngestSource } from '@shared/api/ingest';
import type { VectorStoreKind } from '@shared/api/knowledge';
import { AppError, type FieldIssue } from '@shared/errors';
import type { Bus } from '../../bus/bus';
import type { Db } from '../../store/types';
import type { VectorStore } from '../store/types';
import type { KbEmbedders, KnowledgeBaseService } from '../kb/index';
import { createDocumentParser, type DocumentParser } from '../parse/parser';
import { IngestPipeline } from './pipeline';
import { IngestProcessor, type ProcessorOptions } from './processor';
import { IngestRepository, toIngestItem, toIngestJob, type JobRow } from './repository';
import { filesOfJob } from './scanner';

export interface IngestServiceDeps {
  db: Db;
  bus: Bus;
  kb: KnowledgeBaseService;
  /** The vector stores the knowledge base service uses. */
  stores: { get(kind: VectorStoreKind): VectorStore };
  embedders: KbEmbedders;
  /** Parser to use (default: a pool of its own, closed with the service). */
  parser?: DocumentParser;
  /** Where the local models are (for the local embedder's tokenizer). */
  modelsDir?: string;
  /** Texts per embedding request (default 64). */
  embedBatchSize?: number;
  processor?: ProcessorOptions;
  onError?: (message: string, error: unknown) => void;
}

export interface EnqueueOptions {
  source?: IngestSource;
  tags?: string[];
  /** Re-embed files even when unchanged. */
  force?: boolean;
}

const FINAL: IngestJobStatus[] = ['done', 'cancelled'];

function notFound(what: string, id: string, hint: string): AppError {
  return new AppError('NOT_FOUND', `No ${what} with id ${id}.`, { hint });
}

/**
 * Ingestion of files and folders into knowledge bases, through a durable queue in the database:
 * jobs and their files survive a crash and resume on the next start; unchanged files are skipped
 * by content hash; progress and per-file errors are published as `kb.ingest.progress`, document
 * changes as `kb.document.changed`.
 */
export class IngestService {
  readonly repo: IngestRepository;
  private readonly processor: IngestProcessor;
  /** The parse workers (attachments of chat messages are read with them too). */
  readonly parser: DocumentParser;
  private scans: Promise<void> = Promise.resolve();
  private started: Promise<void> | undefined;

  constructor(private readonly deps: IngestServiceDeps) {
    this.repo = new IngestRepository(deps.db);
    this.parser = deps.parser ?? createDocumentParser();
    const pipeline = new IngestPipeline({
      kb: deps.kb,
      stores: deps.stores,
      embedders: deps.embedders,
      parser: this.parser,
      ...(deps.modelsDir ? { modelsDir: deps.modelsDir } : {}),
      ...(deps.embedBatchSize ? { embedBatchSize: deps.embedBatchSize } : {}),
    });
    this.processor = new IngestProcessor(
      { repo: this.repo, pipeline, bus: deps.bus, kb: deps.kb, ...(deps.onError ? { onError: deps.onError } : {}) },
      deps.processor,
    );
  }

  /** Resumes what a previous run left (files in progress go back to pending), then works the queue. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.processor.start();
      for (const job of await this.repo.unscannedJobs()) this.scan(job);
    })();
    return this.started;
  }

  /** Queues files and folders (absolute paths that exist) for ingestion into a knowledge base. */
  async ingest(kbId: string, paths: readonly string[], options: EnqueueOptions = {}): Promise<IngestJob> {
    await this.deps.kb.get(kbId);
    const issues: FieldIssue[] = [];
    await Promise.all(
      paths.map(async (path, i) => {
        if (!isAbsolute(path)) return void issues.push({ path: ['paths', i], message: `"${path}" is not an absolute path` });
        const info = await stat(path).catch(() => undefined);
        if (!info) issues.push({ path: ['paths', i], message: `"${path}" does not exist` });
        else if (!info.isFile() && !info.isDirectory()) issues.push({ path: ['paths', i], message: `"${path}" is not a file or folder` });
      }),
    );
    if (issues.length) {
      throw new AppError('VALIDATION', `Cannot ingest: ${issues[0]!.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`, {
        hint: 'Give absolute paths of files or folders that exist.',
        issues,
      });
    }
    return this.enqueue(kbId, paths, options);
  }

  /** Queues paths without checking that they exist (a vanished path removes its documents). */
  async enqueue(kbId: string, paths: readonly string[], options: EnqueueOptions = {}): Promise<IngestJob> {
    await this.start(); // a one-shot CLI engine starts working only when it queues work itself
    const job = await this.repo.createJob({
      kbId,
      source: options.source ?? 'manual',
      paths: [...new Set(paths.map((p) => resolve(p)))],
      tags: [...new Set(options.tags ?? [])],
      force: options.force ?? false,
    });
    this.scan(job);
    return toIngestJob(job);
  }

  /** Re-reads every document's file: unchanged ones are skipped unless `force`, vanished ones removed. */
  async reindex(kbId: string, force = false): Promise<IngestJob> {
    await this.deps.kb.get(kbId);
    return this.enqueue(kbId, [], { source: 'reindex', force });
  }

  async jobs(options: { kbId?: string | undefined; status?: IngestJobStatus | undefined; limit?: number } = {}): Promise<IngestJob[]> {
    const rows = await this.repo.listJobs({ limit: 50, ...options });
    const counts = await this.repo.counts(rows.map((r) => r.id));
    return rows.map((r) => toIngestJob(r, counts.get(r.id)));
  }

  async job(
    id: string,
    options: { status?: IngestItemStatus | undefined; limit?: number; offset?: number } = {},
  ): Promise<{ job: IngestJob; items: IngestItem[]; totalItems: number }> {
    const job = await this.view(id);
    const { items, total } = await this.repo.items(id, { limit: 500, offset: 0, ...options });
    return { job, items: items.map(toIngestItem), totalItems: total };
  }

  /** Stops a job: files not yet finished end as cancelled. A finished job is returned as it is. */
  async cancel(id: string): Promise<IngestJob> {
    const cancelled = await this.repo.cancel(id);
    this.processor.abortJob(id);
    if (cancelled) await this.processor.progress.publish(id);
    return this.view(id);
  }

  /** Queues a job's failed and cancelled files again. */
  async retryJob(id: string): Promise<IngestJob> {
    await this.view(id);
    await this.start();
    const row = (await this.repo.retry(id))!;
    this.processor.progress.forget(id);
    if (!row.scanned) this.scan(row);
    else if (await this.repo.settle(id)) await this.processor.finished(id);
    else await this.processor.progress.publish(id);
    this.processor.wake();
    return this.view(id);
  }

  /** Ingests one document's file again (even if unchanged). */
  async retryDocument(documentId: string): Promise<IngestJob> {
    const document = await this.deps.kb.documents.get(documentId);
    if (!document) throw notFound('document', documentId, 'List the documents of the knowledge base to see their ids.');
    if (!(await stat(document.path).catch(() => undefined))?.isFile()) {
      throw new AppError('NOT_FOUND', `The file of "${document.title || document.path}" is gone (${document.path}).`, {
        hint: 'Restore the file and retry, or delete the document.',
      });
    }
    return this.enqueue(document.kbId, [document.path], { source: 'retry', force: true });
  }

  /** Deletes a document with its chunks and vectors. */
  async deleteDocument(documentId: string): Promise<boolean> {
    const document = await this.deps.kb.documents.get(documentId);
    if (!document || !(await this.deps.kb.deleteDocument(documentId))) return false;
    this.deps.bus.publish('kb.document.changed', { kind: 'deleted', kbId: document.kbId, id: documentId, path: document.path });
    await this.deps.kb.notifyChanged(document.kbId).catch(() => undefined);
    return true;
  }

  /** Resolves with the job once it is done or cancelled. */
  waitFor(jobId: string, signal?: AbortSignal): Promise<IngestJob> {
    return new Promise((resolvePromise, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        off();
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const check = () =>
        this.repo.job(jobId).then(
          async (row) => {
            if (!row) finish(() => reject(notFound('ingestion job', jobId, 'List jobs with kb.jobs.')));
            else if (FINAL.includes(row.status)) {
              const view = await this.view(jobId);
              finish(() => resolvePromise(view));
            }
          },
          (error: unknown) => finish(() => reject(error)),
        );
      const unsubscribe = this.deps.bus.subscribe('kb.ingest.progress', (e) => {
        if (e.jobId === jobId && FINAL.includes(e.status)) void check();
      });
      // Another process may finish the job: look now and then as well.
      const poll = setInterval(() => void check(), 1_000);
      const off = () => {
        unsubscribe();
        clearInterval(poll);
      };
      const onAbort = () => finish(() => reject(new AppError('CANCELLED', 'Stopped waiting for the ingestion job.')));
      signal?.addEventListener('abort', onAbort, { once: true });
      void check();
    });
  }

  /** Resolves when this process is not working on any file (for tests and shutdown). */
  idle(): Promise<void> {
    return this.processor.idle();
  }

  /** Stops working (files in progress resume on the next start) and closes the parser. */
  async close(): Promise<void> {
    if (this.started) await this.started.catch(() => undefined);
    await this.processor.close();
    await this.scans.catch(() => undefined);
    if (!this.deps.parser) await this.parser.close();
  }

  /** Expands a job's folders into files (one scan at a time), then starts processing them. */
  private scan(job: JobRow): void {
    this.scans = this.scans.then(async () => {
      try {
        const files = await filesOfJob(this.repo, job, (path, message) =>
          this.deps.onError?.(`Could not list ${path}`, new Error(message)),
        );
        await this.repo.addItems(job, files);
        await this.repo.markScanned(job.id);
        if (await this.repo.settle(job.id)) await this.processor.finished(job.id);
        else await this.processor.progress.publish(job.id);
        this.processor.wake();
      } catch (error) {
        this.deps.onError?.(`Could not scan the files of ingestion job ${job.id}`, error);
      }
    });
  }

  /** A job with its progress, or NOT_FOUND. */
  private async view(id: string): Promise<IngestJob> {
    const job = await this.processor.view(id);
    if (!job) throw notFound('ingestion job', id, 'List jobs with `kb.jobs`.');
    return job;
  }
}
