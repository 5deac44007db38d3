import type { Assertion } from '@shared/entities/eval';
import type { Answer, Outcome, ScorerDeps } from './types';

export const DEFAULT_SIMILARITY = 0.8;

/** Cosine similarity of two vectors (0 when either is all zeros). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`vectors of different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** similar: the cosine similarity of the output's and the reference's embeddings reaches the threshold (default 0.8). */
export async function scoreSimilar(assertion: Assertion, answer: Answer, deps: ScorerDeps): Promise<Outcome> {
  const reference = assertion.value === undefined ? answer.expected : assertion.value;
  if (typeof reference !== 'string') return { error: 'similar needs a value (text), or an expected answer on the case' };
  const threshold = assertion.threshold ?? DEFAULT_SIMILARITY;
  const vectors = await deps.embed([answer.output, reference]);
  const [a, b] = vectors;
  if (!a || !b) return { error: `The embedder answered ${vectors.length} vectors for 2 texts` };
  const similarity = Math.max(0, Math.min(1, cosine(a, b)));
  const pass = similarity >= threshold;
  return { pass, score: similarity, reason: `Similarity ${similarity.toFixed(3)} ${pass ? '≥' : '<'} ${threshold}` };
}
