import type { EvalComparison, EvalRun, EvalRunDetail, EvalSummary, Suite } from '@shared/entities/eval';
import { percent } from './eval-args';
import { foldCases } from './eval-fold';
import { short } from './follow-run';
import { table } from './format';

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
const signed = (n: number, digits = 0) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
const ms = (n: number) => `${Math.round(n)} ms`;

/** An issue's path and message, without saying the field twice (`cases[0].name: name: …`). */
export function issueText(issue: { path: string; message: string }): string {
  if (!issue.path) return issue.message;
  const field = /([^.[\]]+)\]?$/.exec(issue.path)?.[1] ?? '';
  if (field && issue.message.startsWith(`"${field}"`)) return issue.path === field ? issue.message : `${issue.path}: ${issue.message}`;
  if (field && issue.message.startsWith(`${field}: `)) return `${issue.path}: ${issue.message.slice(field.length + 2)}`;
  return `${issue.path}: ${issue.message}`;
}

export function suitesTable(suites: Suite[]): string {
  return table(
    suites.map((s) => ({ name: s.name, kind: s.kind, cases: s.caseCount, version: s.version, updated: when(s.updatedAt) })),
    ['name', 'kind', 'cases', 'version', 'updated'],
  );
}

const targetsOf = (run: EvalRun) => run.targets.map((t) => t.label).join(', ') || '—';

export function runsTable(runs: EvalRun[]): string {
  return table(
    runs.map((r) => ({
      id: r.id.slice(0, 8),
      suite: r.suiteName,
      status: r.status === 'running' ? `running ${r.progress.done}/${r.progress.total}` : r.status,
      targets: short(targetsOf(r), 60),
      passed: r.summary?.passed ?? '',
      failed: r.summary?.failed ?? '',
      errors: r.summary?.errors ?? '',
      'pass rate': r.summary ? percent(r.summary.passRate) : '',
      created: when(r.createdAt),
    })),
    ['id', 'suite', 'status', 'targets', 'passed', 'failed', 'errors', 'pass rate', 'created'],
  );
}

const METRIC_ORDER = ['recall', 'mrr', 'ndcg'];
const metricRank = (name: string) => {
  const i = METRIC_ORDER.findIndex((m) => name.startsWith(m));
  return i < 0 ? METRIC_ORDER.length : i;
};

/**
 * Retrieval metrics, one line per group: the overall ones (the first mode's), each mode in `modes`
 * order, then each tag (`tag:billing: recall@5 0.900, mrr 0.750, ndcg@5 0.810`).
 */
export function metricLines(metrics: Record<string, number>, modes: string[] = []): string[] {
  const groups = new Map<string, Array<[string, number]>>();
  for (const [key, value] of Object.entries(metrics)) {
    const dot = key.lastIndexOf('.', key.search(/(recall|mrr|ndcg|precision|hit)[^.]*$/));
    const prefix = dot > 0 ? key.slice(0, dot) : '';
    const list = groups.get(prefix) ?? [];
    list.push([prefix ? key.slice(dot + 1) : key, value]);
    groups.set(prefix, list);
  }
  const rank = (prefix: string) => (prefix === '' ? -1 : modes.includes(prefix) ? modes.indexOf(prefix) : prefix.startsWith('tag:') ? modes.length + 1 : modes.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([prefix, list]) => {
      const sorted = list.sort(([a], [b]) => metricRank(a) - metricRank(b) || a.localeCompare(b));
      return `  ${prefix || 'overall'}: ${sorted.map(([name, value]) => `${name} ${value.toFixed(3)}`).join(', ')}`;
    });
}

