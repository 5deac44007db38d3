import type { KnowledgeBase, SearchRequest, SearchResult } from '@shared/api/knowledge';
import type { IngestJob } from '@shared/api/ingest';
import { threadKnowledgeMarker } from '@shared/entities/attachment';
import { AppError, isAppError } from '@shared/errors';
import type { IngestService } from '../rag/ingest/service';

/** What a thread's knowledge base needs of the knowledge side of the engine. */
export interface ThreadKnowledgeDeps {
  kb: {
    list(): Promise<KnowledgeBase[]>;
    create(input: { name: string; description: string }): Promise<KnowledgeBase>;
    delete(id: string): Promise<boolean>;
    search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult>;
  };
  ingest: Pick<IngestService, 'ingest' | 'waitFor' | 'job'>;
}

/** The tag of documents that came from attachments. */
export const ATTACHMENT_TAG = 'attachment';

const marker = threadKnowledgeMarker;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Each thread's attached files that are too long for a message: one knowledge base per thread
 * (local embedder; made on first need, named "Thread <title> attachments" and marked in its
 * description), files ingested through the normal ingestion queue and waited for; the runtime's
 * automatic retrieval searches it on every turn of the thread.
 */
export class ThreadKnowledge {
  /** One creation at a time per thread (two runs of a thread may attach at once). */
  private readonly creating = new Map<string, Promise<KnowledgeBase>>();

  constructor(private readonly deps: ThreadKnowledgeDeps) {}

  /** The thread's knowledge base, if it has one. */
  async find(threadId: string): Promise<KnowledgeBase | undefined> {
    const mark = marker(threadId);
    return (await this.deps.kb.list()).find((kb) => kb.description.endsWith(mark));
  }

  /** The thread's knowledge base, made now if it has none. */
  async ensure(threadId: string, title: string): Promise<KnowledgeBase> {
    const pending = this.creating.get(threadId);
    if (pending) return pending;
    const work = (async () => (await this.find(threadId)) ?? this.create(threadId, title))();
    this.creating.set(threadId, work);
    try {
      return await work;
    } finally {
      this.creating.delete(threadId);
    }
  }

  private async create(threadId: string, title: string): Promise<KnowledgeBase> {
    const description = `Files attached in the conversation “${clip(title, 200)}”, searched on each of its turns. ${marker(threadId)}`;
    const name = `Thread ${clip(title.replace(/\s+/g, ' ').trim() || threadId.slice(0, 8), 48)} attachments`;
    try {
      return await this.deps.kb.create({ name, description });
    } catch (error) {
      // Another thread has the same title: its id makes the name unique.
      if (!isAppError(error) || error.code !== 'CONFLICT') throw error;
      return this.deps.kb.create({ name: `${clip(name, 68)} ${threadId.slice(0, 8)}`, description });
    }
  }

  /** Deletes the thread's knowledge base (the thread was deleted); false when it had none. */
  async forget(threadId: string): Promise<boolean> {
    const kb = await this.find(threadId);
    return kb ? this.deps.kb.delete(kb.id) : false;
  }

  /** Ingests one file into the knowledge base and waits for it; a file that fails names why. */
  async add(kbId: string, path: string, name: string, signal: AbortSignal): Promise<void> {
    const job: IngestJob = await this.deps.ingest.waitFor(
      (await this.deps.ingest.ingest(kbId, [path], { source: 'manual', tags: [ATTACHMENT_TAG] })).id,
      signal,
    );
    if (job.counts.failed === 0 && job.status === 'done') return;
    const { items } = await this.deps.ingest.job(job.id, { status: 'failed', limit: 1, offset: 0 });
    const failure = items[0]?.error;
    throw new AppError(failure?.code ?? 'INTERNAL', `${name} could not be added to the thread's knowledge base: ${failure?.message ?? `the ingestion job ended ${job.status}`}.`, {
      hint: failure?.hint ?? 'Check the file opens on this computer, then attach it again.',
    });
  }

  /** Searches knowledge bases (the thread's among them). */
  get retriever(): ThreadKnowledgeDeps['kb'] {
    return this.deps.kb;
  }
}
