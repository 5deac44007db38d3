import type { CaseChange, EvalCaseResult, EvalComparison, EvalRun } from '@shared/entities/eval';
import { bootstrapDiff, mcnemar } from './stats';
import { foldTrials, summarize, type PairOutcome } from './summary';

const ORDER: Record<CaseChange, number> = { regressed: 0, improved: 1, flaky: 2, added: 3, removed: 4, unchanged: 5 };

function changeOf(a: PairOutcome | undefined, b: PairOutcome | undefined): CaseChange {
  if (!a) return 'added';
  if (!b) return 'removed';
  if (a.flaky || b.flaky) return 'flaky';
  if (a.status === 'passed' && b.status === 'failed') return 'regressed';
  if (a.status === 'failed' && b.status === 'passed') return 'improved';
  return 'unchanged';
}

/**
 * Compares two runs case by case (same case id and target label): improved, regressed, flaky,
 * unchanged; McNemar's test on the discordant pairs and a bootstrap interval of the pass-rate difference.
 */
export function compareRuns(a: EvalRun, resultsA: EvalCaseResult[], b: EvalRun, resultsB: EvalCaseResult[]): EvalComparison {
  // One target on each side (e.g. two revisions of an agent): cases pair by id, whatever the labels.
  const single = a.targets.length === 1 && b.targets.length === 1;
  const label = single && a.targets[0]!.label !== b.targets[0]!.label ? `${a.targets[0]!.label} → ${b.targets[0]!.label}` : null;
  const keyOf = (p: PairOutcome) => (single ? `${p.caseId}\u0000${label ?? p.target}` : `${p.caseId}\u0000${p.target}`);
  const pairsA = new Map(foldTrials(resultsA).map((p) => [keyOf(p), p]));
  const pairsB = new Map(foldTrials(resultsB).map((p) => [keyOf(p), p]));
  const keys = [...new Set([...pairsA.keys(), ...pairsB.keys()])];
  const cases = keys
    .map((key) => {
      const pa = pairsA.get(key);
      const pb = pairsB.get(key);
      const [caseId, target] = key.split('\u0000') as [string, string];
      return { caseId, target, change: changeOf(pa, pb), a: pa?.passRate ?? null, b: pb?.passRate ?? null, reasonA: pa?.reason ?? null, reasonB: pb?.reason ?? null };
    })
    .sort((x, y) => ORDER[x.change] - ORDER[y.change] || x.caseId.localeCompare(y.caseId) || x.target.localeCompare(y.target));
  const paired = cases.filter((c) => c.a !== null && c.b !== null);
  const passedIn = (rate: number | null) => rate !== null && rate > 0.5;
  const onlyA = paired.filter((c) => passedIn(c.a) && !passedIn(c.b)).length;
  const onlyB = paired.filter((c) => !passedIn(c.a) && passedIn(c.b)).length;
  const sa = summarize(resultsA);
  const sb = summarize(resultsB);
  const tokens = (s: typeof sa) => s.usage.inputTokens + s.usage.outputTokens;
  return {
    a,
    b,
    cases,
    passRate: { a: sa.passRate, b: sb.passRate, diff: sb.passRate - sa.passRate },
    mcnemar: { onlyA, onlyB, ...mcnemar(onlyA, onlyB) },
    bootstrap: bootstrapDiff(paired.map((c) => ({ a: c.a!, b: c.b! })), { seed: 1 }),
    tokens: { a: tokens(sa), b: tokens(sb), diff: tokens(sb) - tokens(sa) },
    latencyMs: { a: sa.latencyMs, b: sb.latencyMs, diff: sb.latencyMs - sa.latencyMs },
  };
}
