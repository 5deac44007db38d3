import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { ProviderSettings } from '@shared/entities/settings';
import {
  configMatchesSpace,
  createEmbedder,
  createOllamaEmbedder,
  createOpenAIEmbedder,
  embedderConfigsCompatible,
  embeddingSpaceOf,
  embeddingSpacesCompatible,
} from '../../src-main/engine/rag/index';
import { fakeEmbedding, reply, startFakeOllama, startFakeOpenAI, type FakeLlm } from '../fakes/index';

let ollama: FakeLlm;
let openai: FakeLlm;
let deadUrl: string;

beforeAll(async () => {
  ollama = await startFakeOllama({ embeddingDimension: 48 });
  openai = await startFakeOpenAI({ embeddingDimension: 32, apiKey: 'sk-test' });
  // A port that was free a moment ago: connecting to it is refused.
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  deadUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await ollama?.close();
  await openai?.close();
});

const texts = Array.from({ length: 150 }, (_, i) => `document number ${i} about topic ${i % 5}`);
const embedRequests = (fake: FakeLlm) => fake.requests.filter((r) => /embed/.test(r.path));

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('Ollama embedder (/api/embed)', () => {
  it('probes the dimension, batches requests and keeps order', async () => {
    const before = embedRequests(ollama).length;
    const embedder = await createOllamaEmbedder({ host: ollama.url, model: 'nomic-embed-text', batchSize: 64 });
    expect(embedder).toMatchObject({ id: 'ollama', model: 'nomic-embed-text', dimensions: 48 });
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(150);
    vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(Array.from(v)).toEqual(Array.from(Float32Array.from(fakeEmbedding(texts[i] as string, 48))));
    });
    const sent = embedRequests(ollama).slice(before);
    // One probe, then 64 + 64 + 22.
    expect(sent.map((r) => ((r.body as { input: string[] }).input ?? []).length)).toEqual([1, 64, 64, 22]);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('maps failures to typed errors', async () => {
    const embedder = await createOllamaEmbedder({ host: ollama.url, model: 'nomic-embed-text', dimensions: 48 });
    ollama.fail('embed', reply.error(404, { message: 'model "nomic-embed-text" not found, try pulling it first' }));
    const missing = await failure(embedder.embed(['x']));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.hint).toContain('ollama pull nomic-embed-text');

    ollama.fail('embed', reply.error(500));
    expect((await failure(embedder.embed(['x']))).code).toBe('PROVIDER_ERROR');

    const down = await failure(createOllamaEmbedder({ host: deadUrl, model: 'm' }));
    expect(down.code).toBe('UNAVAILABLE');
  });

  it('cancels a request that hangs', async () => {
    const embedder = await createOllamaEmbedder({ host: ollama.url, model: 'nomic-embed-text', dimensions: 48 });
    ollama.fail('embed', reply.stall());
    const controller = new AbortController();
    const pending = embedder.embed(['waiting'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('CANCELLED');
  });

  it('rejects vectors of the wrong dimension', async () => {
    const embedder = await createOllamaEmbedder({ host: ollama.url, model: 'nomic-embed-text', dimensions: 768 });
    const wrong = await failure(embedder.embed(['x']));
    expect(wrong.code).toBe('PROVIDER_ERROR');
    expect(wrong.message).toContain('768');
  });
});

describe('OpenAI embedder (/v1/embeddings)', () => {
  it('sends the key and requested dimension, batches, keeps order', async () => {
    const before = embedRequests(openai).length;
    const embedder = await createOpenAIEmbedder({
      baseUrl: openai.url,
      apiKey: 'sk-test',
      model: 'text-embedding-3-small',
      dimensions: 24,
      batchSize: 100,
    });
    expect(embedder).toMatchObject({ id: 'openai', dimensions: 24 });
    const vectors = await embedder.embed(texts);
    vectors.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(Float32Array.from(fakeEmbedding(texts[i] as string, 24)))));
    const sent = embedRequests(openai).slice(before);
    expect(sent.map((r) => (r.body as { input: string[] }).input.length)).toEqual([100, 50]);
    expect(sent.every((r) => (r.body as { dimensions?: number }).dimensions === 24)).toBe(true);
    expect(sent[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('maps a wrong key, rate limits and an unreachable server', async () => {
    const bad = await failure(createOpenAIEmbedder({ baseUrl: openai.url, apiKey: 'sk-wrong', model: 'm', maxRetries: 0 }));
    expect(bad.code).toBe('UNAUTHORIZED');

    const embedder = await createOpenAIEmbedder({ baseUrl: openai.url, apiKey: 'sk-test', model: 'm', maxRetries: 0 });
    expect(embedder.dimensions).toBe(32);
    openai.fail('embed', reply.rateLimited(1));
    expect((await failure(embedder.embed(['x']))).code).toBe('RATE_LIMITED');

    const down = await failure(
      createOpenAIEmbedder({ baseUrl: `${deadUrl}/v1`, model: 'm', provider: 'openai-compatible', maxRetries: 0 }),
    );
    expect(down.code).toBe('UNAVAILABLE');
    expect(down.message).toContain('OpenAI-compatible');
  });
});

describe('embedder configs', () => {
  it('builds embedders from a validated config and the provider settings', async () => {
    const providers = ProviderSettings.parse({ ollama: { host: ollama.url }, openaiCompatible: { baseUrl: openai.url } });
    const fromOllama = await createEmbedder({ provider: 'ollama', model: 'nomic-embed-text' }, { providers });
    expect(embeddingSpaceOf(fromOllama)).toEqual({ embedderId: 'ollama', model: 'nomic-embed-text', dimensions: 48 });
    const compatible = await createEmbedder(
      { provider: 'openai-compatible', model: 'e5' },
      { providers, apiKey: () => 'sk-test' },
    );
    expect(compatible.id).toBe('openai-compatible');
    await expect(createEmbedder({ provider: 'ollama', model: '' }, { providers })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('says when a change of embedder means re-embedding', () => {
    const local = { provider: 'local' } as const;
    expect(embedderConfigsCompatible(local, { provider: 'local', model: 'all-MiniLM-L6-v2' })).toBe(true);
    expect(embedderConfigsCompatible(local, { provider: 'ollama', model: 'all-minilm' })).toBe(false);
    expect(embedderConfigsCompatible({ provider: 'ollama', model: 'a' }, { provider: 'ollama', model: 'b' })).toBe(false);
    expect(embedderConfigsCompatible({ provider: 'openai', model: 'a', dimensions: 256 }, { provider: 'openai', model: 'a', dimensions: 512 })).toBe(false);
    expect(embedderConfigsCompatible({ provider: 'openai', model: 'a' }, { provider: 'openai-compatible', model: 'a' })).toBe(false);

    const space = { embedderId: 'local:q4', model: 'all-MiniLM-L6-v2', dimensions: 384 };
    expect(configMatchesSpace(local, space)).toBe(true);
    expect(configMatchesSpace(local, { ...space, dimensions: 768 })).toBe(false);
    expect(embeddingSpacesCompatible(space, { ...space })).toBe(true);
    expect(embeddingSpacesCompatible(space, { ...space, model: 'other' })).toBe(false);
  });
});
