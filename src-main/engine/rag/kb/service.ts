import { randomUUID } from 'node:crypto';
import {
  KnowledgeBaseInput,
  KnowledgeBasePatch,
  SearchRequest,
  type KbChunk,
  type KbDocument,
  type KnowledgeBase,
  type SearchResult,
} from '@shared/api/knowledge';
import { AppError, parseOrThrow } from '@shared/errors';
import type { Bus } from '../../bus/bus';
import { sqlState, UNIQUE_VIOLATION } from '../../store/errors';
import type { Db } from '../../store/types';
import { configMatchesSpace } from '../embed/create';
import { searchKnowledge, type SearchDeps, type SearchTarget } from '../search/search';
import type { Reranker } from '../search/rerank';
import type { CollectionSpec, EmbeddedChunk, VectorStore, WriteOptions } from '../store/types';
import { KbDocumentInput, KbDocumentRepository, type KbDocumentFailure } from './documents';
import type { KbEmbedders } from './embedders';
import { KnowledgeBaseRepository, spaceOfRow, type KbRow } from './repository';

export interface KnowledgeBaseServiceDeps {
  db: Db;
  bus: Bus;
  stores: { get(kind: KnowledgeBase['storeKind']): VectorStore };
  embedders: KbEmbedders;
  reranker?: Reranker;
  /** Cleanup that failed without failing the operation. */
  onWarning?: (message: string, error: unknown) => void;
  /** Each search that finished (the engine's metrics). */
  onSearch?: (result: { mode: SearchResult['mode']; tookMs: number }) => void;
}

function nameTaken(name: string, cause: unknown): AppError {
  return new AppError('CONFLICT', `A knowledge base named "${name}" already exists.`, {
    hint: 'Choose another name.',
    issues: [{ path: ['name'], message: 'This name is already used by another knowledge base' }],
    cause,
  });
}

const specOf = (row: Pick<KbRow, 'id' | 'dimensions'>): CollectionSpec => ({
  kbId: row.id,
  dimensions: row.dimensions,
});

/**
 * Knowledge bases: their settings (store kind, embedder and dimension, chunking), their documents
 * and chunks, and search over them. Changes to knowledge bases are published as `kb.changed`.
 */
export class KnowledgeBaseService {
  private readonly repo: KnowledgeBaseRepository;
  readonly documents: KbDocumentRepository;

  constructor(private readonly deps: KnowledgeBaseServiceDeps) {
    this.repo = new KnowledgeBaseRepository(deps.db);
    this.documents = new KbDocumentRepository(deps.db);
  }

  list(): Promise<KnowledgeBase[]> {
    return this.repo.list();
  }

  async get(id: string): Promise<KnowledgeBase> {
    const kb = await this.repo.get(id);
    if (!kb) throw this.notFound(id);
    return kb;
  }

