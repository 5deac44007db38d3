import type { Agent } from '@shared/entities/agent';
import type { ChatMessage, Usage } from '@shared/entities/llm';
import type { TraceEventBody } from '@shared/entities/run';
import type { LlmProvider } from '../llm/provider';
import type { ConversationService } from '../memory/conversation';
import type { MemoryService, RecallOptions } from '../memory/service';
import { asAppError } from './abort';

export interface PrepareContext {
  agent: Agent;
  input: string;
  provider: LlmProvider;
  signal: AbortSignal;
  /** Continue the agent's conversation. */
  history: boolean;
  conversations: ConversationService | undefined;
  memory: MemoryService | undefined;
  recall: Omit<RecallOptions, 'signal'>;
  emit(event: TraceEventBody): void;
  onUsage(usage: Usage): void;
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

  const conversations = ctx.conversations;
  if (ctx.history && conversations) {
    await optional('load the earlier conversation', async () => {
      const prepared = await conversations.prepare(agent.id, (transcript, maxTokens) => summariseWith(ctx, transcript, maxTokens));
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

  return [...(system.length ? [{ role: 'system' as const, content: system.join('\n\n') }] : []), ...history, { role: 'user', content: ctx.input }];
}
