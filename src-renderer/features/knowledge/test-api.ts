import type { ingestMethods } from '@shared/api/ingest';
import type { kbGraphMethods } from '@shared/api/kb-graph';
import { methods, type MethodName, type MethodOutput, type ParsedInput } from '@shared/api/index';
import type { knowledgeMethods, KnowledgeBase } from '@shared/api/knowledge';
import type { uploadMethods } from '@shared/api/upload';
import { AppError, parseOrThrow } from '@shared/errors';
import { MemoryApi } from '../../test/memory-api';
import { rank } from './test-engine';
import { graphHandlers } from './test-graph';
import { ingestHandlers, step } from './test-ingest';
import { KbFakeState } from './test-state';
import { uploadHandlers } from './test-upload';

type KbMethod =
  | keyof typeof knowledgeMethods
  | keyof typeof ingestMethods
  | keyof typeof uploadMethods
  | keyof typeof kbGraphMethods;
type Handlers = { [M in KbMethod]: (input: ParsedInput<M>) => MethodOutput<M> };

/**
 * The in-memory API with knowledge bases. Like the engine it validates with the contract and
 * publishes `kb.changed`, `kb.ingest.progress`, `kb.document.changed` and `kb.watch.changed`.
 * Files live in `files` (absolute path → text); ingestion runs a file per `step()`, so tests
 * decide when progress happens. A text starting with `!<reason>` fails with that reason.
 * Uploaded files land in `files` under `/data/uploads/<kbId>/`.
 */
export class KnowledgeMemoryApi extends MemoryApi {
  readonly state = new KbFakeState((event, payload) => this.emit(event, payload));
  readonly files = this.state.files;
  readonly kbs = this.state.kbs;
  readonly documents = this.state.documents;
  readonly jobs = this.state.jobs;
  readonly watches = this.state.watches;
  /** The answer `kb.ask` gives (default: cites the first two sources). */
  answer = (question: string, sources: number) =>
    sources
      ? `About "${question}": see [1]${sources > 1 ? ' and [2]' : ''}.`
      : 'I found nothing on that.';
  /** Bytes per upload chunk the fake engine asks for. */
  uploadChunkBytes = 1024 * 1024;
  /** When set, each `kb.upload.chunk` waits for it (to see an upload mid-way). */
  chunkGate: (() => Promise<void>) | undefined;
  private readonly kbFailures = new Map<MethodName, AppError>();

  override failNext(method: MethodName, error: AppError): void {
    if (method in this.kb) this.kbFailures.set(method, error);
    else super.failNext(method, error);
  }

  override async call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const handler = (this.kb as Partial<Record<MethodName, (input: unknown) => unknown>>)[method];
    if (!handler) return super.call(method, input);
    this.calls.push({ method, input });
    const parsed = parseOrThrow(methods[method].input, input);
    const failure = this.kbFailures.get(method);
    if (failure) {
      this.kbFailures.delete(method);
      throw failure;
    }
    if (method === 'kb.upload.chunk' && this.chunkGate) await this.chunkGate();
    return methods[method].output.parse(structuredClone(handler(parsed))) as MethodOutput<M>;
  }

  /** Creates a knowledge base directly (as if made earlier). */
  addKb(name: string, extra: Partial<ParsedInput<'kb.create'>> = {}): KnowledgeBase {
    return this.kb['kb.create']({
      name,
      description: '',
      storeKind: 'pgvector',
      embedder: { provider: 'local', model: 'all-MiniLM-L6-v2' },
      chunking: { maxTokens: 256, overlapTokens: 32 },
      ...extra,
    });
  }

  /** Ingests the next queued file of any job; false when nothing is queued. */
  step(): boolean {
    return step(this.state);
  }

  /** Ingests every queued file. */
  drain(): void {
    while (this.step());
  }

  private readonly kb: Handlers = {
    'kb.list': () => [...this.kbs.values()],
    'kb.get': ({ id }) => this.state.kbOf(id),
    'kb.create': (input) => {
      if ([...this.kbs.values()].some((k) => k.name.toLowerCase() === input.name.toLowerCase()))
        throw new AppError('CONFLICT', `The name "${input.name}" is already used.`, {
          issues: [{ path: ['name'], message: 'Already used by another knowledge base' }],
        });
      const now = this.state.tick();
      const e = input.embedder;
      const kb: KnowledgeBase = {
        ...input,
        id: this.state.id('kb'),
        embedding: {
          embedderId: e.provider === 'local' ? 'local:q4' : e.provider,
          model: e.model,
          dimensions: e.provider === 'local' ? 384 : (e.dimensions ?? 768),
        },
        counts: { documents: 0, failed: 0, chunks: 0 },
        revision: 1,
        createdAt: now,
        updatedAt: now,
      };
      this.kbs.set(kb.id, kb);
      this.emit('kb.changed', { kind: 'upserted', knowledgeBase: kb });
      return kb;
    },
    'kb.update': ({ id, patch, expectedRevision }) => {
      const kb = this.state.kbOf(id);
      if (expectedRevision !== undefined && expectedRevision !== kb.revision)
        throw new AppError(
          'CONFLICT',
          `Knowledge base "${kb.name}" was changed since revision ${expectedRevision}.`,
        );
      if ((patch.embedder || patch.storeKind) && kb.counts.chunks > 0)
        throw new AppError(
          'CONFLICT',
          'The embedder and store cannot change while the knowledge base holds chunks.',
        );
      const next = { ...kb, ...patch, revision: kb.revision + 1, updatedAt: this.state.tick() };
      this.kbs.set(id, next);
      this.emit('kb.changed', { kind: 'upserted', knowledgeBase: next });
      return next;
    },
    'kb.delete': ({ id }) => {
      const deleted = this.kbs.delete(id);
      if (deleted) this.emit('kb.changed', { kind: 'deleted', id });
      return { deleted };
    },
    'kb.search': ({ kbIds, query, mode, k, filter, rrfK }) => {
      const candidates = [...this.documents.values()]
        .filter((d) => kbIds.includes(d.kbId) && d.status === 'ready')
        .filter((d) => !filter.documentIds || filter.documentIds.includes(d.id))
        .filter((d) => !filter.tags || filter.tags.some((t) => d.tags.includes(t)))
        .flatMap((d) =>
          (this.state.chunks.get(d.id) ?? []).map((chunk) => ({
            chunk,
            kbId: d.kbId,
            document: { id: d.id, path: d.path, title: d.title, tags: d.tags },
          })),
        );
      return { hits: rank(candidates, query, mode, k, rrfK), mode, reranker: 'none', tookMs: 4 };
    },
    'kb.documents': ({ kbId, tag, status, limit, offset }) => {
      const all = [...this.documents.values()]
        .filter(
          (d) =>
            d.kbId === kbId && (!tag || d.tags.includes(tag)) && (!status || d.status === status),
        )
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return {
        documents: all.slice(offset, offset + limit).map((d) => this.state.docView(d)),
        total: all.length,
      };
    },
    'kb.document': ({ id }) => ({
      document: this.state.docView(this.state.docOf(id)),
      chunks: this.state.chunks.get(id) ?? [],
    }),
    ...ingestHandlers(
      this.state,
      (input) => this.kb['kb.search'](input),
      (question, sources) => this.answer(question, sources),
    ),
    ...uploadHandlers(this.state, { chunkBytes: () => this.uploadChunkBytes }),
    ...graphHandlers(this.state),
  };
}
