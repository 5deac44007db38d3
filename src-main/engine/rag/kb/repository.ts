import { eq, sql } from 'drizzle-orm';
import type { KnowledgeBase } from '@shared/api/knowledge';
import type { EmbeddingSpace } from '@shared/entities/rag';
import { queryRows } from '../../store/query';
import { knowledgeBases } from '../../store/schema/knowledge';
import type { Db } from '../../store/types';

export type KbRow = typeof knowledgeBases.$inferSelect;
export type KbInsert = typeof knowledgeBases.$inferInsert;
type Counts = KnowledgeBase['counts'];

const NO_COUNTS: Counts = { documents: 0, failed: 0, chunks: 0 };

/** The embedding space of a knowledge base's stored vectors. */
export function spaceOfRow(row: KbRow): EmbeddingSpace {
  return { embedderId: row.embedderId, model: row.embeddingModel, dimensions: row.dimensions };
}

export function toKnowledgeBase(row: KbRow, counts: Counts = NO_COUNTS): KnowledgeBase {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    storeKind: row.storeKind,
    embedder: row.embedder,
    embedding: spaceOfRow(row),
    chunking: { maxTokens: row.chunkMaxTokens, overlapTokens: row.chunkOverlapTokens },
    counts,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Rows of `knowledge_bases`, with document and chunk counts. */
export class KnowledgeBaseRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<KnowledgeBase[]> {
    const rows = await this.db
      .select()
      .from(knowledgeBases)
      .orderBy(sql`lower(${knowledgeBases.name})`);
    const counts = await this.counts();
    return rows.map((r) => toKnowledgeBase(r, counts.get(r.id)));
  }

  async get(id: string): Promise<KnowledgeBase | undefined> {
    const row = await this.getRow(id);
    return row ? toKnowledgeBase(row, (await this.counts(id)).get(id)) : undefined;
  }

  async getRow(id: string): Promise<KbRow | undefined> {
    const [row] = await this.db.select().from(knowledgeBases).where(eq(knowledgeBases.id, id));
    return row;
  }

  async insert(values: KbInsert): Promise<void> {
    await this.db.insert(knowledgeBases).values(values);
  }

  /** Applies a change and bumps the revision; false when the row is gone. */
  async update(id: string, values: Partial<KbInsert>): Promise<boolean> {
    const rows = await this.db
      .update(knowledgeBases)
      .set({ ...values, revision: sql`${knowledgeBases.revision} + 1`, updatedAt: sql`now()` })
      .where(eq(knowledgeBases.id, id))
      .returning({ id: knowledgeBases.id });
    return rows.length > 0;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(knowledgeBases)
      .where(eq(knowledgeBases.id, id))
      .returning({ id: knowledgeBases.id });
    return rows.length > 0;
  }

  /** Chunk rows of a knowledge base (0 means its store kind and embedder may still change). */
  async chunkCount(id: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      sql`select count(*)::int as n from kb_chunks where kb_id = ${id}`,
    );
    return Number(row?.n ?? 0);
  }

  private async counts(id?: string): Promise<Map<string, Counts>> {
    const onlyDocs = id ? sql`where kb_id = ${id}` : sql``;
    const docs = await queryRows<{ kb_id: string; documents: number; failed: number }>(
      this.db,
      sql`select kb_id, count(*)::int as documents, (count(*) filter (where status = 'failed'))::int as failed
        from kb_documents ${onlyDocs} group by kb_id`,
    );
    const chunks = await queryRows<{ kb_id: string; chunks: number }>(
      this.db,
      sql`select kb_id, count(*)::int as chunks from kb_chunks ${onlyDocs} group by kb_id`,
    );
    const out = new Map<string, Counts>();
    for (const d of docs)
      out.set(d.kb_id, { documents: Number(d.documents), failed: Number(d.failed), chunks: 0 });
    for (const c of chunks)
      out.set(c.kb_id, { ...(out.get(c.kb_id) ?? NO_COUNTS), chunks: Number(c.chunks) });
    return out;
  }
}
