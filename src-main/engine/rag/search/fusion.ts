/** The usual reciprocal rank fusion constant (Cormack et al., 2009). */
export const DEFAULT_RRF_K = 60;

export interface FusedItem {
  id: string;
  /** Σ over the rankings that contain the item of 1 / (k + rank), ranks from 1. */
  score: number;
}

/**
 * Reciprocal rank fusion: merges rankings (best first) by summing 1 / (k + rank) per item.
 * Only ranks matter, so rankings with incomparable scores (cosine vs full-text rank, or vectors
 * of different models) fuse fairly. Ties go to the item with the better best rank, then by id.
 */
export function reciprocalRankFusion(
  rankings: ReadonlyArray<readonly string[]>,
  k = DEFAULT_RRF_K,
): FusedItem[] {
  if (!(k > 0)) throw new RangeError(`RRF k must be positive, got ${k}`);
  const scores = new Map<string, { score: number; best: number }>();
  for (const ranking of rankings) {
    const seen = new Set<string>();
    ranking.forEach((id, i) => {
      if (seen.has(id)) return; // an item counts once per ranking, at its best rank
      seen.add(id);
      const entry = scores.get(id) ?? { score: 0, best: Infinity };
      entry.score += 1 / (k + i + 1);
      entry.best = Math.min(entry.best, i + 1);
      scores.set(id, entry);
    });
  }
  return [...scores.entries()]
    .sort(([a, x], [b, y]) => y.score - x.score || x.best - y.best || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { score }]) => ({ id, score }));
}
