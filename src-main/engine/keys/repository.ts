import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { ApiKey, ApiKeyScope, AuditEntry, AuditOutcome } from '@shared/entities/api-key';
import { apiAudit, apiKeys } from '../store/schema/keys';
import type { Db } from '../store/types';

export type KeyRow = typeof apiKeys.$inferSelect;

export function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope as ApiKeyScope,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export interface NewAuditEntry {
  keyId: string;
  keyName: string;
  method: string;
  outcome: AuditOutcome;
  code?: string;
}

/** Persistence of API keys and their audit log; knows SQL only. */
export class KeyRepository {
  constructor(private readonly db: Db) {}

  async insert(row: typeof apiKeys.$inferInsert): Promise<KeyRow> {
    const [saved] = await this.db.insert(apiKeys).values(row).returning();
    return saved!;
  }

  async list(): Promise<KeyRow[]> {
    return this.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  }

  async byHash(hash: string): Promise<KeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
    return row;
  }

  /** By id, or by name (case-insensitive). */
  async byRef(ref: string): Promise<KeyRow | undefined> {
    const [byId] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, ref));
    if (byId) return byId;
    const [byName] = await this.db.select().from(apiKeys).where(sql`lower(${apiKeys.name}) = lower(${ref})`);
    return byName;
  }

  async update(id: string, patch: Partial<Pick<KeyRow, 'revokedAt' | 'lastUsedAt'>>): Promise<KeyRow | undefined> {
    const [row] = await this.db.update(apiKeys).set(patch).where(eq(apiKeys.id, id)).returning();
    return row;
  }

  async addAudit(id: string, entry: NewAuditEntry): Promise<void> {
    await this.db.insert(apiAudit).values({ id, ...entry, code: entry.code ?? null });
  }

  async audit(limit: number, keyId?: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .select()
      .from(apiAudit)
      .where(keyId ? eq(apiAudit.keyId, keyId) : undefined)
      .orderBy(desc(apiAudit.at), desc(apiAudit.id))
      .limit(limit);
    return rows.map((r) => ({
      keyId: r.keyId,
      keyName: r.keyName,
      method: r.method,
      outcome: r.outcome as AuditOutcome,
      ...(r.code ? { code: r.code } : {}),
      at: r.at.toISOString(),
    }));
  }

  /** Deletes audit entries older than `before`; answers how many. */
  async pruneAudit(before: Date): Promise<number> {
    const rows = await this.db.delete(apiAudit).where(and(lt(apiAudit.at, before))).returning({ id: apiAudit.id });
    return rows.length;
  }
}
