import type { EmbedderConfig, EmbeddingSpace } from '@shared/entities/rag';
import { AppError } from '@shared/errors';
import { embedderIdOf } from '../embed/create';
import { embeddingSpaceOf, embeddingSpacesCompatible, type Embedder } from '../embed/embedder';
import { shippedLocalModel, type LocalModelLookup } from '../embed/models';
import { DimensionMismatchError } from '../store/errors';

/** Builds an embedder for a config (the composition root passes `createEmbedder` with settings). */
export type EmbedderFactory = (config: EmbedderConfig) => Promise<Embedder>;

/** The embedders knowledge bases use, one per distinct config, created on first use. */
export class KbEmbedders {
  private readonly embedders = new Map<string, Promise<Embedder>>();

  /**
   * @param localModels resolves local model names (the registry of shipped and user models);
   *   throws VALIDATION for an unknown name.
   */
  constructor(
    private readonly create: EmbedderFactory,
    readonly localModels: LocalModelLookup = shippedLocalModel,
  ) {}

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
    const dimensions =
      config.provider === 'local' ? this.localModels(config.model).dimensions : config.dimensions;
    if (dimensions)
      return {
        embedderId: embedderIdOf(config, this.localModels),
        model: config.model,
        dimensions,
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

  /** Closes the embedders of a local model (before the model is removed). */
  async releaseLocal(model: string): Promise<void> {
    for (const [key, embedder] of this.embedders) {
      const config = JSON.parse(key) as EmbedderConfig;
      if (config.provider !== 'local' || config.model !== model) continue;
      this.embedders.delete(key);
      await (await embedder.catch(() => undefined))?.close?.();
    }
  }

  /** Releases every embedder (workers, connections). */
  async close(): Promise<void> {
    const all = [...this.embedders.values()];
    this.embedders.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close?.()));
  }
}