  async create(input: KnowledgeBaseInput): Promise<KnowledgeBase> {
    const parsed = parseOrThrow(KnowledgeBaseInput, input, 'knowledge base');
    const space = await this.deps.embedders.spaceOf(parsed.embedder);
    const id = randomUUID();
    try {
      await this.repo.insert({
        id,
        name: parsed.name,
        description: parsed.description,
        storeKind: parsed.storeKind,
        embedder: parsed.embedder,
        embedderId: space.embedderId,
        embeddingModel: space.model,
        dimensions: space.dimensions,
        chunkMaxTokens: parsed.chunking.maxTokens,
        chunkOverlapTokens: parsed.chunking.overlapTokens,
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(parsed.name, error);
      throw error;
    }
    try {
      await this.deps.stores
        .get(parsed.storeKind)
        .createCollection({ kbId: id, dimensions: space.dimensions });
    } catch (error) {
      await this.repo.delete(id);
      throw error;
    }
    return this.publish(id);
  }

  async update(
    id: string,
    patch: KnowledgeBasePatch,
    expectedRevision?: number,
  ): Promise<KnowledgeBase> {
    const parsed = parseOrThrow(KnowledgeBasePatch, patch, 'knowledge base change');
    const row = await this.row(id);
    if (expectedRevision !== undefined && row.revision !== expectedRevision) {
      throw new AppError('CONFLICT', `"${row.name}" was changed elsewhere since you opened it.`, {
        hint: 'Reload the knowledge base to see the latest version, then apply your change again.',
      });
    }
    const storeKind = parsed.storeKind ?? row.storeKind;
    const embedder = parsed.embedder ?? row.embedder;
    const current = spaceOfRow(row);
    const spaceChanges =
      parsed.embedder !== undefined &&
      !configMatchesSpace(parsed.embedder, current, this.deps.embedders.localModels);
    const moves = storeKind !== row.storeKind || spaceChanges;
    if (moves && (await this.repo.chunkCount(id)) > 0) {
      throw new AppError(
        'CONFLICT',
        `"${row.name}" already holds chunks, so its ${spaceChanges ? 'embedding model' : 'vector store'} cannot change.`,
        {
          hint: 'Create a new knowledge base with the new setting, or remove its documents first.',
          issues: [
            {
              path: [spaceChanges ? 'embedder' : 'storeKind'],
              message: 'Cannot change while the knowledge base holds chunks',
            },
          ],
        },
      );
    }
    const space = spaceChanges ? await this.deps.embedders.spaceOf(embedder) : current;
    if (moves) await this.deps.stores.get(row.storeKind).dropCollection(specOf(row));
    try {
      await this.repo.update(id, {
        ...(parsed.name !== undefined ? { name: parsed.name } : {}),
        ...(parsed.description !== undefined ? { description: parsed.description } : {}),
        ...(parsed.chunking
          ? {
              chunkMaxTokens: parsed.chunking.maxTokens,
              chunkOverlapTokens: parsed.chunking.overlapTokens,
            }
          : {}),
        storeKind,
        embedder,
        embedderId: space.embedderId,
        embeddingModel: space.model,
        dimensions: space.dimensions,
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(parsed.name ?? row.name, error);
      throw error;
    } finally {
      if (moves) {
        const now = await this.repo.getRow(id);
        if (now) await this.deps.stores.get(now.storeKind).createCollection(specOf(now));
      }
    }
    return this.publish(id);
  }

  /** Deletes the knowledge base with its documents, chunks and vectors. */
  async delete(id: string): Promise<boolean> {
    const row = await this.repo.getRow(id);
    if (!row) return false;
    await this.deps.stores
      .get(row.storeKind)
      .dropCollection(specOf(row))
      .catch((error: unknown) =>
        this.deps.onWarning?.(`Could not drop the vectors of knowledge base ${id}`, error),
      );
    const deleted = await this.repo.delete(id);
    if (deleted) this.deps.bus.publish('kb.changed', { kind: 'deleted', id });
    return deleted;
  }

  async search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult> {
    const parsed = parseOrThrow(SearchRequest, request, 'search');
    const rows = await Promise.all([...new Set(parsed.kbIds)].map((id) => this.row(id)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const targets: SearchTarget[] = rows.map((r) => ({
      kbId: r.id,
      storeKind: r.storeKind,
      dimensions: r.dimensions,
      spaceKey: JSON.stringify(r.embedder),
    }));
    const { db, stores, reranker, embedders } = this.deps;
    const embedQuery: SearchDeps['embedQuery'] = (target, query, s) => {
      const r = byId.get(target.kbId)!;
      return embedders.embedQuery({ embedder: r.embedder, embedding: spaceOfRow(r) }, query, s);
    };
    const { query, mode, k, filter, rrfK } = parsed;
    const deps = { db, stores, embedQuery, ...(reranker ? { reranker } : {}) };
    const result = await searchKnowledge(deps, targets, { query, mode, k, filter, rrfK }, signal);
    this.deps.onSearch?.(result);
    return result;
  }

  // ---- documents (the ingestion pipeline writes through these) ----

  async listDocuments(
    kbId: string,
    options: {
      tag?: string | undefined;
      status?: KbDocument['status'] | undefined;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<{ documents: KbDocument[]; total: number }> {
    await this.row(kbId);
    return this.documents.list(kbId, { limit: 200, offset: 0, ...options });
  }

  async document(id: string): Promise<{ document: KbDocument; chunks: KbChunk[] }> {
    const document = await this.documents.get(id);
    if (!document)
      throw new AppError('NOT_FOUND', `No document with id ${id}.`, {
        hint: 'List the documents of the knowledge base to see their ids.',
      });
    return { document, chunks: await this.documents.chunks(id) };
  }

  /** Registers a document (or resets the one with the same path to pending) before its chunks are written. */
  async upsertDocument(kbId: string, input: KbDocumentInput): Promise<KbDocument> {
    await this.row(kbId);
    return this.documents.upsert(kbId, parseOrThrow(KbDocumentInput, input, 'document'));
  }

  /**
   * Replaces a document's chunks (with their embeddings) atomically and marks it ready. Vectors
   * must have the knowledge base's dimension (else `DimensionMismatchError`, nothing written).
   */
  async writeChunks(
    documentId: string,
    chunks: readonly EmbeddedChunk[],
    options?: WriteOptions,
  ): Promise<{ chunkIds: string[] }> {
    const { row } = await this.documentWithKb(documentId);
    const result = await this.deps.stores
      .get(row.storeKind)
      .replaceDocument(specOf(row), documentId, chunks, options);
    await this.documents.setStatus(documentId, 'ready');
    return result;
  }

  /** Records why a document could not be ingested (its previous chunks, if any, stay). */
  async markFailed(documentId: string, failure: KbDocumentFailure): Promise<void> {
    if (!(await this.documents.setStatus(documentId, 'failed', failure)))
      throw this.documentNotFound(documentId);
  }

  async deleteDocument(documentId: string): Promise<boolean> {
    const found = await this.documents.get(documentId);
    if (!found) return false;
    const row = await this.row(found.kbId);
    await this.deps.stores.get(row.storeKind).deleteDocument(specOf(row), documentId);
    return this.documents.delete(documentId);
  }

  /** Runs a large load into one knowledge base (pgvector builds its index once, at the end). */
  async bulkLoad<T>(kbId: string, fn: () => Promise<T>): Promise<T> {
    const row = await this.row(kbId);
    return this.deps.stores.get(row.storeKind).bulkLoad(specOf(row), fn);
  }

  /** Publishes the knowledge base's current state (e.g. new counts after ingestion). */
  async notifyChanged(kbId: string): Promise<KnowledgeBase> {
    return this.publish(kbId);
  }

  private async publish(id: string): Promise<KnowledgeBase> {
    const kb = await this.get(id);
    this.deps.bus.publish('kb.changed', { kind: 'upserted', knowledgeBase: kb });
    return kb;
  }

  private async row(id: string): Promise<KbRow> {
    const row = await this.repo.getRow(id);
    if (!row) throw this.notFound(id);
    return row;
  }

  private async documentWithKb(documentId: string): Promise<{ document: KbDocument; row: KbRow }> {
    const document = await this.documents.get(documentId);
    if (!document) throw this.documentNotFound(documentId);
    return { document, row: await this.row(document.kbId) };
  }

  private notFound(id: string): AppError {
    return new AppError('NOT_FOUND', `No knowledge base with id ${id}.`, {
      hint: 'List knowledge bases to see their ids.',
    });
  }

  private documentNotFound(id: string): AppError {
    return new AppError('NOT_FOUND', `No document with id ${id}.`, {
      hint: 'Register the document with upsertDocument first.',
    });
  }
}
