import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { IngestCounts, IngestItemStatus, IngestJobStatus, IngestSource } from '@shared/api/ingest';
import { queryRows } from '../../store/query';
import { kbIngestItems, kbIngestJobs } from '../../store/schema/ingest';
import { kbDocuments } from '../../store/schema/knowledge';
import type { Db } from '../../store/types';
import { inTransaction, sqlList } from '../store/chunk-rows';
import { COUNT_COLUMNS, emptyCounts, toCounts, type CountRow, type ItemResult, type ItemRow, type JobRow } from './rows';

export * from './rows';

const ACTIVE: IngestJobStatus[] = ['pending', 'running'];
const UNFINISHED: IngestItemStatus[] = ['pending', 'running'];
const INSERT_BATCH = 500;

const leaseEnd = (ms: number): SQL => sql`now() + make_interval(secs => ${ms / 1000}::double precision)`;

/** What the pipeline needs of the document a file already is. */
export interface ExistingDocument {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  contentHash: string | null;
  tags: string[];
}

/** The rows of the durable ingestion queue: jobs, their items (with leases), and document lookups. */
export class IngestRepository {
  constructor(private readonly db: Db) {}

  async createJob(input: { kbId: string; source: IngestSource; paths: string[]; tags: string[]; force: boolean }): Promise<JobRow> {
    const [row] = await this.db
      .insert(kbIngestJobs)
      .values({ id: randomUUID(), ...input })
      .returning();
    return row!;
  }

  /** Adds items for `paths` (those already in the job are kept as they are). */
  async addItems(job: Pick<JobRow, 'id' | 'kbId'>, paths: readonly string[]): Promise<void> {
    const [{ n } = { n: 0 }] = await this.db.select({ n: count() }).from(kbIngestItems).where(eq(kbIngestItems.jobId, job.id));
    for (let i = 0; i < paths.length; i += INSERT_BATCH) {
      const values = paths.slice(i, i + INSERT_BATCH).map((path, j) => ({
        id: randomUUID(),
        jobId: job.id,
        kbId: job.kbId,
        seq: Number(n) + i + j,
        path,
      }));
      await this.db.insert(kbIngestItems).values(values).onConflictDoNothing();
    }
  }

  async markScanned(jobId: string): Promise<void> {
    await this.db.update(kbIngestJobs).set({ scanned: true, updatedAt: sql`now()` }).where(eq(kbIngestJobs.id, jobId));
  }

  /** Active jobs whose folders are not expanded into items yet. */
  unscannedJobs(): Promise<JobRow[]> {
    return this.db
      .select()
      .from(kbIngestJobs)
      .where(and(eq(kbIngestJobs.scanned, false), inArray(kbIngestJobs.status, ACTIVE)))
      .orderBy(kbIngestJobs.createdAt);
  }

