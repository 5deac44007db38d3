import { useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  findLlmModel,
  type LlmModelCapabilities,
  type ProviderModels,
} from '@shared/api/llm-models';
import { ProviderKind, type ModelRef } from '@shared/entities/model';
import { useApi } from '../../api/context';
import { llmModelsStoreFor } from './llm-models-store';

export interface LlmModels {
  /** The providers' lists in `kinds` order, those answered so far. */
  lists: ProviderModels[];
  /** Providers still being asked. */
  loading: ProviderKind[];
  /** Asks the providers again (past the engine's cache). */
  refresh: () => void;
}

/** The chat models of `kinds` (default: every provider), loaded once and shared by all callers. */
export function useLlmModels(kinds: readonly ProviderKind[] = ProviderKind.options): LlmModels {
  const store = llmModelsStoreFor(useApi());
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const key = kinds.join(',');
  useEffect(() => store.ensure(kinds), [store, key]);
  return useMemo(
    () => ({
      lists: kinds.flatMap((k) => (state.lists[k] ? [state.lists[k]] : [])),
      loading: kinds.filter((k) => state.loading.has(k)),
      refresh: () => store.refresh(kinds),
    }),
    [state, store, key],
  );
}

/**
 * What the model of `ref` can do, as its provider reports it; `null` while loading, when the
 * provider cannot be reached, or when the model is not in its list (typed by hand; `llama3.2` finds
 * Ollama's `llama3.2:latest`). Pair it with
 * `modelWarnings` (@shared/model-warnings), e.g. in a chat composer:
 *
 *   const caps = useModelCapabilities(agent.model);
 *   const warnings = modelWarnings(caps, { hasImages: attachments.some(isImage) });
 */
export function useModelCapabilities(ref: ModelRef | undefined): LlmModelCapabilities | null {
  const kinds = useMemo(() => (ref ? [ref.provider] : []), [ref?.provider]);
  const { lists } = useLlmModels(kinds);
  if (!ref) return null;
  return findLlmModel(lists[0]?.models ?? [], ref.model)?.capabilities ?? null;
}
