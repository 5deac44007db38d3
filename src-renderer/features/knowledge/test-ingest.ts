import type {
  IngestItem,
  IngestJob,
  IngestSource,
  ingestMethods,
  KbWatch,
} from '@shared/api/ingest';
import type { MethodOutput, ParsedInput } from '@shared/api/index';
import type { SearchResult } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';
import { chunkText, failureOf, formatOf, titleOf } from './test-engine';
import type { KbFakeState } from './test-state';

type IngestMethod = keyof typeof ingestMethods;
export type IngestHandlers = { [M in IngestMethod]: (input: ParsedInput<M>) => MethodOutput<M> };

/** Recounts a job from its files and applies a change. */
function setJob(state: KbFakeState, job: IngestJob, patch: Partial<IngestJob>): void {
  const items = state.items.get(job.id) ?? [];
  const count = (...s: IngestItem['status'][]) => items.filter((i) => s.includes(i.status)).length;
  Object.assign(job, patch, {
    updatedAt: state.tick(),
    counts: {
      total: items.length,
      done: count('done', 'removed'),
      failed: count('failed'),
      skipped: count('skipped'),
      cancelled: count('cancelled'),
      chunks: items.reduce((n, i) => n + i.chunks, 0),
    },
  });
}

function progress(state: KbFakeState, job: IngestJob, item: IngestItem | null): void {
  state.emit('kb.ingest.progress', {
    jobId: job.id,
    kbId: job.kbId,
    status: job.status,
    counts: job.counts,
    currentFile: job.currentFile,
    file: item && {
      path: item.path,
      status: item.status,
      documentId: item.documentId,
      chunks: item.chunks,
      error: item.error,
    },
  });
}

/** One file: skipped when unchanged, removed when gone, else (re)chunked or failed by marker. */
function ingestFile(state: KbFakeState, job: IngestJob, item: IngestItem): void {
  const text = state.files.get(item.path);
  const existing = [...state.documents.values()].find(
    (d) => d.kbId === job.kbId && d.path === item.path,
  );
  if (text === undefined) {
    if (existing) state.deleteDocument(existing.id);
    Object.assign(item, { status: 'removed', updatedAt: state.tick() });
    return;
  }
  if (existing?.text === text && existing.status === 'ready' && !state.forced.has(job.id)) {
    Object.assign(item, { status: 'skipped', documentId: existing.id, updatedAt: state.tick() });
    return;
  }
  const id = existing?.id ?? state.id('doc');
  const error = failureOf(item.path, text);
  const chunks = error ? [] : chunkText(id, text);
  const now = state.tick();
  const doc = {
    id,
    kbId: job.kbId,
    path: item.path,
    title: titleOf(item.path, text),
    format: formatOf(item.path),
    tags: state.jobTags.get(job.id) ?? [],
    status: error ? ('failed' as const) : ('ready' as const),
    error: error && {
      code: error.code,
      message: error.message,
      hint: error.hint,
      reason: error.reason,
    },
    bytes: new TextEncoder().encode(text).length,
    chunkCount: chunks.length,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    text,
  };
  state.documents.set(id, doc);
  state.chunks.set(id, chunks);
  state.emit('kb.document.changed', {
    kind: 'upserted',
    kbId: job.kbId,
    document: state.docView(doc),
  });
  Object.assign(item, {
    status: error ? 'failed' : 'done',
    documentId: id,
    chunks: chunks.length,
    attempts: item.attempts + 1,
    error,
    updatedAt: now,
  });
}

/** Ingests the next queued file of any job; false when nothing is queued. */
export function step(state: KbFakeState): boolean {
  for (const [jobId, items] of state.items) {
    const job = state.jobs.get(jobId)!;
    const item = items.find((i) => i.status === 'pending');
    if (!item || job.status === 'cancelled') continue;
    setJob(state, job, {
      status: 'running',
      currentFile: item.path,
      startedAt: job.startedAt ?? state.tick(),
    });
    progress(state, job, null);
    ingestFile(state, job, item);
    setJob(state, job, {});
    progress(state, job, item);
    if (!items.some((i) => i.status === 'pending')) {
      setJob(state, job, { status: 'done', currentFile: null, finishedAt: state.tick() });
      progress(state, job, null);
      state.publishKb(job.kbId);
    }
    return true;
  }
  return false;
}

/** Queues a job over files (folders expanded); its files wait for `step()`. */
export function enqueue(
  state: KbFakeState,
  kbId: string,
  paths: readonly string[],
  source: IngestSource,
  tags: string[] = [],
  force = false,
): IngestJob {
  const inside = (p: string) =>
    state.files.has(p) ? [p] : [...state.files.keys()].filter((f) => f.startsWith(`${p}/`));
  const now = state.tick();
  const job: IngestJob = {
    id: state.id('job'),
    kbId,
    source,
    status: 'pending',
    paths: [...paths],
    counts: { total: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, chunks: 0 },
    currentFile: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  };
  const items = [...new Set(paths.flatMap(inside))].map((path) => ({
    id: state.id('item'),
    jobId: job.id,
    path,
    status: 'pending' as const,
    documentId: null,
    chunks: 0,
    bytes: state.files.get(path)?.length ?? 0,
    attempts: 0,
    error: null,
    updatedAt: now,
  }));
  state.jobs.set(job.id, job);
  state.items.set(job.id, items);
  state.jobTags.set(job.id, tags);
  if (force) state.forced.add(job.id);
  setJob(state, job, {});
  progress(state, job, null);
  return job;
}

