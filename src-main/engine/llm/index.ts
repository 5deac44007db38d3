import { z } from 'zod';
import { AppError } from '@shared/errors';
import type { ProviderKind } from '@shared/entities/model';
import type { ProviderSettings } from '@shared/entities/settings';
import { anthropicAdapter } from './anthropic/anthropic-provider';
import { createLlmProvider, type AdapterSpec } from './base';
import { ollamaAdapter } from './ollama/ollama-provider';
import { openAIAdapter } from './openai/openai-provider';
import type { LlmProvider, ProviderDeps } from './provider';

export * from './provider';

export type ProviderSettingsValue = z.output<typeof ProviderSettings>;

const HttpUrl = z.url({ protocol: /^https?$/ });

function checkUrl(url: string, what: string): string {
  if (!HttpUrl.safeParse(url).success) {
    throw new AppError('CONFIG', `The ${what} "${url}" is not an http(s) URL.`, {
      hint: `Set the ${what} in Settings, e.g. http://127.0.0.1:11434.`,
    });
  }
  return url;
}

/** The adapter of `kind` at its configured address: its profile, key and calls (throws CONFIG on a bad URL). */
export function providerSpec(kind: ProviderKind, settings: ProviderSettingsValue): AdapterSpec {
  switch (kind) {
    case 'ollama':
      return ollamaAdapter(checkUrl(settings.ollama.host, 'Ollama host'));
    case 'openai':
      return openAIAdapter({ kind, baseUrl: checkUrl(settings.openai.baseUrl, 'OpenAI base URL') });
    case 'openai-compatible':
      return openAIAdapter({
        kind,
        baseUrl: checkUrl(settings.openaiCompatible.baseUrl, 'OpenAI-compatible base URL'),
      });
    case 'anthropic':
      return anthropicAdapter(checkUrl(settings.anthropic.baseUrl, 'Anthropic base URL'));
  }
}

/**
 * Builds the provider for `kind` from the provider settings. Cheap: build one per call or keep one
 * per settings change. Secrets are read through `deps.getSecret` on every call, so a key changed in
 * Settings applies at once. Throws CONFIG when the configured address is not an http(s) URL.
 */
export function createProvider(
  kind: ProviderKind,
  settings: ProviderSettingsValue,
  deps: ProviderDeps,
): LlmProvider {
  return createLlmProvider(providerSpec(kind, settings), deps);
}
