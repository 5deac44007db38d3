import { AppError } from '@shared/errors';

/** A vector whose length differs from the knowledge base's dimension. Nothing was written. */
export class DimensionMismatchError extends AppError {
  constructor(
    readonly expected: number,
    readonly actual: number,
    what: string,
  ) {
    super(
      'VALIDATION',
      `${what} has ${actual} dimensions; this knowledge base holds ${expected}-dimension vectors.`,
      {
        hint: 'Use the embedding model the knowledge base was created with, or create a new knowledge base for this model.',
      },
    );
    this.name = 'DimensionMismatchError';
  }
}

/** Throws DimensionMismatchError unless every vector has `dimensions` finite numbers. */
export function checkVectors(
  dimensions: number,
  vectors: Iterable<ArrayLike<number>>,
  what = 'A vector',
): void {
  for (const v of vectors) {
    if (v.length !== dimensions) throw new DimensionMismatchError(dimensions, v.length, what);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) {
        throw new AppError('VALIDATION', `${what} contains a number that is not finite.`, {
          hint: 'The embedding model returned a broken vector; embed the text again.',
        });
      }
    }
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AppError(
      'CANCELLED',
      'Writing the chunks was cancelled; the previous chunks are kept.',
    );
}
