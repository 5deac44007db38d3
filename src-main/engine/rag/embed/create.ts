import { EmbedderConfig, type EmbedderConfigInput, type EmbeddingSpace } from '@shared/entities/rag';
import { parseOrThrow } from '@shared/errors';
import type { ProviderSettings } from '@shared/entities/settings';
import type { z } from 'zod';
import type { Embedder } from './embedder';
import { createLocalEmbedder } from './local';
import { shippedLocalModel, type LocalModelLookup } from './models';
import { createOllamaEmbedder } from './ollama';
import { createOpenAIEmbedder } from './openai';

export interface EmbedderDeps {
  /** Provider addresses from Settings. */
  providers: z.infer<typeof ProviderSettings>;
  /** API key for openai / openai-compatible, from the secret store. */
  apiKey?: (provider: 'openai' | 'openai-compatible') => string | undefined;
  modelsDir?: string;
  /** Resolves local model names (shipped and user models); default: the shipped ones only. */
  localModels?: LocalModelLookup;
}

/** The adapter id a config will produce (as recorded in `EmbeddingSpace.embedderId`). */
export function embedderIdOf(config: EmbedderConfig, localModels: LocalModelLookup = shippedLocalModel): string {
  return config.provider === 'local' ? `local:${localModels(config.model).dtype}` : config.provider;
}

/**
 * Whether two embedder configs give vectors of one space: same adapter and model, and the same
 * dimension when both state one. A change (false) means re-embedding the knowledge base.
 */
export function embedderConfigsCompatible(
  a: EmbedderConfigInput,
  b: EmbedderConfigInput,
  localModels: LocalModelLookup = shippedLocalModel,
): boolean {
  const x = EmbedderConfig.parse(a);
  const y = EmbedderConfig.parse(b);
  if (embedderIdOf(x, localModels) !== embedderIdOf(y, localModels) || x.model !== y.model) return false;
  const dx = 'dimensions' in x ? x.dimensions : undefined;
  const dy = 'dimensions' in y ? y.dimensions : undefined;
  return dx === undefined || dy === undefined || dx === dy;
}

/** Whether an embedder config can add to an index built in `space`. */
export function configMatchesSpace(
  config: EmbedderConfigInput,
  space: EmbeddingSpace,
  localModels: LocalModelLookup = shippedLocalModel,
): boolean {
  const c = EmbedderConfig.parse(config);
  if (embedderIdOf(c, localModels) !== space.embedderId || c.model !== space.model) return false;
  const dims = c.provider === 'local' ? localModels(c.model).dimensions : c.dimensions;
  return dims === undefined || dims === space.dimensions;
}

/** Builds the embedder a (validated) config describes. Remote embedders probe their dimension. */
export async function createEmbedder(input: EmbedderConfigInput, deps: EmbedderDeps): Promise<Embedder> {
  const config = parseOrThrow(EmbedderConfig, input, 'embedder config');
  switch (config.provider) {
    case 'local':
      return createLocalEmbedder({
        spec: (deps.localModels ?? shippedLocalModel)(config.model),
        ...(deps.modelsDir ? { modelsDir: deps.modelsDir } : {}),
      });
    case 'ollama':
      return createOllamaEmbedder({
        host: deps.providers.ollama.host,
        model: config.model,
        ...(config.dimensions ? { dimensions: config.dimensions } : {}),
      });
    default: {
      const apiKey = deps.apiKey?.(config.provider);
      return createOpenAIEmbedder({
        provider: config.provider,
        baseUrl: config.provider === 'openai' ? deps.providers.openai.baseUrl : deps.providers.openaiCompatible.baseUrl,
        model: config.model,
        ...(apiKey ? { apiKey } : {}),
        ...(config.dimensions ? { dimensions: config.dimensions } : {}),
      });
    }
  }
}
