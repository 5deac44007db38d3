import type { ProviderKind } from '@shared/entities/model';
import type { ErrorCode } from '@shared/errors';

const KEY_HINTS: Record<ProviderKind, string> = {
  ollama:
    'A proxy in front of Ollama refused the request: check the Ollama host in Settings → Provider hosts.',
  openai: 'Add or check the OpenAI key in Settings → API keys (or set OPENAI_API_KEY).',
  'openai-compatible':
    'Add or check the server’s key in Settings → API keys (or set OPENAI_COMPATIBLE_API_KEY).',
  anthropic: 'Add or check the Anthropic key in Settings → API keys (or set ANTHROPIC_API_KEY).',
};

const HOST_HINTS: Record<ProviderKind, string> = {
  ollama:
    'Start Ollama (`ollama serve`), or set its address in Settings → Provider hosts (or OLLAMA_HOST).',
  openai: 'Check your internet connection and the OpenAI base URL in Settings → Provider hosts.',
  'openai-compatible':
    'Start the server (LM Studio, vLLM, llama.cpp server), or set its base URL in Settings → Provider hosts.',
  anthropic:
    'Check your internet connection and the Anthropic base URL in Settings → Provider hosts.',
};

/** What to do when listing a provider's models failed with `code`, naming the Settings section. */
export function modelsHint(kind: ProviderKind, code: ErrorCode, message = ''): string | undefined {
  switch (code) {
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return KEY_HINTS[kind];
    case 'UNAVAILABLE':
    case 'CONFIG':
    case 'TIMEOUT':
      return HOST_HINTS[kind];
    case 'PROVIDER_ERROR':
      // No models endpoint there: most likely the wrong address (e.g. a base URL without /v1).
      return /HTTP 40[45]/.test(message) ? HOST_HINTS[kind] : undefined;
    default:
      return undefined;
  }
}
