import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Conversations: a thread holds the top-level runs of one agent, in order; the history a run sends
 * to the model is its thread's. No foreign key to agents: deleting an agent deletes its threads in
 * the service, and runs keep their thread id.
 */
export const threads = pgTable(
  'threads',
  {
    id: text().primaryKey(),
    agentId: text().notNull(),
    title: text().notNull(),
    /** True once the user renamed it (the first message no longer names it). */
    titleEdited: boolean().notNull().default(false),
    pinned: boolean().notNull().default(false),
    archived: boolean().notNull().default(false),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [index('threads_agent_updated').on(t.agentId, t.updatedAt)],
);
