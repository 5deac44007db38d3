import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderSettings } from '@shared/entities/settings';
import {
  startFakeAnthropic,
  startFakeOllama,
  startFakeOpenAI,
  type FakeLlm,
} from '../../../../tests/fakes/index';
import { reply } from '../../../../tests/fakes/index';
import { ModelCatalog, type ModelCatalogDeps } from './catalog';
import { modelDoctorChecks } from './doctor-checks';

const FAST = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10, jitter: 0 };

/** A port nothing listens on: bound, read, then closed. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('ModelCatalog against the protocol fakes', () => {
  let ollama: FakeLlm;
  let openai: FakeLlm;
  let compatible: FakeLlm;
  let anthropic: FakeLlm;
  let dead: string;
  const secrets: Record<string, string> = {
    'openai.apiKey': 'sk-openai-test-1234',
    'anthropic.apiKey': 'sk-ant-test-1234',
  };
  let clock = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    ollama = await startFakeOllama({
      models: [
        { id: 'llama3.2:latest', capabilities: ['completion', 'tools'], contextLength: 131072 },
        {
          id: 'llava:7b',
          capabilities: ['completion', 'vision'],
          contextLength: 4096,
          family: 'clip',
        },
        'nomic-embed-text:latest',
      ],
    });
    openai = await startFakeOpenAI({
      apiKey: secrets['openai.apiKey']!,
      models: ['gpt-4o-mini', 'text-embedding-3-small'],
    });
    compatible = await startFakeOpenAI({ models: ['local-model'] });
    anthropic = await startFakeAnthropic({
      apiKey: secrets['anthropic.apiKey']!,
      models: [
        { id: 'claude-sonnet-test', displayName: 'Claude Sonnet Test', contextLength: 200000 },
        { id: 'claude-text-only', capabilities: [] },
      ],
    });
    dead = await deadUrl();
  });
  afterAll(async () => {
    await Promise.all([ollama, openai, compatible, anthropic].map((f) => f.close()));
  });

  function catalog(
    overrides: { ollama?: string; compatible?: string; keys?: Record<string, string> } = {},
    deps: Partial<ModelCatalogDeps> = {},
  ) {
    const providers = ProviderSettings.parse({
      ollama: { host: overrides.ollama ?? ollama.url },
      openai: { baseUrl: openai.url },
      openaiCompatible: { baseUrl: overrides.compatible ?? compatible.url },
      anthropic: { baseUrl: anthropic.url },
    });
    const keys = overrides.keys ?? secrets;
    return new ModelCatalog({
      providers: () => providers,
      getSecret: async (name) => keys[name],
      policy: FAST,
      random: () => 0,
      now: () => clock,
      ...deps,
    });
  }

  it('lists Ollama models with capabilities and context length from /api/show', async () => {
    const [entry] = await catalog().list({ provider: 'ollama' });
    expect(entry).toMatchObject({
      provider: 'ollama',
      ok: true,
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(entry!.models).toEqual([
      {
        id: 'llama3.2:latest',
        label: 'llama3.2:latest (3.2B)',
        capabilities: { tools: true, vision: false, embedding: false, contextLength: 131072 },
        size: 2_000_000_000,
        modifiedAt: '2025-01-01T00:00:00Z',
      },
      expect.objectContaining({
        id: 'llava:7b',
        capabilities: { tools: false, vision: true, embedding: false, contextLength: 4096 },
      }),
      expect.objectContaining({
        id: 'nomic-embed-text:latest',
        capabilities: { tools: false, vision: false, embedding: true, contextLength: 2048 },
      }),
    ]);
    const shows = ollama.requests
      .filter((r) => r.path === '/api/show')
      .map((r) => (r.body as { model: string }).model);
    expect(shows.sort()).toEqual(['llama3.2:latest', 'llava:7b', 'nomic-embed-text:latest']);
  });

  it('lists OpenAI models with the key, capabilities unknown (an embedding model told by its name)', async () => {
    const [entry] = await catalog().list({ provider: 'openai' });
    expect(entry!.ok).toBe(true);
    expect(entry!.models).toEqual([
      {
        id: 'gpt-4o-mini',
        capabilities: { tools: null, vision: null, embedding: null, contextLength: null },
        modifiedAt: '2023-11-14T22:13:20.000Z',
      },
      expect.objectContaining({
        id: 'text-embedding-3-small',
        capabilities: expect.objectContaining({ embedding: true }),
      }),
    ]);
    const request = openai.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(request.headers.authorization).toBe('Bearer sk-openai-test-1234');
  });

  it('lists Anthropic models with their display names, tools, vision and context window', async () => {
    const [entry] = await catalog().list({ provider: 'anthropic' });
    expect(entry!.models).toEqual([
      {
        id: 'claude-sonnet-test',
        label: 'Claude Sonnet Test',
        capabilities: { tools: true, vision: true, embedding: false, contextLength: 200000 },
        modifiedAt: '2025-01-01T00:00:00Z',
      },
      expect.objectContaining({
        id: 'claude-text-only',
        capabilities: expect.objectContaining({ tools: true, vision: false }),
      }),
    ]);
    expect(anthropic.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/models',
      query: { limit: '100' },
    });
  });

  it('answers from the cache until it expires, refresh is asked or the lists are cleared', async () => {
    const c = catalog({}, { ttlMs: 60_000 });
    const count = () => openai.requests.filter((r) => r.path === '/v1/models').length;
    const before = count();
    const first = await c.list({ provider: 'openai' });
    const again = await c.list({ provider: 'openai' });
    expect(count()).toBe(before + 1);
    expect(again).toEqual(first);
    await Promise.all([
      c.list({ provider: 'openai', refresh: true }),
      c.list({ provider: 'openai' }),
    ]);
    expect(count()).toBe(before + 2);
    clock += 60_001;
    const later = await c.list({ provider: 'openai' });
    expect(count()).toBe(before + 3);
    expect(later[0]!.fetchedAt).not.toBe(first[0]!.fetchedAt);
    c.clear();
    await c.list({ provider: 'openai' });
    expect(count()).toBe(before + 4);
  });

  it('asks again when the provider’s address changed', async () => {
    let host = ollama.url;
    const c = catalog({}, { providers: () => ProviderSettings.parse({ ollama: { host } }) });
    expect((await c.list({ provider: 'ollama' }))[0]!.ok).toBe(true);
    host = dead;
    expect((await c.list({ provider: 'ollama' }))[0]!.error?.code).toBe('UNAVAILABLE');
  });

  it('gives an unreachable provider an error entry with a hint, and still lists the others', async () => {
    const all = await catalog({ ollama: dead }).list();
    expect(all.map((e) => [e.provider, e.ok])).toEqual([
      ['ollama', false],
      ['openai', true],
      ['openai-compatible', true],
      ['anthropic', true],
    ]);
    const failed = all[0]!;
    expect(failed.models).toEqual([]);
    expect(failed.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Cannot reach Ollama'),
    });
    expect(failed.error!.hint).toMatch(/ollama serve.*Settings → Provider hosts/);
    expect(all[2]!.models.map((m) => m.id)).toEqual(['local-model']);
  });

  it('reports a missing or refused key as UNAUTHORIZED without leaking the key', async () => {
    const before = anthropic.requests.length;
    const [missing] = await catalog({ keys: {} }).list({ provider: 'anthropic' });
    expect(missing).toMatchObject({
      ok: false,
      models: [],
      error: { code: 'UNAUTHORIZED', message: 'No API key is set for Anthropic.' },
    });
    expect(missing!.error!.hint).toMatch(/Settings → API keys.*ANTHROPIC_API_KEY/);
    expect(anthropic.requests.length).toBe(before);
    const [wrong] = await catalog({ keys: { 'openai.apiKey': 'sk-wrong-key-9999' } }).list({
      provider: 'openai',
    });
    expect(wrong!.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(JSON.stringify(wrong)).not.toContain('sk-wrong-key-9999');
    // The OpenAI-compatible server needs no key.
    const [local] = await catalog({ keys: {} }).list({ provider: 'openai-compatible' });
    expect(local!.ok).toBe(true);
  });

  it('retries a failing list under the shared policy, and keeps a failure only briefly', async () => {
    const c = catalog({}, { errorTtlMs: 1000 });
    compatible.fail('models', reply.error(503));
    const [recovered] = await c.list({ provider: 'openai-compatible' });
    expect(recovered!.ok).toBe(true);
    compatible.fail('models', reply.error(503), reply.error(503));
    const [failed] = await c.list({ provider: 'openai-compatible', refresh: true });
    expect(failed!.error).toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringContaining('gave up after 1 retry'),
    });
    expect((await c.list({ provider: 'openai-compatible' }))[0]!.ok).toBe(false);
    clock += 1001;
    expect((await c.list({ provider: 'openai-compatible' }))[0]!.ok).toBe(true);
  });

  it('a bad address is a CONFIG error entry naming Provider hosts', async () => {
    const [entry] = await catalog({ compatible: 'ftp://nowhere' }).list({
      provider: 'openai-compatible',
    });
    expect(entry!.error).toMatchObject({
      code: 'CONFIG',
      hint: expect.stringContaining('Settings → Provider hosts'),
    });
  });

  it('doctor: one check per configured provider, with the count and first names', async () => {
    const checks = await modelDoctorChecks(catalog({ ollama: dead }), {
      providers: () => ProviderSettings.parse({}),
      getSecret: async (name) => (name === 'anthropic.apiKey' ? 'sk-ant-test-1234' : undefined),
    });
    expect(checks).toEqual([
      expect.objectContaining({
        name: 'models:ollama',
        status: 'warn',
        fix: expect.stringContaining('ollama serve'),
      }),
      {
        name: 'models:anthropic',
        status: 'ok',
        detail: 'Anthropic: 2 models — claude-sonnet-test, claude-text-only',
      },
    ]);
  });
});
