import type { Agent } from '@shared/entities/agent';
import type { ChatMessage, Usage } from '@shared/entities/llm';
import type { TraceEventBody } from '@shared/entities/run';
import type { LlmProvider } from '../llm/provider';
import type { ConversationService } from '../memory/conversation';
import type { MemoryService, RecallOptions } from '../memory/service';
import { AgentMemory } from '@shared/entities/agent';
import { asAppError } from './abort';
import { withThreadKnowledge, type BoundAttachments } from './attachments';
import { passagesContext, retrievePassages, wantsAutoRetrieval, type KnowledgeRetriever } from './knowledge-context';

export interface PrepareContext {
  agent: Agent;
  input: string;
  provider: LlmProvider;
  signal: AbortSignal;
  /** Continue the thread's conversation. */
  history: boolean;
  /** The run's conversation thread. */
  threadId: string | null;
  conversations: ConversationService | undefined;
  memory: MemoryService | undefined;
  recall: Omit<RecallOptions, 'signal'>;
  /** Knowledge bases, for automatic retrieval (the agent's retrieval mode auto/both). */
  knowledge?: KnowledgeRetriever | undefined;
  /** Files attached to this message, and the thread's knowledge base of attached files. */
  attachments?: BoundAttachments | undefined;
  emit(event: TraceEventBody): void;
  onUsage(usage: Usage): void;
}

const DEFAULT_BUDGET = AgentMemory.parse({}).budgetTokens;

/** The agent's own history budget; at the default, the conversation service's (the app's) budget. */
function historyBudget(agent: Agent): number | undefined {
  return agent.memory.budgetTokens === DEFAULT_BUDGET ? undefined : agent.memory.budgetTokens;
}

/** Asks the model for a summary of a conversation (used when history outgrows its budget). */
async function summariseWith(ctx: PrepareContext, transcript: string, maxTokens: number): Promise<string> {
  let text = '';
  for await (const event of ctx.provider.chat({
    model: ctx.agent.model.model,
    messages: [
      {
        role: 'system',
        content: `Summarise the conversation below in at most ${Math.floor(maxTokens * 0.7)} words. Keep facts, names, numbers, decisions and open questions. Write only the summary.`,
      },
      { role: 'user', content: transcript },
    ],
    temperature: 0,
    maxTokens,
    signal: ctx.signal,
  })) {
    if (event.type === 'text-delta') text += event.text;
    else if (event.type === 'finish' && event.usage) ctx.onUsage(event.usage);
  }
  return text;
}

/**
 * The messages a run starts with: the system prompt (with the summary of earlier turns and the
 * memories recalled for this input), the recent turns of the agent's conversation, and the input.
 * A failed recall or summary is reported in the trace and the run goes on without it.
 */
export async function prepareMessages(ctx: PrepareContext): Promise<ChatMessage[]> {
  const { agent, emit } = ctx;
  const system: string[] = agent.systemPrompt.trim() ? [agent.systemPrompt.trim()] : [];
  const history: ChatMessage[] = [];

  // Neither the history nor the memories are essential: a failure is traced and the run goes on.
  const optional = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const failure = asAppError(error);
      emit({ type: 'error', error: { ...failure.toJSON(), message: `Could not ${what}: ${failure.message}` } });
    }
  };

  const { conversations, threadId } = ctx;
  if (ctx.history && conversations && threadId) {
    await optional('load the earlier conversation', async () => {
      const prepared = await conversations.prepare({ threadId, agentId: agent.id }, (transcript, maxTokens) => summariseWith(ctx, transcript, maxTokens), historyBudget(agent));
      if (prepared.summarised) emit({ type: 'memory.summarised', ...prepared.summarised });
      if (prepared.summary) system.push(`Summary of your earlier conversation with the user:\n${prepared.summary}`);
      for (const turn of prepared.turns) history.push(turn.role === 'user' ? { role: 'user', content: turn.content } : { role: 'assistant', content: turn.content, toolCalls: [] });
    });
  }

  const memory = ctx.memory;
  if (memory) {
    await optional('recall memories', async () => {
      const items = await memory.recall(agent.id, ctx.input, { ...ctx.recall, signal: ctx.signal });
      if (items.length) {
        emit({ type: 'memory.recalled', query: ctx.input, items });
        system.push(`Things you remember (most relevant first):\n${items.map((m) => `- ${m.text}`).join('\n')}`);
      }
    });
  }

  // Attached files are part of the message: one that cannot be read fails the run. A long one goes
  // into the thread's knowledge base, which is then searched on this and every later turn.
  let user: ChatMessage = { role: 'user', content: ctx.input };
  const attached = await ctx.attachments?.attach();
  if (attached) user = { role: 'user', content: `${ctx.input}\n\n${attached.text}`, ...(attached.images.length ? { images: attached.images } : {}) };
  let searched = agent;
  await optional('find the attached files of the thread', async () => {
    searched = withThreadKnowledge(agent, await ctx.attachments?.knowledgeBase());
  });

  const knowledge = ctx.knowledge ?? ctx.attachments?.retriever;
  if (knowledge && wantsAutoRetrieval(searched)) {
    await optional('search the knowledge bases', async () => {
      const passages = await retrievePassages(knowledge, searched, ctx.input, ctx.signal);
      emit({ type: 'knowledge.retrieved', query: ctx.input, passages });
      if (passages.length) system.push(passagesContext(passages));
    });
  }

  return [...(system.length ? [{ role: 'system' as const, content: system.join('\n\n') }] : []), ...history, user];
}
