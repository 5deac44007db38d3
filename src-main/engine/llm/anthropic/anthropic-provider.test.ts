import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeAnthropic, type FakeLlm } from '../../../../tests/fakes/index';
import { TINY_PNG_BASE64 } from '../../../../tests/fixtures/images';
import { collect, describeProviderContract, providerAt } from '../provider-contract.testkit';

describeProviderContract({
  kind: 'anthropic',
  start: startFakeAnthropic,
  model: 'claude-test',
  secretName: 'anthropic.apiKey',
  embeddings: false,
});

describe('anthropic adapter: what goes over the wire', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: 'sk-ant-key-1234' });
  });
  afterAll(() => fake.close());

  it('posts /v1/messages with key, version, system, tool_use and merged tool_result blocks', async () => {
    fake.script(reply.text('Both sunny.'));
    const provider = providerAt('anthropic', fake.url, { 'anthropic.apiKey': 'sk-ant-key-1234' });
    await collect(
      provider.chat({
        model: 'claude-test',
        tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }],
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Paris and Oslo?' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [
              { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } },
              { id: 'toolu_2', name: 'get_weather', arguments: { city: 'Oslo' } },
            ],
          },
          { role: 'tool', toolCallId: 'toolu_1', content: 'sunny' },
          { role: 'tool', toolCallId: 'toolu_2', content: 'sunny', isError: false },
        ],
      }),
    );
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/v1/messages');
    expect(
      request.headers['x-api-key'] ?? request.headers.authorization?.replace('Bearer ', ''),
    ).toBe('sk-ant-key-1234');
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(request.body).toMatchObject({
      stream: true,
      max_tokens: 4096,
      system: 'Be brief.',
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Paris and Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'sunny' },
          ],
        },
      ],
    });
  });

  it('lists models with their display names', async () => {
    const models = await providerAt('anthropic', fake.url, {
      'anthropic.apiKey': 'sk-ant-key-1234',
    }).listModels();
    expect(models[0]).toEqual({ id: 'claude-test', name: 'claude test' });
  });

  it('sends images as base64 image blocks before the text', async () => {
    fake.script(reply.text('A dot.'));
    const provider = providerAt('anthropic', fake.url, { 'anthropic.apiKey': 'sk-ant-key-1234' });
    const images = [{ mediaType: 'image/png' as const, data: TINY_PNG_BASE64 }];
    await collect(provider.chat({ model: 'claude-test', messages: [{ role: 'user', content: 'What is it?', images }] }));
    expect((fake.requests.at(-1)?.body as { messages: unknown[] }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG_BASE64 } },
          { type: 'text', text: 'What is it?' },
        ],
      },
    ]);
  });
});
