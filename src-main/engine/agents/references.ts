import type { AgentReferenceProblem } from '@shared/api/agents';
import type { Agent, AgentSnapshot, ToolRef } from '@shared/entities/agent';
import type { FieldIssue } from '@shared/errors';

/** What agents may refer to, as the other capabilities know it (the composition root wires it). */
export interface AgentReferenceCatalog {
  /** Registered MCP servers; `tools` when the server's tool list is known (it ran once). */
  mcpServers(): Promise<{ id: string; name: string; tools?: string[] | undefined }[]>;
  knowledgeBases(): Promise<{ id: string; name: string }[]>;
  builtinTools(): string[];
}

/** The catalog as it is now, read once (for checking many agents). */
export async function catalogSnapshot(catalog: AgentReferenceCatalog): Promise<AgentReferenceCatalog> {
  const [servers, kbs] = await Promise.all([catalog.mcpServers(), catalog.knowledgeBases()]);
  const builtins = catalog.builtinTools();
  return { mcpServers: async () => servers, knowledgeBases: async () => kbs, builtinTools: () => builtins };
}

/** A reference problem with where it is (index in its list, for a field issue). */
export interface LocatedProblem extends AgentReferenceProblem {
  index: number;
}

export type Definition = Pick<AgentSnapshot, 'name' | 'tools' | 'knowledgeBaseIds' | 'delegateIds'>;

export function toolRefKey(ref: ToolRef): string {
  switch (ref.kind) {
    case 'builtin':
      return `builtin:${ref.name}`;
    case 'mcp-server':
      return `${ref.serverId}:*`;
    case 'mcp-tool':
      return `${ref.serverId}:${ref.tool}`;
  }
}

/**
 * The references of a definition that point at nothing: unknown MCP servers and tools, built-in
 * tools, knowledge bases and delegate agents. Without a catalog only agents are checked.
 */
export async function missingReferences(
  def: Definition,
  agents: readonly Pick<Agent, 'id' | 'name'>[],
  catalog: AgentReferenceCatalog | undefined,
): Promise<LocatedProblem[]> {
  const problems: LocatedProblem[] = [];
  if (catalog) {
    const servers = new Map((await catalog.mcpServers()).map((s) => [s.id, s]));
    const builtins = new Set(catalog.builtinTools());
    def.tools.forEach((ref, index) => {
      const ref_ = toolRefKey(ref);
      if (ref.kind === 'builtin') {
        if (!builtins.has(ref.name)) problems.push({ field: 'tools', ref: ref_, index, message: `There is no built-in tool "${ref.name}".` });
        return;
      }
      const server = servers.get(ref.serverId);
      if (!server) {
        problems.push({ field: 'tools', ref: ref_, index, message: `The MCP server ${ref.serverId} does not exist (any more).` });
      } else if (ref.kind === 'mcp-tool' && server.tools && !server.tools.includes(ref.tool)) {
        problems.push({ field: 'tools', ref: ref_, index, message: `The MCP server "${server.name}" has no tool "${ref.tool}".` });
      }
    });
    const kbs = new Set((await catalog.knowledgeBases()).map((kb) => kb.id));
    def.knowledgeBaseIds.forEach((id, index) => {
      if (!kbs.has(id)) problems.push({ field: 'knowledgeBaseIds', ref: id, index, message: `The knowledge base ${id} does not exist (any more).` });
    });
  }
  const agentIds = new Set(agents.map((a) => a.id));
  def.delegateIds.forEach((id, index) => {
    if (!agentIds.has(id)) problems.push({ field: 'delegateIds', ref: id, index, message: `The agent ${id} does not exist (any more).` });
  });
  return problems;
}

/**
 * The delegation cycle the agent `id` would be part of with `delegateIds` (the other agents as
 * they are): the ids along it, e.g. [A, B, A]; undefined when there is none.
 */
export function delegationCycle(
  id: string,
  delegateIds: readonly string[],
  agents: readonly Pick<Agent, 'id' | 'delegateIds'>[],
): string[] | undefined {
  const byId = new Map(agents.map((a) => [a.id, a]));
  const edges = (x: string) => (x === id ? delegateIds : (byId.get(x)?.delegateIds ?? []));
  const seen = new Set<string>();
  const walk = (x: string, path: string[]): string[] | undefined => {
    for (const next of edges(x)) {
      if (next === id) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(id, [id]);
}

/** Field issues for the builder, e.g. `{ path: ['tools', 2], message }`. */
export function issuesOf(problems: readonly LocatedProblem[]): FieldIssue[] {
  return problems.map((p) => ({ path: [p.field, p.index], message: p.message }));
}
