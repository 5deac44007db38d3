import type { Collection, Where } from 'chromadb';
import type { Db } from '../../../store/types';
import {
  allowedDocumentIds,
  deleteChunkRows,
  inTransaction,
  insertChunkRows,
  liveChunkIds,
  lockDocument,
  newChunkRows,
  storageName,
} from '../chunk-rows';
import { checkVectors, throwIfCancelled } from '../errors';
import type {
  CollectionSpec,
  EmbeddedChunk,
  QueryOptions,
  VectorFilter,
  VectorMatch,
  VectorStore,
  WriteOptions,
} from '../types';
import { chromaError, type ChromaConnection } from './client';

export interface ChromaVectorStoreOptions {
  /** Vectors per upsert request (capped by the server's maximum batch size). */
  batchSize?: number;
  /** Rows per INSERT statement on the Postgres side. */
  pgBatchSize?: number;
  /** Extra results asked of Chroma, to make up for vectors whose chunks were just replaced. */
  overfetch?: number;
  /** Cleanup that failed without failing the operation (stale vectors are never returned). */
  onWarning?: (message: string, error: unknown) => void;
}

type Handle = { collection: Collection; url: string };

/** The Chroma collection name of a knowledge base. */
export function chromaCollectionName(kbId: string): string {
  return storageName('agent-factory-kb-', kbId);
}

/**
 * Vectors in Chroma (one collection per knowledge base, cosine space), chunk rows in Postgres.
 * Postgres is the source of truth: a vector whose chunk row is gone is never returned.
 * Replacing a document writes the new vectors first (invisible: no rows point to them yet), then
 * swaps the rows in one Postgres transaction, then deletes the replaced chunks' vectors; a
 * failure before the swap removes the new vectors and leaves the old chunks.
 */
export class ChromaVectorStore implements VectorStore {
  readonly kind = 'chroma' as const;
  private readonly handles = new Map<string, Handle>();
  private maxBatch: { url: string; size: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly connect: () => Promise<ChromaConnection>,
    private readonly options: ChromaVectorStoreOptions = {},
  ) {}

  async createCollection(spec: CollectionSpec): Promise<void> {
    const handle = await this.handle(spec);
    const dims = handle.collection.metadata?.dimensions;
    if (dims !== undefined && dims !== spec.dimensions) {
      // A leftover collection of another embedding space (e.g. from a deleted knowledge base).
      await this.dropCollection(spec);
      await this.handle(spec);
    }
  }

  async dropCollection(spec: CollectionSpec): Promise<void> {
    const { client, url } = await this.connect();
    this.handles.delete(spec.kbId);
    try {
      await client.deleteCollection({ name: chromaCollectionName(spec.kbId) });
    } catch (error) {
      if ((error as Error)?.name !== 'ChromaNotFoundError')
        throw chromaError(error, url, 'delete a collection');
    }
  }

  async replaceDocument(
    spec: CollectionSpec,
    documentId: string,
    chunks: readonly EmbeddedChunk[],
    options: WriteOptions = {},
  ): Promise<{ chunkIds: string[] }> {
    const rows = newChunkRows(spec, documentId, chunks);
    const ids = rows.map((r) => r.id);
    const { collection, url } = await this.handle(spec);
    const batch = await this.batchSize();
    await lockDocument(this.db, spec, documentId); // fails early, before anything is written
    const undo = () =>
      this.quietly('remove the vectors of a failed write', () =>
        this.removeIds(collection, ids, batch),
      );
    try {
      for (let i = 0; i < rows.length; i += batch) {
        throwIfCancelled(options.signal);
        const part = rows.slice(i, i + batch);
        await collection.upsert({
          ids: part.map((r) => r.id),
          embeddings: part.map((r) => Array.from(r.embedding)),
          metadatas: part.map(() => ({ document_id: documentId })),
        });
        options.onProgress?.(Math.min(i + batch, rows.length), rows.length);
      }
    } catch (error) {
      await undo();
      throw chromaError(error, url, 'store vectors');
    }
    let replaced: string[];
    try {
      replaced = await inTransaction(this.db, async (tx) => {
        await lockDocument(tx, spec, documentId);
        const old = await deleteChunkRows(tx, documentId);
        await insertChunkRows(
          tx,
          spec.kbId,
          rows,
          false,
          this.options.pgBatchSize ?? 500,
          options.signal ? { signal: options.signal } : {},
        );
        await options.alsoWrite?.(tx);
        return old;
      });
    } catch (error) {
      await undo();
      throw error;
    }
    // By id, not by document: a concurrent replace of the same document keeps its own vectors.
    await this.quietly('remove replaced vectors', () =>
      this.removeIds(collection, replaced, batch),
    );
    return { chunkIds: ids };
  }

