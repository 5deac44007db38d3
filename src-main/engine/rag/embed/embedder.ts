import type { EmbeddingSpace } from '@shared/entities/rag';
import { AppError } from '@shared/errors';

export interface EmbedOptions {
  signal?: AbortSignal;
}

/**
 * Turns texts into vectors. One interface for every provider; `embed` batches internally, returns
 * one vector per text in order, each of length `dimensions`.
 */
export interface Embedder {
  /** Adapter identity, e.g. "local:q4", "ollama", "openai", "openai-compatible". */
  readonly id: string;
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[], opts?: EmbedOptions): Promise<Float32Array[]>;
  /** Releases workers or connections (the embedder cannot be used afterwards). */
  close?(): Promise<void>;
}

/** What a knowledge base records about an embedder, to detect when re-embedding is needed. */
export function embeddingSpaceOf(embedder: Pick<Embedder, 'id' | 'model' | 'dimensions'>): EmbeddingSpace {
  return { embedderId: embedder.id, model: embedder.model, dimensions: embedder.dimensions };
}

/**
 * Whether vectors from `a` and `b` can live in one index: same adapter, same model and same
 * dimension. Anything else means the knowledge base must be re-embedded.
 */
export function embeddingSpacesCompatible(a: EmbeddingSpace, b: EmbeddingSpace): boolean {
  return a.embedderId === b.embedderId && a.model === b.model && a.dimensions === b.dimensions;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Embedding was cancelled.');
}

/** Runs `fn` over `items` in batches of `size`, in order, checking `signal` between batches. */
export async function inBatches<T, R>(
  items: T[],
  size: number,
  signal: AbortSignal | undefined,
  fn: (batch: T[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    throwIfAborted(signal);
    const batch = items.slice(i, i + size);
    const result = await fn(batch);
    if (result.length !== batch.length) {
      throw new AppError('PROVIDER_ERROR', `The embedding service returned ${result.length} vectors for ${batch.length} texts.`);
    }
    out.push(...result);
  }
  return out;
}

/** Checks vectors from a provider (length, finite numbers) and converts them to Float32Array. */
export function toVectors(raw: ArrayLike<number>[], dimensions: number | undefined, source: string): Float32Array[] {
  return raw.map((v) => {
    if (dimensions !== undefined && v.length !== dimensions) {
      throw new AppError('PROVIDER_ERROR', `${source} returned a vector of ${v.length} dimensions; ${dimensions} were expected.`, {
        hint: 'The model changed: re-embed the knowledge base, or choose the model it was built with.',
      });
    }
    const out = Float32Array.from(v);
    for (const x of out) {
      if (!Number.isFinite(x)) throw new AppError('PROVIDER_ERROR', `${source} returned a vector with invalid numbers.`);
    }
    return out;
  });
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
