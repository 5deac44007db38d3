import type { CaseStatus, EvalCaseResult, EvalRunDetail } from '@shared/entities/eval';

/** One case against one target, its trials folded. */
export interface MatrixCell {
  caseId: string;
  target: string;
  /** passed: most judged trials passed; error: no trial could be judged. */
  status: CaseStatus;
  trials: EvalCaseResult[];
  /** Share of the judged trials that passed (null: none judged). */
  passRate: number | null;
  /** The judged trials disagree. */
  flaky: boolean;
  /** Why it failed (the first failing assertion's reason) or could not be judged. */
  reason: string | null;
}

export interface Matrix {
  caseIds: string[];
  targets: string[];
  cell(caseId: string, target: string): MatrixCell | undefined;
}

/** The first failing assertion's reason of a trial, or its error. */
export function failureReason(result: EvalCaseResult): string | null {
  if (result.status === 'error')
    return result.error ?? result.assertions.find((a) => a.error)?.reason ?? 'Could not be judged';
  if (result.status === 'passed') return null;
  const failing = result.assertions.find((a) => !a.pass && !a.error);
  return failing
    ? `${failing.type}: ${failing.reason}`
    : (result.error ?? 'Below the passing score');
}

export function foldTrials(trials: EvalCaseResult[]): MatrixCell {
  const first = trials[0]!;
  const judged = trials.filter((t) => t.status !== 'error');
  const passes = judged.filter((t) => t.status === 'passed').length;
  const status: CaseStatus = !judged.length
    ? 'error'
    : passes * 2 > judged.length
      ? 'passed'
      : 'failed';
  const explaining =
    status === 'error'
      ? first
      : (judged.find((t) => t.status === 'failed') ?? judged.find((t) => t.status === 'passed'));
  return {
    caseId: first.caseId,
    target: first.target,
    status,
    trials: [...trials].sort((a, b) => a.trial - b.trial),
    passRate: judged.length ? passes / judged.length : null,
    flaky: passes > 0 && passes < judged.length,
    reason: explaining ? failureReason(explaining) : null,
  };
}

/** Cases (in the suite's order) × targets (in the run's order) of a run's results. */
export function buildMatrix(run: Pick<EvalRunDetail, 'targets' | 'cases'>): Matrix {
  const groups = new Map<string, EvalCaseResult[]>();
  const caseIds: string[] = [];
  const targets = run.targets.map((t) => t.label);
  for (const result of run.cases) {
    if (!caseIds.includes(result.caseId)) caseIds.push(result.caseId);
    if (!targets.includes(result.target)) targets.push(result.target);
    const key = `${result.caseId}\u0000${result.target}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const cells = new Map([...groups].map(([key, trials]) => [key, foldTrials(trials)]));
  return { caseIds, targets, cell: (caseId, target) => cells.get(`${caseId}\u0000${target}`) };
}

/** Pass rate per tag over the judged case × target pairs (trials folded). */
export function passRateByTag(
  run: Pick<EvalRunDetail, 'targets' | 'cases'>,
): { tag: string; passed: number; judged: number }[] {
  const matrix = buildMatrix(run);
  const byTag = new Map<string, { passed: number; judged: number }>();
  for (const caseId of matrix.caseIds)
    for (const target of matrix.targets) {
      const cell = matrix.cell(caseId, target);
      if (!cell || cell.status === 'error') continue;
      for (const tag of cell.trials[0]!.tags) {
        const entry = byTag.get(tag) ?? { passed: 0, judged: 0 };
        entry.judged += 1;
        if (cell.status === 'passed') entry.passed += 1;
        byTag.set(tag, entry);
      }
    }
  return [...byTag].map(([tag, v]) => ({ tag, ...v })).sort((a, b) => a.tag.localeCompare(b.tag));
}
