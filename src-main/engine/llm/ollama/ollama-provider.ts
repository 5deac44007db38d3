import { randomUUID } from 'node:crypto';
import type { Adapter, AdapterContext, AdapterSpec } from '../base';
import { loadOllama } from '../sdk';
import { checkEmbeddings, finishEvent, streamEndedEarly, toolCallEvent } from '../stream-parts';
import { ollamaFinishReason, toOllamaMessages, toOllamaTools } from './convert';

const LABEL = 'Ollama';

/** Talks to an Ollama server (`/api/chat`, `/api/embed`, `/api/tags`) through the `ollama` package. */
export function ollamaAdapter(host: string): AdapterSpec {
  const client = async ({ attempt }: AdapterContext) => new (await loadOllama())({ host, fetch: attempt.fetch });

  const adapter: Adapter = {
    async *chat(call, ctx) {
      const stream = await (await client(ctx)).chat({
        model: call.model,
        messages: toOllamaMessages(call.messages),
        ...(call.tools.length ? { tools: toOllamaTools(call.tools) } : {}),
        stream: true,
        options: {
          ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
          ...(call.maxTokens !== undefined ? { num_predict: call.maxTokens } : {}),
        },
      });
      let sawToolCalls = false;
      for await (const chunk of stream) {
        if (chunk.message?.content) yield { type: 'text-delta', text: chunk.message.content };
        for (const toolCall of chunk.message?.tool_calls ?? []) {
          sawToolCalls = true;
          const id = (toolCall as { id?: unknown }).id;
          const callId = typeof id === 'string' && id ? id : `call_${randomUUID()}`;
          yield toolCallEvent(callId, toolCall.function.name, toolCall.function.arguments);
        }
        if (chunk.done) {
          const usage = {
            inputTokens: chunk.prompt_eval_count ?? 0,
            outputTokens: chunk.eval_count ?? 0,
          };
          yield finishEvent(ollamaFinishReason(chunk.done_reason, sawToolCalls), usage);
          return;
        }
      }
      throw streamEndedEarly(LABEL);
    },
    async listModels(ctx) {
      const { models } = await (await client(ctx)).list();
      return models.map((m) => ({
        id: m.name,
        ...(m.details?.parameter_size ? { name: `${m.name} (${m.details.parameter_size})` } : {}),
      }));
    },
    async embed(texts, model, ctx) {
      const response = await (await client(ctx)).embed({ model, input: texts });
      return checkEmbeddings(response.embeddings, texts.length, LABEL);
    },
  };

  return {
    profile: {
      kind: 'ollama',
      label: LABEL,
      baseUrl: host,
      unavailableHint: 'Start Ollama (`ollama serve`) or set its host in Settings.',
      unauthorizedHint:
        'Check the Ollama host in Settings; a proxy in front of it refused the request.',
    },
    keyRequired: false,
    adapter,
  };
}
