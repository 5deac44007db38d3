import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ErrorShape } from '@shared/errors';
import type { ChatMessage } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import type { PendingApproval, RunStatus, TraceEvent } from '@shared/entities/run';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/** One run of an agent. No foreign key to agents: a run outlives the agent that made it. */
export const runs = pgTable(
  'runs',
  {
    id: text().primaryKey(),
    agentId: text().notNull(),
    agentName: text().notNull(),
    model: jsonb().$type<ModelRef>().notNull(),
    parentRunId: text(),
    /** The conversation thread the run belongs to (delegated runs: their root's thread). */
    threadId: text(),
    /** The agent's revision the run ran with. */
    agentRevision: integer(),
    /** A regenerated or edited turn: the run it replaces in its thread's conversation. */
    replacesRunId: text(),
    rootRunId: text().notNull(),
    depth: integer().notNull().default(0),
    status: text().$type<RunStatus>().notNull(),
    input: text().notNull(),
    output: text(),
    error: jsonb().$type<ErrorShape>(),
    inputTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    steps: integer().notNull().default(0),
    pendingApprovals: jsonb().$type<PendingApproval[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
    finishedAt: at(),
  },
  (t) => [
    index('runs_agent_created').on(t.agentId, t.createdAt),
    index('runs_created').on(t.createdAt),
    index('runs_parent').on(t.parentRunId),
    index('runs_root').on(t.rootRunId),
    index('runs_status').on(t.status),
    index('runs_thread').on(t.threadId, t.createdAt),
  ],
);

/** The messages of a run's conversation with the model, in order. */
export const runMessages = pgTable(
  'run_messages',
  {
    runId: text()
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    message: jsonb().$type<ChatMessage>().notNull(),
    at: at().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** The trace: every event of a run, in order; `payload` is the whole event as published. */
export const runEvents = pgTable(
  'run_events',
  {
    runId: text()
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    type: text().$type<TraceEvent['type']>().notNull(),
    payload: jsonb().$type<TraceEvent>().notNull(),
    at: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);
