import type { CreateMessageRequest, CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import type { FinishReason } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import { AppError } from '@shared/errors';
import type { ChatMessageInput, LlmProvider } from '../llm/provider';
import type { Sampler } from './server-requests';

export interface SamplerDeps {
  providerFor: (model: ModelRef) => LlmProvider;
  /** The models the app uses (e.g. those of its agents), most relevant first. */
  models: () => Promise<ModelRef[]>;
}

/** `provider:model` as the sampling dialog sends it; a bare model id keeps the first model's provider. */
export function parseModelChoice(choice: string, fallback: ModelRef | undefined): ModelRef | undefined {
  const at = choice.indexOf(':');
  const provider = at > 0 ? choice.slice(0, at) : undefined;
  if (provider && ['ollama', 'openai', 'openai-compatible', 'anthropic'].includes(provider))
    return { provider: provider as ModelRef['provider'], model: choice.slice(at + 1) };
  return fallback ? { provider: fallback.provider, model: choice } : undefined;
}

/** The model for a request: the user's choice, else the first known model a hint names, else the first known model. */
export function chooseModel(
  params: CreateMessageRequest['params'],
  known: ModelRef[],
  choice: string | undefined,
): ModelRef | undefined {
  if (choice) return parseModelChoice(choice, known[0]);
  for (const hint of params.modelPreferences?.hints ?? []) {
    const name = hint.name?.toLowerCase();
    const match = name ? known.find((m) => m.model.toLowerCase().includes(name)) : undefined;
    if (match) return match;
  }
  return known[0];
}

/** Text of a sampling message (images and audio are described, not sent). */
function text(content: CreateMessageRequest['params']['messages'][number]['content']): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((block) => (block.type === 'text' ? block.text : `[${block.type} omitted]`))
    .join('\n');
}

/** Answers an approved `sampling/createMessage` with the LLM layer. */
export function createSampler(deps: SamplerDeps): Sampler {
  return async (params, context) => {
    const model = chooseModel(params, await deps.models(), context.model);
    if (!model)
      throw new AppError('CONFIG', `No model to answer the sampling request of MCP server "${context.serverName}".`, {
        hint: 'Create an agent with a model (its model answers sampling requests), or choose one in the dialog.',
      });
    const messages: ChatMessageInput[] = [
      ...(params.systemPrompt ? [{ role: 'system' as const, content: params.systemPrompt }] : []),
      ...params.messages.map((m) => ({ role: m.role, content: text(m.content) }) as ChatMessageInput),
    ];
    let answer = '';
    let stopReason: string = 'endTurn';
    let usage = { inputTokens: 0, outputTokens: 0 };
    let finish: FinishReason = 'stop';
    const started = performance.now();
    for await (const event of deps.providerFor(model).chat({
      model: model.model,
      messages,
      maxTokens: params.maxTokens,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      signal: context.signal,
    })) {
      if (event.type === 'text-delta') answer += event.text;
      else if (event.type === 'finish') {
        stopReason = event.reason === 'length' ? 'maxTokens' : 'endTurn';
        finish = event.reason;
        if (event.usage) usage = event.usage;
      }
    }
    context.onSampled?.({ provider: model.provider, model: model.model, ...usage, latencyMs: performance.now() - started, finishReason: finish, text: answer });
    return { role: 'assistant', content: { type: 'text', text: answer }, model: `${model.provider}:${model.model}`, stopReason } satisfies CreateMessageResult;
  };
}
