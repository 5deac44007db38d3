import { describe, expect, it } from 'vitest';
import type { FailureState } from './failures';
import { NO_FAILURES, recordResult, retryDelayMs, retrySchedule, shouldRetry } from './failures';

describe('consecutive failures', () => {
  it('pauses after N consecutive failures with a reason, and a success resets the count', () => {
    let state: FailureState = NO_FAILURES;
    const step = (status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled', reason?: string) => {
      const r = recordResult(state, { status, reason }, 3);
      state = r.state;
      return r.pause;
    };
    expect(step('failed', 'boom')).toBeNull();
    expect(step('failed', 'boom')).toBeNull();
    expect(step('succeeded')).toBeNull();
    expect(state.consecutive).toBe(0);
    expect(step('failed')).toBeNull();
    expect(step('cancelled')).toBeNull(); // neither a failure nor a success
    expect(step('timed_out')).toBeNull();
    expect(state.consecutive).toBe(2);
    const pause = step('failed', 'model unreachable');
    expect(pause?.reason).toMatch(/after 3 consecutive failed runs \(last: model unreachable\)/);
  });
});

describe('retry backoff', () => {
  const opts = { maxRetries: 6, retryBaseMs: 1000, retryCapMs: 10_000 };

  it('doubles from the base and stops at the cap', () => {
    expect(retrySchedule(opts)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(retryDelayMs(0, opts)).toBe(0);
  });

  it('retries only transient failures, within maxRetries', () => {
    expect(shouldRetry({ status: 'failed', transient: true }, 0, opts)).toBe(true);
    expect(shouldRetry({ status: 'failed', transient: true }, 6, opts)).toBe(false);
    expect(shouldRetry({ status: 'failed' }, 0, opts)).toBe(false);
    expect(shouldRetry({ status: 'succeeded', transient: true }, 0, opts)).toBe(false);
  });
});
