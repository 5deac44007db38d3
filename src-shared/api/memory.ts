import { z } from 'zod';
import { Id } from '../entities/agent';
import { method } from './define';

/** A long-term memory of an agent (stored with its embedding). */
export const Memory = z.object({
  id: Id,
  agentId: Id,
  text: z.string(),
  /** The embedding model that made its vector. */
  embedder: z.string(),
  /** The run that stored it, if a run did. */
  runId: Id.nullable(),
  createdAt: z.string(),
  /** Cosine similarity to the query (only when listing with a query). */
  score: z.number().optional(),
});
export type Memory = z.infer<typeof Memory>;

/** One turn of an agent's ongoing conversation. */
export const ConversationTurn = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  runId: Id.nullable(),
  tokens: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type ConversationTurn = z.infer<typeof ConversationTurn>;

export const Conversation = z.object({
  agentId: Id,
  /** The thread whose history this is (absent when the agent has no thread yet). */
  threadId: Id.optional(),
  /** The model's summary of turns that no longer fit the token budget. */
  summary: z.string().nullable(),
  turns: z.array(ConversationTurn),
  tokens: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof Conversation>;

const ConversationRef = z
  .object({ agentId: Id.optional(), threadId: Id.optional() })
  .strict()
  .refine((o) => !!o.agentId !== !!o.threadId, { message: 'Give either agentId or threadId' });

export const MemoryText = z.string().trim().min(1, 'Write what to remember').max(10_000, 'At most 10,000 characters');

export const memoryMethods = {
  /** Newest first; with `query`, the most similar first, with scores. */
  'memory.list': method(
    z
      .object({ agentId: Id, query: z.string().trim().min(1).max(10_000).optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    z.array(Memory),
  ),
  'memory.add': method(z.object({ agentId: Id, text: MemoryText }).strict(), Memory),
  'memory.delete': method(z.object({ id: Id }).strict(), z.object({ deleted: z.boolean() })),
  /** A thread's conversation history (what its next run continues); by agent: its most recent thread's. */
  'memory.conversation': method(ConversationRef, Conversation),
  /** Forgets the history of a thread (by agent: of all its threads); the runs stay. */
  'memory.clearConversation': method(ConversationRef, z.object({ cleared: z.number().int().nonnegative() })),
};

export const memoryEvents = {
  'memory.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('added'), memory: Memory }),
    z.object({ kind: z.literal('deleted'), id: Id, agentId: Id }),
  ]),
};
