import type { Agent } from '@shared/entities/agent';
import type { ChatMessage, ImagePart } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import type { TraceEventBody } from '@shared/entities/run';
import type { AttachmentService, CheckedAttachments } from '../attachments/service';
import type { KnowledgeRetriever } from './knowledge-context';

/** What the runtime needs of attachments (the attachments capability implements it). */
export type RunAttachments = Pick<AttachmentService, 'check' | 'attach' | 'threadKnowledgeBase'> & {
  /** Searches knowledge bases (the thread's among them) when the runtime has no retriever of its own. */
  retriever: KnowledgeRetriever;
};

/** A run's attachments, bound to the run: used while its first messages are prepared. */
export interface BoundAttachments {
  /** This message's files, placed (undefined when it has none). */
  attach(): Promise<{ text: string; images: ImagePart[] } | undefined>;
  /** The id of the thread's knowledge base of attached files, if it has one. */
  knowledgeBase(): Promise<string | undefined>;
  retriever: KnowledgeRetriever;
}

export function bindAttachments(
  service: RunAttachments,
  checked: CheckedAttachments | undefined,
  run: { threadId: string | null; model: ModelRef; signal: AbortSignal; emit(event: TraceEventBody): void },
): BoundAttachments {
  return {
    attach: async () => (checked?.files.length ? service.attach(checked, run) : undefined),
    knowledgeBase: async () => (run.threadId ? service.threadKnowledgeBase(run.threadId) : undefined),
    retriever: service.retriever,
  };
}

/**
 * The agent as automatic retrieval sees it in a thread with attached files: the thread's knowledge
 * base searched on every turn, with the agent's own when its mode retrieves them too (`auto`/`both`).
 */
export function withThreadKnowledge(agent: Agent, kbId: string | undefined): Agent {
  if (!kbId) return agent;
  const own = agent.knowledge.mode === 'tool' ? [] : agent.knowledgeBaseIds.filter((id) => id !== kbId);
  return {
    ...agent,
    knowledgeBaseIds: [...own.slice(0, 49), kbId],
    knowledge: { ...agent.knowledge, mode: agent.knowledge.mode === 'tool' ? 'auto' : agent.knowledge.mode },
  };
}

/** A message as a run stores it: image bytes are left out (its text names each image). */
export function withoutImageBytes(message: ChatMessage): ChatMessage {
  if (message.role !== 'user' || !message.images) return message;
  return { role: 'user', content: message.content };
}
