import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../../store/query';
import type { Db } from '../../../store/types';
import {
  andAll,
  deleteChunkRows,
  filterConditions,
  inTransaction,
  insertChunkRows,
  lockDocument,
  newChunkRows,
} from '../chunk-rows';
import { checkVectors } from '../errors';
import type {
  CollectionSpec,
  EmbeddedChunk,
  QueryOptions,
  VectorFilter,
  VectorMatch,
  VectorStore,
  WriteOptions,
} from '../types';
import { castType, createIndexSql, dropIndexSql, hnswIndexName, vectorLiteral } from './index-sql';

export interface PgVectorStoreOptions {
  /** HNSW candidate list size at query time (pgvector's default is 40). Raised to k when k is larger. */
  efSearch?: number;
  /** Rows per INSERT statement. */
  batchSize?: number;
  /** Memory for building an HNSW index (Postgres `maintenance_work_mem`). */
  buildMemory?: string;
  /**
   * Refresh the planner's statistics of `kb_chunks` after this many chunk rows were written
   * (default 5,000, or 10 % of the table when that is more), and after every bulk load.
   * Embedded PGlite has no autovacuum: without fresh statistics the planner underestimates a
   * knowledge base's rows and skips its HNSW index.
   */
  analyzeEvery?: number;
}

/**
 * Vectors in Postgres with pgvector, in `kb_chunks.embedding` beside the chunk text. The column is
 * untyped (knowledge bases differ in dimension); each knowledge base has a partial HNSW index on
 * `embedding::vector(<dimension>)` restricted to its rows, and queries use that same expression.
 */
export class PgVectorStore implements VectorStore {
  readonly kind = 'pgvector' as const;
  private readonly efSearch: number;
  private readonly batchSize: number;
  private readonly buildMemory: string;
  private readonly analyzeEvery: number;
  private writtenSinceAnalyze = 0;
  /** Rows in the table at the last ANALYZE: the next one is due after 10 % more (as autovacuum does). */
  private rowsAtAnalyze = 0;
  private iterativeScan: Promise<boolean> | undefined;
  /** Bulk loads going on per knowledge base; the index is rebuilt when the last one ends. */
  private readonly bulk = new Map<string, number>();

  constructor(
    private readonly db: Db,
    options: PgVectorStoreOptions = {},
  ) {
    this.efSearch = options.efSearch ?? 100;
    this.batchSize = options.batchSize ?? 500;
    this.buildMemory = options.buildMemory ?? '256MB';
    this.analyzeEvery = options.analyzeEvery ?? 5000;
  }

  async createCollection(spec: CollectionSpec): Promise<void> {
    await this.buildIndex(spec);
  }

  async dropCollection(spec: CollectionSpec): Promise<void> {
    await this.db.execute(dropIndexSql(spec.kbId));
  }

  async replaceDocument(
    spec: CollectionSpec,
    documentId: string,
    chunks: readonly EmbeddedChunk[],
    options: WriteOptions = {},
  ): Promise<{ chunkIds: string[] }> {
    const rows = newChunkRows(spec, documentId, chunks);
    await inTransaction(this.db, async (tx) => {
      await lockDocument(tx, spec, documentId);
      await deleteChunkRows(tx, documentId);
      await insertChunkRows(tx, spec.kbId, rows, true, this.batchSize, options);
      await options.alsoWrite?.(tx);
    });
    this.writtenSinceAnalyze += rows.length;
    const due = Math.max(this.analyzeEvery, this.rowsAtAnalyze / 10);
    if (this.writtenSinceAnalyze >= due && !this.bulk.has(spec.kbId)) await this.analyze();
    return { chunkIds: rows.map((r) => r.id) };
  }

  async deleteDocument(spec: CollectionSpec, documentId: string): Promise<number> {
    const rows = await queryRows(
      this.db,
      sql`delete from kb_chunks where document_id = ${documentId} and kb_id = ${spec.kbId} returning id`,
    );
    return rows.length;
  }

  async query(
    spec: CollectionSpec,
    vector: ArrayLike<number>,
    options: QueryOptions,
  ): Promise<VectorMatch[]> {
    const rows = await this.inQueryTransaction(options.k, (tx) =>
      queryRows<{ id: string; distance: number | string }>(
        tx,
        this.querySql(spec, vector, options),
      ),
    );
    return rows.map((r) => ({ chunkId: r.id, score: 1 - Number(r.distance) }));
  }