/** The summary: counts, pass rate, per target, tokens and latency, retrieval metrics. */
export function summaryLines(run: EvalRun, summary: EvalSummary): string[] {
  const lines = [
    `${run.suiteName} (version ${run.suiteVersion}), run ${run.id}: ${run.status}`,
    `${summary.passed} passed, ${summary.failed} failed, ${summary.errors} errors of ${summary.total} — pass rate ${percent(summary.passRate)}${summary.flaky ? `, ${summary.flaky} flaky` : ''}`,
  ];
  const order = run.targets.map((t) => t.label);
  const position = (label: string) => (order.includes(label) ? order.indexOf(label) : order.length);
  const targets = Object.entries(summary.byTarget).sort(([a], [b]) => position(a) - position(b));
  if (targets.length > 1 || (targets.length === 1 && run.kind === 'agent')) {
    for (const [label, t] of targets) lines.push(`  ${label}: ${t.passed} passed, ${t.failed} failed, ${t.errors} errors — ${percent(t.passRate)}`);
  }
  if (summary.metrics && Object.keys(summary.metrics).length) lines.push('Metrics:', ...metricLines(summary.metrics, order));
  if (run.kind === 'agent') {
    lines.push(`Tokens: ${summary.usage.inputTokens} in, ${summary.usage.outputTokens} out; mean latency ${ms(summary.latencyMs)}`);
  }
  if (summary.errors) lines.push(`${summary.errors} could not be judged (infrastructure or scorer errors): not counted as failures.`);
  return lines;
}

/** A table of the cases (trials folded), failures and errors with their reasons. */
export function caseTable(run: EvalRunDetail, onlyProblems = false): string {
  const folded = foldCases(run.cases).filter((f) => !onlyProblems || f.status !== 'passed');
  return table(
    folded.map((f) => ({
      case: f.caseId,
      target: f.target,
      status: f.status === 'error' && f.errorKind ? `error (${f.errorKind})` : f.status,
      trials: f.trials.length > 1 ? `${f.passedTrials}/${f.judgedTrials}${f.flaky ? ' flaky' : ''}` : '',
      score: f.trials.length ? (f.trials.reduce((s, t) => s + t.score, 0) / f.trials.length).toFixed(2) : '',
      latency: f.latencyMs ? ms(f.latencyMs / f.trials.length) : '',
      cached: f.trials.every((t) => t.cached) ? 'yes' : '',
      reason: short(f.reason, 100),
    })),
    ['case', 'target', 'status', 'trials', 'score', 'latency', 'cached', 'reason'],
  );
}

export function describeRun(run: EvalRunDetail): string {
  const head = run.summary ? summaryLines(run, run.summary) : [`${run.suiteName}, run ${run.id}: ${run.status} (${run.progress.done}/${run.progress.total} cases)`];
  if (run.error) head.push(`Error: ${run.error}`);
  return [...head, '', caseTable(run)].join('\n');
}

export function describeComparison(c: EvalComparison): string {
  const lines = [
    `A: ${c.a.id.slice(0, 8)} ${c.a.suiteName} (${targetsOf(c.a)}), ${when(c.a.createdAt)}`,
    `B: ${c.b.id.slice(0, 8)} ${c.b.suiteName} (${targetsOf(c.b)}), ${when(c.b.createdAt)}`,
    `Pass rate: ${percent(c.passRate.a)} → ${percent(c.passRate.b)} (${signed(c.passRate.diff * 100, 1)} points; 95% interval ${signed(c.bootstrap.low * 100, 1)} to ${signed(c.bootstrap.high * 100, 1)})`,
    `McNemar: ${c.mcnemar.onlyA} passed only in A, ${c.mcnemar.onlyB} only in B, p = ${c.mcnemar.pValue.toFixed(3)}${c.mcnemar.significant ? ' (significant)' : ' (not significant)'}`,
    `Tokens: ${c.tokens.a} → ${c.tokens.b} (${signed(c.tokens.diff)}); latency ${ms(c.latencyMs.a)} → ${ms(c.latencyMs.b)} (${signed(c.latencyMs.diff)} ms)`,
    '',
  ];
  const rate = (r: number | null) => (r === null ? '—' : percent(r));
  const counts = (['regressed', 'improved', 'flaky', 'unchanged', 'added', 'removed'] as const)
    .map((change) => [change, c.cases.filter((x) => x.change === change).length] as const)
    .filter(([change, n]) => n > 0 || change === 'regressed' || change === 'improved');
  lines.push(counts.map(([change, n]) => `${n} ${change}`).join(', '));
  lines.push(
    table(
      c.cases.map((x) => ({
        change: x.change === 'regressed' ? 'REGRESSED' : x.change,
        case: x.caseId,
        target: x.target,
        a: rate(x.a),
        b: rate(x.b),
        reason: short(x.change === 'improved' ? (x.reasonA ?? '') : (x.reasonB ?? x.reasonA ?? ''), 100),
      })),
      ['change', 'case', 'target', 'a', 'b', 'reason'],
    ),
  );
  return lines.join('\n');
}
