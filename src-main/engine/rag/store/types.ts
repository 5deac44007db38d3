import type { VectorStoreKind } from '@shared/api/knowledge';
import type { Chunk } from '@shared/entities/rag';
import type { Db } from '../../store/types';

/** The collection of one knowledge base: its id and the dimension of its vectors. */
export interface CollectionSpec {
  readonly kbId: string;
  readonly dimensions: number;
}

/** A chunk (as the chunker made it) with its embedding. */
export interface EmbeddedChunk {
  readonly chunk: Chunk;
  readonly embedding: ArrayLike<number>;
}

/** Restricts a query to some documents, and/or to documents carrying any of some tags. */
export interface VectorFilter {
  readonly documentIds?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
}

/** A chunk found by vector similarity; `score` is the cosine similarity (1 = same direction). */
export interface VectorMatch {
  chunkId: string;
  score: number;
}

export interface WriteOptions {
  /** Checked between batches; an abort leaves the previous chunks in place. */
  signal?: AbortSignal;
  /** Called after each batch is written (before the change is committed). */
  onProgress?: (written: number, total: number) => void;
  /**
   * More writes of the document that commit or roll back with its chunks (its links and key
   * terms), run in the same transaction after the chunk rows are written.
   */
  alsoWrite?: (tx: Db) => Promise<void>;
}

export interface QueryOptions {
  /** How many matches at most. */
  k: number;
  filter?: VectorFilter;
}

/**
 * Where a knowledge base's vectors live. Chunk text, citation data and the full-text index are in
 * Postgres for every kind, so keyword search and citations work the same whatever the store;
 * adapters differ in where the vectors are and how they are searched.
 */
export interface VectorStore {
  readonly kind: VectorStoreKind;
  /** Prepares the knowledge base's collection (pgvector: its HNSW index; Chroma: a collection). */
  createCollection(spec: CollectionSpec): Promise<void>;
  /** Removes the collection and every vector in it (chunk rows go with the knowledge base). */
  dropCollection(spec: CollectionSpec): Promise<void>;
  /**
   * Replaces all chunks of a document with `chunks`, atomically: readers see either the old
   * chunks or the new ones, and a failure part-way leaves the old ones. Returns the new chunk ids
   * in order. Throws `DimensionMismatchError` before writing anything if a vector has the wrong
   * dimension.
   */
  replaceDocument(
    spec: CollectionSpec,
    documentId: string,
    chunks: readonly EmbeddedChunk[],
    options?: WriteOptions,
  ): Promise<{ chunkIds: string[] }>;
  /** Deletes a document's chunks and vectors; returns how many chunks were removed. */
  deleteDocument(spec: CollectionSpec, documentId: string): Promise<number>;
  /** The `k` chunks most similar to `vector` (cosine), best first. */
  query(
    spec: CollectionSpec,
    vector: ArrayLike<number>,
    options: QueryOptions,
  ): Promise<VectorMatch[]>;
  /** How many vectors the collection holds (optionally only of some documents / tags). */
  count(spec: CollectionSpec, filter?: VectorFilter): Promise<number>;
  /**
   * Runs a large load. pgvector drops the knowledge base's HNSW index for the duration and builds
   * it once at the end, which is much faster than growing it insert by insert; queries stay
   * correct meanwhile (exact scans). Chroma runs `fn` as is.
   */
  bulkLoad<T>(spec: CollectionSpec, fn: () => Promise<T>): Promise<T>;
  /** Releases connections (and stops a local server this store started). */
  close(): Promise<void>;
}
