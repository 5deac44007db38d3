import { AppError } from '@shared/errors';
import { openAttempt, type Attempt } from './attempt';
import { classifyFailure, type Failure, type ProviderProfile } from './errors';
import { retryDelay } from './policy';
import type { RetryInfo, RetryPolicy } from './provider';

/** Everything the shared retry/timeout/cancel policy needs for one call. */
export interface RunContext {
  profile: ProviderProfile;
  policy: RetryPolicy;
  random: () => number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** Values to keep out of errors (API keys). */
  secrets: string[];
}

function cancelled(ctx: RunContext): AppError {
  return new AppError('CANCELLED', `The request to ${ctx.profile.label} was cancelled.`);
}

/** Waits, or rejects with CANCELLED as soon as the caller aborts. */
function sleep(ms: number, ctx: RunContext): Promise<void> {
  const signal = ctx.signal;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(ctx));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(ctx));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function finalError(failure: Failure, retries: number): AppError {
  if (retries === 0 || !failure.retryable) return failure.error;
  const { code, message, hint } = failure.error;
  const plural = retries === 1 ? 'retry' : 'retries';
  return new AppError(
    code,
    `${message} (gave up after ${retries} ${plural})`,
    hint ? { hint } : {},
  );
}

/**
 * Runs `run` under the shared policy and re-yields its events. An attempt that fails before it
 * yielded anything is retried (retryable statuses, connection errors) after a backoff or the
 * server's Retry-After; once output was streamed, a failure ends the stream with a typed error.
 */
export async function* withPolicy<T>(
  ctx: RunContext,
  run: (attempt: Attempt) => AsyncIterable<T>,
): AsyncGenerator<T> {
  if (ctx.signal?.aborted) throw cancelled(ctx);
  const failureContext = {
    profile: ctx.profile,
    timeoutMs: ctx.policy.timeoutMs,
    secrets: ctx.secrets,
    ...(ctx.signal ? { callerSignal: ctx.signal } : {}),
  };
  for (let retry = 1; ; retry++) {
    const attempt = openAttempt({
      timeoutMs: ctx.policy.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    let emitted = false;
    try {
      for await (const event of run(attempt)) {
        emitted = true;
        attempt.pause();
        yield event;
        attempt.resume();
      }
      // SDK streams end quietly when aborted; that is still a cancel or a timeout.
      if (attempt.signal.aborted) throw attempt.signal.reason;
      return;
    } catch (error) {
      attempt.close();
      const failure = classifyFailure(error, attempt.state, failureContext);
      const delay =
        emitted || !failure.retryable
          ? undefined
          : retryDelay(retry, failure.retryAfterMs, ctx.policy, ctx.random);
      if (delay === undefined) throw finalError(failure, retry - 1);
      ctx.onRetry?.({
        attempt: retry,
        delayMs: delay,
        code: failure.error.code,
        message: failure.error.message,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
      });
      await sleep(delay, ctx);
    } finally {
      attempt.close();
    }
  }
}

/** The same policy for a call with one result (list models, embeddings). */
export async function callWithPolicy<T>(
  ctx: RunContext,
  run: (attempt: Attempt) => Promise<T>,
): Promise<T> {
  for await (const result of withPolicy(ctx, async function* (attempt) {
    yield await run(attempt);
  })) {
    return result;
  }
  throw new AppError('INTERNAL', `${ctx.profile.label} returned nothing.`);
}
