import type { McpServer } from '@shared/entities/mcp';
import { nameTaken, type McpServerRepository } from './repository';

/**
 * Server configs held in memory, with the same rules as the database repository. For one-shot
 * clients that have no app database (the conformance client entry, scripts, benches).
 */
export function createMemoryMcpServerRepository(initial: McpServer[] = []): McpServerRepository {
  const rows = new Map(initial.map((s) => [s.id, structuredClone(s)]));
  return {
    list: async () =>
      [...rows.values()]
        .map((s) => structuredClone(s))
        .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())),
    get: async (id) => {
      const row = rows.get(id);
      return row && structuredClone(row);
    },
    upsert: async (server) => {
      const clash = [...rows.values()].find(
        (s) => s.id !== server.id && s.name.toLowerCase() === server.name.toLowerCase(),
      );
      if (clash) throw nameTaken(server.name, undefined);
      rows.set(server.id, structuredClone(server));
      return structuredClone(server);
    },
    delete: async (id) => rows.delete(id),
  };
}
