/**
 * Test-only: the behaviour every provider adapter must show, run by each adapter's own test file
 * against its protocol fake through the real client library. Not imported by app code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@shared/errors';
import type { ChatStreamEvent } from '@shared/entities/llm';
import type { ProviderKind } from '@shared/entities/model';
import {
  cosine,
  fakeEmbedding,
  reply,
  type FakeLlm,
  type FakeLlmOptions,
} from '../../../tests/fakes/index';
import { TINY_PNG_BASE64 } from '../../../tests/fixtures/images';
import {
  createProvider,
  type LlmProvider,
  type ProviderDeps,
  type RetryInfo,
  type RetryPolicy,
} from './index';

export interface ContractTarget {
  kind: ProviderKind;
  start(options?: FakeLlmOptions): Promise<FakeLlm>;
  model: string;
  /** Secret name the adapter reads its key from (keyed providers). */
  secretName?: string;
  embeddings: boolean;
}

const FAST: Partial<RetryPolicy> = {
  baseDelayMs: 10,
  maxDelayMs: 5_000,
  timeoutMs: 10_000,
  maxRetries: 3,
};

export function providerAt(
  kind: ProviderKind,
  url: string,
  secrets: Record<string, string> = {},
  deps: Partial<ProviderDeps> = {},
): LlmProvider {
  const settings = {
    ollama: { host: url },
    openai: { baseUrl: url },
    openaiCompatible: { baseUrl: url },
    anthropic: { baseUrl: url },
  };
  return createProvider(kind, settings, {
    getSecret: async (name) => secrets[name],
    policy: FAST,
    random: () => 0.5,
    ...deps,
  });
}

export async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

const user = (content: string) => [{ role: 'user' as const, content }];
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
};

