import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ModelRef, ToolRef } from '@shared/index';

export const agents = pgTable(
  'agents',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    systemPrompt: text().notNull().default(''),
    model: jsonb().$type<ModelRef>().notNull(),
    temperature: real().notNull().default(0.7),
    tags: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    tools: jsonb().$type<ToolRef[]>().notNull().default(sql`'[]'::jsonb`),
    knowledgeBaseIds: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Per-tool approval for this agent ('ask' | 'allow' | 'deny'), keyed by the tool's reference key. */
    toolPolicies: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** How the agent uses its knowledge bases (retrieval mode, k, minimum score). */
    knowledge: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** The agents this one may hand work to. */
    delegateIds: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Conversation memory: on/off and its token budget. */
    memory: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    revision: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agents_name_unique').on(sql`lower(${t.name})`)],
);

/** Every saved state of an agent, immutable: revision n is the agent as it was after its n-th save. */
export const agentRevisions = pgTable(
  'agent_revisions',
  {
    agentId: text().notNull(),
    revision: integer().notNull(),
    /** The agent's configuration at that revision (the Agent entity without id and timestamps). */
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.revision] })],
);
