import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeOllama, type FakeLlm } from '../../../../tests/fakes/index';
import { TINY_PNG_BASE64 } from '../../../../tests/fixtures/images';
import { collect, describeProviderContract, providerAt } from '../provider-contract.testkit';

describeProviderContract({
  kind: 'ollama',
  start: startFakeOllama,
  model: 'llama3.2',
  embeddings: true,
});

describe('ollama adapter: what goes over the wire', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeOllama();
  });
  afterAll(() => fake.close());

  it('posts a streaming /api/chat with Ollama tools, options and named tool results', async () => {
    fake.script(reply.text('It is sunny.'));
    await collect(
      providerAt('ollama', fake.url).chat({
        model: 'llama3.2',
        temperature: 0.2,
        maxTokens: 100,
        tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }],
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          { role: 'tool', toolCallId: 'c1', content: 'sunny' },
        ],
      }),
    );
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/api/chat');
    expect(request.body).toMatchObject({
      model: 'llama3.2',
      stream: true,
      options: { temperature: 0.2, num_predict: 100 },
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather' } }],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
        },
        { role: 'tool', content: 'sunny', tool_name: 'get_weather' },
      ],
    });
  });

  it('lists models from /api/tags and embeds through /api/embed', async () => {
    const provider = providerAt('ollama', fake.url);
    expect((await provider.listModels())[0]).toEqual({
      id: 'llama3.2:latest',
      name: 'llama3.2:latest (3.2B)',
    });
    await provider.embed(['a', 'b'], 'nomic-embed-text');
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/api/embed',
      body: { model: 'nomic-embed-text', input: ['a', 'b'] },
    });
  });

  it('sends images as base64 strings in the message\'s `images`', async () => {
    fake.script(reply.text('A dot.'));
    const images = [{ mediaType: 'image/png' as const, data: TINY_PNG_BASE64 }];
    await collect(providerAt('ollama', fake.url).chat({ model: 'llava', messages: [{ role: 'user', content: 'What is it?', images }] }));
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: 'What is it?', images: [TINY_PNG_BASE64] }],
    });
  });
});
