import type { LlmModel } from '@shared/api/llm-models';
import { anthropicClient } from '../sdk';
import type { ModelFetcher } from './fetcher';

/**
 * `GET /v1/models` (all pages). Claude models call tools and read images; the API's own
 * `capabilities.image_input` and `max_input_tokens` are used when it sends them.
 */
export const fetchAnthropicModels: ModelFetcher = async ({ attempt, apiKey, baseUrl }) => {
  const client = await anthropicClient({ apiKey, baseUrl, fetch: attempt.fetch });
  const models: LlmModel[] = [];
  for await (const model of client.models.list({ limit: 100 }, { signal: attempt.signal })) {
    // Older API versions send neither field.
    const { capabilities, max_input_tokens } = model as Partial<typeof model>;
    const vision = capabilities?.image_input?.supported;
    models.push({
      id: model.id,
      ...(model.display_name ? { label: model.display_name } : {}),
      capabilities: {
        tools: true,
        vision: typeof vision === 'boolean' ? vision : true,
        embedding: false,
        contextLength:
          typeof max_input_tokens === 'number' && max_input_tokens > 0 ? max_input_tokens : null,
      },
      ...(model.created_at ? { modifiedAt: model.created_at } : {}),
    });
  }
  return models;
};
