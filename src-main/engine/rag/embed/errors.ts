import { AppError, isAppError } from '@shared/errors';

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; status_code?: unknown };
  const status = typeof e?.status === 'number' ? e.status : e?.status_code;
  return typeof status === 'number' ? status : undefined;
}

/** The error's name and its class name (SDK errors do not always set `name`). */
function names(error: unknown): string[] {
  const e = error as { name?: string; constructor?: { name?: string } } | undefined;
  return [e?.name ?? '', e?.constructor?.name ?? ''];
}

function isAbort(error: unknown): boolean {
  return names(error).some((n) => n === 'AbortError' || n === 'APIUserAbortError');
}

function isConnectionFailure(error: unknown): boolean {
  if (names(error).some((n) => n === 'APIConnectionError' || n === 'APIConnectionTimeoutError')) return true;
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(text);
}

/**
 * Turns an error from an embedding service client into an AppError that says what to do.
 * `service` names the service for messages ("Ollama at http://…"), `model` the model asked for.
 */
export function embeddingProviderError(error: unknown, service: string, model: string, signal?: AbortSignal): AppError {
  if (isAppError(error)) return error;
  if (signal?.aborted || isAbort(error)) return new AppError('CANCELLED', 'Embedding was cancelled.', { cause: error });
  const detail = (error as Error)?.message ?? String(error);
  if (names(error).includes('APIConnectionTimeoutError')) {
    return new AppError('TIMEOUT', `${service} did not answer in time.`, {
      hint: 'Try again; if the service is busy, embed fewer texts at once.',
      cause: error,
    });
  }
  if (isConnectionFailure(error)) {
    return new AppError('UNAVAILABLE', `${service} cannot be reached.`, {
      hint: 'Check that the service is running and that its address in Settings is right.',
      cause: error,
    });
  }
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new AppError('UNAUTHORIZED', `${service} refused the API key (${status}).`, {
      hint: 'Set a valid API key in Settings.',
      cause: error,
    });
  }
  if (status === 404) {
    return new AppError('NOT_FOUND', `${service} has no embedding model "${model}".`, {
      hint: `Check the model name, or install it (for Ollama: \`ollama pull ${model}\`).`,
      cause: error,
    });
  }
  if (status === 429) {
    return new AppError('RATE_LIMITED', `${service} is rate-limiting requests.`, {
      hint: 'Wait a moment and try again, or lower the embedding batch size.',
      cause: error,
    });
  }
  if (status === 400) {
    return new AppError('PROVIDER_ERROR', `${service} rejected the request for "${model}": ${detail}`, {
      hint: 'Check that the model is an embedding model.',
      cause: error,
    });
  }
  return new AppError('PROVIDER_ERROR', `${service} failed to embed: ${detail}`, {
    hint: 'Try again; if it keeps failing, check the service logs.',
    cause: error,
  });
}
