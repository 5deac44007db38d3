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
  })
  .partial()
  .strict();
export type AgentPatch = z.infer<typeof AgentPatch>;
