import type { RetryPolicy } from './provider';

/** Statuses worth another attempt: timeout, conflict, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long the server asks us to wait, in ms: `retry-after-ms`, else `Retry-After` in seconds or as
 * an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff for the n-th retry (1-based), capped, with part of it taken off at random. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}

/**
 * The wait before retry number `retry`, or undefined to give up: when retries are used up, or the
 * server asks for a wait longer than the policy allows.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (retry > policy.maxRetries) return undefined;
  if (retryAfterMs !== undefined)
    return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  return backoffDelay(retry, policy, random);
}
