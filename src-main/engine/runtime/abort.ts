import { AppError } from '@shared/errors';

/** Why a run's signal was aborted; decides how the run ends. */
export type StopReason = 'cancelled' | 'timeout' | 'shutdown';

export class RunStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`Run stopped: ${reason}`);
    this.name = 'RunStopped';
  }
}

export function stopReasonOf(signal: AbortSignal): StopReason | undefined {
  return signal.aborted && signal.reason instanceof RunStopped ? signal.reason.reason : undefined;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Any thrown value as a typed error. */
export function asAppError(error: unknown, fallback: 'TOOL_ERROR' | 'INTERNAL' = 'INTERNAL'): AppError {
  if (error instanceof AppError) return error;
  return new AppError(fallback, error instanceof Error ? error.message : String(error), { cause: error });
}
