/**
 * The SDKs' own timeout, set far out of the way: the shared policy's idle timeout (attempt.ts) is
 * the one that applies, so all providers time out alike. (Below 2^31 ms, the setTimeout limit.)
 */
export const SDK_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * The provider SDKs, imported on first use: a start, and most short CLI commands, call no model
 * (together they are some 50 MB of resident memory and a good part of a start's module loading).
 */
export const loadAnthropic = async () => (await import('@anthropic-ai/sdk')).default;
export const loadOpenAI = async () => (await import('openai')).default;
export const loadOllama = async () => (await import('ollama')).Ollama;

/** What every SDK client of ours is made with: the attempt's fetch (policy, cancellation), no SDK retries. */
export interface ClientOptions {
  apiKey: string | undefined;
  baseUrl: string;
  fetch: typeof globalThis.fetch;
}

/** An `openai` client for OpenAI or an OpenAI-compatible server. */
export async function openAIClient({ apiKey, baseUrl, fetch }: ClientOptions) {
  return new (await loadOpenAI())({
    // Local servers ignore the key, but the client needs one.
    apiKey: apiKey ?? 'not-needed',
    baseURL: baseUrl,
    organization: null,
    project: null,
    fetch,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    logLevel: 'off',
  });
}

/** An `@anthropic-ai/sdk` client. */
export async function anthropicClient({ apiKey, baseUrl, fetch }: ClientOptions) {
  return new (await loadAnthropic())({
    apiKey: apiKey ?? null,
    authToken: null,
    baseURL: baseUrl,
    fetch,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    logLevel: 'off',
  });
}
