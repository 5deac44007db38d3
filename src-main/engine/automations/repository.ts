import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import {
  AutomationBudget,
  AutomationConditions,
  AutomationDelivery,
  AutomationPermissions,
  AutomationPolicies,
  AutomationTrigger,
  type AutomationRun,
  type AutomationRunStatus,
  type InboxItem,
} from '@shared/entities/automation';
import { z } from 'zod';
import { automationControl, automationRuns, automations, inboxItems } from '../store/schema/automations';
import type { Db } from '../store/types';

export type AutomationRow = typeof automations.$inferSelect;
export type AutomationRunRow = typeof automationRuns.$inferSelect;
type NewRunRow = typeof automationRuns.$inferInsert;

/** An automation as the engine works with it: the stored row with its configuration parsed. */
export interface StoredAutomation {
  id: string;
  name: string;
  description: string;
  agentId: string;
  agentRevision: number | null;
  input: string;
  triggers: AutomationTrigger[];
  conditions: AutomationConditions;
  policies: AutomationPolicies;
  permissions: AutomationPermissions;
  budget: AutomationBudget;
  delivery: AutomationDelivery;
  state: 'active' | 'paused' | 'paused_by_system';
  pauseReason: string | null;
  enabledAt: Date;
  lastScheduled: Record<string, number>;
  webhookSecret: string | null;
  threadId: string | null;
  consecutiveFailures: number;
  lastSucceededAt: Date | null;
  lastOutput: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const LastScheduled = z.record(z.string(), z.number()).catch({});

/** Parses a row; a stored configuration that no longer parses (edited by hand) falls back to safe defaults and pauses. */
export function toStored(row: AutomationRow): StoredAutomation {
  const triggers = z.array(AutomationTrigger).safeParse(row.triggers);
  const policies = AutomationPolicies.safeParse(row.policies);
  const broken = !triggers.success || !policies.success;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    agentId: row.agentId,
    agentRevision: row.agentRevision,
    input: row.input,
    triggers: triggers.success ? triggers.data : [],
    conditions: AutomationConditions.catch({ onAcPower: false }).parse(row.conditions),
    policies: policies.success ? policies.data : AutomationPolicies.parse({}),
    permissions: AutomationPermissions.catch(AutomationPermissions.parse({})).parse(row.permissions),
    budget: AutomationBudget.catch(AutomationBudget.parse({})).parse(row.budget),
    delivery: AutomationDelivery.catch(AutomationDelivery.parse({})).parse(row.delivery),
    state: broken ? 'paused_by_system' : row.state === 'paused' || row.state === 'paused_by_system' ? row.state : 'active',
    pauseReason: broken ? 'Its stored triggers or policies cannot be read; edit and save it again.' : row.pauseReason,
    enabledAt: row.enabledAt,
    lastScheduled: LastScheduled.parse(row.lastScheduled),
    webhookSecret: row.webhookSecret,
    threadId: row.threadId,
    consecutiveFailures: row.consecutiveFailures,
    lastSucceededAt: row.lastSucceededAt,
    lastOutput: row.lastOutput,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAutomationRun(row: AutomationRunRow): AutomationRun {
  const usage = row.usage as { inputTokens?: unknown; outputTokens?: unknown } | null;
  return {
    id: row.id,
    automationId: row.automationId,
    automationName: row.automationName,
    status: row.status as AutomationRunStatus,
    trigger: { kind: row.triggerKind, payload: (row.triggerPayload ?? {}) as Record<string, unknown> },
    scheduledFor: row.scheduledFor.toISOString(),
    firstScheduledFor: iso(row.firstScheduledFor),
    count: row.count,
    attempt: row.attempt,
    reason: row.reason,
    runId: row.runId,
    threadId: row.threadId,
    usage: usage && typeof usage.inputTokens === 'number' && typeof usage.outputTokens === 'number' ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function toInboxItem(row: typeof inboxItems.$inferSelect): InboxItem {
  return {
    id: row.id,
    automationId: row.automationId,
    automationName: row.automationName,
    automationRunId: row.automationRunId,
    runId: row.runId,
    status: row.status as AutomationRunStatus,
    title: row.title,
    body: row.body,
    unread: row.unread === 1,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Statuses of a record whose fire is still going on (queued or running). */
export const OPEN_STATUSES = ['scheduled', 'running'] as const;

/** Persistence of automations, their run records and the inbox; knows SQL, nothing about events. */
export class AutomationRepository {
  constructor(private readonly db: Db) {}

  async insert(row: typeof automations.$inferInsert): Promise<StoredAutomation> {
    const [created] = await this.db.insert(automations).values(row).returning();
    return toStored(created!);
  }

  async update(id: string, patch: Partial<typeof automations.$inferInsert>): Promise<StoredAutomation | undefined> {
    const [row] = await this.db
      .update(automations)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(automations.id, id))
      .returning();
    return row && toStored(row);
  }

  async get(id: string): Promise<StoredAutomation | undefined> {
    const [row] = await this.db.select().from(automations).where(eq(automations.id, id));
    return row && toStored(row);
  }

  async byName(name: string): Promise<StoredAutomation | undefined> {
    const [row] = await this.db.select().from(automations).where(sql`lower(${automations.name}) = lower(${name})`);
    return row && toStored(row);
  }

  async list(): Promise<StoredAutomation[]> {
    const rows = await this.db.select().from(automations).orderBy(sql`lower(${automations.name})`);
    return rows.map(toStored);
  }

  /** How many automations there are and when one last changed: what another engine's change shows up as. */
  async version(): Promise<string> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int`, latest: sql<string | null>`max(${automations.updatedAt})::text` })
      .from(automations);
    return `${row?.count ?? 0}|${row?.latest ?? ''}`;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(automations).where(eq(automations.id, id)).returning({ id: automations.id });
    return rows.length > 0;
  }

  async usedBy(agentId: string): Promise<{ id: string; name: string }[]> {
    return this.db.select({ id: automations.id, name: automations.name }).from(automations).where(eq(automations.agentId, agentId));
  }

  /** Moves a timed trigger's latest handled fire forward (never back: engines may report out of order). */
  async markScheduled(id: string, key: string, at: number): Promise<void> {
    await this.db
      .update(automations)
      .set({
        lastScheduled: sql`${automations.lastScheduled} || jsonb_build_object(${key}::text, greatest(coalesce((${automations.lastScheduled}->>${key})::bigint, 0), ${at}::bigint))`,
      })
      .where(eq(automations.id, id));
  }

  /**
   * Inserts a fire's record. With a `claimKey`, only the first engine to insert that key gets a row
   * back (the unique index decides); the others get undefined and must not run the fire.
   */
  async claim(row: NewRunRow): Promise<AutomationRunRow | undefined> {
    const [created] = await this.db.insert(automationRuns).values(row).onConflictDoNothing({ target: automationRuns.claimKey }).returning();
    return created;
  }

  async updateRun(id: string, patch: Partial<NewRunRow>): Promise<AutomationRunRow | undefined> {
    const [row] = await this.db.update(automationRuns).set(patch).where(eq(automationRuns.id, id)).returning();
    return row;
  }

  async getRun(id: string): Promise<AutomationRunRow | undefined> {
    const [row] = await this.db.select().from(automationRuns).where(eq(automationRuns.id, id));
    return row;
  }

  async history(filter: { automationId?: string; status?: string; limit: number; before?: Date }): Promise<AutomationRun[]> {
    const where: SQL[] = [];
    if (filter.automationId) where.push(eq(automationRuns.automationId, filter.automationId));
    if (filter.status) where.push(eq(automationRuns.status, filter.status));
    if (filter.before) where.push(lt(automationRuns.createdAt, filter.before));
    const rows = await this.db
      .select()
      .from(automationRuns)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(automationRuns.createdAt), desc(automationRuns.scheduledFor))
      .limit(filter.limit);
    return rows.map(toAutomationRun);
  }

  /** The latest record of each automation that says something about a run (not a skip). */
  async lastRuns(automationIds?: string[]): Promise<Map<string, AutomationRun>> {
    const ran = inArray(automationRuns.status, ['running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted']);
    const rows = await this.db
      .selectDistinctOn([automationRuns.automationId])
      .from(automationRuns)
      .where(automationIds ? and(ran, inArray(automationRuns.automationId, automationIds)) : ran)
      .orderBy(automationRuns.automationId, desc(automationRuns.createdAt));
    return new Map(rows.map((r) => [r.automationId, toAutomationRun(r)]));
  }

  /** Records of fires going on (queued or running), of every engine. */
  async open(automationId?: string): Promise<AutomationRunRow[]> {
    const status = inArray(automationRuns.status, [...OPEN_STATUSES]);
    return this.db
      .select()
      .from(automationRuns)
      .where(automationId ? and(status, eq(automationRuns.automationId, automationId)) : status)
      .orderBy(automationRuns.createdAt);
  }

  /**
   * At start: records left open by an engine that stopped. A running record whose run is no longer
   * going on, and every open record of this data folder's engines when the database is not shared.
   */
  async interruptStale(onlyWithEndedRun: boolean, reason: string): Promise<AutomationRunRow[]> {
    const endedRun = sql`(${automationRuns.runId} is null or not exists (select 1 from "runs" r where r."id" = ${automationRuns.runId} and r."status" in ('running', 'waiting_approval')))`;
    const status = inArray(automationRuns.status, [...OPEN_STATUSES]);
    return this.db
      .update(automationRuns)
      .set({ status: 'interrupted', reason, finishedAt: new Date() })
      .where(onlyWithEndedRun ? and(status, eq(automationRuns.status, 'running'), endedRun) : status)
      .returning();
  }

  async addInbox(item: typeof inboxItems.$inferInsert): Promise<InboxItem> {
    const [row] = await this.db.insert(inboxItems).values(item).returning();
    return toInboxItem(row!);
  }

  async inbox(filter: { unreadOnly: boolean; automationId?: string; limit: number }): Promise<InboxItem[]> {
    const where: SQL[] = [];
    if (filter.unreadOnly) where.push(eq(inboxItems.unread, 1));
    if (filter.automationId) where.push(eq(inboxItems.automationId, filter.automationId));
    const rows = await this.db
      .select()
      .from(inboxItems)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(inboxItems.createdAt))
      .limit(filter.limit);
    return rows.map(toInboxItem);
  }

  async markRead(ids: string[] | undefined, unread: boolean): Promise<void> {
    const value = unread ? 1 : 0;
    await this.db
      .update(inboxItems)
      .set({ unread: value })
      .where(ids ? inArray(inboxItems.id, ids) : undefined);
  }

  /** Unread items, per automation. */
  async unreadCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ id: inboxItems.automationId, n: sql<number>`count(*)::int` })
      .from(inboxItems)
      .where(eq(inboxItems.unread, 1))
      .groupBy(inboxItems.automationId);
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Unread items, all automations together. */
  async unreadTotal(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(inboxItems).where(eq(inboxItems.unread, 1));
    return row?.n ?? 0;
  }

  async control<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const [row] = await this.db.select().from(automationControl).where(eq(automationControl.key, key));
    if (!row) return undefined;
    const parsed = schema.safeParse(row.value);
    return parsed.success ? parsed.data : undefined;
  }

  async setControl(key: string, value: unknown): Promise<void> {
    await this.db
      .insert(automationControl)
      .values({ key, value })
      .onConflictDoUpdate({ target: automationControl.key, set: { value, updatedAt: new Date() } });
  }
}
