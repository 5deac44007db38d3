import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';

export interface ServerRequestContext {
  serverId: string;
  serverName: string;
  /** Aborted when the server cancels its request or disconnects. */
  signal: AbortSignal;
}

/**
 * Answers a server's `sampling/createMessage` request. The LLM layer provides it; the spec asks
 * that a human can review the request and the result, so the handler is expected to involve the UI.
 */
export type SamplingHandler = (
  params: CreateMessageRequest['params'],
  context: ServerRequestContext,
) => Promise<CreateMessageResult>;

/** Answers a server's `elicitation/create` request (form mode); the UI provides it. */
export type ElicitationHandler = (
  params: ElicitRequest['params'],
  context: ServerRequestContext,
) => Promise<ElicitResult>;

/** What the engine lends to MCP servers: each capability is declared only when its handler exists. */
export interface ClientHandlers {
  sampling?: SamplingHandler | undefined;
  elicitation?: ElicitationHandler | undefined;
}
