import { describe, expect, it } from 'vitest';
import { binomialTwoSided, bootstrapDiff, chiSquare1Tail, isFlaky, mcnemar, mcnemarChiSquare, ndcgAt, passRateOfTrials } from './stats';

describe('mcnemar: exact binomial test when fewer than 25 discordant pairs', () => {
  it('matches Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91, Bentur et al. data: 1 vs 7 → exact conditional p = 0.070', () => {
    // 2 · P(X ≤ 1 | n = 8, p = ½) = 2 · (1 + 8) / 256 = 0.0703125
    expect(binomialTwoSided(1, 8)).toBeCloseTo(0.0703125, 10);
    expect(mcnemar(1, 7)).toEqual({ pValue: expect.closeTo(0.070, 3), significant: false });
    expect(mcnemar(7, 1).pValue).toBe(mcnemar(1, 7).pValue);
  });

  it('matches the death-penalty example (20 teenagers, 11 changed to against, 3 to in favour): two-tailed p = 0.0573730', () => {
    // Published: "Two-tails probability: 0.05737304687500008" = 2 · 470 / 16384.
    expect(mcnemar(11, 3).pValue).toBeCloseTo(0.057373046875, 10);
    expect(mcnemar(11, 3).significant).toBe(false);
  });

  it('matches b = 12, c = 5: exact p = 0.1435 (and corrected χ² = 2.1176, p = 0.1456)', () => {
    expect(mcnemar(12, 5).pValue).toBeCloseTo(0.1435, 4);
    const chi = mcnemarChiSquare(12, 5);
    expect(chi.statistic).toBeCloseTo(2.1176, 4);
    expect(chi.pValue).toBeCloseTo(0.1456, 4);
  });

  it('is significant for a lopsided small sample, and p = 1 with no or balanced discordant pairs', () => {
    // 0 vs 10: 2 / 1024.
    expect(mcnemar(0, 10)).toEqual({ pValue: 2 / 1024, significant: true });
    expect(mcnemar(0, 0)).toEqual({ pValue: 1, significant: false });
    expect(mcnemar(4, 4).pValue).toBe(1);
  });

  it('rejects counts that are not integers ≥ 0', () => {
    expect(() => mcnemar(-1, 3)).toThrow(RangeError);
    expect(() => mcnemar(1.5, 3)).toThrow(RangeError);
  });
});

describe('mcnemar: χ² with continuity correction from 25 discordant pairs', () => {
  it('matches Wikipedia\'s drug example (b = 121, c = 59: χ² = 21.35 uncorrected, p < 0.001)', () => {
    // Uncorrected statistic as published: (121 − 59)² / 180 = 21.36 (Wikipedia prints 21.35).
    expect((121 - 59) ** 2 / (121 + 59)).toBeCloseTo(21.35, 1);
    const chi = mcnemarChiSquare(121, 59);
    expect(chi.statistic).toBeCloseTo(61 ** 2 / 180, 10); // 20.672
    expect(chi.pValue).toBeCloseTo(5.45e-6, 7);
    expect(mcnemar(121, 59)).toEqual({ pValue: chi.pValue, significant: true });
  });

  it('uses the χ² tail with known quantiles: P(χ²₁ ≥ 3.841) = 0.05, P(χ²₁ ≥ 6.635) = 0.01', () => {
    expect(chiSquare1Tail(3.841459)).toBeCloseTo(0.05, 6);
    expect(chiSquare1Tail(6.634897)).toBeCloseTo(0.01, 6);
    expect(chiSquare1Tail(0)).toBe(1);
  });

  it('switches at 25 pairs: 15 vs 10 is χ² (|5| − 1)² / 25 = 0.64', () => {
    expect(mcnemar(15, 10).pValue).toBeCloseTo(chiSquare1Tail(0.64), 12);
    expect(mcnemar(15, 9).pValue).toBeCloseTo(binomialTwoSided(9, 24), 12);
  });
});

