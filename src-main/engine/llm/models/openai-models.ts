import type { LlmModel } from '@shared/api/llm-models';
import { openAIClient } from '../sdk';
import type { ModelFetcher } from './fetcher';

/**
 * `/v1/models` lists ids only (plus owner and creation time), so capabilities stay unknown; only an
 * embedding model is told apart by its name (text-embedding-3-small, nomic-embed-text…).
 */
export const fetchOpenAIModels: ModelFetcher = async ({ attempt, apiKey, baseUrl }) => {
  const client = await openAIClient({ apiKey, baseUrl, fetch: attempt.fetch });
  const models: LlmModel[] = [];
  for await (const model of client.models.list({ signal: attempt.signal })) {
    const created =
      typeof model.created === 'number' && model.created > 0
        ? new Date(model.created * 1000)
        : undefined;
    models.push({
      id: model.id,
      capabilities: {
        tools: null,
        vision: null,
        embedding: /embed/i.test(model.id) ? true : null,
        contextLength: null,
      },
      ...(created && !Number.isNaN(created.getTime()) ? { modifiedAt: created.toISOString() } : {}),
    });
  }
  return models;
};
