import { baseType, type Assertion, type AssertionResult } from '@shared/entities/eval';
import { scoreJson } from './json';
import { scoreLimits } from './limits';
import { scoreRubric } from './rubric';
import { scoreSimilar } from './similar';
import { scoreText } from './text';
import { scoreTools } from './tools';
import type { Answer, Outcome, ScorerDeps } from './types';

export type { Answer, ScorerDeps } from './types';

function outcomeOf(assertion: Assertion, answer: Answer, deps: ScorerDeps): Outcome | Promise<Outcome> {
  const { base } = baseType(assertion.type);
  switch (base) {
    case 'equals':
    case 'contains':
    case 'icontains':
    case 'contains-any':
    case 'contains-all':
    case 'starts-with':
    case 'regex':
      return scoreText(base, assertion, answer);
    case 'is-json':
      return scoreJson(assertion, answer);
    case 'similar':
      return scoreSimilar(assertion, answer, deps);
    case 'llm-rubric':
      return scoreRubric(assertion, answer, deps);
    case 'tool-called':
    case 'tool-sequence':
      return scoreTools(base, assertion, answer);
    case 'max-steps':
    case 'latency':
    case 'tokens':
      return scoreLimits(base, assertion, answer);
  }
}

/**
 * Checks one assertion against an answer. `not-` types invert the verdict (score 1 − score). A
 * scorer that cannot judge (bad value, judge or embedder down, exception) gives `error: true`,
 * which is not the answer failing.
 */
export async function evaluate(assertion: Assertion, answer: Answer, deps: ScorerDeps): Promise<AssertionResult> {
  const weight = assertion.weight ?? 1;
  const { negated } = baseType(assertion.type);
  let outcome: Outcome;
  try {
    outcome = await outcomeOf(assertion, answer, deps);
  } catch (error) {
    outcome = { error: `The ${assertion.type} scorer failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if ('error' in outcome) return { type: assertion.type, pass: false, score: 0, weight, reason: outcome.error, error: true };
  if (!negated) return { type: assertion.type, pass: outcome.pass, score: outcome.score, weight, reason: outcome.reason, error: false };
  const pass = !outcome.pass;
  return {
    type: assertion.type,
    pass,
    score: 1 - outcome.score,
    weight,
    reason: `${outcome.reason} — negated (${assertion.type}), so it ${pass ? 'passes' : 'fails'}`,
    error: false,
  };
}

/**
 * A case's verdict from its assertions' results. The score is the weighted share of the judged
 * (non-error) assertions that passed. Without a threshold every assertion must pass; with one, the
 * score must reach it. Scorer errors make the case an `error`, unless it fails whatever the errored
 * assertions would have said (then `failed`). No assertions: passed, score 1.
 */
export function scoreCase(results: AssertionResult[], threshold?: number): { status: 'passed' | 'failed' | 'error'; score: number } {
  if (!results.length) return { status: 'passed', score: 1 };
  const judged = results.filter((r) => !r.error);
  const errored = results.filter((r) => r.error);
  const weightOf = (list: AssertionResult[]) => list.reduce((s, r) => s + r.weight, 0);
  const passedWeight = weightOf(judged.filter((r) => r.pass));
  const judgedWeight = weightOf(judged);
  // All weights 0: every assertion counts the same.
  const share = (pass: number, total: number, passCount: number, count: number) => (total > 0 ? pass / total : count > 0 ? passCount / count : 0);
  const score = share(passedWeight, judgedWeight, judged.filter((r) => r.pass).length, judged.length);

  if (threshold === undefined) {
    if (judged.some((r) => !r.pass)) return { status: 'failed', score };
    return { status: errored.length ? 'error' : 'passed', score };
  }
  // The best the case could score if every errored assertion had passed.
  const best = share(passedWeight + weightOf(errored), weightOf(results), judged.filter((r) => r.pass).length + errored.length, results.length);
  if (best < threshold) return { status: 'failed', score };
  if (errored.length) return { status: 'error', score };
  return { status: score >= threshold ? 'passed' : 'failed', score };
}
