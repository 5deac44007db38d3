import { bigint, index, integer, pgTable, text, timestamp, vector } from 'drizzle-orm/pg-core';
import { agents } from './agents';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/** Vectors of long-term memories have this many dimensions (all-MiniLM-L6-v2). */
export const MEMORY_DIMENSIONS = 384;

/** Long-term memories of agents, recalled by cosine similarity. */
export const memories = pgTable(
  'memories',
  {
    id: text().primaryKey(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    embedding: vector({ dimensions: MEMORY_DIMENSIONS }).notNull(),
    /** The embedding model that made the vector. */
    embedder: text().notNull(),
    runId: text(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index('memories_agent').on(t.agentId, t.createdAt),
    index('memories_embedding_hnsw').using('hnsw', t.embedding.op('vector_cosine_ops')),
  ],
);

/** The turns of each thread's conversation, oldest first (by id). */
export const conversationTurns = pgTable(
  'conversation_turns',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    role: text().$type<'user' | 'assistant'>().notNull(),
    content: text().notNull(),
    /** The thread the turn belongs to: history is per thread. */
    threadId: text().notNull(),
    runId: text(),
    tokens: integer().notNull(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [index('conversation_turns_agent').on(t.agentId, t.id), index('conversation_turns_thread').on(t.threadId, t.id)],
);

/** The model's summary of a thread's turns that no longer fit the history budget. */
export const conversationSummaries = pgTable('conversation_summaries', {
  threadId: text().primaryKey(),
  agentId: text()
    .notNull()
    .references(() => agents.id, { onDelete: 'cascade' }),
  summary: text().notNull(),
  tokens: integer().notNull(),
  updatedAt: at().notNull().defaultNow(),
});
