import { Assertion, type AssertionInput } from '@shared/entities/eval';
import type { Answer, ScorerDeps } from './types';

/** An answer for assertion tests; fields default to a short plain answer without tools. */
export function answerOf(overrides: Partial<Answer> = {}): Answer {
  return {
    output: 'The capital of France is Paris.',
    toolCalls: [],
    steps: 1,
    latencyMs: 1200,
    usage: { inputTokens: 300, outputTokens: 40 },
    input: 'What is the capital of France?',
    ...overrides,
  };
}

/** Parses an assertion as a suite file would (defaults filled). */
export function assertion(input: AssertionInput): Assertion {
  return Assertion.parse(input);
}

/** Scorer dependencies that must not be used. */
export const noDeps: ScorerDeps = {
  embed: () => Promise.reject(new Error('embed must not be called')),
  judge: () => Promise.reject(new Error('judge must not be called')),
};
