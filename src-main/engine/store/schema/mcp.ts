import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ApprovalPolicy, McpConsent, McpTransport } from '@shared/entities/mcp';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/** MCP servers the user configured, with the consent pins that belong to them. */
export const mcpServers = pgTable(
  'mcp_servers',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    transport: jsonb().$type<McpTransport>().notNull(),
    enabled: boolean().notNull().default(true),
    autoStart: boolean().notNull().default(true),
    approval: jsonb().$type<ApprovalPolicy>().notNull(),
    secretEnv: jsonb()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    secretHeaders: jsonb()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    roots: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    toolTimeoutMs: integer().notNull().default(120000),
    consent: jsonb()
      .$type<McpConsent>()
      .notNull()
      .default(sql`'{"tools":{}}'::jsonb`),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mcp_servers_name_unique').on(sql`lower(${t.name})`)],
);
