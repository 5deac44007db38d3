import { AppError, isAppError, type ErrorCode } from '@shared/errors';
import type { ProviderKind } from '@shared/entities/model';
import type { AttemptState } from './attempt';
import { isRetryableStatus, parseRetryAfter } from './policy';

/** What the shared policy needs to know about a provider to word its errors. */
export interface ProviderProfile {
  kind: ProviderKind;
  label: string;
  baseUrl: string;
  /** Shown when the server cannot be reached. */
  unavailableHint: string;
  /** Shown when the API key is missing or refused. */
  unauthorizedHint: string;
}

/** A classified failure of one attempt. */
export interface Failure {
  error: AppError;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
}

export interface FailureContext {
  profile: ProviderProfile;
  callerSignal?: AbortSignal;
  timeoutMs: number;
  /** Values that must never appear in an error (API keys). */
  secrets: string[];
}

const MAX_MESSAGE = 500;

/** Replaces every secret in a text; used on every message that comes from a provider. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/** The provider's own message from an SDK error (OpenAI, Anthropic and Ollama shapes). */
export function providerMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error) {
    const body = (error as { error: unknown }).error;
    if (typeof body === 'string' && body) return body;
    if (body && typeof body === 'object') {
      const { message, error: inner } = body as {
        message?: unknown;
        error?: { message?: unknown };
      };
      if (typeof message === 'string') return message;
      if (inner && typeof inner.message === 'string') return inner.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The base URL without credentials, for messages. */
function where(profile: ProviderProfile): string {
  try {
    const url = new URL(profile.baseUrl);
    return `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return profile.label;
  }
}

function httpFailure(
  status: number,
  headers: Headers,
  message: string,
  ctx: FailureContext,
): Failure {
  const { label } = ctx.profile;
  const detail = `${label} returned HTTP ${status}: ${message}`;
  if (status === 401 || status === 403) {
    return {
      error: new AppError('UNAUTHORIZED', detail, { hint: ctx.profile.unauthorizedHint }),
      retryable: false,
      status,
    };
  }
  const retryable = isRetryableStatus(status);
  const retryAfterMs = retryable ? parseRetryAfter(headers) : undefined;
  const code: ErrorCode = status === 429 ? 'RATE_LIMITED' : 'PROVIDER_ERROR';
  const hint =
    status === 429
      ? `${label} is limiting requests. Wait a moment and try again.`
      : status === 404
        ? 'Check the model name, and the address in Settings.'
        : retryable
          ? `${label} had a temporary problem. Try again.`
          : undefined;
  return {
    error: new AppError(code, detail, hint ? { hint } : {}),
    retryable,
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Turns whatever an SDK threw during an attempt into a typed, secret-free failure. */
export function classifyFailure(error: unknown, state: AttemptState, ctx: FailureContext): Failure {
  const { label } = ctx.profile;
  if (ctx.callerSignal?.aborted) {
    return {
      error: new AppError('CANCELLED', `The request to ${label} was cancelled.`),
      retryable: false,
    };
  }
  if (state.timedOut) {
    return {
      error: new AppError('TIMEOUT', `${label} sent nothing for ${ctx.timeoutMs / 1000} s.`, {
        hint: 'Try again. A model that is still loading can be slow to answer; a smaller model answers sooner.',
      }),
      retryable: false,
    };
  }
  if (isAppError(error)) return { error, retryable: false };
  const message = redact(providerMessage(error), ctx.secrets).slice(0, MAX_MESSAGE);
  const response = state.response;
  if (response && response.status >= 400)
    return httpFailure(response.status, response.headers, message, ctx);
  if (state.connectionError !== undefined) {
    const code = systemCode(state.connectionError) ?? 'connection failed';
    return {
      error: new AppError(
        'UNAVAILABLE',
        `Cannot reach ${label} at ${where(ctx.profile)} (${code}).`,
        {
          hint: ctx.profile.unavailableHint,
        },
      ),
      retryable: true,
    };
  }
  return { error: new AppError('PROVIDER_ERROR', `${label} failed: ${message}`), retryable: false };
}
