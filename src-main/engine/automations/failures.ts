import type { AutomationRunResultStatus, FailurePolicy } from '@shared/entities/automation';

/**
 * Consecutive failures and the pause after N of them; retries of transient errors with
 * exponential backoff and a cap. Pure.
 */

export interface FailureState {
  consecutive: number;
  lastError: string | null;
}

export const NO_FAILURES: FailureState = { consecutive: 0, lastError: null };

/** Statuses that count as a failure of the automation. */
export function isFailure(status: AutomationRunResultStatus): boolean {
  return status === 'failed' || status === 'timed_out';
}

export interface FailureStep {
  state: FailureState;
  /** Set when the system must pause the automation, with the reason shown to the user. */
  pause: { reason: string } | null;
}

/**
 * Counts a run's final result (after any retries): a success resets the count, a failure or
 * time-out adds one, anything else (cancelled, interrupted, skipped) leaves it as it was.
 */
export function recordResult(
  state: FailureState,
  result: { status: AutomationRunResultStatus; reason?: string | undefined },
  pauseAfter: number,
): FailureStep {
  if (result.status === 'succeeded') return { state: NO_FAILURES, pause: null };
  if (!isFailure(result.status)) return { state, pause: null };
  const lastError = result.reason ?? (result.status === 'timed_out' ? 'timed out' : 'failed');
  const next: FailureState = { consecutive: state.consecutive + 1, lastError };
  if (next.consecutive < pauseAfter) return { state: next, pause: null };
  return {
    state: next,
    pause: {
      reason:
        `Paused by the system after ${next.consecutive} consecutive failed runs (last: ${lastError}). ` +
        'Fix the cause, then resume the automation.',
    },
  };
}

export type RetryOptions = Pick<FailurePolicy, 'maxRetries' | 'retryBaseMs' | 'retryCapMs'>;

/** The wait before retry number `attempt` (1-based): base·2^(attempt-1), at most the cap. */
export function retryDelayMs(attempt: number, { retryBaseMs, retryCapMs }: RetryOptions): number {
  if (attempt < 1) return 0;
  return Math.min(retryCapMs, retryBaseMs * 2 ** (attempt - 1));
}

/** Every wait, in order, for all the retries allowed. */
export function retrySchedule(options: RetryOptions): number[] {
  return Array.from({ length: options.maxRetries }, (_, i) => retryDelayMs(i + 1, options));
}

/** Whether a failed try (0-based `attempt`) gets another: only transient errors, within `maxRetries`. */
export function shouldRetry(
  result: { status: AutomationRunResultStatus; transient?: boolean | undefined },
  attempt: number,
  options: RetryOptions,
): boolean {
  return isFailure(result.status) && result.transient === true && attempt < options.maxRetries;
}
