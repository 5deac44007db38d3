import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Run } from '@shared/entities/run';
import type { Thread, ThreadListItem } from '@shared/entities/thread';
import { PREFIX_CANDIDATES, startsWith } from '../store/id-prefix';
import { queryRows } from '../store/query';
import { conversationSummaries, conversationTurns } from '../store/schema/memory';
import { runs } from '../store/schema/runs';
import { threads } from '../store/schema/threads';
import type { Db } from '../store/types';
import { toRun } from '../runtime/repository';

type Row = typeof threads.$inferSelect;

export function toThread(row: Row): Thread {
  return {
    id: row.id,
    agentId: row.agentId,
    title: row.title,
    titleEdited: row.titleEdited,
    pinned: row.pinned,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface ThreadQuery {
  agentId?: string;
  includeArchived: boolean;
  limit: number;
  /** Threads to skip, in the listed order. */
  offset?: number;
}

/** The text-search configuration of thread search (stems English words; other words match as typed). */
const TS_CONFIG = sql.raw(`'english'`);

/** Top-level runs of the thread. */
const runCount = sql<number>`(select count(*)::int from "runs" r where r."thread_id" = "threads"."id" and r."parent_run_id" is null)`;

/** Persistence of threads; knows SQL, nothing about events. */
export class ThreadRepository {
  constructor(private readonly db: Db) {}

  async insert(thread: Pick<Thread, 'id' | 'agentId' | 'title'>): Promise<Thread> {
    const [row] = await this.db.insert(threads).values(thread).returning();
    return toThread(row!);
  }

  async get(id: string): Promise<Thread | undefined> {
    const [row] = await this.db.select().from(threads).where(eq(threads.id, id));
    return row && toThread(row);
  }

  /** Ids starting with `prefix` (one more than are listed in an error, to tell "more"). */
  async idsByPrefix(prefix: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: threads.id })
      .from(threads)
      .where(startsWith(threads.id, prefix))
      .orderBy(asc(threads.id))
      .limit(PREFIX_CANDIDATES + 1);
    return rows.map((r) => r.id);
  }

  private filters(q: ThreadQuery): SQL[] {
    const where: SQL[] = [];
    if (q.agentId) where.push(eq(threads.agentId, q.agentId));
    if (!q.includeArchived) where.push(eq(threads.archived, false));
    return where;
  }

  /** Pinned first, then most recently used. */
  async list(q: ThreadQuery): Promise<ThreadListItem[]> {
    const where = this.filters(q);
    const rows = await this.db
      .select({ thread: threads, runCount })
      .from(threads)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(threads.pinned), desc(threads.updatedAt), desc(threads.id))
      .limit(q.limit)
      .offset(q.offset ?? 0);
    return rows.map((r) => ({ ...toThread(r.thread), runCount: Number(r.runCount) }));
  }

  /**
   * Full-text search over each thread as a whole: its title and the inputs and answers of its
   * top-level runs (websearch syntax: words, "phrases", -excluded, or). Ranked by ts_rank, the
   * title weighing most, then the messages, then the answers.
   */
  async search(query: string, q: ThreadQuery): Promise<ThreadListItem[]> {
    const where = this.filters(q);
    const rows = await queryRows<{ id: string; text: string | null }>(
      this.db,
      sql`
        with q as (select websearch_to_tsquery(${TS_CONFIG}, ${query}) as q),
        content as (
          select r.thread_id as id,
            string_agg(r.input, E'\n' order by r.created_at) as inputs,
            string_agg(coalesce(r.output, ''), E'\n' order by r.created_at) as outputs,
            string_agg(r.input || E'\n' || coalesce(r.output, ''), E'\n' order by r.created_at) as body
          from "runs" r where r.thread_id is not null and r.parent_run_id is null
          group by r.thread_id
        ),
        docs as (
          select ${threads.id} as id, ${threads.updatedAt} as updated_at, c.body,
            setweight(to_tsvector(${TS_CONFIG}, ${threads.title}), 'A')
              || setweight(to_tsvector(${TS_CONFIG}, coalesce(c.inputs, '')), 'B')
              || setweight(to_tsvector(${TS_CONFIG}, coalesce(c.outputs, '')), 'C') as doc
          from ${threads} left join content c on c.id = ${threads.id}
          ${where.length ? sql`where ${and(...where)}` : sql``}
        )
        select d.id,
          case when d.body is null then null else ts_headline(${TS_CONFIG}, d.body, q.q, 'MaxFragments=1, MaxWords=18, MinWords=6, StartSel=«, StopSel=»') end as text
        from docs d, q
        where d.doc @@ q.q
        order by ts_rank(d.doc, q.q) desc, d.updated_at desc, d.id
        limit ${q.limit} offset ${q.offset ?? 0}`,
    );
    if (!rows.length) return [];
    const found = await this.db
      .select({ thread: threads, runCount })
      .from(threads)
      .where(inArray(threads.id, rows.map((r) => r.id)));
    const byId = new Map(found.map((f) => [f.thread.id, f]));
    return rows.flatMap((r) => {
      const f = byId.get(r.id);
      // An excerpt only when the messages matched (not just the title).
      const match = r.text?.includes('«') ? r.text.replace(/\s+/g, ' ').trim() : null;
      return f ? [{ ...toThread(f.thread), runCount: Number(f.runCount), match }] : [];
    });
  }

  async update(id: string, patch: Partial<Pick<Row, 'title' | 'titleEdited' | 'pinned' | 'archived' | 'updatedAt'>>): Promise<Thread | undefined> {
    const [row] = await this.db.update(threads).set(patch).where(eq(threads.id, id)).returning();
    return row && toThread(row);
  }

  /** The thread's top-level runs, oldest first. */
  async runs(threadId: string): Promise<Run[]> {
    const rows = await this.db
      .select()
      .from(runs)
      .where(and(eq(runs.threadId, threadId), isNull(runs.parentRunId)))
      .orderBy(asc(runs.createdAt), asc(runs.id));
    return rows.map(toRun);
  }

  /** The agent's most recently used thread. */
  async latest(agentId: string): Promise<Thread | undefined> {
    const [row] = await this.db.select().from(threads).where(eq(threads.agentId, agentId)).orderBy(desc(threads.updatedAt), desc(threads.id)).limit(1);
    return row && toThread(row);
  }

  /** Deletes a thread with all its runs (their messages and traces go with them) and its history; answers how many runs went. */
  async delete(id: string): Promise<{ deleted: boolean; runs: number }> {
    return this.db.transaction(async (tx) => {
      const gone = await tx.delete(runs).where(eq(runs.threadId, id)).returning({ id: runs.id, parentRunId: runs.parentRunId });
      await tx.delete(conversationTurns).where(eq(conversationTurns.threadId, id));
      await tx.delete(conversationSummaries).where(eq(conversationSummaries.threadId, id));
      const deleted = await tx.delete(threads).where(eq(threads.id, id)).returning({ id: threads.id });
      return { deleted: deleted.length > 0, runs: gone.filter((r) => !r.parentRunId).length };
    });
  }

  /** Deletes an agent's threads and their history (the runs stay, as runs outlive their agent); answers the ids. */
  async deleteForAgent(agentId: string): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const gone = await tx.delete(threads).where(eq(threads.agentId, agentId)).returning({ id: threads.id });
      await tx.delete(conversationTurns).where(eq(conversationTurns.agentId, agentId));
      await tx.delete(conversationSummaries).where(eq(conversationSummaries.agentId, agentId));
      return gone.map((t) => t.id);
    });
  }
}
