import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  AgentKnowledge,
  AgentMemory,
  AgentSnapshot,
  ToolPolicy,
  type Agent,
  type AgentPatch,
  type AgentRevision,
  type AgentRevisionSummary,
} from '@shared/entities/agent';
import { z } from 'zod';
import { agentRevisions, agents } from '../store/schema/agents';
import type { Db } from '../store/types';

type Row = typeof agents.$inferSelect;

// The builder's columns are jsonb with '{}' / '[]' defaults: read them through the contract's defaults.
const Policies = z.record(z.string(), ToolPolicy).catch({});
const Ids = z.array(z.string()).catch([]);
const Knowledge = AgentKnowledge.catch(AgentKnowledge.parse({}));
const Memory = AgentMemory.catch(AgentMemory.parse({}));

function toAgent(row: Row): Agent {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    systemPrompt: row.systemPrompt,
    model: row.model,
    temperature: row.temperature,
    tags: row.tags,
    tools: row.tools,
    knowledgeBaseIds: row.knowledgeBaseIds,
    toolPolicies: Policies.parse(row.toolPolicies),
    knowledge: Knowledge.parse(row.knowledge),
    delegateIds: Ids.parse(row.delegateIds),
    memory: Memory.parse(row.memory),
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The definition of an agent as a revision stores it. */
export function snapshotOf(agent: Agent): AgentSnapshot {
  const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, ...definition } = agent;
  return definition;
}

export type NewAgent = Omit<Agent, 'revision' | 'createdAt' | 'updatedAt'>;

/**
 * Agent persistence; knows SQL, nothing about events or validation. Every write stores the new
 * state as an immutable revision in the same transaction.
 */
export class AgentRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<Agent[]> {
    const rows = await this.db.select().from(agents).orderBy(asc(sql`lower(${agents.name})`));
    return rows.map(toAgent);
  }

  async get(id: string): Promise<Agent | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row && toAgent(row);
  }

  async findByName(name: string): Promise<Agent | undefined> {
    const [row] = await this.db
      .select()
      .from(agents)
      .where(eq(sql`lower(${agents.name})`, name.toLowerCase()));
    return row && toAgent(row);
  }

  /** Agents whose id starts with `prefix` (at most `limit`). */
  async findByIdPrefix(prefix: string, limit = 2): Promise<Agent[]> {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.db
      .select()
      .from(agents)
      .where(sql`${agents.id} like ${`${escaped}%`}`)
      .limit(limit);
    return rows.map(toAgent);
  }

  async insert(agent: NewAgent): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(agents).values(agent).returning();
      const saved = toAgent(row!);
      await this.record(tx as unknown as Db, saved);
      return saved;
    });
  }

  /** Applies the patch and bumps the revision; `undefined` when the agent does not exist. */
  async update(id: string, patch: AgentPatch): Promise<Agent | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(agents)
        .set({ ...patch, revision: sql`${agents.revision} + 1`, updatedAt: new Date() })
        .where(eq(agents.id, id))
        .returning();
      if (!row) return undefined;
      const saved = toAgent(row);
      await this.record(tx as unknown as Db, saved);
      return saved;
    });
  }

  /** Deletes the agent and its revisions. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.delete(agents).where(eq(agents.id, id)).returning({ id: agents.id });
      await tx.delete(agentRevisions).where(eq(agentRevisions.agentId, id));
      return rows.length > 0;
    });
  }

  async revisions(agentId: string): Promise<AgentRevisionSummary[]> {
    const rows = await this.db
      .select({
        revision: agentRevisions.revision,
        createdAt: agentRevisions.createdAt,
        name: sql<string>`${agentRevisions.snapshot} ->> 'name'`,
      })
      .from(agentRevisions)
      .where(eq(agentRevisions.agentId, agentId))
      .orderBy(desc(agentRevisions.revision));
    return rows.map((r) => ({ agentId, revision: r.revision, name: r.name ?? '', createdAt: r.createdAt.toISOString() }));
  }

  async revision(agentId: string, revision: number): Promise<AgentRevision | undefined> {
    const [row] = await this.db
      .select()
      .from(agentRevisions)
      .where(and(eq(agentRevisions.agentId, agentId), eq(agentRevisions.revision, revision)));
    if (!row) return undefined;
    return { agentId, revision, snapshot: AgentSnapshot.parse(row.snapshot), createdAt: row.createdAt.toISOString() };
  }

  private async record(tx: Db, agent: Agent): Promise<void> {
    await tx
      .insert(agentRevisions)
      .values({ agentId: agent.id, revision: agent.revision, snapshot: snapshotOf(agent), createdAt: new Date(agent.updatedAt) });
  }
}
