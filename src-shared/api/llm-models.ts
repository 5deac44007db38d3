import { z } from 'zod';
import { ErrorShape } from '../errors';
import { ProviderKind } from '../entities/model';
import { method } from './define';

/**
 * What a chat model can do, as far as its provider tells. `null` means unknown: the provider does
 * not say (an OpenAI-compatible server's `/v1/models` lists ids only).
 */
export const LlmModelCapabilities = z.object({
  tools: z.boolean().nullable(),
  vision: z.boolean().nullable(),
  embedding: z.boolean().nullable(),
  /** Longest context in tokens. */
  contextLength: z.number().int().positive().nullable(),
});
export type LlmModelCapabilities = z.infer<typeof LlmModelCapabilities>;

export const UNKNOWN_CAPABILITIES: LlmModelCapabilities = {
  tools: null,
  vision: null,
  embedding: null,
  contextLength: null,
};

/** One model a provider offers. `id` is what an agent's ModelRef.model holds. */
export const LlmModel = z.object({
  id: z.string(),
  /** A friendlier name, when the provider has one (Anthropic's display name). */
  label: z.string().optional(),
  capabilities: LlmModelCapabilities,
  /** Size on disk in bytes (Ollama). */
  size: z.number().nonnegative().optional(),
  /** When the model was pulled or modified (Ollama), or released (Anthropic). ISO 8601. */
  modifiedAt: z.string().optional(),
});
export type LlmModel = z.infer<typeof LlmModel>;

/** The models of one provider, or why they could not be listed (`ok: false`, `error` with a hint). */
export const ProviderModels = z.object({
  provider: ProviderKind,
  ok: z.boolean(),
  error: ErrorShape.optional(),
  models: z.array(LlmModel),
  /** When the list was fetched (ISO 8601); a cached answer keeps its time. */
  fetchedAt: z.string(),
});
export type ProviderModels = z.infer<typeof ProviderModels>;

export const llmModelMethods = {
  /**
   * The chat models of each provider (or of one), with their capabilities. Answers are cached per
   * provider for a few minutes; `refresh: true` asks the providers again. A provider that cannot be
   * reached, or has no API key, gets an entry with `ok: false` and the error; the others still list.
   */
  'models.list': method(
    z
      .object({ provider: ProviderKind.optional(), refresh: z.boolean().default(false) })
      .strict()
      .default({ refresh: false }),
    z.array(ProviderModels),
  ),
};

/** The listed model an agent's model name means: the same id, or Ollama's `name:latest` for `name`. */
export function findLlmModel(models: readonly LlmModel[], id: string): LlmModel | undefined {
  const wanted = id.trim();
  if (!wanted) return undefined;
  return models.find((m) => m.id === wanted) ?? models.find((m) => m.id === `${wanted}:latest`);
}
