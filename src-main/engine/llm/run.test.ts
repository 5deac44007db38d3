import { describe, expect, it } from 'vitest';
import type { AppError } from '@shared/errors';
import type { Attempt } from './attempt';
import { DEFAULT_RETRY_POLICY, type RetryInfo } from './provider';
import { withPolicy, type RunContext } from './run';

const profile = {
  kind: 'ollama' as const,
  label: 'Test',
  baseUrl: 'http://127.0.0.1:1',
  unavailableHint: 'Start it.',
  unauthorizedHint: 'Key.',
};

function context(extra: Partial<RunContext> = {}): RunContext {
  return {
    profile,
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, timeoutMs: 5_000 },
    random: () => 0,
    secrets: [],
    ...extra,
  };
}

async function drain<T>(
  stream: AsyncIterable<T>,
  onEvent: (event: T) => void | Promise<void> = () => {},
): Promise<AppError | undefined> {
  try {
    for await (const event of stream) await onEvent(event);
  } catch (error) {
    return error as AppError;
  }
  return undefined;
}

/** Waits until the attempt is aborted, then throws as an SDK would. */
const untilAborted = (attempt: Attempt) =>
  new Promise<never>((_, reject) =>
    attempt.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
  );

function refuse(attempt: Attempt): never {
  attempt.state.connectionError = Object.assign(new Error('fetch failed'), {
    code: 'ECONNREFUSED',
  });
  throw new Error('fetch failed');
}

describe('withPolicy', () => {
  it('retries a connection error that happened before any output', async () => {
    let calls = 0;
    const retries: RetryInfo[] = [];
    const events: string[] = [];
    const error = await drain(
      withPolicy(context({ onRetry: (r) => retries.push(r) }), async function* (attempt) {
        if (++calls === 1) refuse(attempt);
        yield 'ok';
      }),
      (e) => void events.push(e),
    );
    expect(error).toBeUndefined();
    expect(events).toEqual(['ok']);
    expect(retries).toEqual([
      {
        attempt: 1,
        delayMs: 1,
        code: 'UNAVAILABLE',
        message: expect.stringContaining('ECONNREFUSED'),
      },
    ]);
  });

  it('never retries once output was streamed', async () => {
    let calls = 0;
    const events: string[] = [];
    const error = await drain(
      withPolicy(context(), async function* (attempt) {
        calls++;
        yield 'partial';
        refuse(attempt);
      }),
      (e) => void events.push(e),
    );
    expect(error?.code).toBe('UNAVAILABLE');
    expect(events).toEqual(['partial']);
    expect(calls).toBe(1);
  });

  it('times out a stream that goes silent after some output', async () => {
    const error = await drain(
      withPolicy(
        context({ policy: { ...DEFAULT_RETRY_POLICY, timeoutMs: 100 } }),
        async function* (attempt) {
          yield 'first';
          await untilAborted(attempt);
        },
      ),
    );
    expect(error?.code).toBe('TIMEOUT');
  });

  it('does not count the consumer holding an event as provider silence', async () => {
    const events: string[] = [];
    const error = await drain(
      withPolicy(
        context({ policy: { ...DEFAULT_RETRY_POLICY, timeoutMs: 50 } }),
        async function* (attempt) {
          yield 'first';
          if (attempt.signal.aborted) throw new Error('aborted while the consumer held the event');
          yield 'second';
        },
      ),
      async (e) => {
        events.push(e);
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
    );
    expect(error).toBeUndefined();
    expect(events).toEqual(['first', 'second']);
  });

  it('cancels during the backoff wait without another attempt', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    let calls = 0;
    const error = await drain(
      withPolicy(
        context({ signal: controller.signal, onRetry: () => controller.abort() }),
        async function* (attempt) {
          calls++;
          attempt.state.response = { status: 429, headers: new Headers({ 'retry-after': '30' }) };
          if (calls > 0) throw new Error('429');
          yield 'never';
        },
      ),
    );
    expect(error?.code).toBe('CANCELLED');
    expect(calls).toBe(1);
  });
});
