import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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
    revision: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agents_name_unique').on(sql`lower(${t.name})`)],
);