function jobOf(state: KbFakeState, id: string): IngestJob {
  const job = state.jobs.get(id);
  if (!job) throw new AppError('NOT_FOUND', `No ingestion job with id ${id}.`);
  return job;
}

/** The ingestion, watching and ask methods; `search` and `answer` come from the API. */
export function ingestHandlers(
  state: KbFakeState,
  search: (input: ParsedInput<'kb.search'>) => SearchResult,
  answer: (question: string, sources: number) => string,
): IngestHandlers {
  const exists = (p: string) =>
    state.files.has(p) || [...state.files.keys()].some((f) => f.startsWith(`${p}/`));
  return {
    'kb.ingest': ({ kbId, paths, tags, force }) => {
      state.kbOf(kbId);
      const issues = paths.flatMap((p, i) =>
        exists(p) ? [] : [{ path: ['paths', i], message: `"${p}" does not exist` }],
      );
      if (issues.length)
        throw new AppError('VALIDATION', `Cannot ingest: ${issues[0]!.message}.`, {
          hint: 'Give absolute paths of files or folders that exist.',
          issues,
        });
      return enqueue(state, kbId, paths, 'manual', tags, force);
    },
    'kb.jobs': ({ kbId, status, limit }) =>
      [...state.jobs.values()]
        .filter((j) => (!kbId || j.kbId === kbId) && (!status || j.status === status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, limit),
    'kb.job': ({ id, status, limit, offset }) => {
      const items = (state.items.get(id) ?? []).filter((i) => !status || i.status === status);
      return {
        job: jobOf(state, id),
        items: items.slice(offset, offset + limit),
        totalItems: items.length,
      };
    },
    'kb.job.cancel': ({ id }) => {
      const job = jobOf(state, id);
      for (const item of state.items.get(id) ?? [])
        if (item.status === 'pending') item.status = 'cancelled';
      setJob(state, job, { status: 'cancelled', currentFile: null, finishedAt: state.tick() });
      progress(state, job, null);
      return job;
    },
    'kb.job.retry': ({ id }) => {
      const job = jobOf(state, id);
      for (const item of state.items.get(id) ?? [])
        if (item.status === 'failed' || item.status === 'cancelled')
          Object.assign(item, { status: 'pending', error: null });
      setJob(state, job, { status: 'pending', finishedAt: null });
      progress(state, job, null);
      return job;
    },
    'kb.document.retry': ({ id }) => {
      const doc = state.docOf(id);
      return enqueue(state, doc.kbId, [doc.path], 'retry', doc.tags, true);
    },
    'kb.document.delete': ({ id }) => ({ deleted: state.deleteDocument(id) }),
    'kb.reindex': ({ kbId, force }) => {
      const paths = [...state.documents.values()].filter((d) => d.kbId === kbId).map((d) => d.path);
      return enqueue(state, state.kbOf(kbId).id, paths, 'reindex', [], force);
    },
    'kb.watch.add': ({ kbId, path, tags }) => {
      state.kbOf(kbId);
      const found = exists(path);
      const watch: KbWatch = {
        id: state.id('watch'),
        kbId,
        path,
        tags,
        status: found ? 'watching' : 'error',
        error: found ? null : `${path} does not exist.`,
        lastScanAt: found ? state.tick() : null,
        createdAt: state.tick(),
      };
      state.watches.set(watch.id, watch);
      state.emit('kb.watch.changed', { kind: 'upserted', watch });
      if (found) enqueue(state, kbId, [path], 'watch', tags);
      return watch;
    },
    'kb.watch.remove': ({ id }) => {
      const removed = state.watches.delete(id);
      if (removed) state.emit('kb.watch.changed', { kind: 'deleted', id });
      return { removed };
    },
    'kb.watch.list': ({ kbId }) =>
      [...state.watches.values()].filter((w) => !kbId || w.kbId === kbId),
    'kb.ask': ({ kbId, question, model, k, mode }) => {
      const { hits } = search({ kbIds: [kbId], query: question, mode, k, filter: {}, rrfK: 60 });
      const citations = hits.map((h, i) => ({
        n: i + 1,
        kbId: h.kbId,
        document: { id: h.document.id, path: h.document.path, title: h.document.title },
        chunk: h.chunk,
        score: h.scores.fused,
      }));
      const text = answer(question, citations.length);
      const cited = [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
      return {
        answer: text,
        citations,
        cited,
        model,
        usage: { inputTokens: 120, outputTokens: 24 },
        tookMs: 30,
      };
    },
  };
}
