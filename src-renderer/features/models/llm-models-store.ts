import type { ApiClient } from '@shared/api/index';
import type { ProviderModels } from '@shared/api/llm-models';
import { ProviderKind } from '@shared/entities/model';
import { toAppError } from '../../api/core';
import { perClient } from '../../api/context';

export interface LlmModelsState {
  /** Each provider's last answer (models, or its error with a hint). */
  lists: Partial<Record<ProviderKind, ProviderModels>>;
  /** Providers being asked right now. */
  loading: ReadonlySet<ProviderKind>;
}

/**
 * The providers' chat models, shared by every picker and hook of one API client. Each provider is
 * asked on its own (`models.list { provider }`), so a slow or dead one does not hold the others back.
 * The engine caches the lists; `refresh` asks the providers again.
 */
export class LlmModelsStore {
  private state: LlmModelsState = { lists: {}, loading: new Set() };
  private readonly listeners = new Set<() => void>();
  /** Bumped per provider on every load, so an older answer never overwrites a newer one. */
  private readonly generation = new Map<ProviderKind, number>();

  constructor(private readonly api: ApiClient) {
    api.subscribe('settings.changed', () => {
      // Another host or key: the engine forgot its lists; ask again for what was shown.
      const shown = Object.keys(this.state.lists) as ProviderKind[];
      if (shown.length) this.load(shown, false);
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LlmModelsState => this.state;

  /** Loads the providers not loaded (or loading) yet. */
  ensure(kinds: readonly ProviderKind[] = ProviderKind.options): void {
    const missing = kinds.filter((k) => !this.state.lists[k] && !this.state.loading.has(k));
    if (missing.length) this.load(missing, false);
  }

  /** Asks the providers again, past the engine's cache. */
  refresh(kinds: readonly ProviderKind[] = ProviderKind.options): void {
    this.load(kinds, true);
  }

  private set(next: Partial<LlmModelsState>): void {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }

  private load(kinds: readonly ProviderKind[], refresh: boolean): void {
    const loading = new Set(this.state.loading);
    for (const kind of kinds) loading.add(kind);
    this.set({ loading });
    for (const kind of kinds) {
      const generation = (this.generation.get(kind) ?? 0) + 1;
      this.generation.set(kind, generation);
      void this.api
        .call('models.list', { provider: kind, refresh })
        .then(
          (lists) =>
            lists.find((l) => l.provider === kind) ??
            failed(kind, new Error('The engine did not answer for this provider.')),
          (error: unknown) => failed(kind, error),
        )
        .then((entry) => {
          if (this.generation.get(kind) !== generation) return;
          const done = new Set(this.state.loading);
          done.delete(kind);
          this.set({ lists: { ...this.state.lists, [kind]: entry }, loading: done });
        });
    }
  }
}

function failed(provider: ProviderKind, error: unknown): ProviderModels {
  const e = toAppError(error);
  return {
    provider,
    ok: false,
    error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
    models: [],
    fetchedAt: new Date().toISOString(),
  };
}

export const llmModelsStoreFor = perClient((api) => new LlmModelsStore(api));
