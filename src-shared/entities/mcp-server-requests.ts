import { z } from 'zod';
import { JsonObject, McpServerId } from './mcp';

/** A form a server asks the user to fill (`elicitation/create`, form mode); the schema is the server's. */
export const McpElicitationRequest = z.object({
  id: z.string(),
  serverId: McpServerId,
  serverName: z.string(),
  message: z.string(),
  /** A flat JSON Schema object: string (formats, enum/oneOf with titles), number, integer, boolean, string arrays. */
  requestedSchema: JsonObject,
  requestedAt: z.string(),
});
export type McpElicitationRequest = z.infer<typeof McpElicitationRequest>;

export const McpElicitationAction = z.enum(['accept', 'decline', 'cancel']);

/** A model call a server asks for (`sampling/createMessage`), waiting for the user's approval. */
export const McpSamplingRequest = z.object({
  id: z.string(),
  serverId: McpServerId,
  serverName: z.string(),
  /** The request's messages, system prompt, model preferences and limits, as the server sent them. */
  params: JsonObject,
  requestedAt: z.string(),
});
export type McpSamplingRequest = z.infer<typeof McpSamplingRequest>;

/** What the user answered to a sampling request; messages/systemPrompt/maxTokens replace the server's when given. */
export const McpSamplingDecision = z.enum(['allow', 'deny']);
