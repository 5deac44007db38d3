import { AppError, isAppError } from '@shared/errors';
import type { ProviderModels } from '@shared/api/llm-models';
import { ProviderKind } from '@shared/entities/model';
import { providerSpec, type ProviderSettingsValue } from '../index';
import { callWithPolicy } from '../run';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../provider';
import { fetchAnthropicModels } from './anthropic-models';
import type { ModelFetcher } from './fetcher';
import { modelsHint } from './hints';
import { fetchOllamaModels } from './ollama-models';
import { fetchOpenAIModels } from './openai-models';

const FETCHERS: Record<ProviderKind, ModelFetcher> = {
  ollama: fetchOllamaModels,
  openai: fetchOpenAIModels,
  'openai-compatible': fetchOpenAIModels,
  anthropic: fetchAnthropicModels,
};

/** A list is kept this long; `refresh` asks again sooner. */
export const MODELS_TTL_MS = 10 * 60_000;
/** A failure is kept a short while, so an open picker does not wait on a dead server every time. */
export const MODELS_ERROR_TTL_MS = 30_000;
/** Listing is quick or broken: no provider is given the chat's long idle timeout for it. */
const LIST_TIMEOUT_MS = 15_000;

export interface ModelCatalogDeps {
  /** The provider settings in force (read on every list, so a changed host applies at once). */
  providers(): ProviderSettingsValue;
  getSecret(name: string): Promise<string | undefined>;
  /** The chat providers' retry policy (tests shorten it). */
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  now?: () => number;
  ttlMs?: number;
  errorTtlMs?: number;
}

export interface ListOptions {
  provider?: ProviderKind | undefined;
  refresh?: boolean | undefined;
  /** Overrides the retry policy for this call (the doctor does not retry). */
  policy?: Partial<RetryPolicy>;
}

interface Entry {
  /** The address it was fetched from: another address is another list. */
  baseUrl: string;
  expires: number;
  value: Promise<ProviderModels>;
}

/**
 * The models of every provider, cached per provider. A provider that fails (unreachable, no key,
 * bad address) gets an entry with `ok: false` and a typed error whose hint names the Settings
 * section to fix; it never fails the whole list. Concurrent lists share one request per provider
 * (so no caller's cancel applies to it).
 */
export class ModelCatalog {
  private readonly cache = new Map<ProviderKind, Entry>();

  constructor(private readonly deps: ModelCatalogDeps) {}

  async list(options: ListOptions = {}): Promise<ProviderModels[]> {
    const kinds = options.provider ? [options.provider] : ProviderKind.options;
    return Promise.all(kinds.map((kind) => this.one(kind, options)));
  }

  /** Forgets every cached list (settings or keys changed). */
  clear(): void {
    this.cache.clear();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private one(kind: ProviderKind, options: ListOptions): Promise<ProviderModels> {
    const baseUrl = baseUrlOf(kind, this.deps.providers());
    const cached = this.cache.get(kind);
    if (!options.refresh && cached && cached.baseUrl === baseUrl && cached.expires > this.now())
      return cached.value;
    const entry: Entry = {
      baseUrl,
      expires: Number.POSITIVE_INFINITY,
      value: this.fetch(kind, options),
    };
    this.cache.set(kind, entry);
    void entry.value.then((result) => {
      entry.expires =
        this.now() +
        (result.ok
          ? (this.deps.ttlMs ?? MODELS_TTL_MS)
          : (this.deps.errorTtlMs ?? MODELS_ERROR_TTL_MS));
    });
    return entry.value;
  }

  private async fetch(kind: ProviderKind, options: ListOptions): Promise<ProviderModels> {
    const fetchedAt = () => new Date(this.now()).toISOString();
    try {
      const spec = providerSpec(kind, this.deps.providers());
      const { profile } = spec;
      const apiKey = spec.secretName
        ? (await this.deps.getSecret(spec.secretName))?.trim() || undefined
        : undefined;
      if (!apiKey && spec.keyRequired)
        throw new AppError('UNAUTHORIZED', `No API key is set for ${profile.label}.`);
      const policy = { ...DEFAULT_RETRY_POLICY, ...this.deps.policy, ...options.policy };
      const models = await callWithPolicy(
        {
          profile,
          policy: { ...policy, timeoutMs: Math.min(policy.timeoutMs, LIST_TIMEOUT_MS) },
          random: this.deps.random ?? Math.random,
          secrets: apiKey ? [apiKey] : [],
        },
        (attempt) => FETCHERS[kind]({ attempt, apiKey, baseUrl: profile.baseUrl }),
      );
      models.sort((a, b) => a.id.localeCompare(b.id));
      return { provider: kind, ok: true, models, fetchedAt: fetchedAt() };
    } catch (caught) {
      const error = isAppError(caught)
        ? caught
        : new AppError(
            'INTERNAL',
            `Listing models failed: ${caught instanceof Error ? caught.message : String(caught)}`,
          );
      const hint = modelsHint(kind, error.code, error.message) ?? error.hint;
      return {
        provider: kind,
        ok: false,
        error: { code: error.code, message: error.message, ...(hint ? { hint } : {}) },
        models: [],
        fetchedAt: fetchedAt(),
      };
    }
  }
}

function baseUrlOf(kind: ProviderKind, providers: ProviderSettingsValue): string {
  switch (kind) {
    case 'ollama':
      return providers.ollama.host;
    case 'openai':
      return providers.openai.baseUrl;
    case 'openai-compatible':
      return providers.openaiCompatible.baseUrl;
    case 'anthropic':
      return providers.anthropic.baseUrl;
  }
}
