import type { ModelResponse, ShowResponse } from 'ollama';
import { loadOllama } from '../sdk';
import type { LlmModel, LlmModelCapabilities } from '@shared/api/llm-models';
import type { ModelFetcher } from './fetcher';

/** How many `/api/show` requests run at once. */
const SHOW_CONCURRENCY = 4;

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Capabilities from `/api/show`: its `capabilities` array (completion, tools, vision, embedding,
 * thinking…) and `<architecture>.context_length` of `model_info`. Servers older than the
 * `capabilities` field leave tools/vision/embedding unknown (vision is known when a projector is).
 */
export function ollamaCapabilities(show: Partial<ShowResponse> | undefined): LlmModelCapabilities {
  // JSON gives plain objects where the package's types say Map.
  const info = (show?.model_info ?? {}) as unknown as Record<string, unknown>;
  const arch = info['general.architecture'];
  const contextLength =
    positiveInt(typeof arch === 'string' ? info[`${arch}.context_length`] : undefined) ??
    positiveInt(Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1]);
  const caps = Array.isArray(show?.capabilities) ? show.capabilities : undefined;
  if (!caps) {
    const projector = show?.projector_info && Object.keys(show.projector_info).length > 0;
    return { tools: null, vision: projector ? true : null, embedding: null, contextLength };
  }
  return {
    tools: caps.includes('tools'),
    vision: caps.includes('vision'),
    embedding: caps.includes('embedding'),
    contextLength,
  };
}

function modifiedAt(model: ModelResponse): string | undefined {
  // A string on the wire, typed as Date by the package.
  const value = model.modified_at as unknown;
  if (typeof value === 'string' && value) return value;
  return value instanceof Date ? value.toISOString() : undefined;
}

/** `GET /api/tags`, then `POST /api/show` per model for its capabilities and context length. */
export const fetchOllamaModels: ModelFetcher = async ({ attempt, baseUrl }) => {
  const client = new (await loadOllama())({ host: baseUrl, fetch: attempt.fetch });
  const { models } = await client.list();
  return mapLimited(models, SHOW_CONCURRENCY, async (model): Promise<LlmModel> => {
    let show: ShowResponse | undefined;
    try {
      show = await client.show({ model: model.name });
    } catch (error) {
      // One model that cannot be described keeps unknown capabilities; a cancel or timeout ends all.
      if (attempt.signal.aborted) throw error;
    }
    const size = typeof model.size === 'number' && model.size >= 0 ? model.size : undefined;
    const at = modifiedAt(model);
    const params = model.details?.parameter_size;
    return {
      id: model.name,
      ...(params ? { label: `${model.name} (${params})` } : {}),
      capabilities: ollamaCapabilities(show),
      ...(size !== undefined ? { size } : {}),
      ...(at ? { modifiedAt: at } : {}),
    };
  });
};
