import type { ErrorCode } from '@shared/errors';
import type {
  ChatMessage,
  ChatMessageInput,
  ChatStreamEvent,
  ModelInfo,
  ToolSpec,
  ToolSpecInput,
} from '@shared/entities/llm';
import type { ProviderKind } from '@shared/entities/model';

export type { ChatMessage, ChatMessageInput, ChatStreamEvent, ModelInfo, ToolSpec, ToolSpecInput };

/** Reported before each retry, so the runtime can put it in the trace. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the provider waits before the retry. */
  delayMs: number;
  /** HTTP status of the failed attempt, when there was a response. */
  status?: number;
  code: ErrorCode;
  message: string;
}

/** Per-call options shared by every provider method. */
export interface CallOptions {
  /** Aborting ends the call (and a running stream) promptly with a CANCELLED error. */
  signal?: AbortSignal;
  /** Called before each retry (in addition to ProviderDeps.onRetry). */
  onRetry?: (info: RetryInfo) => void;
  /** Overrides the policy's idle timeout for this call. */
  timeoutMs?: number;
}

export interface ChatRequest extends CallOptions {
  model: string;
  messages: ChatMessageInput[];
  tools?: ToolSpecInput[];
  temperature?: number;
  /** Upper bound of output tokens (Anthropic requires one; default 4096 there). */
  maxTokens?: number;
}

/**
 * One LLM provider behind one interface (modelled on the Vercel AI SDK's LanguageModel).
 * Every failure is an `AppError`: RATE_LIMITED, PROVIDER_ERROR, TIMEOUT, CANCELLED, UNAUTHORIZED,
 * UNAVAILABLE, VALIDATION (bad request) or CONFIG (e.g. embeddings on a provider without them).
 */
export interface LlmProvider {
  readonly kind: ProviderKind;
  /** Human name for messages, e.g. "Ollama". */
  readonly label: string;
  readonly capabilities: { embeddings: boolean };
  /** Streams text deltas and tool calls, then exactly one `finish` event. */
  chat(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
  listModels(options?: CallOptions): Promise<ModelInfo[]>;
  /** One vector per text, in order. */
  embed(texts: string[], model: string, options?: CallOptions): Promise<number[][]>;
}

/** Retry, backoff and timeout settings, shared by all adapters. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  maxRetries: number;
  /** First backoff delay; doubles per retry, with jitter. */
  baseDelayMs: number;
  /** Longest wait between attempts; a Retry-After above it makes the provider give up at once. */
  maxDelayMs: number;
  /** Longest silence allowed: before the response starts and between two chunks of a stream. */
  timeoutMs: number;
  /** Share of the backoff delay taken off at random (0..1). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 120_000,
  jitter: 0.25,
};

/** What an adapter is given by the composition root. */
export interface ProviderDeps {
  /** Reads a secret such as `openai.apiKey`; the value is never logged or put in an error. */
  getSecret(name: string): Promise<string | undefined>;
  policy?: Partial<RetryPolicy>;
  /** Called before every retry of every call. */
  onRetry?: (info: RetryInfo) => void;
  /** Source of jitter (tests may fix it); default Math.random. */
  random?: () => number;
}
