import { z } from 'zod';
import { McpContentBlock } from './mcp';

/** A resource a managed MCP server lists (resources/list). */
export const McpResource = z.object({
  uri: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
});
export type McpResource = z.infer<typeof McpResource>;

/** A parameterised resource (resources/templates/list), e.g. `file:///{path}`. */
export const McpResourceTemplate = z.object({
  uriTemplate: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});
export type McpResourceTemplate = z.infer<typeof McpResourceTemplate>;

export const McpResourceList = z.object({
  resources: z.array(McpResource),
  templates: z.array(McpResourceTemplate),
  /** The server offers resources/subscribe. */
  subscribe: z.boolean(),
  /** The URIs this app is subscribed to on that server. */
  subscribed: z.array(z.string()),
});
export type McpResourceList = z.infer<typeof McpResourceList>;

/** One part of a resource read: text, or binary as base64 (`blob`). */
export const McpResourceContent = z.object({
  uri: z.string(),
  mimeType: z.string().optional(),
  text: z.string().optional(),
  /** Base64 of the bytes (binary resources). */
  blob: z.string().optional(),
  /** Size in bytes of the text (UTF-8) or of the decoded blob, as the server sent it. */
  bytes: z.number().int().nonnegative(),
  /** The part was larger than the limit: `text`/`blob` are left out (text: cut). */
  truncated: z.boolean(),
});
export type McpResourceContent = z.infer<typeof McpResourceContent>;

export const McpResourceRead = z.object({ contents: z.array(McpResourceContent) });
export type McpResourceRead = z.infer<typeof McpResourceRead>;

export const McpPromptArgument = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
});

export const McpPrompt = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(McpPromptArgument),
});
export type McpPrompt = z.infer<typeof McpPrompt>;

export const McpPromptMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: McpContentBlock,
});
export type McpPromptMessage = z.infer<typeof McpPromptMessage>;

export const McpPromptResult = z.object({
  description: z.string().optional(),
  messages: z.array(McpPromptMessage),
});
export type McpPromptResult = z.infer<typeof McpPromptResult>;

/** What completion/complete completes: a prompt's argument or a resource template's variable. */
export const McpCompletionRef = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ref/prompt'), name: z.string().min(1).max(256) }).strict(),
  z.object({ type: z.literal('ref/resource'), uri: z.string().min(1).max(4096) }).strict(),
]);
export type McpCompletionRef = z.infer<typeof McpCompletionRef>;

export const McpCompletion = z.object({
  values: z.array(z.string()),
  total: z.number().int().nonnegative().optional(),
  hasMore: z.boolean().optional(),
});
export type McpCompletion = z.infer<typeof McpCompletion>;

/** The syslog levels of MCP logging/setLevel. */
export const McpLogLevel = z.enum(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
export type McpLogLevel = z.infer<typeof McpLogLevel>;
