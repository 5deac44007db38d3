import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  IngestCounts,
  IngestFailure,
  IngestItem,
  IngestItemStatus,
  IngestJob,
  IngestJobStatus,
  IngestSource,
} from '@shared/api/ingest';
import type { ApiClient, EventPayload } from '@shared/api/index';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useStartedStore, without } from '../../api/entity-list-store';
import type { PickedFile } from '../../ui/drop-files';
import type { FileFailure } from './failures';
import { uploadFiles } from './upload-files';

type Progress = EventPayload<'kb.ingest.progress'>;

export interface FileProgress {
  path: string;
  status: IngestItemStatus;
  documentId: string | null;
  chunks: number;
  error: IngestFailure | null;
  /** When the page last heard of this file (a store-wide counter). */
  seq: number;
}

export interface JobProgress {
  id: string;
  kbId: string;
  status: IngestJobStatus;
  counts: IngestCounts;
  currentFile: string | null;
  /** Known once the job was returned by a call (events do not carry them). */
  source?: IngestSource;
  createdAt?: string;
  /** The files heard of so far, in the order first heard of. */
  files: FileProgress[];
  /** When the page last heard of the job's progress. */
  seq: number;
}

/** One file of an upload: how many of its bytes the engine has. */
export interface UploadFileProgress {
  relativePath: string;
  bytes: number;
  sent: number;
  /** Inside a dropped folder but ignored by ingestion (hidden, unsupported): not sent. */
  skipped: boolean;
}

/** Files whose bytes the page is sending (a browser); once sent, their ingestion job takes over. */
export interface UploadProgress {
  /** The page's own id for it. */
  id: string;
  kbId: string;
  status: 'uploading' | 'failed';
  files: UploadFileProgress[];
  error: FileFailure | null;
}

/** Files the page will not hand to the engine (too big, unusable names). */
export interface RejectedFile {
  name: string;
  relativePath: string;
  bytes: number;
  failure: FileFailure;
}

export interface IngestState {
  jobs: Record<string, JobProgress>;
  /** Jobs hidden from the progress list by the user. */
  dismissed: Record<string, true>;
  rejected: Record<string, RejectedFile[]>;
  uploads: Record<string, UploadProgress>;
  /** Subscribes to `kb.ingest.progress`; later calls do nothing. */
  start(): void;
  /** Loads a knowledge base's recent jobs, with the files of those still going and the newest. */
  loadJobs(kbId: string): Promise<void>;
  /** Loads (again) the files of one job. */
  loadFiles(jobId: string): Promise<void>;
  ingest(kbId: string, paths: string[], tags?: string[]): Promise<IngestJob>;
  /** Sends files' bytes and queues their ingestion; a failure stays in `uploads` (null is returned). */
  upload(kbId: string, files: readonly PickedFile[], tags?: string[]): Promise<IngestJob | null>;
  cancelUpload(id: string): void;
  dismissUpload(id: string): void;
  reindex(kbId: string, force: boolean): Promise<IngestJob>;
  retryJob(jobId: string): Promise<IngestJob>;
  cancelJob(jobId: string): Promise<IngestJob>;
  retryDocument(documentId: string): Promise<IngestJob>;
  dismiss(jobId: string): void;
  reject(kbId: string, files: RejectedFile[]): void;
  clearRejected(kbId: string): void;
}

export const isFinal = (status: IngestJobStatus) => status === 'done' || status === 'cancelled';
export const settledCount = (c: IngestCounts) => c.done + c.failed + c.skipped + c.cancelled;

/** A job's jobs, newest first. */
export function jobsOf(jobs: Record<string, JobProgress>, kbId: string): JobProgress[] {
  return Object.values(jobs)
    .filter((j) => j.kbId === kbId)
    .sort((a, b) => (b.createdAt ?? '~').localeCompare(a.createdAt ?? '~') || b.seq - a.seq);
}

function upsertFile(files: FileProgress[], file: FileProgress): FileProgress[] {
  const index = files.findIndex((f) => f.path === file.path);
  if (index < 0) return [...files, file];
  const next = [...files];
  next[index] = file;
  return next;
}

/** Applies one progress event (events arrive in order: each is the newest word on its job). */
export function applyProgress(
  jobs: Record<string, JobProgress>,
  event: Progress,
  seq: number,
): Record<string, JobProgress> {
  const current = jobs[event.jobId];
  const base: JobProgress = current ?? {
    id: event.jobId,
    kbId: event.kbId,
    files: [],
    seq,
    counts: event.counts,
    status: event.status,
    currentFile: null,
  };
  const files = event.file ? upsertFile(base.files, { ...event.file, seq }) : base.files;
  return {
    ...jobs,
    [event.jobId]: {
      ...base,
      status: event.status,
      counts: event.counts,
      currentFile: event.currentFile,
      files,
      seq,
    },
  };
}

/**
 * Applies a job as a call returned it. Its metadata always; its progress only when no event about
 * the job arrived since the call started (`since`), as those are newer.
 */
export function applyJob(
  jobs: Record<string, JobProgress>,
  job: IngestJob,
  since: number,
  seq: number,
): Record<string, JobProgress> {
  const current = jobs[job.id];
  const meta = { source: job.source, createdAt: job.createdAt };
  if (current && current.seq > since) return { ...jobs, [job.id]: { ...current, ...meta } };
  return {
    ...jobs,
    [job.id]: {
      id: job.id,
      kbId: job.kbId,
      status: job.status,
      counts: job.counts,
      currentFile: job.currentFile,
      files: current?.files ?? [],
      ...meta,
      seq,
    },
  };
}

