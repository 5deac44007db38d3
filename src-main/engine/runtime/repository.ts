import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { ChatMessage } from '@shared/entities/llm';
import type { Run, RunMessage, RunStatus, TraceEvent } from '@shared/entities/run';
import { runEvents, runMessages, runs } from '../store/schema/runs';
import type { Db } from '../store/types';
import { PREFIX_CANDIDATES, startsWith } from '../store/id-prefix';

type Row = typeof runs.$inferSelect;

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function toRun(row: Row): Run {
  return {
    id: row.id,
    agentId: row.agentId,
    agentName: row.agentName,
    model: row.model,
    parentRunId: row.parentRunId,
    rootRunId: row.rootRunId,
    depth: row.depth,
    threadId: row.threadId,
    replacesRunId: row.replacesRunId,
    agentRevision: row.agentRevision,
    status: row.status,
    input: row.input,
    output: row.output,
    error: row.error,
    usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens },
    steps: row.steps,
    pendingApprovals: row.pendingApprovals,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
  };
}

function toRow(run: Run): typeof runs.$inferInsert & { createdAt: Date } {
  return {
    id: run.id,
    agentId: run.agentId,
    agentName: run.agentName,
    model: run.model,
    parentRunId: run.parentRunId,
    rootRunId: run.rootRunId,
    depth: run.depth,
    threadId: run.threadId,
    replacesRunId: run.replacesRunId,
    agentRevision: run.agentRevision,
    status: run.status,
    input: run.input,
    output: run.output,
    error: run.error,
    inputTokens: run.usage.inputTokens,
    outputTokens: run.usage.outputTokens,
    steps: run.steps,
    pendingApprovals: run.pendingApprovals,
    createdAt: new Date(run.createdAt),
    updatedAt: new Date(run.updatedAt),
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
  };
}

export interface RunFilter {
  agentId?: string;
  status?: RunStatus;
  /** null: top-level runs only. */
  parentRunId?: string | null;
  before?: string;
  limit: number;
}

/** Persistence of runs, their messages and their traces; knows SQL, nothing about events. */
export class RunRepository {
  constructor(private readonly db: Db) {}

  async insert(run: Run): Promise<void> {
    await this.db.insert(runs).values(toRow(run));
  }

  /** Writes the whole record (the runtime holds the current state). */
  async save(run: Run): Promise<void> {
    const { id: _id, createdAt: _c, ...rest } = toRow(run);
    await this.db.update(runs).set(rest).where(eq(runs.id, run.id));
  }

  async get(id: string): Promise<Run | undefined> {
    const [row] = await this.db.select().from(runs).where(eq(runs.id, id));
    return row && toRun(row);
  }

  /** Ids starting with `prefix` (one more than an error lists, to tell there are more). */
  async idsByPrefix(prefix: string): Promise<string[]> {
    const rows = await this.db.select({ id: runs.id }).from(runs).where(startsWith(runs.id, prefix)).orderBy(asc(runs.id)).limit(PREFIX_CANDIDATES + 1);
    return rows.map((r) => r.id);
  }

  async list(filter: RunFilter): Promise<Run[]> {
    const where: SQL[] = [];
    if (filter.agentId) where.push(eq(runs.agentId, filter.agentId));
    if (filter.status) where.push(eq(runs.status, filter.status));
    if (filter.parentRunId === null) where.push(isNull(runs.parentRunId));
    else if (filter.parentRunId !== undefined) where.push(eq(runs.parentRunId, filter.parentRunId));
    if (filter.before) where.push(lt(runs.createdAt, new Date(filter.before)));
    const rows = await this.db
      .select()
      .from(runs)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(filter.limit);
    return rows.map(toRun);
  }

  /** Every run of a delegation tree, oldest first. */
  async tree(rootRunId: string): Promise<Run[]> {
    const rows = await this.db.select().from(runs).where(eq(runs.rootRunId, rootRunId)).orderBy(asc(runs.createdAt), asc(runs.depth));
    return rows.map(toRun);
  }

  async addMessage(runId: string, seq: number, message: ChatMessage): Promise<void> {
    await this.db.insert(runMessages).values({ runId, seq, message });
  }

  async messages(runId: string): Promise<RunMessage[]> {
    const rows = await this.db.select().from(runMessages).where(eq(runMessages.runId, runId)).orderBy(asc(runMessages.seq));
    return rows.map((r) => ({ runId: r.runId, seq: r.seq, message: r.message, at: r.at.toISOString() }));
  }

  async addEvents(events: TraceEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.insert(runEvents).values(events.map((e) => ({ runId: e.runId, seq: e.seq, type: e.type, payload: e, at: new Date(e.at) })));
  }

  /** The events of these runs, each run's in seq order. */
  async events(runIds: string[]): Promise<Map<string, TraceEvent[]>> {
    const out = new Map<string, TraceEvent[]>(runIds.map((id) => [id, []]));
    if (runIds.length === 0) return out;
    const rows = await this.db
      .select({ runId: runEvents.runId, payload: runEvents.payload })
      .from(runEvents)
      .where(inArray(runEvents.runId, runIds))
      .orderBy(asc(runEvents.runId), asc(runEvents.seq));
    for (const row of rows) out.get(row.runId)?.push(row.payload);
    return out;
  }

  async lastSeq(runId: string): Promise<number> {
    const [row] = await this.db.select({ seq: sql<number>`coalesce(max(${runEvents.seq}), 0)::int` }).from(runEvents).where(eq(runEvents.runId, runId));
    return row?.seq ?? 0;
  }

  /** Runs left `running` or `waiting_approval` (by a crash or a stop). */
  async unfinished(): Promise<Run[]> {
    const rows = await this.db.select().from(runs).where(inArray(runs.status, ['running', 'waiting_approval']));
    return rows.map(toRun);
  }
}
