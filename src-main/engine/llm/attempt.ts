/**
 * One attempt of one provider call. Every adapter hands `attempt.fetch` to its SDK, which gives all
 * SDKs the same behaviour: the attempt's signal (caller's cancel + idle timeout) is applied to every
 * request, the idle timer restarts on every response and every body chunk (so a stream that stalls
 * times out), and the last response's status/headers or connection error are recorded for error
 * classification and Retry-After.
 */
export interface AttemptState {
  response?: { status: number; headers: Headers };
  connectionError?: unknown;
  timedOut: boolean;
}

export interface Attempt {
  readonly signal: AbortSignal;
  readonly fetch: typeof fetch;
  readonly state: AttemptState;
  /** Stops the idle timer while the consumer holds an event (its own work is not provider silence). */
  pause(): void;
  /** Restarts the idle timer. */
  resume(): void;
  /** Stops the timer and aborts whatever is still open. */
  close(): void;
}

export function openAttempt(options: { signal?: AbortSignal; timeoutMs: number }): Attempt {
  const state: AttemptState = { timedOut: false };
  const watchdog = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, watchdog.signal])
    : watchdog.signal;
  let timer: NodeJS.Timeout | undefined;

  const touch = () => {
    clearTimeout(timer);
    if (signal.aborted) return;
    timer = setTimeout(() => {
      state.timedOut = true;
      watchdog.abort(new Error(`No data for ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  };
  touch();

  const attemptFetch: typeof fetch = async (input, init) => {
    const signals = init?.signal ? [init.signal, signal] : [signal];
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
    } catch (error) {
      if (!signal.aborted) state.connectionError = error;
      throw error;
    }
    state.response = { status: response.status, headers: response.headers };
    touch();
    if (!response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          touch();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return {
    signal,
    fetch: attemptFetch,
    state,
    pause: () => clearTimeout(timer),
    resume: touch,
    close() {
      clearTimeout(timer);
      watchdog.abort(new Error('Attempt closed'));
    },
  };
}