export function describeProviderContract(target: ContractTarget): void {
  const KEY = 'sk-test-Secret-Key-0123456789';
  const secrets = target.secretName ? { [target.secretName]: KEY } : {};
  let fake: FakeLlm;
  let provider: LlmProvider;
  const make = (deps: Partial<ProviderDeps> = {}) =>
    providerAt(target.kind, fake.url, secrets, deps);
  const chat = (p: LlmProvider, content = 'Hi', extra: object = {}) =>
    collect(p.chat({ model: target.model, messages: user(content), ...extra }));

  describe(`${target.kind} provider contract`, () => {
    beforeEach(async () => {
      fake = await target.start();
      provider = make();
    });
    afterEach(() => fake.close());

    it('streams text in several deltas, then one finish with usage', async () => {
      fake.script(reply.text('Hello brave new world', { usage: { input: 12, output: 4 } }));
      const events = await chat(provider);
      const deltas = events.filter((e) => e.type === 'text-delta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.map((d) => d.text).join('')).toBe('Hello brave new world');
      expect(events.at(-1)).toEqual({
        type: 'finish',
        reason: 'stop',
        usage: { inputTokens: 12, outputTokens: 4 },
      });
      expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    });

    it('sends the tools and returns a tool call with parsed arguments', async () => {
      fake.script(
        reply.toolCalls([{ name: 'get_weather', arguments: { city: 'Paris', days: 2 } }]),
      );
      const events = await chat(provider, 'Weather?', { tools: [weather] });
      const calls = events.filter((e) => e.type === 'tool-call');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.toolCall).toMatchObject({
        name: 'get_weather',
        arguments: { city: 'Paris', days: 2 },
      });
      expect(calls[0]?.toolCall.id).not.toBe('');
      expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'tool_calls' });
      expect(JSON.stringify(fake.requests[0]?.body)).toContain('Weather for a city');
    });

    it('returns parallel tool calls in order with distinct ids', async () => {
      fake.script(
        reply.toolCalls([
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_weather', arguments: { city: 'Oslo' } },
        ]),
      );
      const calls = (await chat(provider, 'Both?', { tools: [weather] })).filter(
        (e) => e.type === 'tool-call',
      );
      expect(calls.map((c) => c.toolCall.arguments)).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
      expect(new Set(calls.map((c) => c.toolCall.id)).size).toBe(2);
    });

    it('retries after 429, waiting at least the Retry-After the server asked for', async () => {
      const retries: RetryInfo[] = [];
      fake.script(reply.rateLimited(1), reply.text('ok'));
      const events = await chat(make({ onRetry: (info) => retries.push(info) }));
      expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
      expect(retries).toEqual([
        expect.objectContaining({ attempt: 1, delayMs: 1000, status: 429, code: 'RATE_LIMITED' }),
      ]);
      const [first, second] = fake.requests;
      // The client heard the 429 after the first request arrived, then waited 1 s (timer slack: 5 ms).
      expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(995);
    });

    it('gives up with RATE_LIMITED after max retries', async () => {
      const limited = reply.error(429, { headers: { 'retry-after-ms': '5' } });
      fake.script(limited, limited, limited);
      const error = await failure(chat(make({ policy: { ...FAST, maxRetries: 2 } })));
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toContain('gave up after 2 retries');
      expect(fake.requests).toHaveLength(3);
    });

    it('retries a 500 and then succeeds', async () => {
      const retries: RetryInfo[] = [];
      fake.script(reply.error(500), reply.text('recovered'));
      const events = await chat(make({ onRetry: (info) => retries.push(info) }));
      expect(
        events
          .filter((e) => e.type === 'text-delta')
          .map((e) => e.text)
          .join(''),
      ).toBe('recovered');
      expect(retries.map((r) => [r.status, r.code])).toEqual([[500, 'PROVIDER_ERROR']]);
    });

    it('reports a non-retryable HTTP error with its status and message', async () => {
      fake.script(reply.error(404, { message: 'model "nope" not found' }));
      const error = await failure(chat(provider));
      expect(error.code).toBe('PROVIDER_ERROR');
      expect(error.message).toContain('404');
      expect(error.message).toContain('model "nope" not found');
      expect(fake.requests).toHaveLength(1);
    });

    it('times out a stalled stream with TIMEOUT, without retrying', async () => {
      fake.script(reply.stall());
      const error = await failure(chat(make({ policy: { ...FAST, timeoutMs: 300 } })));
      expect(error.code).toBe('TIMEOUT');
      expect(fake.requests).toHaveLength(1);
    });

    it('ends a stream promptly with CANCELLED when aborted mid-stream', async () => {
      fake.script(reply.text('one two three four', { stallAfter: 1 }));
      const controller = new AbortController();
      const seen: ChatStreamEvent[] = [];
      // The fake never sends more, and the idle timeout is 10 s: only the abort can end this stream.
      const error = await failure(
        (async () => {
          for await (const event of provider.chat({
            model: target.model,
            messages: user('Hi'),
            signal: controller.signal,
          })) {
            seen.push(event);
            controller.abort();
          }
        })(),
      );
      expect(error.code).toBe('CANCELLED');
      expect(seen).toEqual([{ type: 'text-delta', text: 'one' }]);
    });

    it('fails before any request when the signal is already aborted', async () => {
      const error = await failure(chat(provider, 'Hi', { signal: AbortSignal.abort() }));
      expect(error.code).toBe('CANCELLED');
      expect(fake.requests).toHaveLength(0);
    });

    it('maps 401 to UNAUTHORIZED with a Settings hint', async () => {
      fake.script(reply.error(401));
      const error = await failure(chat(provider));
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.hint).toMatch(/Settings/);
      expect(fake.requests).toHaveLength(1);
    });

    it('maps connection refused to UNAVAILABLE after retrying', async () => {
      const url = fake.url;
      await fake.close();
      const retries: RetryInfo[] = [];
      const refused = providerAt(target.kind, url, secrets, {
        policy: { ...FAST, maxRetries: 1 },
        onRetry: (i) => retries.push(i),
      });
      const error = await failure(chat(refused));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.hint).toMatch(/Settings/);
      expect(retries).toHaveLength(1);
      fake = await target.start();
    });

    it('lists models', async () => {
      await fake.close();
      fake = await target.start({ models: ['model-a', 'model-b'] });
      const models = await make().listModels();
      expect(models.map((m) => m.id)).toEqual(['model-a', 'model-b']);
    });

    it('sends the images of a user message to the model, after its text', async () => {
      fake.script(reply.text('A tiny square.'));
      const image = { mediaType: 'image/png' as const, data: TINY_PNG_BASE64, name: 'dot.png' };
      await collect(provider.chat({ model: target.model, messages: [{ role: 'user', content: 'What is this?', images: [image] }] }));
      const seen = fake.chats[0]?.messages.find((m) => m.role === 'user');
      expect(seen?.content).toBe('What is this?');
      expect(seen?.images?.map((i) => i.data)).toEqual([TINY_PNG_BASE64]);
    });

    it('refuses an image that is not base64 with VALIDATION, before sending', async () => {
      const image = { mediaType: 'image/png' as const, data: 'not base64!' };
      const error = await failure(collect(provider.chat({ model: target.model, messages: [{ role: 'user', content: 'Hi', images: [image] }] })));
      expect(error.code).toBe('VALIDATION');
      expect(fake.requests).toHaveLength(0);
    });

    it('rejects an invalid request with VALIDATION and sends nothing', async () => {
      const error = await failure(collect(provider.chat({ model: target.model, messages: [] })));
      expect(error.code).toBe('VALIDATION');
      expect(fake.requests).toHaveLength(0);
    });

    if (target.embeddings) {
      it('embeds texts in order; similar texts score higher than unrelated ones', async () => {
        const texts = ['the cat sat on the mat', 'a cat sat on a mat', 'quarterly tax report'];
        const vectors = await provider.embed(texts, 'embed-model');
        expect(vectors).toHaveLength(3);
        vectors.forEach((v, i) => expect(v).toEqual(fakeEmbedding(texts[i]!)));
        expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
      });

      it('retries a failed embeddings request', async () => {
        fake.fail('embed', reply.error(503));
        expect(await provider.embed(['x'], 'embed-model')).toHaveLength(1);
        expect(fake.requests).toHaveLength(2);
      });
    } else {
      it('has no embeddings: embed fails with CONFIG', async () => {
        expect(provider.capabilities.embeddings).toBe(false);
        expect((await failure(provider.embed(['x'], 'any'))).code).toBe('CONFIG');
      });
    }
  });

  if (target.secretName) {
    describe(`${target.kind} API key`, () => {
      afterEach(() => fake.close());

      it('sends the key, and never puts it in an error even when the server echoes it', async () => {
        fake = await target.start({ apiKey: 'sk-the-right-key' });
        const error = await failure(chat(providerAt(target.kind, fake.url, secrets)));
        expect(error.code).toBe('UNAUTHORIZED');
        expect(JSON.stringify(fake.requests[0]?.headers)).toContain(KEY);
        const everything = [
          error.message,
          error.hint,
          error.stack,
          JSON.stringify(error),
          String(error.cause),
        ].join('\n');
        expect(everything).toContain('[redacted]');
        expect(everything).not.toContain(KEY);
      });
    });
  }
}
