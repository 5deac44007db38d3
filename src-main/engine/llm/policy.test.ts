import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter, retryDelay } from './policy';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './provider';

const policy: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  maxRetries: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  jitter: 0.25,
};

describe('parseRetryAfter', () => {
  const at = (headers: Record<string, string>, now?: number) =>
    parseRetryAfter(new Headers(headers), now);

  it('reads seconds, fractional seconds and retry-after-ms (which wins)', () => {
    expect(at({ 'retry-after': '2' })).toBe(2000);
    expect(at({ 'retry-after': '1.5' })).toBe(1500);
    expect(at({ 'retry-after': '9', 'retry-after-ms': '250' })).toBe(250);
  });

  it('reads an HTTP date relative to now, and a past date as no wait', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect(at({ 'retry-after': date }, Date.parse(date) - 3000)).toBe(3000);
    expect(at({ 'retry-after': date }, Date.parse(date) + 3000)).toBe(0);
  });

  it('ignores absent, negative and unreadable values', () => {
    expect(at({})).toBeUndefined();
    expect(at({ 'retry-after': 'soon' })).toBeUndefined();
    expect(at({ 'retry-after': '-1' })).toBeUndefined();
    expect(at({ 'retry-after-ms': 'x', 'retry-after': '1' })).toBe(1000);
  });
});

describe('retry decisions', () => {
  it('retries timeouts, conflicts, rate limits and server errors only', () => {
    expect([408, 409, 429, 500, 503, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('doubles the backoff per retry, up to the cap, minus jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(1, policy, () => 1)).toBe(75);
  });

  it('honours Retry-After, gives up when it is longer than allowed or retries are used up', () => {
    expect(retryDelay(1, 700, policy, () => 0)).toBe(700);
    expect(retryDelay(1, 5_000, policy, () => 0)).toBeUndefined();
    expect(retryDelay(3, undefined, policy, () => 0)).toBe(400);
    expect(retryDelay(4, undefined, policy, () => 0)).toBeUndefined();
  });
});
