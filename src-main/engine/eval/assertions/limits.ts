import type { Assertion, BaseAssertionType } from '@shared/entities/eval';
import { verdict, type Answer, type Outcome } from './types';

/** max-steps, latency (ms) and tokens (input + output): the measure is at most the value. */
export function scoreLimits(base: BaseAssertionType, assertion: Assertion, answer: Answer): Outcome {
  const limit = assertion.value;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return { error: `${base}: value must be a number` };
  const [measure, unit] =
    base === 'max-steps'
      ? [answer.steps, 'steps']
      : base === 'latency'
        ? [answer.latencyMs, 'ms']
        : base === 'tokens'
          ? [answer.usage.inputTokens + answer.usage.outputTokens, 'tokens']
          : [NaN, ''];
  if (Number.isNaN(measure)) return { error: `${base} is not a limit assertion` };
  const pass = measure <= limit;
  return verdict(pass, `${Math.round(measure)} ${unit} ${pass ? '≤' : '>'} ${limit}`);
}
