import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Automations (background agents). The configuration is stored as the contract's objects (jsonb);
 * `last_scheduled` holds, per timed trigger (its index), the latest fire already handled (epoch ms).
 * No foreign key to agents: deleting an agent is refused while an automation uses it.
 */
export const automations = pgTable(
  'automations',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    agentId: text().notNull(),
    agentRevision: integer(),
    input: text().notNull(),
    triggers: jsonb().notNull(),
    conditions: jsonb().notNull(),
    policies: jsonb().notNull(),
    permissions: jsonb().notNull(),
    budget: jsonb().notNull(),
    delivery: jsonb().notNull(),
    /** active | paused | paused_by_system */
    state: text().notNull().default('active'),
    pauseReason: text(),
    /** When it was (re-)enabled: no fire before it is ever due (re-enabling never fires a backlog). */
    enabledAt: at().notNull().defaultNow(),
    lastScheduled: jsonb().notNull().default({}),
    webhookSecret: text(),
    threadId: text(),
    consecutiveFailures: integer().notNull().default(0),
    lastSucceededAt: at(),
    /** The output of the last successful run (to notify "when the output changed"). */
    lastOutput: text(),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('automations_name_unique').on(sql`lower(${t.name})`)],
);

/**
 * What became of each fire, written before the run is dispatched. `claim_key` is unique: the engine
 * that inserts a fire's key runs it, so several engines on one database run each fire once.
 */
export const automationRuns = pgTable(
  'automation_runs',
  {
    id: text().primaryKey(),
    automationId: text().notNull(),
    automationName: text().notNull(),
    status: text().notNull(),
    triggerKind: text().notNull(),
    triggerPayload: jsonb().notNull().default({}),
    scheduledFor: at().notNull(),
    firstScheduledFor: at(),
    count: integer().notNull().default(1),
    attempt: integer().notNull().default(0),
    reason: text(),
    runId: text(),
    threadId: text(),
    usage: jsonb(),
    claimKey: text(),
    /** The engine that claimed it (an id per engine process). */
    engineId: text(),
    createdAt: at().notNull().defaultNow(),
    startedAt: at(),
    finishedAt: at(),
  },
  (t) => [
    uniqueIndex('automation_runs_claim').on(t.claimKey),
    index('automation_runs_automation_created').on(t.automationId, t.createdAt),
    index('automation_runs_status').on(t.status),
    index('automation_runs_run').on(t.runId),
  ],
);

/** Results of automations' runs for the user to read; unread until opened. */
export const inboxItems = pgTable(
  'inbox_items',
  {
    id: text().primaryKey(),
    automationId: text().notNull(),
    automationName: text().notNull(),
    automationRunId: text().notNull(),
    runId: text(),
    status: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    unread: integer().notNull().default(1),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [index('inbox_items_created').on(t.createdAt), index('inbox_items_unread').on(t.unread)],
);

/** Engine-wide automation settings shared by every engine on the database (the global pause). */
export const automationControl = pgTable('automation_control', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: at().notNull().defaultNow(),
});
