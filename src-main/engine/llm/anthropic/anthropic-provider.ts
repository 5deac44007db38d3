import type { StopReason } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelInfo } from '@shared/entities/llm';
import type { Adapter, AdapterContext, AdapterSpec } from '../base';
import { anthropicClient } from '../sdk';
import { finishEvent, streamEndedEarly, toolCallEvent } from '../stream-parts';
import { anthropicFinishReason, toAnthropicConversation, toAnthropicTools } from './convert';

const LABEL = 'Anthropic';
const DEFAULT_MAX_TOKENS = 4096;

/** Talks to `/v1/messages` and `/v1/models` through `@anthropic-ai/sdk`. Anthropic has no embeddings. */
export function anthropicAdapter(baseUrl: string): AdapterSpec {
  const client = ({ attempt, apiKey }: AdapterContext) => anthropicClient({ apiKey, baseUrl, fetch: attempt.fetch });

  const adapter: Adapter = {
    async *chat(call, ctx) {
      const conversation = toAnthropicConversation(call.messages);
      const stream = await (await client(ctx)).messages.create(
        {
          model: call.model,
          max_tokens: call.maxTokens ?? DEFAULT_MAX_TOKENS,
          ...conversation,
          ...(call.tools.length ? { tools: toAnthropicTools(call.tools) } : {}),
          ...(call.temperature !== undefined ? { temperature: Math.min(call.temperature, 1) } : {}),
          stream: true,
        },
        { signal: ctx.attempt.signal },
      );
      const toolBlocks = new Map<number, { id: string; name: string; json: string }>();
      let inputTokens = 0;
      let outputTokens = 0;
      let stopReason: StopReason | null = null;
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            inputTokens = event.message.usage.input_tokens;
            outputTokens = event.message.usage.output_tokens;
            break;
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') {
              const { id, name } = event.content_block;
              toolBlocks.set(event.index, { id, name, json: '' });
            }
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta')
              yield { type: 'text-delta', text: event.delta.text };
            else if (event.delta.type === 'input_json_delta') {
              const block = toolBlocks.get(event.index);
              if (block) block.json += event.delta.partial_json;
            }
            break;
          case 'content_block_stop': {
            const block = toolBlocks.get(event.index);
            if (block) yield toolCallEvent(block.id, block.name, block.json);
            break;
          }
          case 'message_delta':
            stopReason = event.delta.stop_reason ?? stopReason;
            outputTokens = event.usage.output_tokens;
            if (event.usage.input_tokens !== null && event.usage.input_tokens !== undefined) {
              inputTokens = event.usage.input_tokens;
            }
            break;
          case 'message_stop':
            yield finishEvent(anthropicFinishReason(stopReason), { inputTokens, outputTokens });
            return;
        }
      }
      throw streamEndedEarly(LABEL);
    },
    async listModels(ctx) {
      const models: ModelInfo[] = [];
      for await (const model of (await client(ctx)).models.list({}, { signal: ctx.attempt.signal })) {
        models.push({ id: model.id, name: model.display_name });
      }
      return models;
    },
  };

  return {
    profile: {
      kind: 'anthropic',
      label: LABEL,
      baseUrl,
      unavailableHint: 'Check your internet connection and the Anthropic base URL in Settings.',
      unauthorizedHint: 'Add or check your Anthropic API key in Settings.',
    },
    secretName: 'anthropic.apiKey',
    keyRequired: true,
    adapter,
  };
}
