import type { CaseStatus } from '@shared/entities/eval';

/**
 * Statistics for comparing runs: McNemar's test on paired pass/fail outcomes, a bootstrap interval
 * of the pass-rate difference, pass rates over trials, and nDCG@k for retrieval.
 */

const ALPHA = 0.05;
/** Below this many discordant pairs the exact binomial test is used (the χ² approximation is poor). */
export const EXACT_BELOW = 25;

/** erfc(x), Chebyshev fit with fractional error below 1.2e-7 everywhere (Numerical Recipes, erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(χ²₁ ≥ x): the upper tail of the chi-square distribution with one degree of freedom. */
export function chiSquare1Tail(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Two-sided exact binomial test of k successes in n trials with p = 1/2: min(1, 2·P(X ≤ min(k, n − k))). */
export function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const low = Math.min(k, n - k);
  let term = 1; // C(n, 0)
  let sum = 1;
  for (let i = 1; i <= low; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return Math.min(1, 2 * sum * Math.pow(0.5, n));
}

/** McNemar's χ² with continuity correction, (|b − c| − 1)² / (b + c), and its p-value. */
export function mcnemarChiSquare(onlyA: number, onlyB: number): { statistic: number; pValue: number } {
  const n = onlyA + onlyB;
  if (n === 0) return { statistic: 0, pValue: 1 };
  const statistic = Math.max(0, Math.abs(onlyA - onlyB) - 1) ** 2 / n;
  return { statistic, pValue: chiSquare1Tail(statistic) };
}

/**
 * McNemar's test on the discordant pairs (passed only in A, passed only in B): the exact two-sided
 * binomial test when there are fewer than 25 of them, else χ² with continuity correction.
 * Significant at 0.05.
 */
export function mcnemar(onlyA: number, onlyB: number): { pValue: number; significant: boolean } {
  for (const n of [onlyA, onlyB]) if (!Number.isInteger(n) || n < 0) throw new RangeError(`counts must be integers ≥ 0, got ${onlyA} and ${onlyB}`);
  const n = onlyA + onlyB;
  const pValue = n < EXACT_BELOW ? binomialTwoSided(onlyA, n) : mcnemarChiSquare(onlyA, onlyB).pValue;
  return { pValue, significant: pValue < ALPHA };
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile of sorted values, linearly interpolated between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * A 95% percentile bootstrap interval of mean(b − a) over paired values (resampling the pairs),
 * reproducible for a seed. No pairs: [0, 0].
 */
export function bootstrapDiff(pairs: { a: number; b: number }[], opts: { iterations?: number; seed?: number } = {}): { low: number; high: number } {
  if (!pairs.length) return { low: 0, high: 0 };
  const iterations = opts.iterations ?? 2000;
  const random = seededRandom(opts.seed ?? 1);
  const diffs = pairs.map((p) => p.b - p.a);
  const n = diffs.length;
  const means = new Float64Array(iterations);
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)]!;
    means[it] = sum / n;
  }
  const sorted = Array.from(means).sort((x, y) => x - y);
  return { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
}

/** Passed / (passed + failed) over a case's trials, errors left out; null when no trial was judged. */
export function passRateOfTrials(statuses: readonly CaseStatus[]): number | null {
  const passed = statuses.filter((s) => s === 'passed').length;
  const failed = statuses.filter((s) => s === 'failed').length;
  return passed + failed ? passed / (passed + failed) : null;
}

/** Trials that disagree: some passed and some failed (errors do not count either way). */
export function isFlaky(statuses: readonly CaseStatus[]): boolean {
  return statuses.includes('passed') && statuses.includes('failed');
}

/**
 * nDCG@k of a ranking: `gains` are the relevance of the hits in rank order (1/0 for binary
 * labels), `relevantCount` how many relevant items exist. DCG = Σ gainᵢ / log₂(i + 1) over the top
 * k; the ideal ranking puts the best gains first, with at least `relevantCount` items of gain 1
 * (more when the ranking shows more relevant hits than labels), so the result is in [0, 1].
 */
export function ndcgAt(gains: readonly number[], relevantCount: number, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const top = gains.slice(0, k);
  const dcg = (list: readonly number[]) => list.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  const positive = gains.filter((g) => g > 0).sort((x, y) => y - x);
  const missing = Math.max(0, relevantCount - positive.length);
  const ideal = [...positive, ...Array<number>(missing).fill(1)].sort((x, y) => y - x).slice(0, k);
  const best = dcg(ideal);
  return best > 0 ? Math.min(1, dcg(top) / best) : 0;
}