  async deleteDocument(spec: CollectionSpec, documentId: string): Promise<number> {
    const removed = await inTransaction(this.db, (tx) => deleteChunkRows(tx, documentId));
    const { collection } = await this.handle(spec);
    const batch = await this.batchSize();
    await this.quietly('remove the vectors of a deleted document', () =>
      this.removeIds(collection, removed, batch),
    );
    return removed.length;
  }

  async query(
    spec: CollectionSpec,
    vector: ArrayLike<number>,
    options: QueryOptions,
  ): Promise<VectorMatch[]> {
    checkVectors(spec.dimensions, [vector], 'The query vector');
    const where = await this.whereFor(spec, options.filter);
    if (where === null) return [];
    const { collection, url } = await this.handle(spec);
    let ids: string[];
    let distances: Array<number | null>;
    try {
      const result = await collection.query({
        queryEmbeddings: [Array.from(vector)],
        nResults: options.k + (this.options.overfetch ?? 10),
        ...(where ? { where } : {}),
        include: ['distances'],
      });
      ids = result.ids[0] ?? [];
      distances = result.distances[0] ?? [];
    } catch (error) {
      throw chromaError(error, url, 'search vectors');
    }
    const live = await liveChunkIds(this.db, spec.kbId, ids);
    const matches: VectorMatch[] = [];
    ids.forEach((id, i) => {
      if (live.has(id) && matches.length < options.k)
        matches.push({ chunkId: id, score: 1 - Number(distances[i] ?? 1) });
    });
    return matches;
  }

  async count(spec: CollectionSpec, filter?: VectorFilter): Promise<number> {
    const where = await this.whereFor(spec, filter);
    if (where === null) return 0;
    const { collection, url } = await this.handle(spec);
    try {
      if (!where) return await collection.count();
      const found = await collection.get({ where, include: [] });
      return found.ids.length;
    } catch (error) {
      throw chromaError(error, url, 'count vectors');
    }
  }

  bulkLoad<T>(_spec: CollectionSpec, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {
    this.handles.clear();
  }

  /** A Chroma filter for the allowed documents; undefined = no filter, null = nothing allowed. */
  private async whereFor(
    spec: CollectionSpec,
    filter: VectorFilter | undefined,
  ): Promise<Where | undefined | null> {
    const allowed = await allowedDocumentIds(this.db, spec.kbId, filter);
    if (!allowed) return undefined;
    if (!allowed.length) return null;
    return allowed.length === 1 ? { document_id: allowed[0]! } : { document_id: { $in: allowed } };
  }

  private async handle(spec: CollectionSpec): Promise<Handle> {
    const { client, url } = await this.connect();
    const cached = this.handles.get(spec.kbId);
    if (cached?.url === url) return cached;
    try {
      const collection = await client.getOrCreateCollection({
        name: chromaCollectionName(spec.kbId),
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { kb_id: spec.kbId, dimensions: spec.dimensions },
      });
      const handle = { collection, url };
      this.handles.set(spec.kbId, handle);
      return handle;
    } catch (error) {
      throw chromaError(error, url, 'open the collection');
    }
  }

  private async batchSize(): Promise<number> {
    const { client, url } = await this.connect();
    if (this.maxBatch?.url !== url) {
      const size = await client.getMaxBatchSize().catch(() => 1000);
      this.maxBatch = { url, size };
    }
    return Math.max(1, Math.min(this.options.batchSize ?? 1000, this.maxBatch.size));
  }

  private async removeIds(collection: Collection, ids: string[], batch: number): Promise<void> {
    for (let i = 0; i < ids.length; i += batch)
      await collection.delete({ ids: ids.slice(i, i + batch) });
  }

  private async quietly(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.options.onWarning?.(`Chroma: could not ${what}`, error);
    }
  }
}
