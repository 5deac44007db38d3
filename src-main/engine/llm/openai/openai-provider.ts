import { randomUUID } from 'node:crypto';
import type { ModelInfo, Usage } from '@shared/entities/llm';
import type { Adapter, AdapterContext, AdapterSpec } from '../base';
import { openAIClient } from '../sdk';
import { checkEmbeddings, finishEvent, streamEndedEarly, toolCallEvent } from '../stream-parts';
import { openAIFinishReason, toOpenAIMessages, toOpenAITools } from './convert';

export interface OpenAIAdapterOptions {
  /** `openai` is api.openai.com (key required); `openai-compatible` is LM Studio, vLLM, llama.cpp... */
  kind: 'openai' | 'openai-compatible';
  baseUrl: string;
}

interface PartialToolCall {
  id: string;
  name: string;
  args: string;
}

/** Talks to `/v1/chat/completions`, `/v1/embeddings` and `/v1/models` through the `openai` package. */
export function openAIAdapter({ kind, baseUrl }: OpenAIAdapterOptions): AdapterSpec {
  const official = kind === 'openai';
  const label = official ? 'OpenAI' : 'OpenAI-compatible server';

  const client = ({ attempt, apiKey }: AdapterContext) => openAIClient({ apiKey, baseUrl, fetch: attempt.fetch });

  const adapter: Adapter = {
    async *chat(call, ctx) {
      const stream = await (await client(ctx)).chat.completions.create(
        {
          model: call.model,
          messages: toOpenAIMessages(call.messages),
          ...(call.tools.length ? { tools: toOpenAITools(call.tools) } : {}),
          stream: true,
          stream_options: { include_usage: true },
          ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
          ...(call.maxTokens !== undefined
            ? official
              ? { max_completion_tokens: call.maxTokens }
              : { max_tokens: call.maxTokens }
            : {}),
        },
        { signal: ctx.attempt.signal },
      );
      const calls = new Map<number, PartialToolCall>();
      let finish: string | undefined;
      let usage: Usage | undefined;
      for await (const chunk of stream) {
        if (chunk.usage)
          usage = {
            inputTokens: chunk.usage.prompt_tokens,
            outputTokens: chunk.usage.completion_tokens,
          };
        const choice = chunk.choices.find((c) => c.index === 0);
        if (!choice) continue;
        if (choice.delta?.content) yield { type: 'text-delta', text: choice.delta.content };
        for (const delta of choice.delta?.tool_calls ?? []) {
          const partial = calls.get(delta.index) ?? { id: '', name: '', args: '' };
          calls.set(delta.index, partial);
          if (delta.id) partial.id = delta.id;
          if (delta.function?.name) partial.name = delta.function.name;
          if (delta.function?.arguments) partial.args += delta.function.arguments;
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      if (finish === undefined) throw streamEndedEarly(label);
      for (const [, partial] of [...calls].sort(([a], [b]) => a - b)) {
        yield toolCallEvent(partial.id || `call_${randomUUID()}`, partial.name, partial.args);
      }
      yield finishEvent(openAIFinishReason(finish, calls.size > 0), usage);
    },
    async listModels(ctx) {
      const models: ModelInfo[] = [];
      for await (const model of (await client(ctx)).models.list({ signal: ctx.attempt.signal }))
        models.push({ id: model.id });
      return models;
    },
    async embed(texts, model, ctx) {
      const response = await (await client(ctx)).embeddings.create(
        { model, input: texts, encoding_format: 'float' },
        { signal: ctx.attempt.signal },
      );
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      return checkEmbeddings(vectors, texts.length, label);
    },
  };

  return {
    profile: {
      kind,
      label,
      baseUrl,
      unavailableHint: official
        ? 'Check your internet connection and the OpenAI base URL in Settings.'
        : 'Start the server (LM Studio, vLLM, llama.cpp server) or set its base URL in Settings.',
      unauthorizedHint: official
        ? 'Add or check your OpenAI API key in Settings.'
        : 'Add or check the API key of the OpenAI-compatible server in Settings.',
    },
    secretName: official ? 'openai.apiKey' : 'openaiCompatible.apiKey',
    keyRequired: official,
    adapter,
  };
}
