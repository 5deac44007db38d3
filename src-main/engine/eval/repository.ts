import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { EvalCaseResult, EvalRun, EvalSummary, Suite } from '@shared/entities/eval';
import { evalCache, evalResults, evalRuns, evalSuites } from '../store/schema/eval';
import type { Db } from '../store/types';

type SuiteRow = typeof evalSuites.$inferSelect;
type RunRow = typeof evalRuns.$inferSelect;
type ResultRow = typeof evalResults.$inferSelect;

export function toSuite(row: SuiteRow): Suite {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === 'retrieval' ? 'retrieval' : 'agent',
    format: row.format === 'json' ? 'json' : 'yaml',
    content: row.content,
    version: row.version,
    caseCount: row.caseCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toEvalRun(row: RunRow): EvalRun {
  return {
    id: row.id,
    suiteId: row.suiteId,
    suiteName: row.suiteName,
    suiteVersion: row.suiteVersion,
    kind: row.kind === 'retrieval' ? 'retrieval' : 'agent',
    targets: row.targets as EvalRun['targets'],
    trials: row.trials,
    status: row.status as EvalRun['status'],
    progress: { done: row.done, total: row.total },
    summary: (row.summary as EvalSummary | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function toResult(row: ResultRow): EvalCaseResult {
  return {
    runId: row.runId,
    caseId: row.caseId,
    target: row.target,
    trial: row.trial,
    status: row.status as EvalCaseResult['status'],
    errorKind: (row.errorKind as EvalCaseResult['errorKind']) ?? null,
    score: row.score,
    input: row.input,
    output: row.output,
    expected: row.expected,
    assertions: row.assertions as EvalCaseResult['assertions'],
    agentRunId: row.agentRunId,
    usage: (row.usage as EvalCaseResult['usage']) ?? null,
    latencyMs: row.latencyMs,
    steps: row.steps,
    cached: row.cached,
    tags: row.tags as string[],
    error: row.error,
  };
}

/** What a cached answer keeps: enough for every scorer to judge it again. */
export interface CachedAnswer {
  output: string | null;
  facts: {
    toolCalls: { name: string; arguments: Record<string, unknown> }[];
    steps: number;
    usage: { inputTokens: number; outputTokens: number };
    latencyMs: number;
    agentRunId: string | null;
  };
}

/** Persistence of suites, runs, results and the answer cache; knows SQL, nothing about events. */
export class EvalRepository {
  constructor(private readonly db: Db) {}

  async suites(): Promise<Suite[]> {
    return (await this.db.select().from(evalSuites).orderBy(sql`lower(${evalSuites.name})`)).map(toSuite);
  }

  async suite(ref: string): Promise<Suite | undefined> {
    const [byId] = await this.db.select().from(evalSuites).where(eq(evalSuites.id, ref));
    if (byId) return toSuite(byId);
    const [byName] = await this.db.select().from(evalSuites).where(sql`lower(${evalSuites.name}) = lower(${ref})`);
    return byName && toSuite(byName);
  }

  async insertSuite(row: typeof evalSuites.$inferInsert): Promise<Suite> {
    const [created] = await this.db.insert(evalSuites).values(row).returning();
    return toSuite(created!);
  }

  async updateSuite(id: string, patch: Partial<typeof evalSuites.$inferInsert>): Promise<Suite | undefined> {
    const [row] = await this.db
      .update(evalSuites)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(evalSuites.id, id))
      .returning();
    return row && toSuite(row);
  }

  async deleteSuite(id: string): Promise<boolean> {
    return (await this.db.delete(evalSuites).where(eq(evalSuites.id, id)).returning({ id: evalSuites.id })).length > 0;
  }

  async insertRun(row: typeof evalRuns.$inferInsert): Promise<EvalRun> {
    const [created] = await this.db.insert(evalRuns).values(row).returning();
    return toEvalRun(created!);
  }

  async updateRun(id: string, patch: Partial<typeof evalRuns.$inferInsert>): Promise<EvalRun | undefined> {
    const [row] = await this.db.update(evalRuns).set(patch).where(eq(evalRuns.id, id)).returning();
    return row && toEvalRun(row);
  }

  async run(id: string): Promise<EvalRun | undefined> {
    const [row] = await this.db.select().from(evalRuns).where(eq(evalRuns.id, id));
    return row && toEvalRun(row);
  }

  async runContent(id: string): Promise<string | undefined> {
    const [row] = await this.db.select({ content: evalRuns.suiteContent }).from(evalRuns).where(eq(evalRuns.id, id));
    return row?.content;
  }

  async runIdsByPrefix(prefix: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: evalRuns.id })
      .from(evalRuns)
      .where(sql`${evalRuns.id} like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
      .limit(11);
    return rows.map((r) => r.id);
  }

  async runs(filter: { suiteId?: string; limit: number }): Promise<EvalRun[]> {
    const rows = await this.db
      .select()
      .from(evalRuns)
      .where(filter.suiteId ? eq(evalRuns.suiteId, filter.suiteId) : undefined)
      .orderBy(desc(evalRuns.createdAt))
      .limit(filter.limit);
    return rows.map(toEvalRun);
  }

  /** Runs left `running` by an engine that stopped. */
  async failStale(reason: string): Promise<number> {
    const rows = await this.db
      .update(evalRuns)
      .set({ status: 'failed', error: reason, finishedAt: new Date() })
      .where(eq(evalRuns.status, 'running'))
      .returning({ id: evalRuns.id });
    return rows.length;
  }

  async addResult(result: EvalCaseResult, position: number): Promise<void> {
    await this.db
      .insert(evalResults)
      .values({ ...result, position })
      .onConflictDoNothing();
  }

  async results(runId: string): Promise<EvalCaseResult[]> {
    const rows = await this.db
      .select()
      .from(evalResults)
      .where(eq(evalResults.runId, runId))
      .orderBy(asc(evalResults.position), asc(evalResults.target), asc(evalResults.trial));
    return rows.map(toResult);
  }

  async cached(key: string): Promise<CachedAnswer | undefined> {
    const [row] = await this.db.select().from(evalCache).where(eq(evalCache.key, key));
    return row && { output: row.output, facts: row.facts as CachedAnswer['facts'] };
  }

  async cache(key: string, answer: CachedAnswer): Promise<void> {
    await this.db
      .insert(evalCache)
      .values({ key, output: answer.output, facts: answer.facts })
      .onConflictDoUpdate({ target: evalCache.key, set: { output: answer.output, facts: answer.facts, createdAt: new Date() } });
  }

  async runsOfSuite(suiteId: string): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(evalRuns).where(and(eq(evalRuns.suiteId, suiteId)));
    return row?.n ?? 0;
  }
}
