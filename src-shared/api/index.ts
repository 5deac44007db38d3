import type { z } from 'zod';
import { agentEvents, agentMethods } from './agents';
import { systemEvents, systemMethods } from './system';
import { runEvents, runMethods } from './runs';
import { memoryEvents, memoryMethods } from './memory';
import { agentTemplateMethods } from './agent-templates';
import { mcpEvents, mcpMethods } from './mcp';
import { knowledgeEvents, knowledgeMethods } from './knowledge';
import { ingestEvents, ingestMethods } from './ingest';
import { kbGraphMethods } from './kb-graph';
import { uploadMethods } from './upload';
import { attachmentMethods } from './attachments';
import { modelEvents, modelMethods } from './models';
import { llmModelMethods } from './llm-models';
import { threadEvents, threadMethods } from './threads';
import { automationEvents, automationMethods } from './automations';
import { evalEvents, evalMethods } from './eval';
import { keyMethods } from './keys';

/**
 * The one definition of the API. The main-side router, the preload bridge, the WebSocket server
 * and both clients are all derived from these two objects. Each feature adds its own slice.
 */
export const methods = {
  ...systemMethods,
  ...agentMethods,
  ...runMethods,
  ...memoryMethods,
  ...agentTemplateMethods,
  ...mcpMethods,
  ...knowledgeMethods,
  ...ingestMethods,
  ...kbGraphMethods,
  ...uploadMethods,
  ...attachmentMethods,
  ...modelMethods,
  ...llmModelMethods,
  ...threadMethods,
  ...automationMethods,
  ...evalMethods,
  ...keyMethods,
};

export const events = {
  ...systemEvents,
  ...agentEvents,
  ...runEvents,
  ...memoryEvents,
  ...mcpEvents,
  ...knowledgeEvents,
  ...ingestEvents,
  ...modelEvents,
  ...threadEvents,
  ...automationEvents,
  ...evalEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** The typed client that the renderer, the CLI and tests use, over IPC or WebSocket. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export * from './define';
export * from './agents';
export * from './system';
