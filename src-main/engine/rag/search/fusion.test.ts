import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion';
import { usesSearchSyntax } from './keyword';

const ranking = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), {
  maxLength: 8,
});

describe('reciprocal rank fusion', () => {
  it('scores each item by Σ 1/(k + rank) over the rankings that hold it, best first', () => {
    fc.assert(
      fc.property(
        fc.array(ranking, { maxLength: 4 }),
        fc.integer({ min: 1, max: 100 }),
        (rankings, k) => {
          const fused = reciprocalRankFusion(rankings, k);
          const ids = new Set(rankings.flat());
          expect(fused.map((f) => f.id).sort()).toEqual([...ids].sort());
          for (const { id, score } of fused) {
            const expected = rankings.reduce(
              (sum, r) => (r.includes(id) ? sum + 1 / (k + r.indexOf(id) + 1) : sum),
              0,
            );
            expect(score).toBeCloseTo(expected, 12);
          }
          for (let i = 1; i < fused.length; i++)
            expect(fused[i - 1]!.score).toBeGreaterThanOrEqual(fused[i]!.score);
        },
      ),
    );
  });

  it('puts an item found by both rankings above items found by one at the same ranks', () => {
    const fused = reciprocalRankFusion([
      ['x', 'both'],
      ['y', 'both'],
    ]);
    expect(fused[0]!.id).toBe('both');
    expect(fused.map((f) => f.id).slice(1)).toEqual(['x', 'y']);
  });

  it('with k = 60, rank 1 in one list is worth 1/61', () => {
    expect(reciprocalRankFusion([['only']])).toEqual([{ id: 'only', score: 1 / 61 }]);
    expect(() => reciprocalRankFusion([['a']], 0)).toThrow(RangeError);
  });
});

describe('keyword query syntax', () => {
  it('treats quotes, exclusions and OR as web-search syntax, plain words as a bag of words', () => {
    expect(usesSearchSyntax('"fan speed"')).toBe(true);
    expect(usesSearchSyntax('fan -kitchen')).toBe(true);
    expect(usesSearchSyntax('fan or pump')).toBe(true);
    expect(usesSearchSyntax('how do I bleed the air valve')).toBe(false);
    expect(usesSearchSyntax('E1234 fan-speed')).toBe(false);
  });
});
