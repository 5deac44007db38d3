import { randomUUID } from 'node:crypto';
import { and, cosineDistance, desc, eq, sql } from 'drizzle-orm';
import type { Memory } from '@shared/api/memory';
import type { RecalledMemory } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import type { Bus } from '../bus/bus';
import type { Embedder } from '../rag/embed/embedder';
import { MEMORY_DIMENSIONS, memories } from '../store/schema/memory';
import type { Db } from '../store/types';

/** Gives the embedder on first use (the local model loads lazily). */
export type EmbedderProvider = () => Promise<Embedder>;

export interface RecallOptions {
  /** How many memories at most (default 5). */
  k?: number;
  /** Least cosine similarity to count as relevant (default 0.25). */
  minScore?: number;
  signal?: AbortSignal;
}

type Row = typeof memories.$inferSelect;

function toMemory(row: Omit<Row, 'embedding'>, score?: number): Memory {
  return {
    id: row.id,
    agentId: row.agentId,
    text: row.text,
    embedder: row.embedder,
    runId: row.runId,
    createdAt: row.createdAt.toISOString(),
    ...(score !== undefined ? { score } : {}),
  };
}

const columns = {
  id: memories.id,
  agentId: memories.agentId,
  text: memories.text,
  embedder: memories.embedder,
  runId: memories.runId,
  createdAt: memories.createdAt,
};

/** An agent's long-term memory: texts stored with their embeddings, recalled by similarity. */
export class MemoryService {
  private embedder: Promise<Embedder> | undefined;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly getEmbedder: EmbedderProvider,
  ) {}

  private async embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: Float32Array[]; name: string }> {
    this.embedder ??= this.getEmbedder().catch((error: unknown) => {
      this.embedder = undefined;
      throw error;
    });
    const embedder = await this.embedder;
    if (embedder.dimensions !== MEMORY_DIMENSIONS) {
      throw new AppError('CONFIG', `Memories need a ${MEMORY_DIMENSIONS}-dimension embedder; ${embedder.model} has ${embedder.dimensions}.`, {
        hint: 'Use the local all-MiniLM-L6-v2 embedder for memories.',
      });
    }
    const vectors = await embedder.embed(texts, signal ? { signal } : {});
    return { vectors, name: `${embedder.id}/${embedder.model}` };
  }

  /** Releases the embedder (its worker), if it was loaded. */
  async close(): Promise<void> {
    const embedder = this.embedder;
    this.embedder = undefined;
    if (embedder) await (await embedder.catch(() => undefined))?.close?.();
  }

  async count(agentId: string): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(memories).where(eq(memories.agentId, agentId));
    return row?.n ?? 0;
  }

  async add(agentId: string, text: string, options: { runId?: string; signal?: AbortSignal } = {}): Promise<Memory> {
    const clean = text.trim();
    if (!clean) throw new AppError('VALIDATION', 'A memory needs some text.');
    const { vectors, name } = await this.embed([clean], options.signal);
    const [row] = await this.db
      .insert(memories)
      .values({ id: randomUUID(), agentId, text: clean, embedding: Array.from(vectors[0]!), embedder: name, runId: options.runId ?? null })
      .returning(columns);
    const memory = toMemory(row!);
    this.bus.publish('memory.changed', { kind: 'added', memory });
    return memory;
  }

  /** Newest first; with a query, the most similar first (with scores). */
  async list(agentId: string, options: { query?: string; limit?: number } = {}): Promise<Memory[]> {
    const limit = options.limit ?? 100;
    if (options.query) {
      const found = await this.search(agentId, options.query, limit, -1);
      return found.map(({ row, score }) => toMemory(row, score));
    }
    const rows = await this.db.select(columns).from(memories).where(eq(memories.agentId, agentId)).orderBy(desc(memories.createdAt)).limit(limit);
    return rows.map((r) => toMemory(r));
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(memories).where(eq(memories.id, id)).returning({ id: memories.id, agentId: memories.agentId });
    const row = rows[0];
    if (row) this.bus.publish('memory.changed', { kind: 'deleted', id: row.id, agentId: row.agentId });
    return row !== undefined;
  }

  /** The memories most similar to `query`, best first; nothing is embedded when the agent has none. */
  async recall(agentId: string, query: string, options: RecallOptions = {}): Promise<RecalledMemory[]> {
    if ((await this.count(agentId)) === 0) return [];
    const found = await this.search(agentId, query, options.k ?? 5, options.minScore ?? 0.25, options.signal);
    return found.map(({ row, score }) => ({ id: row.id, text: row.text, score }));
  }

  private async search(agentId: string, query: string, k: number, minScore: number, signal?: AbortSignal) {
    const { vectors, name } = await this.embed([query], signal);
    const distance = cosineDistance(memories.embedding, Array.from(vectors[0]!));
    const rows = await this.db
      .select({ ...columns, distance: sql<number>`${distance}` })
      .from(memories)
      .where(and(eq(memories.agentId, agentId), eq(memories.embedder, name)))
      .orderBy(distance)
      .limit(k);
    return rows
      .map(({ distance: d, ...row }) => ({ row, score: Math.round((1 - Number(d)) * 10_000) / 10_000 }))
      .filter((r) => r.score >= minScore);
  }
}
