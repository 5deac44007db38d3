import { z } from 'zod';
import { inBatches, throwIfAborted, toVectors, type Embedder, type EmbedOptions } from './embedder';
import { embeddingProviderError } from './errors';

export interface OllamaEmbedderOptions {
  /** Ollama's address, e.g. http://127.0.0.1:11434 (Settings → providers.ollama.host). */
  host: string;
  model: string;
  /** Known dimension; when absent one probe request measures it. */
  dimensions?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
}

const EmbedResponse = z.object({ embeddings: z.array(z.array(z.number())) });

/** Embeds with Ollama's `/api/embed` through the `ollama` client. */
export async function createOllamaEmbedder(options: OllamaEmbedderOptions): Promise<Embedder> {
  const { host, model } = options;
  const service = `Ollama at ${host}`;
  const batchSize = options.batchSize ?? 64;
  const { Ollama } = await import('ollama');

  const request = async (texts: string[], signal: AbortSignal | undefined, dimensions: number | undefined) => {
    // One client per request, so that this request's signal (and only it) can abort it.
    const client = new Ollama({
      host,
      fetch: (input, init) => fetch(input, { ...init, ...(signal ? { signal } : {}) }),
    });
    try {
      const raw = await client.embed({ model, input: texts, truncate: true });
      const parsed = EmbedResponse.safeParse(raw);
      if (!parsed.success) throw new Error('the answer is not a list of vectors');
      return toVectors(parsed.data.embeddings, dimensions, service);
    } catch (error) {
      throw embeddingProviderError(error, service, model, signal);
    }
  };

  const dimensions = options.dimensions ?? (await request(['dimension probe'], undefined, undefined))[0]?.length ?? 0;
  return {
    id: 'ollama',
    model,
    dimensions,
    async embed(texts: string[], opts: EmbedOptions = {}) {
      throwIfAborted(opts.signal);
      return inBatches(texts, batchSize, opts.signal, (batch) => request(batch, opts.signal, dimensions));
    },
  };
}
