import type { IngestCounts, IngestJob } from '@shared/api/ingest';
import type { Bus } from '../../bus/bus';
import type { IngestRepository } from './repository';
import { toIngestJob, unfinished, type ItemResult, type ItemRow } from './rows';

/** A file whose status just changed, for the progress event. */
export interface FileChange {
  item: ItemRow;
  result?: ItemResult;
}

function count(counts: IngestCounts, result: ItemResult): void {
  if (result.status === 'done' || result.status === 'removed') counts.done++;
  else counts[result.status]++;
  if (result.status === 'done') counts.chunks += result.chunks ?? 0;
}

/**
 * Publishes `kb.ingest.progress`. A job's counts are read from the database at most every
 * `maxAgeMs` (and whenever the job may have ended); in between, the files this process finishes
 * are added to the last counts, so a large job does not recount its items after every file.
 */
export class ProgressReporter {
  private readonly cache = new Map<string, { job: IngestJob; at: number }>();

  constructor(
    private readonly repo: IngestRepository,
    private readonly bus: Bus,
    private readonly maxAgeMs = 500,
  ) {}

  /** Publishes a job's progress; returns the job as published (undefined if it is gone). */
  async publish(jobId: string, file?: FileChange, currentFile?: string | null): Promise<IngestJob | undefined> {
    let entry = this.cache.get(jobId);
    if (entry && file?.result && Date.now() - entry.at < this.maxAgeMs) {
      count(entry.job.counts, file.result);
      if (unfinished(entry.job.counts) <= 0) entry = undefined; // may have ended: read the truth
    } else entry = undefined;
    if (!entry) {
      const found = await this.repo.jobWithCounts(jobId);
      if (!found) return undefined;
      entry = { job: toIngestJob(found.row, found.counts), at: Date.now() };
      this.cache.set(jobId, entry);
    }
    const job = { ...entry.job, counts: { ...entry.job.counts }, currentFile: currentFile !== undefined ? currentFile : entry.job.currentFile };
    if (job.status === 'done' || job.status === 'cancelled') this.cache.delete(jobId);
    this.bus.publish('kb.ingest.progress', {
      jobId,
      kbId: job.kbId,
      status: job.status,
      counts: job.counts,
      currentFile: job.status === 'running' ? job.currentFile : null,
      file: file
        ? {
            path: file.item.path,
            status: file.result?.status ?? file.item.status,
            documentId: (file.result?.documentId !== undefined ? file.result.documentId : file.item.documentId) ?? null,
            chunks: file.result?.chunks ?? file.item.chunks,
            error: file.result?.error ?? file.item.error ?? null,
          }
        : null,
    });
    return job;
  }

  /** Drops a job's cached counts (after it was cancelled, retried or ended). */
  forget(jobId: string): void {
    this.cache.delete(jobId);
  }
}
