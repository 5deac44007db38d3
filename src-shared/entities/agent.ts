import { z } from 'zod';
import { ModelRef } from './model';

export const Id = z.string().min(1).max(64);

/** A tool an agent may use: a whole MCP server, one tool of it, or a built-in tool. */
export const ToolRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), name: z.string().min(1) }),
  z.object({ kind: z.literal('mcp-server'), serverId: z.string().min(1) }),
  z.object({ kind: z.literal('mcp-tool'), serverId: z.string().min(1), tool: z.string().min(1) }),
]);
export type ToolRef = z.infer<typeof ToolRef>;

/** Whether the agent may call a tool: ask the user first, run it without asking, or never offer it. */
export const ToolPolicy = z.enum(['ask', 'allow', 'deny']);
export type ToolPolicy = z.infer<typeof ToolPolicy>;

/** The key of a tool in `toolPolicies`: `builtin:<name>` or `<serverId>:<tool>`. */
export function toolKey(source: string, tool: string): string {
  return `${source}:${tool}`;
}

/** How the agent uses its knowledge bases: as a tool, retrieved before each turn, or both. */
export const KnowledgeMode = z.enum(['tool', 'auto', 'both']);
export type KnowledgeMode = z.infer<typeof KnowledgeMode>;

export const AgentKnowledge = z.object({
  mode: KnowledgeMode.default('tool'),
  /** Passages retrieved before each turn (auto/both). */
  k: z.number().int().min(1, 'At least 1').max(20, 'At most 20').default(5),
  /** Passages scoring below this (0..1) are left out. */
  minScore: z.number().min(0, 'At least 0').max(1, 'At most 1').default(0),
});
export type AgentKnowledge = z.infer<typeof AgentKnowledge>;

export const AgentMemory = z.object({
  /** Off: no conversation history and no long-term recall. */
  enabled: z.boolean().default(true),
  /** Tokens of conversation history (summary + turns) a run carries. */
  budgetTokens: z.number().int().min(200, 'At least 200').max(200_000, 'At most 200,000').default(3000),
});
export type AgentMemory = z.infer<typeof AgentMemory>;

const toolPolicies = z.record(z.string().min(1).max(300), ToolPolicy);

const agentFields = {
  name: z.string().trim().min(1, 'Name is required').max(80, 'At most 80 characters'),
  description: z.string().max(2000, 'At most 2000 characters').default(''),
  systemPrompt: z.string().max(100_000, 'At most 100,000 characters').default(''),
  model: ModelRef,
  temperature: z.number().min(0, 'At least 0').max(2, 'At most 2').default(0.7),
  tags: z
    .array(z.string().trim().min(1).max(40))
    .max(20, 'At most 20 tags')
    .default([])
    .transform((tags) => [...new Set(tags)]),
  tools: z.array(ToolRef).max(200).default([]),
  knowledgeBaseIds: z.array(Id).max(50).default([]),
  /** Per tool, for this agent: overrides the server's approval policy (a server's `deny` still wins). */
  toolPolicies: toolPolicies.default({}),
  knowledge: AgentKnowledge.default(AgentKnowledge.parse({})),
  /** The agents this one may hand work to. */
  delegateIds: z.array(Id).max(50).default([]),
  memory: AgentMemory.default(AgentMemory.parse({})),
};

export const AgentInput = z.object(agentFields).strict();
export type AgentInput = z.input<typeof AgentInput>;

export const Agent = z.object({
  id: Id,
  ...agentFields,
  /** Incremented on every update; used to detect concurrent edits. */
  revision: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agent = z.infer<typeof Agent>;

export const AgentPatch = z
  .object({
    name: agentFields.name,
    description: z.string().max(2000, 'At most 2000 characters'),
    systemPrompt: z.string().max(100_000),
    model: ModelRef,
    temperature: agentFields.temperature.unwrap(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20, 'At most 20 tags'),
    tools: z.array(ToolRef).max(200),
    knowledgeBaseIds: z.array(Id).max(50),
    toolPolicies,
    knowledge: AgentKnowledge,
    delegateIds: z.array(Id).max(50),
    memory: AgentMemory,
  })
  .partial()
  .strict();
export type AgentPatch = z.infer<typeof AgentPatch>;

/** The saved state of an agent at one revision: its definition, without id or dates. */
export const AgentSnapshot = z.object(agentFields);
export type AgentSnapshot = z.infer<typeof AgentSnapshot>;

export const AgentRevision = z.object({
  agentId: Id,
  revision: z.number().int().nonnegative(),
  snapshot: AgentSnapshot,
  createdAt: z.string(),
});
export type AgentRevision = z.infer<typeof AgentRevision>;

/** A revision in a list: when it was saved, and its name then. */
export const AgentRevisionSummary = AgentRevision.omit({ snapshot: true }).extend({ name: z.string() });
export type AgentRevisionSummary = z.infer<typeof AgentRevisionSummary>;
