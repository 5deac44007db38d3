import type { CaseStatus, EvalCaseResult, EvalSummary } from '@shared/entities/eval';

/** The trials of one case against one target, folded. */
export interface PairOutcome {
  caseId: string;
  target: string;
  /** passed / (passed + failed) over trials; null when every trial was an error. */
  passRate: number | null;
  status: CaseStatus;
  /** Some trials passed and some failed. */
  flaky: boolean;
  /** The reason of the first failed assertion (or error) of a trial that did not pass. */
  reason: string | null;
}

/** Folds trials: a pair passes when most of its judged trials pass; all errors make it an error. */
export function foldTrials(results: EvalCaseResult[]): PairOutcome[] {
  const pairs = new Map<string, EvalCaseResult[]>();
  for (const r of results) {
    const key = `${r.caseId}\u0000${r.target}`;
    pairs.set(key, [...(pairs.get(key) ?? []), r]);
  }
  return [...pairs.values()].map((trials) => {
    const judged = trials.filter((t) => t.status !== 'error');
    const passed = judged.filter((t) => t.status === 'passed').length;
    const passRate = judged.length ? passed / judged.length : null;
    const notPassed = trials.find((t) => t.status !== 'passed');
    return {
      caseId: trials[0]!.caseId,
      target: trials[0]!.target,
      passRate,
      status: passRate === null ? 'error' : passRate > 0.5 || (passRate === 0.5 && judged.length === 1) ? 'passed' : 'failed',
      flaky: passed > 0 && passed < judged.length,
      reason: notPassed ? (notPassed.error ?? notPassed.assertions.find((a) => !a.pass)?.reason ?? null) : null,
    };
  });
}

/** Totals of a run: pairs passed, failed and in error (apart), flaky pairs, usage and latency, per target. */
export function summarize(results: EvalCaseResult[]): EvalSummary {
  const pairs = foldTrials(results);
  const count = (list: PairOutcome[], status: CaseStatus) => list.filter((p) => p.status === status).length;
  const rate = (list: PairOutcome[]) => {
    const judged = count(list, 'passed') + count(list, 'failed');
    return judged ? count(list, 'passed') / judged : 0;
  };
  const targets = [...new Set(pairs.map((p) => p.target))];
  const answered = results.filter((r) => r.latencyMs !== null);
  return {
    total: pairs.length,
    passed: count(pairs, 'passed'),
    failed: count(pairs, 'failed'),
    errors: count(pairs, 'error'),
    passRate: rate(pairs),
    flaky: pairs.filter((p) => p.flaky).length,
    usage: results.reduce(
      (u, r) => ({ inputTokens: u.inputTokens + (r.cached ? 0 : (r.usage?.inputTokens ?? 0)), outputTokens: u.outputTokens + (r.cached ? 0 : (r.usage?.outputTokens ?? 0)) }),
      { inputTokens: 0, outputTokens: 0 },
    ),
    latencyMs: answered.length ? answered.reduce((s, r) => s + (r.latencyMs ?? 0), 0) / answered.length : 0,
    byTarget: Object.fromEntries(
      targets.map((t) => {
        const mine = pairs.filter((p) => p.target === t);
        return [t, { passed: count(mine, 'passed'), failed: count(mine, 'failed'), errors: count(mine, 'error'), passRate: rate(mine) }];
      }),
    ),
  };
}
