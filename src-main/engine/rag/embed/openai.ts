import { z } from 'zod';
import { inBatches, throwIfAborted, toVectors, type Embedder, type EmbedOptions } from './embedder';
import { embeddingProviderError } from './errors';

export interface OpenAIEmbedderOptions {
  /** e.g. https://api.openai.com/v1, or an OpenAI-compatible server's /v1 URL. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Requested output dimension (text-embedding-3 models); measured with one probe when absent. */
  dimensions?: number;
  /** "openai" or "openai-compatible": recorded as the embedder id. */
  provider?: 'openai' | 'openai-compatible';
  /** Texts per request (default 128). */
  batchSize?: number;
  timeoutMs?: number;
  /** Retries of failed requests (429, 5xx, connection errors) by the client (default 2). */
  maxRetries?: number;
}

const EmbeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

/** Embeds with `/v1/embeddings` through the `openai` client (OpenAI or any compatible server). */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const { baseUrl, model } = options;
  const provider = options.provider ?? 'openai';
  const service = `${provider === 'openai' ? 'OpenAI' : 'The OpenAI-compatible server'} at ${baseUrl}`;
  const batchSize = options.batchSize ?? 128;
  const OpenAI = (await import('openai')).default;
  const client = new OpenAI({
    baseURL: baseUrl,
    // Local compatible servers often need no key; the client insists on a string.
    apiKey: options.apiKey ?? 'none',
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 60_000,
  });

  const request = async (texts: string[], signal: AbortSignal | undefined, expected: number | undefined) => {
    try {
      const raw = await client.embeddings.create(
        { model, input: texts.map((t) => t || ' '), ...(options.dimensions ? { dimensions: options.dimensions } : {}) },
        signal ? { signal } : {},
      );
      const parsed = EmbeddingsResponse.safeParse(raw);
      if (!parsed.success) throw new Error('the answer is not a list of embeddings');
      const ordered = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      return toVectors(ordered, expected, service);
    } catch (error) {
      throw embeddingProviderError(error, service, model, signal);
    }
  };

  const dimensions = options.dimensions ?? (await request(['dimension probe'], undefined, undefined))[0]?.length ?? 0;
  return {
    id: provider,
    model,
    dimensions,
    async embed(texts: string[], opts: EmbedOptions = {}) {
      throwIfAborted(opts.signal);
      return inBatches(texts, batchSize, opts.signal, (batch) => request(batch, opts.signal, dimensions));
    },
  };
}
