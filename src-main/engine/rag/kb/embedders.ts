import type { EmbedderConfig, EmbeddingSpace } from '@shared/entities/rag';
import { AppError } from '@shared/errors';
import { embedderIdOf } from '../embed/create';
import { embeddingSpaceOf, embeddingSpacesCompatible, type Embedder } from '../embed/embedder';
import { LOCAL_MODELS } from '../embed/models';
import { DimensionMismatchError } from '../store/errors';

/** Builds an embedder for a config (the composition root passes `createEmbedder` with settings). */
export type EmbedderFactory = (config: EmbedderConfig) => Promise<Embedder>;

/** The embedders knowledge bases use, one per distinct config, created on first use. */
export class KbEmbedders {
  private readonly embedders = new Map<string, Promise<Embedder>>();

  constructor(private readonly create: EmbedderFactory) {}

  /** The embedder for a config (shared by every knowledge base with that config). */
  get(config: EmbedderConfig): Promise<Embedder> {
    const key = JSON.stringify(config);
    let embedder = this.embedders.get(key);
    if (!embedder) {
      embedder = this.create(config).catch((error: unknown) => {
        this.embedders.delete(key);
        throw error;
      });
      this.embedders.set(key, embedder);
    }
    return embedder;
  }

  /**
   * The embedding space a config gives. Local models and configs that state a dimension are
   * answered without loading anything; otherwise the embedder is built (remote ones probe).
   */
  async spaceOf(config: EmbedderConfig): Promise<EmbeddingSpace> {
    if (config.provider === 'local') {
      return {
        embedderId: embedderIdOf(config),
        model: config.model,
        dimensions: LOCAL_MODELS[config.model].dimensions,
      };
    }
    if (config.dimensions)
      return {
        embedderId: embedderIdOf(config),
        model: config.model,
        dimensions: config.dimensions,
      };
    return embeddingSpaceOf(await this.get(config));
  }

  /** Embeds a query for a knowledge base, checking the model still gives vectors of its space. */
  async embedQuery(
    kb: { embedder: EmbedderConfig; embedding: EmbeddingSpace },
    text: string,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const embedder = await this.get(kb.embedder);
    const space = embeddingSpaceOf(embedder);
    if (!embeddingSpacesCompatible(space, kb.embedding)) {
      if (space.dimensions !== kb.embedding.dimensions) {
        throw new DimensionMismatchError(
          kb.embedding.dimensions,
          space.dimensions,
          `The embedding model ${space.model}`,
        );
      }
      throw new AppError(
        'CONFIG',
        `This knowledge base was embedded with ${kb.embedding.model}, not ${space.model}.`,
        {
          hint: 'Re-embed the knowledge base, or switch it back to the model it was built with.',
        },
      );
    }
    const [vector] = await embedder.embed([text], signal ? { signal } : {});
    if (!vector)
      throw new AppError('PROVIDER_ERROR', `${space.model} returned no vector for the query.`);
    return vector;
  }

  /** Releases every embedder (workers, connections). */
  async close(): Promise<void> {
    const all = [...this.embedders.values()];
    this.embedders.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close?.()));
  }
}
