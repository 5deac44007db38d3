import type { EvalCaseResult } from '@shared/entities/eval';
import { foldTrials } from '../engine/eval/summary';

/** A case against a target with its trials folded, the way the run's summary counts it. */
export interface FoldedCase {
  caseId: string;
  target: string;
  /** `error` when no trial could be judged (infrastructure or scorer errors only). */
  status: 'passed' | 'failed' | 'error';
  trials: EvalCaseResult[];
  /** Trials that passed, and that could be judged (not errors). */
  passedTrials: number;
  judgedTrials: number;
  /** The trials disagree. */
  flaky: boolean;
  /** Why it failed (failing assertions' reasons) or could not be judged (the errors), else ''. */
  reason: string;
  errorKind: EvalCaseResult['errorKind'];
  /** Summed over trials, ms. */
  latencyMs: number;
}

/** The failing assertions of one trial: `type: reason` each. */
export function failureReasons(result: EvalCaseResult): string[] {
  const failed = result.assertions.filter((a) => !a.pass && !a.error).map((a) => `${a.type}: ${a.reason}`);
  if (failed.length) return failed;
  return result.status === 'failed' ? [`score ${result.score.toFixed(2)} under the case's threshold`] : [];
}

/** What kept one trial from being judged. */
export function errorReasons(result: EvalCaseResult): string[] {
  const scorer = result.assertions.filter((a) => a.error).map((a) => `${a.type}: ${a.reason}`);
  return [...(result.error ? [result.error] : []), ...scorer];
}

const unique = (lines: string[]) => [...new Set(lines)];

/**
 * Folds trials per case and target as the run's summary does (`foldTrials`: a pair passes when most
 * of its judged trials pass, is an error when none could be judged), in the order cases first appear,
 * keeping the trials and every reason.
 */
export function foldCases(results: EvalCaseResult[]): FoldedCase[] {
  const groups = new Map<string, EvalCaseResult[]>();
  const key = (caseId: string, target: string) => JSON.stringify([caseId, target]);
  for (const r of results) {
    const group = groups.get(key(r.caseId, r.target));
    if (group) group.push(r);
    else groups.set(key(r.caseId, r.target), [r]);
  }
  return foldTrials(results).map((pair) => {
    const trials = [...(groups.get(key(pair.caseId, pair.target)) ?? [])].sort((a, b) => a.trial - b.trial);
    const judged = trials.filter((t) => t.status !== 'error');
    const reason =
      pair.status === 'error'
        ? unique(trials.flatMap(errorReasons)).join('; ')
        : pair.status === 'failed'
          ? unique(judged.filter((t) => t.status === 'failed').flatMap(failureReasons)).join('; ')
          : '';
    return {
      caseId: pair.caseId,
      target: pair.target,
      status: pair.status,
      trials,
      passedTrials: judged.filter((t) => t.status === 'passed').length,
      judgedTrials: judged.length,
      flaky: pair.flaky,
      reason,
      errorKind: trials.find((t) => t.errorKind)?.errorKind ?? null,
      latencyMs: trials.reduce((sum, t) => sum + (t.latencyMs ?? 0), 0),
    };
  });
}