/** Applies a job's files as `kb.job` returned them; files heard of since the call keep their state. */
export function applyItems(
  jobs: Record<string, JobProgress>,
  jobId: string,
  items: readonly IngestItem[],
  since: number,
  seq: number,
): Record<string, JobProgress> {
  const current = jobs[jobId];
  if (!current) return jobs;
  let files = current.files;
  for (const item of items) {
    const known = files.find((f) => f.path === item.path);
    if (known && known.seq > since) continue;
    const { path, status, documentId, chunks, error } = item;
    files = upsertFile(files, { path, status, documentId, chunks, error, seq });
  }
  return { ...jobs, [jobId]: { ...current, files } };
}

export function createIngestStore(api: ApiClient): StoreApi<IngestState> {
  let started = false;
  /** Orders what the page hears: events and call answers. */
  let clock = 0;
  let uploadIds = 0;
  const aborts = new Map<string, AbortController>();

  return createStore<IngestState>((set, get) => {
    /** Runs a call that answers with a job, and shows the job. */
    const withJob = async (call: () => Promise<IngestJob>) => {
      get().start();
      const since = clock;
      const job = await call();
      set((s) => ({
        jobs: applyJob(s.jobs, job, since, ++clock),
        dismissed: without(s.dismissed, job.id),
      }));
      void get()
        .loadFiles(job.id)
        .catch(() => undefined);
      return job;
    };

    return {
      jobs: {},
      dismissed: {},
      rejected: {},
      uploads: {},

      start() {
        if (started) return;
        started = true;
        api.subscribe('kb.ingest.progress', (event) =>
          set((s) => ({ jobs: applyProgress(s.jobs, event, ++clock) })),
        );
      },

      async loadJobs(kbId) {
        get().start();
        const since = clock;
        const list = await api.call('kb.jobs', { kbId, limit: 10 });
        set((s) => {
          let jobs = s.jobs;
          for (const job of list) jobs = applyJob(jobs, job, since, ++clock);
          return { jobs };
        });
        const wanted = list.filter((job, i) => i === 0 || !isFinal(job.status));
        await Promise.all(wanted.map((job) => get().loadFiles(job.id)));
      },

      async loadFiles(jobId) {
        const since = clock;
        const { items } = await api.call('kb.job', { id: jobId, limit: 500 });
        set((s) => ({ jobs: applyItems(s.jobs, jobId, items, since, ++clock) }));
      },

      ingest: (kbId, paths, tags = []) =>
        withJob(() => api.call('kb.ingest', { kbId, paths, tags })),
      async upload(kbId, files, tags = []) {
        const id = `upload-${++uploadIds}`;
        const abort = new AbortController();
        aborts.set(id, abort);
        const update = (change: (upload: UploadProgress) => UploadProgress) =>
          set((s) => {
            const upload = s.uploads[id];
            return upload ? { uploads: { ...s.uploads, [id]: change(upload) } } : s;
          });
        const initial = files.map((f) => ({
          relativePath: f.relativePath,
          bytes: f.file.size,
          sent: 0,
          skipped: false,
        }));
        set((s) => ({
          uploads: {
            ...s.uploads,
            [id]: { id, kbId, status: 'uploading', files: initial, error: null },
          },
        }));
        try {
          const job = await withJob(() =>
            uploadFiles(api, {
              kbId,
              files,
              tags,
              signal: abort.signal,
              onStarted: (skipped) =>
                update((u) => ({
                  ...u,
                  files: u.files.map((f, i) => (skipped.includes(i) ? { ...f, skipped: true } : f)),
                })),
              onSent: (index, sent) =>
                update((u) => ({
                  ...u,
                  files: u.files.map((f, i) => (i === index ? { ...f, sent } : f)),
                })),
            }),
          );
          set((s) => ({ uploads: without(s.uploads, id) }));
          return job;
        } catch (caught) {
          const error = toAppError(caught);
          if (error.code === 'CANCELLED') set((s) => ({ uploads: without(s.uploads, id) }));
          else
            update((u) => ({
              ...u,
              status: 'failed',
              error: {
                reason: 'upload_failed',
                code: error.code,
                message: error.message,
                hint: error.hint,
              },
            }));
          return null;
        } finally {
          aborts.delete(id);
        }
      },
      cancelUpload(id) {
        aborts.get(id)?.abort();
      },
      dismissUpload(id) {
        set((s) => ({ uploads: without(s.uploads, id) }));
      },
      reindex: (kbId, force) => withJob(() => api.call('kb.reindex', { kbId, force })),
      retryJob: (id) => withJob(() => api.call('kb.job.retry', { id })),
      cancelJob: (id) => withJob(() => api.call('kb.job.cancel', { id })),
      retryDocument: (id) => withJob(() => api.call('kb.document.retry', { id })),

      dismiss(jobId) {
        set((s) => ({ dismissed: { ...s.dismissed, [jobId]: true } }));
      },
      reject(kbId, files) {
        set((s) => ({
          rejected: { ...s.rejected, [kbId]: [...(s.rejected[kbId] ?? []), ...files] },
        }));
      },
      clearRejected(kbId) {
        set((s) => ({ rejected: without(s.rejected, kbId) }));
      },
    };
  });
}

export const ingestStoreFor = perClient(createIngestStore);

/** Reads the ingestion store of the window's client; the first use subscribes to progress. */
export function useIngest<T>(selector: (state: IngestState) => T): T {
  return useStartedStore(ingestStoreFor(useApi()), selector);
}
