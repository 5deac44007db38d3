import type { EvalComparison } from '@shared/entities/eval';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { cx } from '../../ui/cx';
import { formatMs } from '../../ui/format';
import { CHANGE_LABELS, groupChanges } from './compare-model';
import { percent, pValueWords, signed, signedPoints } from './format';
import { RunSelect } from './RunSelect';
import type { EvalRuns } from './use-eval-runs';

const CHANGE_TONE: Record<string, string> = {
  regressed: 'text-red-700 dark:text-red-400',
  improved: 'text-emerald-700 dark:text-emerald-400',
  flaky: 'text-amber-700 dark:text-amber-300',
};

function Figures({ c }: { c: EvalComparison }) {
  return (
    <dl
      className="grid max-w-3xl grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 text-xs"
      aria-label="Comparison figures"
    >
      <dt className="text-zinc-500 dark:text-zinc-400">Pass rate</dt>
      <dd data-testid="compare-pass-rate">
        {percent(c.passRate.a, 1)} → {percent(c.passRate.b, 1)}{' '}
        <span
          className={cx(
            'font-medium',
            c.passRate.diff < 0
              ? CHANGE_TONE.regressed
              : c.passRate.diff > 0
                ? CHANGE_TONE.improved
                : '',
          )}
        >
          ({signedPoints(c.passRate.diff)})
        </span>
      </dd>
      <dt className="text-zinc-500 dark:text-zinc-400">McNemar</dt>
      <dd data-testid="compare-mcnemar">
        {c.mcnemar.onlyA} passed only in A, {c.mcnemar.onlyB} only in B;{' '}
        {pValueWords(c.mcnemar.pValue, c.mcnemar.significant)}
      </dd>
      <dt className="text-zinc-500 dark:text-zinc-400">95% interval</dt>
      <dd>
        Pass-rate difference between {signedPoints(c.bootstrap.low)} and{' '}
        {signedPoints(c.bootstrap.high)} (bootstrap over the paired cases)
      </dd>
      <dt className="text-zinc-500 dark:text-zinc-400">Tokens</dt>
      <dd>
        {c.tokens.a.toLocaleString('en')} → {c.tokens.b.toLocaleString('en')} (
        {signed(c.tokens.diff, 'tokens')})
      </dd>
      <dt className="text-zinc-500 dark:text-zinc-400">Mean latency</dt>
      <dd>
        {formatMs(c.latencyMs.a)} → {formatMs(c.latencyMs.b)} ({signed(c.latencyMs.diff, 'ms')})
      </dd>
    </dl>
  );
}

function Changes({ c }: { c: EvalComparison }) {
  const groups = groupChanges(c.cases);
  return (
    <div className="space-y-4">
      {groups.map((group) => (
        <section
          key={group.change}
          aria-label={CHANGE_LABELS[group.change]}
          data-testid="change-group"
          data-change={group.change}
        >
          <h4 className={cx('text-[13px] font-semibold', CHANGE_TONE[group.change])}>
            {CHANGE_LABELS[group.change]} ({group.cases.length})
          </h4>
          <table className="mt-1 w-full table-fixed text-xs">
            <thead>
              <tr className="text-left text-zinc-500 dark:text-zinc-400">
                <th scope="col" className="w-1/5 py-1 pr-3 font-medium">
                  Case
                </th>
                <th scope="col" className="w-1/6 py-1 pr-3 font-medium">
                  Target
                </th>
                <th scope="col" className="w-16 py-1 pr-3 font-medium">
                  A
                </th>
                <th scope="col" className="w-16 py-1 pr-3 font-medium">
                  B
                </th>
                <th scope="col" className="py-1 font-medium">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody>
              {group.cases.map((row) => (
                <tr
                  key={`${row.caseId}/${row.target}`}
                  data-testid="compared-case"
                  data-change={row.change}
                  className="align-top"
                >
                  <td className="truncate py-0.5 pr-3 font-mono" title={row.caseId}>
                    {row.caseId}
                  </td>
                  <td className="py-0.5 pr-3">{row.target}</td>
                  <td className="py-0.5 pr-3 tabular-nums">{percent(row.a)}</td>
                  <td className="py-0.5 pr-3 tabular-nums">{percent(row.b)}</td>
                  <td className="py-0.5 text-zinc-600 dark:text-zinc-300">
                    {row.change === 'regressed'
                      ? (row.reasonB ?? '')
                      : row.change === 'improved'
                        ? row.reasonA
                          ? `was: ${row.reasonA}`
                          : ''
                        : (row.reasonB ?? row.reasonA ?? '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

/** Two runs of the suite side by side: regressions first, the paired test, tokens and latency. */
export function ComparePanel({
  suiteId,
  runs,
  a,
  b,
}: {
  suiteId: string;
  runs: EvalRuns;
  a?: string;
  b?: string;
}) {
  const api = useApi();
  const finished = runs.runs.filter((r) => r.status === 'completed');
  const runA = a ?? finished[1]?.id ?? '';
  const runB = b ?? finished[0]?.id ?? '';
  const comparison = useLoader(
    () => (runA && runB ? api.call('eval.compare', { a: runA, b: runB }) : Promise.resolve(null)),
    [api, runA, runB],
  );
  if (finished.length < 2 && !(a && b))
    return (
      <p className="text-[13px] text-zinc-500 dark:text-zinc-400">
        Comparing needs two finished runs of this suite — run it again (e.g. against another
        revision).
      </p>
    );
  return (
    <div className="space-y-4">
      <div className="flex max-w-4xl flex-wrap gap-3">
        <RunSelect
          id="compare-a"
          label="Run A (before)"
          className="min-w-64 flex-1"
          runs={finished}
          value={runA}
          onChange={(id) => navigate('evals', suiteId, 'compare', id, runB)}
        />
        <RunSelect
          id="compare-b"
          label="Run B (after)"
          className="min-w-64 flex-1"
          runs={finished}
          value={runB}
          onChange={(id) => navigate('evals', suiteId, 'compare', runA, id)}
        />
      </div>
      {comparison.error ? (
        <Banner tone="error">
          Could not compare:{' '}
          {[comparison.error.message, comparison.error.hint].filter(Boolean).join(' ')}
        </Banner>
      ) : comparison.data ? (
        <>
          <Figures c={comparison.data} />
          <Changes c={comparison.data} />
        </>
      ) : (
        <p className="text-xs text-zinc-500">Comparing…</p>
      )}
    </div>
  );
}
