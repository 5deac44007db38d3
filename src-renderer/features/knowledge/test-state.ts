import type { IngestItem, IngestJob, KbWatch } from '@shared/api/ingest';
import type { EventName, EventPayload } from '@shared/api/index';
import type { KbChunk, KbDocument, KnowledgeBase } from '@shared/api/knowledge';
import { AppError } from '@shared/errors';

export type StoredDocument = KbDocument & { text: string };

/** What the in-memory knowledge engine holds, shared by its knowledge-base and ingestion parts. */
export class KbFakeState {
  /** The files the fake engine can read: absolute path → text. */
  readonly files = new Map<string, string>();
  readonly kbs = new Map<string, KnowledgeBase>();
  readonly documents = new Map<string, StoredDocument>();
  readonly chunks = new Map<string, KbChunk[]>();
  readonly jobs = new Map<string, IngestJob>();
  readonly items = new Map<string, IngestItem[]>();
  readonly watches = new Map<string, KbWatch>();
  /** Jobs that re-embed unchanged files, and the tags each job gives its documents. */
  readonly forced = new Set<string>();
  readonly jobTags = new Map<string, string[]>();
  private ids = 1;
  private time = Date.UTC(2026, 2, 1);

  constructor(readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void) {}

  tick(): string {
    return new Date((this.time += 1000)).toISOString();
  }

  id(prefix: string): string {
    return `${prefix}-${this.ids++}`;
  }

  kbOf(id: string): KnowledgeBase {
    const kb = this.kbs.get(id);
    if (!kb)
      throw new AppError('NOT_FOUND', `No knowledge base with id ${id}.`, {
        hint: 'Reload the list.',
      });
    return kb;
  }

  docOf(id: string): StoredDocument {
    const doc = this.documents.get(id);
    if (!doc) throw new AppError('NOT_FOUND', `No document with id ${id}.`);
    return doc;
  }

  docView(doc: StoredDocument): KbDocument {
    const { text: _text, ...rest } = doc;
    return rest;
  }

  /** Recounts a knowledge base and publishes it, as the engine does after ingestion. */
  publishKb(id: string): KnowledgeBase {
    const kb = this.kbOf(id);
    const docs = [...this.documents.values()].filter((d) => d.kbId === id);
    const counted: KnowledgeBase = {
      ...kb,
      counts: {
        documents: docs.length,
        failed: docs.filter((d) => d.status === 'failed').length,
        chunks: docs.reduce((n, d) => n + (this.chunks.get(d.id)?.length ?? 0), 0),
      },
    };
    this.kbs.set(id, counted);
    this.emit('kb.changed', { kind: 'upserted', knowledgeBase: counted });
    return counted;
  }

  deleteDocument(id: string): boolean {
    const doc = this.documents.get(id);
    if (!doc) return false;
    this.documents.delete(id);
    this.chunks.delete(id);
    this.emit('kb.document.changed', { kind: 'deleted', kbId: doc.kbId, id, path: doc.path });
    this.publishKb(doc.kbId);
    return true;
  }
}
