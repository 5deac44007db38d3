import { z } from 'zod';

/**
 * Provider-neutral chat types: what the engine sends to any LLM provider and what comes back.
 * Traces carry these, so they are plain JSON.
 */

/** A JSON object (tool arguments, tool input schemas). */
export const JsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObject>;

/** A tool the model may call: name, what it does, and a JSON Schema of its input. */
export const ToolSpec = z.object({
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9_-]{1,64}$/,
      'Tool names use letters, digits, _ and - (at most 64 characters)',
    ),
  description: z.string().max(10_000).default(''),
  inputSchema: JsonObject,
});
export type ToolSpec = z.output<typeof ToolSpec>;
export type ToolSpecInput = z.input<typeof ToolSpec>;

/** One call of a tool requested by the model. Several in one turn are parallel tool calls. */
export const ToolCall = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: JsonObject,
});
export type ToolCall = z.infer<typeof ToolCall>;

/** Image types every vision provider takes (Ollama, OpenAI, Anthropic). */
export const ImageMediaType = z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export type ImageMediaType = z.infer<typeof ImageMediaType>;

/** Largest image sent to a model (Anthropic's limit per image; OpenAI and Ollama take it too). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Most images in one message. */
export const MAX_IMAGES_PER_MESSAGE = 8;

/** An image in a user message: its bytes as standard base64 (never a URL), and its file name. */
export const ImagePart = z.object({
  mediaType: ImageMediaType,
  data: z
    .base64('Send the image as standard base64')
    .min(1)
    .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4, `An image may have at most ${MAX_IMAGE_BYTES / (1024 * 1024)} MB`),
  name: z.string().max(255).optional(),
});
export type ImagePart = z.infer<typeof ImagePart>;

export const ChatMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({
    role: z.literal('user'),
    content: z.string(),
    /** Images for vision models, after the text. Runs store them as "[image: name]" in the text instead. */
    images: z.array(ImagePart).max(MAX_IMAGES_PER_MESSAGE).optional(),
  }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().default(''),
    toolCalls: z.array(ToolCall).default([]),
  }),
  z.object({
    role: z.literal('tool'),
    toolCallId: z.string().min(1),
    /** The tool's name (some providers need it; the adapter finds it from history when absent). */
    toolName: z.string().optional(),
    content: z.string(),
    isError: z.boolean().optional(),
  }),
]);
export type ChatMessage = z.output<typeof ChatMessage>;
/** A message as callers may write it (assistant `content`/`toolCalls` may be left out). */
export type ChatMessageInput = z.input<typeof ChatMessage>;

export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof Usage>;

export const FinishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'other']);
export type FinishReason = z.infer<typeof FinishReason>;

/** What a chat stream yields, in order: text deltas and tool calls, then one `finish`. */
export const ChatStreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text-delta'), text: z.string() }),
  z.object({
    type: z.literal('tool-call'),
    toolCall: ToolCall,
    /** Set when the model's arguments were not a JSON object: the raw text it sent (arguments is then {}). */
    invalidArguments: z.string().optional(),
  }),
  z.object({ type: z.literal('finish'), reason: FinishReason, usage: Usage.optional() }),
]);
export type ChatStreamEvent = z.infer<typeof ChatStreamEvent>;

/** A model a provider offers. */
export const ModelInfo = z.object({ id: z.string(), name: z.string().optional() });
export type ModelInfo = z.infer<typeof ModelInfo>;
