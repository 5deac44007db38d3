import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

/** Evaluation suites: the file as written and what it parsed to; `version` is the hash of the content. */
export const evalSuites = pgTable(
  'eval_suites',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    kind: text().notNull(),
    format: text().notNull(),
    content: text().notNull(),
    version: text().notNull(),
    caseCount: integer().notNull(),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('eval_suites_name_unique').on(sql`lower(${t.name})`)],
);

/** A run of a suite (at one version) against targets. Kept when the suite changes or is deleted. */
export const evalRuns = pgTable(
  'eval_runs',
  {
    id: text().primaryKey(),
    suiteId: text().notNull(),
    suiteName: text().notNull(),
    suiteVersion: text().notNull(),
    /** The suite's content at the time of the run (what the results mean). */
    suiteContent: text().notNull(),
    kind: text().notNull(),
    targets: jsonb().notNull(),
    trials: integer().notNull(),
    status: text().notNull(),
    done: integer().notNull().default(0),
    total: integer().notNull().default(0),
    summary: jsonb(),
    error: text(),
    createdAt: at().notNull().defaultNow(),
    finishedAt: at(),
  },
  (t) => [index('eval_runs_suite_created').on(t.suiteId, t.createdAt)],
);

/** One trial of one case against one target. */
export const evalResults = pgTable(
  'eval_results',
  {
    runId: text().notNull(),
    caseId: text().notNull(),
    target: text().notNull(),
    trial: integer().notNull(),
    status: text().notNull(),
    errorKind: text(),
    score: doublePrecision().notNull(),
    input: text().notNull(),
    output: text(),
    expected: text(),
    assertions: jsonb().notNull(),
    agentRunId: text(),
    usage: jsonb(),
    latencyMs: doublePrecision(),
    steps: integer(),
    cached: boolean().notNull().default(false),
    tags: jsonb().notNull().default([]),
    error: text(),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.caseId, t.target, t.trial] })],
);

/** Answers by everything that shapes them (the cache key): reused unless a run says `noCache`. */
export const evalCache = pgTable('eval_cache', {
  key: text().primaryKey(),
  output: text(),
  /** What the scorers need of the run: tool calls, steps, usage, latency, the agent run id. */
  facts: jsonb().notNull(),
  createdAt: at().notNull().defaultNow(),
});
