import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { KbWatch } from '@shared/api/ingest';
import { kbWatches } from '../../store/schema/ingest';
import type { Db } from '../../store/types';

export type WatchRow = typeof kbWatches.$inferSelect;

export function toKbWatch(row: WatchRow): KbWatch {
  return {
    id: row.id,
    kbId: row.kbId,
    path: row.path,
    tags: row.tags,
    status: row.error ? 'error' : 'watching',
    error: row.error,
    lastScanAt: row.lastScanAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Rows of `kb_watches`: the folders knowledge bases follow. */
export class WatchRepository {
  constructor(private readonly db: Db) {}

  async insert(kbId: string, path: string, tags: string[]): Promise<WatchRow> {
    const [row] = await this.db.insert(kbWatches).values({ id: randomUUID(), kbId, path, tags }).returning();
    return row!;
  }

  list(kbId?: string): Promise<WatchRow[]> {
    return this.db
      .select()
      .from(kbWatches)
      .where(kbId ? eq(kbWatches.kbId, kbId) : undefined)
      .orderBy(kbWatches.createdAt, kbWatches.id);
  }

  async get(id: string): Promise<WatchRow | undefined> {
    const [row] = await this.db.select().from(kbWatches).where(eq(kbWatches.id, id));
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(kbWatches).where(eq(kbWatches.id, id)).returning({ id: kbWatches.id });
    return rows.length > 0;
  }

  /** Records a scan (and clears or sets the folder's problem). */
  async scanned(id: string, error: string | null): Promise<WatchRow | undefined> {
    const [row] = await this.db
      .update(kbWatches)
      .set({ error, ...(error ? {} : { lastScanAt: sql`now()` }) })
      .where(eq(kbWatches.id, id))
      .returning();
    return row;
  }
}