  /** Ids of scanned active jobs, oldest first: the order in which their items are processed. */
  async activeJobIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: kbIngestJobs.id })
      .from(kbIngestJobs)
      .where(and(eq(kbIngestJobs.scanned, true), inArray(kbIngestJobs.status, ACTIVE)))
      .orderBy(kbIngestJobs.createdAt, kbIngestJobs.id);
    return rows.map((r) => r.id);
  }

  /**
   * Claims up to `limit` items of a job for `owner`, in order: pending ones, else running ones whose
   * lease ran out. Rows another process is claiming at the same moment are skipped, never shared.
   */
  async claim(jobId: string, owner: string, leaseMs: number, limit: number): Promise<ItemRow[]> {
    for (const condition of [sql`i.status = 'pending'`, sql`i.status = 'running' and i.lease_until < now()`]) {
      const rows = await this.db
        .update(kbIngestItems)
        .set({
          status: 'running',
          leaseOwner: owner,
          leaseUntil: leaseEnd(leaseMs),
          attempts: sql`${kbIngestItems.attempts} + 1`,
          updatedAt: sql`now()`,
        })
        .where(
          sql`${kbIngestItems.id} in (select i.id from kb_ingest_items i where i.job_id = ${jobId} and ${condition}
            order by i.seq limit ${limit} for update skip locked)`,
        )
        .returning();
      if (rows.length) return rows.sort((a, b) => a.seq - b.seq);
    }
    return [];
  }

  /** Extends the leases of every item `owner` is working on. */
  async heartbeat(owner: string, leaseMs: number): Promise<void> {
    await this.db
      .update(kbIngestItems)
      .set({ leaseUntil: leaseEnd(leaseMs) })
      .where(and(eq(kbIngestItems.leaseOwner, owner), eq(kbIngestItems.status, 'running')));
  }

  /** Owners of running items, to find those whose process is gone. */
  async runningOwners(): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ owner: kbIngestItems.leaseOwner })
      .from(kbIngestItems)
      .where(eq(kbIngestItems.status, 'running'));
    return rows.flatMap((r) => (r.owner ? [r.owner] : []));
  }

  /** Puts the running items of `owners` back to pending; returns how many. */
  async release(owners: readonly string[]): Promise<number> {
    if (!owners.length) return 0;
    const rows = await this.db
      .update(kbIngestItems)
      .set({ status: 'pending', leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` })
      .where(and(eq(kbIngestItems.status, 'running'), inArray(kbIngestItems.leaseOwner, [...owners])))
      .returning({ id: kbIngestItems.id });
    return rows.length;
  }

  /**
   * Records an item's outcome if `owner` still holds this claim of it (`attempts` as claimed);
   * undefined when it was cancelled, retried or taken over meanwhile.
   */
  async finishItem(claim: Pick<ItemRow, 'id' | 'attempts'>, owner: string, result: ItemResult): Promise<ItemRow | undefined> {
    const [row] = await this.db
      .update(kbIngestItems)
      .set({
        status: result.status,
        ...(result.documentId !== undefined ? { documentId: result.documentId } : {}),
        ...(result.contentHash !== undefined ? { contentHash: result.contentHash } : {}),
        ...(result.bytes !== undefined ? { bytes: result.bytes } : {}),
        chunks: result.chunks ?? 0,
        error: result.error ?? null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(kbIngestItems.id, claim.id),
          eq(kbIngestItems.attempts, claim.attempts),
          eq(kbIngestItems.leaseOwner, owner),
          eq(kbIngestItems.status, 'running'),
        ),
      )
      .returning();
    return row;
  }

  /** Marks a job running (once) and names the file being worked on. */
  async markRunning(jobId: string, currentFile: string | null): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(kbIngestJobs)
      .set({ status: 'running', startedAt: sql`coalesce(${kbIngestJobs.startedAt}, now())`, currentFile, updatedAt: sql`now()` })
      .where(and(eq(kbIngestJobs.id, jobId), inArray(kbIngestJobs.status, ACTIVE)))
      .returning();
    return row;
  }

  /** Ends a scanned job once none of its items is pending or running; returns it if it ended now. */
  async settle(jobId: string): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(kbIngestJobs)
      .set({ status: 'done', finishedAt: sql`now()`, currentFile: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(kbIngestJobs.id, jobId),
          eq(kbIngestJobs.scanned, true),
          inArray(kbIngestJobs.status, ACTIVE),
          sql`not exists (select 1 from kb_ingest_items i where i.job_id = ${jobId} and i.status in ('pending', 'running'))`,
        ),
      )
      .returning();
    return row;
  }

  /** Cancels an active job: its unfinished items end as cancelled. */
  async cancel(jobId: string): Promise<JobRow | undefined> {
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx
        .update(kbIngestJobs)
        .set({ status: 'cancelled', finishedAt: sql`now()`, currentFile: null, updatedAt: sql`now()` })
        .where(and(eq(kbIngestJobs.id, jobId), inArray(kbIngestJobs.status, ACTIVE)))
        .returning();
      if (row) {
        await tx
          .update(kbIngestItems)
          .set({ status: 'cancelled', leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` })
          .where(and(eq(kbIngestItems.jobId, jobId), inArray(kbIngestItems.status, UNFINISHED)));
      }
      return row;
    });
  }

  /** Queues a job's failed and cancelled items again and reopens the job. */
  async retry(jobId: string): Promise<JobRow | undefined> {
    return inTransaction(this.db, async (tx) => {
      await tx
        .update(kbIngestItems)
        .set({ status: 'pending', error: null, leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` })
        .where(and(eq(kbIngestItems.jobId, jobId), inArray(kbIngestItems.status, ['failed', 'cancelled'])));
      const [row] = await tx
        .update(kbIngestJobs)
        .set({ status: 'pending', finishedAt: null, currentFile: null, updatedAt: sql`now()` })
        .where(eq(kbIngestJobs.id, jobId))
        .returning();
      return row;
    });
  }

  async job(id: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(kbIngestJobs).where(eq(kbIngestJobs.id, id));
    return row;
  }

  /** Of `ids`, the jobs that are no longer active (cancelled or done elsewhere). */
  async inactive(ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .select({ id: kbIngestJobs.id, status: kbIngestJobs.status })
      .from(kbIngestJobs)
      .where(inArray(kbIngestJobs.id, [...ids]));
    const active = new Set(rows.filter((r) => ACTIVE.includes(r.status)).map((r) => r.id));
    return ids.filter((id) => !active.has(id));
  }

  listJobs(options: { kbId?: string | undefined; status?: IngestJobStatus | undefined; limit: number }): Promise<JobRow[]> {
    return this.db
      .select()
      .from(kbIngestJobs)
      .where(
        and(
          options.kbId ? eq(kbIngestJobs.kbId, options.kbId) : undefined,
          options.status ? eq(kbIngestJobs.status, options.status) : undefined,
        ),
      )
      .orderBy(desc(kbIngestJobs.createdAt), desc(kbIngestJobs.id))
      .limit(options.limit);
  }

  async items(
    jobId: string,
    options: { status?: IngestItemStatus | undefined; limit: number; offset: number },
  ): Promise<{ items: ItemRow[]; total: number }> {
    const where = and(eq(kbIngestItems.jobId, jobId), options.status ? eq(kbIngestItems.status, options.status) : undefined);
    const [total] = await this.db.select({ n: count() }).from(kbIngestItems).where(where);
    const items = await this.db.select().from(kbIngestItems).where(where).orderBy(kbIngestItems.seq).limit(options.limit).offset(options.offset);
    return { items, total: Number(total?.n ?? 0) };
  }

  /** Progress of jobs, from their items. */
  async counts(jobIds: readonly string[]): Promise<Map<string, IngestCounts>> {
    const out = new Map(jobIds.map((id) => [id, emptyCounts()]));
    if (!jobIds.length) return out;
    const rows = await queryRows<CountRow & { job_id: string }>(
      this.db,
      sql`select job_id, ${COUNT_COLUMNS} from kb_ingest_items i where job_id in ${sqlList(jobIds)} group by job_id`,
    );
    for (const r of rows) out.set(r.job_id, toCounts(r));
    return out;
  }

  /** A job with its progress, in one query. */
  async jobWithCounts(id: string): Promise<{ row: JobRow; counts: IngestCounts } | undefined> {
    const row = await this.job(id);
    if (!row) return undefined;
    const [counts] = await queryRows<CountRow>(this.db, sql`select ${COUNT_COLUMNS} from kb_ingest_items i where i.job_id = ${id}`);
    return { row, counts: counts ? toCounts(counts) : emptyCounts() };
  }

  // ---- documents of the knowledge base, as the pipeline needs them ----

  async documentByPath(kbId: string, path: string): Promise<ExistingDocument | undefined> {
    return (await this.documentsByPath(kbId, [path])).get(path);
  }

  /** The documents some paths already are, by path. */
  async documentsByPath(kbId: string, paths: readonly string[]): Promise<Map<string, ExistingDocument>> {
    if (!paths.length) return new Map();
    const rows = await this.db
      .select({ path: kbDocuments.path, id: kbDocuments.id, status: kbDocuments.status, contentHash: kbDocuments.contentHash, tags: kbDocuments.tags })
      .from(kbDocuments)
      .where(and(eq(kbDocuments.kbId, kbId), inArray(kbDocuments.path, [...paths])));
    return new Map(rows.map(({ path, ...doc }) => [path, doc]));
  }

  /** Paths of the knowledge base's documents, all or those inside `folder`. */
  async documentPaths(kbId: string, folder?: string): Promise<string[]> {
    const rows = await this.db
      .select({ path: kbDocuments.path })
      .from(kbDocuments)
      .where(and(eq(kbDocuments.kbId, kbId), folder ? sql`starts_with(${kbDocuments.path}, ${folder})` : undefined))
      .orderBy(kbDocuments.path);
    return rows.map((r) => r.path);
  }
}
