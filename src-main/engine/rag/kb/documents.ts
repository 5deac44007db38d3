import { randomUUID } from 'node:crypto';
import { and, arrayContains, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { KbChunk, KbDocument } from '@shared/api/knowledge';
import { DocumentFormat } from '@shared/entities/rag';
import { queryRows } from '../../store/query';
import { kbDocuments, type KbDocumentStatus } from '../../store/schema/knowledge';
import type { Db } from '../../store/types';
import { CHUNK_COLUMNS, toKbChunk, type ChunkRowView } from '../search/hits';
import { sqlList } from '../store/chunk-rows';

/** A document as ingestion registers it (before its chunks are written). */
/** The longest title a document keeps; longer parsed titles (HTML, front matter, PDF) are cut. */
export const MAX_TITLE_CHARS = 500;

export const KbDocumentInput = z
  .object({
    path: z.string().trim().min(1, 'A document needs a path').max(4096),
    title: z.string().max(MAX_TITLE_CHARS).default(''),
    format: DocumentFormat,
    tags: z
      .array(z.string().trim().min(1).max(40))
      .max(50)
      .default([])
      .transform((tags) => [...new Set(tags)]),
    bytes: z.number().int().nonnegative().default(0),
    contentHash: z.string().max(200).optional(),
  })
  .strict();
export type KbDocumentInput = z.input<typeof KbDocumentInput>;

export type KbDocumentFailure = { code: string; message: string; hint?: string; reason?: string };

type DocRow = typeof kbDocuments.$inferSelect;

function toKbDocument(row: DocRow, chunkCount: number): KbDocument {
  return {
    id: row.id,
    kbId: row.kbId,
    path: row.path,
    title: row.title,
    format: row.format as KbDocument['format'],
    tags: row.tags,
    status: row.status,
    error: row.error ?? null,
    bytes: row.bytes,
    chunkCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Rows of `kb_documents` and the chunks of each. */
export class KbDocumentRepository {
  constructor(private readonly db: Db) {}

  async list(
    kbId: string,
    options: {
      tag?: string | undefined;
      status?: KbDocumentStatus | undefined;
      limit: number;
      offset: number;
    },
  ): Promise<{ documents: KbDocument[]; total: number }> {
    const where = and(
      eq(kbDocuments.kbId, kbId),
      options.tag ? arrayContains(kbDocuments.tags, [options.tag]) : undefined,
      options.status ? eq(kbDocuments.status, options.status) : undefined,
    );
    const [total] = await this.db.select({ n: count() }).from(kbDocuments).where(where);
    const rows = await this.db
      .select()
      .from(kbDocuments)
      .where(where)
      .orderBy(desc(kbDocuments.updatedAt), kbDocuments.path)
      .limit(options.limit)
      .offset(options.offset);
    const counts = await this.chunkCounts(rows.map((r) => r.id));
    return {
      documents: rows.map((r) => toKbDocument(r, counts.get(r.id) ?? 0)),
      total: Number(total?.n ?? 0),
    };
  }

  async get(id: string): Promise<KbDocument | undefined> {
    const [row] = await this.db.select().from(kbDocuments).where(eq(kbDocuments.id, id));
    return row ? toKbDocument(row, (await this.chunkCounts([id])).get(id) ?? 0) : undefined;
  }

  /** Documents by id (those that exist), in no particular order. */
  async byIds(ids: readonly string[]): Promise<KbDocument[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .select()
      .from(kbDocuments)
      .where(inArray(kbDocuments.id, [...ids]));
    const counts = await this.chunkCounts(rows.map((r) => r.id));
    return rows.map((r) => toKbDocument(r, counts.get(r.id) ?? 0));
  }

  async chunks(documentId: string): Promise<KbChunk[]> {
    const rows = await queryRows<ChunkRowView>(
      this.db,
      sql`select ${CHUNK_COLUMNS} from kb_chunks c where c.document_id = ${documentId} order by c.chunk_index`,
    );
    return rows.map(toKbChunk);
  }

  /** Adds a document, or updates the one with the same path (back to pending). */
  async upsert(kbId: string, input: z.output<typeof KbDocumentInput>): Promise<KbDocument> {
    const fields = {
      title: input.title,
      format: input.format,
      tags: input.tags,
      bytes: input.bytes,
      contentHash: input.contentHash ?? null,
      status: 'pending' as const,
      error: null,
    };
    const [row] = await this.db
      .insert(kbDocuments)
      .values({ id: randomUUID(), kbId, path: input.path, ...fields })
      .onConflictDoUpdate({
        target: [kbDocuments.kbId, kbDocuments.path],
        set: { ...fields, updatedAt: sql`now()` },
      })
      .returning();
    return toKbDocument(row!, (await this.chunkCounts([row!.id])).get(row!.id) ?? 0);
  }

  async setStatus(
    id: string,
    status: KbDocumentStatus,
    error: KbDocumentFailure | null = null,
  ): Promise<boolean> {
    const rows = await this.db
      .update(kbDocuments)
      .set({ status, error, updatedAt: sql`now()` })
      .where(eq(kbDocuments.id, id))
      .returning({ id: kbDocuments.id });
    return rows.length > 0;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(kbDocuments)
      .where(eq(kbDocuments.id, id))
      .returning({ id: kbDocuments.id });
    return rows.length > 0;
  }

  private async chunkCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ document_id: string; n: number }>(
      this.db,
      sql`select document_id, count(*)::int as n from kb_chunks where document_id in ${sqlList(ids)} group by document_id`,
    );
    return new Map(rows.map((r) => [r.document_id, Number(r.n)]));
  }
}
