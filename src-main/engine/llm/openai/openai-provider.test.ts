import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeOpenAI, type FakeLlm } from '../../../../tests/fakes/index';
import { TINY_PNG_BASE64 } from '../../../../tests/fixtures/images';
import {
  collect,
  describeProviderContract,
  failure,
  providerAt,
} from '../provider-contract.testkit';

describeProviderContract({
  kind: 'openai',
  start: startFakeOpenAI,
  model: 'gpt-4o-mini',
  secretName: 'openai.apiKey',
  embeddings: true,
});
describeProviderContract({
  kind: 'openai-compatible',
  start: startFakeOpenAI,
  model: 'qwen2.5',
  embeddings: true,
});

describe('openai adapter: what goes over the wire', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it('streams /v1/chat/completions with include_usage, bearer key, tool history as JSON strings', async () => {
    fake.script(reply.text('Done.'));
    await collect(
      providerAt('openai', fake.url, { 'openai.apiKey': 'sk-abc123456' }).chat({
        model: 'gpt-4o-mini',
        maxTokens: 50,
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          { role: 'tool', toolCallId: 'call_1', content: 'sunny' },
        ],
      }),
    );
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-abc123456');
    expect(request.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 50,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
  });

  it('OpenAI without a key fails with UNAUTHORIZED before sending anything', async () => {
    const before = fake.requests.length;
    const error = await failure(
      collect(
        providerAt('openai', fake.url).chat({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      ),
    );
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.hint).toMatch(/API key in Settings/);
    expect(fake.requests.length).toBe(before);
  });

  it('an OpenAI-compatible server works without a key and gets max_tokens', async () => {
    fake.script(reply.text('Hi'));
    await collect(
      providerAt('openai-compatible', fake.url).chat({
        model: 'local',
        maxTokens: 9,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(fake.requests.at(-1)?.body).toMatchObject({ max_tokens: 9 });
  });

  it('asks for float embeddings from /v1/embeddings', async () => {
    await providerAt('openai-compatible', fake.url).embed(['a'], 'text-embedding-3-small');
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/embeddings',
      body: { input: ['a'], encoding_format: 'float' },
    });
  });

  it('sends images as image_url content parts with data URLs, after the text', async () => {
    fake.script(reply.text('A dot.'));
    const images = [{ mediaType: 'image/png' as const, data: TINY_PNG_BASE64 }];
    await collect(
      providerAt('openai', fake.url, { 'openai.apiKey': 'sk-abc123456' }).chat({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'What is it?', images }],
      }),
    );
    expect((fake.requests.at(-1)?.body as { messages: unknown[] }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is it?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${TINY_PNG_BASE64}` } },
        ],
      },
    ]);
  });
});