  /** The plan Postgres picks for `query` (to check that the HNSW index is used). */
  async explainQuery(
    spec: CollectionSpec,
    vector: ArrayLike<number>,
    options: QueryOptions,
  ): Promise<string> {
    const rows = await this.inQueryTransaction(options.k, (tx) =>
      queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${this.querySql(spec, vector, options)}`),
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  async count(spec: CollectionSpec, filter?: VectorFilter): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      sql`select count(*)::int as n from kb_chunks c where c.kb_id = ${spec.kbId} and c.embedding is not null${andAll(filterConditions(filter))}`,
    );
    return Number(row?.n ?? 0);
  }

  async bulkLoad<T>(spec: CollectionSpec, fn: () => Promise<T>): Promise<T> {
    const running = this.bulk.get(spec.kbId) ?? 0;
    this.bulk.set(spec.kbId, running + 1);
    try {
      if (running === 0) await this.db.execute(dropIndexSql(spec.kbId));
      return await fn();
    } finally {
      const left = (this.bulk.get(spec.kbId) ?? 1) - 1;
      if (left > 0) this.bulk.set(spec.kbId, left);
      else {
        this.bulk.delete(spec.kbId);
        await this.buildIndex(spec);
        await this.analyze();
      }
    }
  }

  /** Whether the knowledge base's HNSW index exists (it is missing during a bulk load). */
  async hasIndex(spec: CollectionSpec): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      sql`select 1 from pg_indexes where indexname = ${hnswIndexName(spec.kbId)}`,
    );
    return rows.length > 0;
  }

  /** Refreshes the planner's statistics of the chunk table. */
  async analyze(): Promise<void> {
    this.writtenSinceAnalyze = 0;
    await this.db.execute(sql`analyze kb_chunks`);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      sql`select reltuples::float8 as n from pg_class where relname = 'kb_chunks'`,
    );
    this.rowsAtAnalyze = Math.max(0, Number(row?.n ?? 0));
  }

  async close(): Promise<void> {}

  private async buildIndex(spec: CollectionSpec): Promise<void> {
    const create = createIndexSql(spec.kbId, spec.dimensions);
    if (!create) return; // above 4,000 dimensions: exact search only
    await inTransaction(this.db, async (tx) => {
      await tx.execute(sql`select set_config('maintenance_work_mem', ${this.buildMemory}, true)`);
      await tx.execute(create);
    });
  }

  private querySql(spec: CollectionSpec, vector: ArrayLike<number>, options: QueryOptions): SQL {
    checkVectors(spec.dimensions, [vector], 'The query vector');
    const type = castType(spec.dimensions);
    const distance = sql`(c.embedding::${type} <=> ${vectorLiteral(vector)}::${type})`;
    return sql`select c.id, ${distance} as distance from kb_chunks c
      where c.kb_id = ${spec.kbId}${andAll(filterConditions(options.filter))}
      order by ${distance} limit ${options.k}`;
  }

  /**
   * Runs a vector query with its HNSW settings local to one transaction: a larger candidate list
   * for recall, and (pgvector 0.8+) iterative scans so filtered queries still fill k results.
   */
  private async inQueryTransaction<T>(k: number, fn: (tx: Db) => Promise<T>): Promise<T> {
    const iterative = await this.supportsIterativeScan();
    const ef = String(Math.min(1000, Math.max(this.efSearch, k)));
    return inTransaction(this.db, async (tx) => {
      await tx.execute(
        iterative
          ? sql`select set_config('hnsw.ef_search', ${ef}, true), set_config('hnsw.iterative_scan', 'strict_order', true)`
          : sql`select set_config('hnsw.ef_search', ${ef}, true)`,
      );
      return fn(tx);
    });
  }

  private supportsIterativeScan(): Promise<boolean> {
    this.iterativeScan ??= queryRows<{ v: string }>(
      this.db,
      sql`select extversion as v from pg_extension where extname = 'vector'`,
    ).then(([row]) => {
      const [major = 0, minor = 0] = (row?.v ?? '0.0').split('.').map(Number);
      return major > 0 || minor >= 8;
    });
    return this.iterativeScan;
  }
}
