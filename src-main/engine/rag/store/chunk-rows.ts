import { createHash, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import { queryRows } from '../../store/query';
import { kbChunks } from '../../store/schema/knowledge';
import type { Db } from '../../store/types';
import { checkVectors, throwIfCancelled } from './errors';
import type { CollectionSpec, EmbeddedChunk, VectorFilter, WriteOptions } from './types';

/**
 * Postgres side of every vector store: chunk rows (text, citation data, full-text vector) live in
 * `kb_chunks` whatever holds the vectors. Raw SQL here uses the table alias `c` for kb_chunks.
 */

/** A database/collection-safe name for a knowledge base's storage, e.g. `kb_chunks_hnsw_<hash>`. */
export function storageName(prefix: string, kbId: string): string {
  return `${prefix}${createHash('sha256').update(kbId).digest('hex').slice(0, 24)}`;
}

/** `values` as a parenthesised list of parameters, for `x in (...)`. */
export function sqlList(values: readonly string[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** `values` as a Postgres text[] built from parameters (portable across drivers). */
export function textArray(values: readonly string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** Conditions on `c` (kb_chunks) for a filter; an empty list means no restriction. */
export function filterConditions(filter: VectorFilter | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (filter?.documentIds)
    conditions.push(
      filter.documentIds.length ? sql`c.document_id in ${sqlList(filter.documentIds)}` : sql`false`,
    );
  if (filter?.tags && !filter.tags.length) conditions.push(sql`false`);
  else if (filter?.tags) {
    conditions.push(
      sql`c.document_id in (select d.id from kb_documents d where d.kb_id = c.kb_id and d.tags && ${textArray(filter.tags)})`,
    );
  }
  return conditions;
}

/** `and`-joins conditions into a fragment that starts with " and " (or nothing). */
export function andAll(conditions: SQL[]): SQL {
  return conditions.length ? sql` and ${sql.join(conditions, sql` and `)}` : sql``;
}

/**
 * The documents a filter allows in a knowledge base, for stores that filter by document id
 * themselves (Chroma); undefined when the filter does not restrict documents.
 */
export async function allowedDocumentIds(
  db: Db,
  kbId: string,
  filter: VectorFilter | undefined,
): Promise<string[] | undefined> {
  if (!filter?.documentIds && !filter?.tags) return undefined;
  if (filter.documentIds?.length === 0 || filter.tags?.length === 0) return [];
  const conditions = [sql`d.kb_id = ${kbId}`];
  if (filter.documentIds) conditions.push(sql`d.id in ${sqlList(filter.documentIds)}`);
  if (filter.tags) conditions.push(sql`d.tags && ${textArray(filter.tags)}`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select d.id from kb_documents d where ${sql.join(conditions, sql` and `)}`,
  );
  return rows.map((r) => r.id);
}

/** Of `ids`, those that are live chunk rows of the knowledge base. */
export async function liveChunkIds(
  db: Db,
  kbId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.id from kb_chunks c where c.kb_id = ${kbId} and c.id in ${sqlList(ids)}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Checks that the document exists in the knowledge base, and locks its row until the transaction ends. */
export async function lockDocument(
  tx: Db,
  spec: CollectionSpec,
  documentId: string,
): Promise<void> {
  const rows = await queryRows(
    tx,
    sql`select id from kb_documents where id = ${documentId} and kb_id = ${spec.kbId} for update`,
  );
  if (!rows.length) {
    throw new AppError('NOT_FOUND', `No document ${documentId} in knowledge base ${spec.kbId}.`, {
      hint: 'Add the document to the knowledge base before writing its chunks.',
    });
  }
}

/**
 * The rows a `replaceDocument` writes: checks the vectors' dimension (before anything is written)
 * and that every chunk belongs to `documentId`, and gives each chunk a new id.
 */
export function newChunkRows(
  spec: CollectionSpec,
  documentId: string,
  chunks: readonly EmbeddedChunk[],
): Array<EmbeddedChunk & { id: string }> {
  checkVectors(
    spec.dimensions,
    chunks.map((c) => c.embedding),
    'A chunk vector',
  );
  return chunks.map((c) => {
    if (c.chunk.documentId !== documentId) {
      throw new AppError(
        'VALIDATION',
        `A chunk of document ${c.chunk.documentId} was given for document ${documentId}.`,
        {
          hint: 'Write the chunks of one document at a time.',
        },
      );
    }
    return { ...c, id: randomUUID() };
  });
}

/** Deletes a document's chunk rows; returns their ids. */
export async function deleteChunkRows(tx: Db, documentId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`delete from kb_chunks where document_id = ${documentId} returning id`,
  );
  return rows.map((r) => r.id);
}

/** Inserts chunk rows in batches (with their vectors when `withEmbeddings`), checking `signal` between batches. */
export async function insertChunkRows(
  tx: Db,
  kbId: string,
  chunks: ReadonlyArray<EmbeddedChunk & { id: string }>,
  withEmbeddings: boolean,
  batchSize: number,
  options: WriteOptions = {},
): Promise<void> {
  for (let i = 0; i < chunks.length; i += batchSize) {
    throwIfCancelled(options.signal);
    const batch = chunks.slice(i, i + batchSize).map(({ id, chunk, embedding }) => ({
      id,
      kbId,
      documentId: chunk.documentId,
      chunkIndex: chunk.index,
      text: chunk.text,
      charStart: chunk.start,
      charEnd: chunk.end,
      pageStart: chunk.pageStart ?? null,
      pageEnd: chunk.pageEnd ?? null,
      headingPath: chunk.headingPath,
      kind: chunk.kind,
      language: chunk.language ?? null,
      tokenCount: chunk.tokenCount,
      embedding: withEmbeddings ? Array.from(embedding) : null,
    }));
    await tx.insert(kbChunks).values(batch);
    options.onProgress?.(Math.min(i + batchSize, chunks.length), chunks.length);
  }
  throwIfCancelled(options.signal);
}

/** Runs `fn` in a transaction; the handle it gets is a `Db` like any other. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}
