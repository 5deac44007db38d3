import { describe, expect, it } from 'vitest';
import { answerOf, assertion } from './answer.testkit';
import { evaluate, type ScorerDeps } from './index';
import { cosine } from './similar';

/** Embeds by fixed vectors per text (what a local embedder would answer). */
function embedder(vectors: Record<string, number[]>): ScorerDeps & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    embed: async (texts) => {
      calls.push(texts);
      return texts.map((t) => {
        const v = vectors[t];
        if (!v) throw new Error(`no vector for ${t}`);
        return v;
      });
    },
    judge: () => Promise.reject(new Error('no judge')),
  };
}

const deps = embedder({
  'Paris is the capital.': [1, 0, 0],
  'The capital is Paris.': [0.9, Math.sqrt(1 - 0.81), 0], // cosine 0.9 with the first
  'Bananas are yellow.': [0, 0, 1], // cosine 0
});

describe('cosine', () => {
  it('is the normalised dot product', () => {
    expect(cosine([1, 2, 2], [2, 4, 4])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});

describe('similar', () => {
  it('passes at or above the threshold (default 0.8), score = similarity', async () => {
    const r = await evaluate(assertion({ type: 'similar', value: 'The capital is Paris.' }), answerOf({ output: 'Paris is the capital.' }), deps);
    expect(r).toMatchObject({ pass: true, error: false });
    expect(r.score).toBeCloseTo(0.9, 6);
    expect(deps.calls.at(-1)).toEqual(['Paris is the capital.', 'The capital is Paris.']);
    const strict = await evaluate(assertion({ type: 'similar', value: 'The capital is Paris.', threshold: 0.95 }), answerOf({ output: 'Paris is the capital.' }), deps);
    expect(strict.pass).toBe(false);
    expect(strict.reason).toBe('Similarity 0.900 < 0.95');
  });

  it('uses the expected answer without a value', async () => {
    const r = await evaluate(assertion({ type: 'similar' }), answerOf({ output: 'Bananas are yellow.', expected: 'Paris is the capital.' }), deps);
    expect(r).toMatchObject({ pass: false, score: 0 });
  });

  it('not-similar passes below the threshold, score 1 − similarity', async () => {
    const r = await evaluate(assertion({ type: 'not-similar', value: 'Bananas are yellow.' }), answerOf({ output: 'Paris is the capital.' }), deps);
    expect(r).toMatchObject({ pass: true, score: 1 });
    expect(r.reason).toMatch(/negated \(not-similar\), so it passes/);
    const close = await evaluate(assertion({ type: 'not-similar', value: 'The capital is Paris.' }), answerOf({ output: 'Paris is the capital.' }), deps);
    expect(close.pass).toBe(false);
    expect(close.score).toBeCloseTo(0.1, 6);
  });

  it('an embedder failure is a scorer error, also when negated', async () => {
    const r = await evaluate(assertion({ type: 'not-similar', value: 'unknown text' }), answerOf({ output: 'Paris is the capital.' }), deps);
    expect(r).toMatchObject({ error: true, pass: false });
    expect(r.reason).toMatch(/no vector for unknown text/);
  });
});
