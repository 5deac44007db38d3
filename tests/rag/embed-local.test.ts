import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, createLocalEmbedder, defaultModelsDir, isLocalModelPresent, type Embedder } from '../../src-main/engine/rag/index';

let embedder: Embedder;

beforeAll(() => {
  expect(isLocalModelPresent(defaultModelsDir()), 'run `node scripts/fetch-model.mjs` first').toBe(true);
  embedder = createLocalEmbedder({ batchSize: 4 });
});

afterAll(async () => {
  await embedder?.close?.();
});

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('local embedder (all-MiniLM-L6-v2, q4, in a worker)', () => {
  it('runs as several instances in one process, and restarts after its idle timeout', async () => {
    const second = createLocalEmbedder({ idleMs: 200 });
    try {
      const [a] = await second.embed(['The cat is sleeping on the sofa.']);
      const [b] = await embedder.embed(['The cat is sleeping on the sofa.']);
      expect(cosineSimilarity(a as Float32Array, b as Float32Array)).toBeCloseTo(1, 4);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const [again] = await second.embed(['The cat is sleeping on the sofa.']);
      expect(cosineSimilarity(a as Float32Array, again as Float32Array)).toBeCloseTo(1, 4);
    } finally {
      await second.close?.();
    }
  });

  it('gives normalised 384-dimension vectors where similar sentences score clearly higher', async () => {
    expect(embedder).toMatchObject({ id: 'local:q4', model: 'all-MiniLM-L6-v2', dimensions: 384 });
    const [cat, kitten, stocks, pasta, recipe, market] = await embedder.embed([
      'The cat is sleeping on the sofa.',
      'A kitten naps on the couch.',
      'The stock market fell sharply this morning.',
      'Boil the pasta for ten minutes in salted water.',
      'Cook the noodles in boiling salty water.',
      'Share prices dropped steeply at the opening bell.',
    ]);
    for (const v of [cat, kitten, stocks, pasta, recipe, market]) {
      expect(v).toHaveLength(384);
      expect(norm(v as Float32Array)).toBeCloseTo(1, 3);
    }
    const sim = (a?: Float32Array, b?: Float32Array) => cosineSimilarity(a as Float32Array, b as Float32Array);
    expect(sim(cat, kitten) - sim(cat, stocks)).toBeGreaterThan(0.3);
    expect(sim(pasta, recipe) - sim(pasta, market)).toBeGreaterThan(0.3);
    expect(sim(stocks, market) - sim(stocks, kitten)).toBeGreaterThan(0.3);
  });

  it('gives the same vector for a text alone or inside a batch', async () => {
    const texts = ['short', 'a much longer sentence that needs padding of the others in its batch', 'mid length text'];
    const batch = await embedder.embed(texts);
    const alone = await embedder.embed(['short']);
    const diff = Math.max(...Array.from(alone[0] as Float32Array, (x, i) => Math.abs(x - ((batch[0] as Float32Array)[i] as number))));
    expect(diff).toBeLessThan(1e-3);
  });

  it('honours cancellation and a missing model folder', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const empty = mkdtempSync(join(tmpdir(), 'af-no-models-'));
    try {
      const error = (() => {
        try {
          createLocalEmbedder({ modelsDir: empty });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toMatchObject({ code: 'CONFIG', hint: expect.stringContaining('scripts/fetch-model.mjs') });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
