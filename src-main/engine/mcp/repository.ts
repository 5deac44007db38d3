import { asc, eq, sql } from 'drizzle-orm';
import { McpServer } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { sqlState, UNIQUE_VIOLATION } from '../store/errors';
import { mcpServers } from '../store/schema/mcp';
import type { Db } from '../store/types';

/** Where MCP server configs (and the consent pins that belong to them) are kept. */
export interface McpServerRepository {
  /** Ordered by name. */
  list(): Promise<McpServer[]>;
  get(id: string): Promise<McpServer | undefined>;
  /** Inserts or replaces by id; returns what was stored. A name taken by another server is a CONFLICT. */
  upsert(server: McpServer): Promise<McpServer>;
  delete(id: string): Promise<boolean>;
}

type Row = typeof mcpServers.$inferSelect;

function toServer(row: Row): McpServer {
  return McpServer.parse({
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });
}

export function nameTaken(name: string, cause: unknown): AppError {
  return new AppError('CONFLICT', `An MCP server named "${name}" already exists.`, {
    hint: 'Choose another name.',
    cause,
  });
}

/** The repository on the app database (PGlite or Postgres). */
export class DrizzleMcpServerRepository implements McpServerRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<McpServer[]> {
    const rows = await this.db
      .select()
      .from(mcpServers)
      .orderBy(asc(sql`lower(${mcpServers.name})`));
    return rows.map(toServer);
  }

  async get(id: string): Promise<McpServer | undefined> {
    const [row] = await this.db.select().from(mcpServers).where(eq(mcpServers.id, id));
    return row && toServer(row);
  }

  async upsert(server: McpServer): Promise<McpServer> {
    const { id, createdAt, updatedAt, ...fields } = server;
    const values = { ...fields, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
    try {
      const [row] = await this.db
        .insert(mcpServers)
        .values({ id, ...values })
        .onConflictDoUpdate({
          target: mcpServers.id,
          set: { ...fields, updatedAt: values.updatedAt },
        })
        .returning();
      return toServer(row!);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw nameTaken(server.name, error);
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(mcpServers)
      .where(eq(mcpServers.id, id))
      .returning({ id: mcpServers.id });
    return rows.length > 0;
  }
}
