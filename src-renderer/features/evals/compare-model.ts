import type { CaseChange, EvalComparison } from '@shared/entities/eval';

/** The order changes are read in: what broke first. */
export const CHANGE_ORDER: readonly CaseChange[] = [
  'regressed',
  'improved',
  'flaky',
  'added',
  'removed',
  'unchanged',
];

export const CHANGE_LABELS: Record<CaseChange, string> = {
  regressed: 'Regressed',
  improved: 'Improved',
  flaky: 'Flaky',
  added: 'Only in B',
  removed: 'Only in A',
  unchanged: 'Unchanged',
};

export type ComparedCase = EvalComparison['cases'][number];

/** The compared cases grouped by change, regressions first (groups with no case left out). */
export function groupChanges(
  cases: readonly ComparedCase[],
): { change: CaseChange; cases: ComparedCase[] }[] {
  return CHANGE_ORDER.map((change) => ({
    change,
    cases: cases.filter((c) => c.change === change),
  })).filter((g) => g.cases.length > 0);
}
