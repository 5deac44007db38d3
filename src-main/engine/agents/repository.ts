import { asc, eq, sql } from 'drizzle-orm';
import type { Agent, AgentPatch } from '@shared/entities/agent';
import { agents } from '../store/schema/agents';
import type { Db } from '../store/types';

type Row = typeof agents.$inferSelect;

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
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type NewAgent = Omit<Agent, 'revision' | 'createdAt' | 'updatedAt'>;

/** Agent persistence; knows SQL, nothing about events or validation. */
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

  async insert(agent: NewAgent): Promise<Agent> {
    const [row] = await this.db.insert(agents).values(agent).returning();
    return toAgent(row!);
  }

  /** Applies the patch and bumps the revision; `undefined` when the agent does not exist. */
  async update(id: string, patch: AgentPatch): Promise<Agent | undefined> {
    const [row] = await this.db
      .update(agents)
      .set({ ...patch, revision: sql`${agents.revision} + 1`, updatedAt: new Date() })
      .where(eq(agents.id, id))
      .returning();
    return row && toAgent(row);
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(agents).where(eq(agents.id, id)).returning({ id: agents.id });
    return rows.length > 0;
  }
}