describe('bootstrapDiff', () => {
  const pairs = [
    { a: 1, b: 1 },
    { a: 0, b: 1 },
    { a: 1, b: 0 },
    { a: 0, b: 1 },
    { a: 0, b: 1 },
    { a: 1, b: 1 },
    { a: 0, b: 0 },
    { a: 0, b: 1 },
  ];

  it('is reproducible for a seed and brackets the observed mean difference', () => {
    const one = bootstrapDiff(pairs, { seed: 7 });
    expect(bootstrapDiff(pairs, { seed: 7 })).toEqual(one);
    const observed = pairs.reduce((s, p) => s + p.b - p.a, 0) / pairs.length; // 0.375
    expect(one.low).toBeLessThan(observed);
    expect(one.high).toBeGreaterThan(observed);
    expect(one.low).toBeGreaterThanOrEqual(-1);
    expect(one.high).toBeLessThanOrEqual(1);
    const graded = pairs.map((p, i) => ({ a: p.a * 0.9 + i / 100, b: p.b }));
    expect(bootstrapDiff(graded, { seed: 8 })).not.toEqual(bootstrapDiff(graded, { seed: 7 }));
  });

  it('collapses to the difference when every pair differs the same way, and to [0, 0] without pairs', () => {
    expect(bootstrapDiff([{ a: 0, b: 1 }, { a: 0.5, b: 1.5 }], { iterations: 200 })).toEqual({ low: 1, high: 1 });
    expect(bootstrapDiff([])).toEqual({ low: 0, high: 0 });
  });
});

describe('trials', () => {
  it('pass rate leaves errors out; flaky when passes and failures mix', () => {
    expect(passRateOfTrials(['passed', 'failed', 'passed', 'error'])).toBeCloseTo(2 / 3, 12);
    expect(passRateOfTrials(['error'])).toBeNull();
    expect(passRateOfTrials([])).toBeNull();
    expect(isFlaky(['passed', 'failed'])).toBe(true);
    expect(isFlaky(['passed', 'passed', 'error'])).toBe(false);
    expect(isFlaky(['failed', 'error'])).toBe(false);
  });
});

describe('ndcgAt', () => {
  it('is 1 when the relevant hits lead the ranking', () => {
    expect(ndcgAt([1, 1, 0, 0], 2, 4)).toBe(1);
  });

  it('matches hand-computed values', () => {
    // Relevant at ranks 2 and 4 of 2 labels: DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161;
    // IDCG = 1 + 1/log2(3) = 1.63093; nDCG = 0.65093.
    expect(ndcgAt([0, 1, 0, 1], 2, 4)).toBeCloseTo(0.650921, 5);
    // One relevant hit at rank 3 of 3 labels, k = 5: DCG = 0.5; IDCG = 1 + 0.63093 + 0.5 = 2.13093 → 0.234639.
    expect(ndcgAt([0, 0, 1, 0, 0], 3, 5)).toBeCloseTo(0.234639, 5);
    // Graded gains [3, 2, 3, 0, 1, 2] (Wikipedia's DCG example, ideal order of the same 5 relevant
    // items 3, 3, 2, 2, 1): DCG₆ = 6.861, IDCG₆ = 7.141 → 0.961.
    expect(ndcgAt([3, 2, 3, 0, 1, 2], 5, 6)).toBeCloseTo(0.961, 3);
  });

  it('cuts at k and is 0 without relevant hits in the top k', () => {
    expect(ndcgAt([0, 0, 1], 1, 2)).toBe(0);
    expect(ndcgAt([0, 0, 1], 1, 3)).toBeCloseTo(0.5, 12);
    expect(ndcgAt([], 2, 5)).toBe(0);
    expect(() => ndcgAt([1], 1, 0)).toThrow(RangeError);
  });

  it('stays within [0, 1] when more hits are relevant than there are labels', () => {
    expect(ndcgAt([1, 1, 1], 1, 3)).toBe(1);
    expect(ndcgAt([0, 1, 1], 1, 3)).toBeLessThan(1);
  });
});
