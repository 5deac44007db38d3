import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * API keys of the engine as a service. Only the SHA-256 of a key's secret is stored (`hash`); the
 * secret itself is shown once, when the key is made. `prefix` is the secret's public start, to tell
 * keys apart in listings and logs.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    /** read | run | admin | metrics */
    scope: text().notNull(),
    prefix: text().notNull(),
    hash: text().notNull(),
    createdAt: at().notNull().defaultNow(),
    expiresAt: at(),
    revokedAt: at(),
    lastUsedAt: at(),
  },
  (t) => [uniqueIndex('api_keys_name_unique').on(sql`lower(${t.name})`), uniqueIndex('api_keys_hash_unique').on(t.hash)],
);

/** One line per call made with a key: who, what, how it ended. Never the call's input. */
export const apiAudit = pgTable(
  'api_audit',
  {
    id: text().primaryKey(),
    keyId: text().notNull(),
    keyName: text().notNull(),
    method: text().notNull(),
    /** ok | forbidden | error */
    outcome: text().notNull(),
    code: text(),
    at: at().notNull().defaultNow(),
  },
  (t) => [index('api_audit_at').on(t.at), index('api_audit_key_at').on(t.keyId, t.at)],
);
