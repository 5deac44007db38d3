import { useMemo, useState } from 'react';
import type { EvalRun, EvalRunDetail } from '@shared/entities/eval';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { formatMs } from '../../ui/format';
import { PlayIcon } from '../../ui/icons';
import { CaseDetail } from './CaseDetail';
import { percent } from './format';
import { buildMatrix, failureReason, passRateByTag, type MatrixCell } from './matrix-model';
import { ResultsMatrix } from './ResultsMatrix';
import { RetrievalMetricsTable } from './RetrievalMetricsTable';
import { RunProgress } from './RunProgress';
import { RunSelect } from './RunSelect';
import { useEvalRunDetail, type EvalRuns } from './use-eval-runs';

function Stat({
  label,
  value,
  testId,
}: {
  label: string;
  value: string | number;
  testId?: string;
}) {
  return (
    <div className="min-w-20">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-sm font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Cases that could not be judged (provider or MCP server unreachable, scorer failed): not failures. */
function Errors({ detail }: { detail: EvalRunDetail }) {
  const errors = detail.cases.filter((c) => c.status === 'error');
  if (!errors.length) return null;
  return (
    <section aria-label="Errors" className="space-y-1">
      <h4 className="text-[13px] font-semibold">Could not be judged ({errors.length})</h4>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Infrastructure and scorer errors are counted apart: they are not failed cases.
      </p>
      <ul className="space-y-1 text-xs">
        {errors.map((e) => (
          <li
            key={`${e.caseId}/${e.target}/${e.trial}`}
            data-testid="eval-error"
            data-kind={e.errorKind ?? ''}
          >
            <span className="font-mono">{e.caseId}</span> against {e.target}
            {detail.trials > 1 ? ` (trial ${e.trial})` : ''}:{' '}
            <span className="font-medium text-amber-700 dark:text-amber-300">
              {e.errorKind ?? 'error'}
            </span>{' '}
            — {failureReason(e)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({ run, detail }: { run: EvalRun; detail: EvalRunDetail }) {
  const s = run.summary;
  const tags = useMemo(() => passRateByTag(detail), [detail]);
  if (!s) return null;
  return (
    <div className="space-y-3">
      <dl className="flex flex-wrap gap-x-6 gap-y-2" aria-label="Summary">
        <Stat label="Pass rate" value={percent(s.passRate)} testId="summary-pass-rate" />
        <Stat label="Passed" value={s.passed} testId="summary-passed" />
        <Stat label="Failed" value={s.failed} testId="summary-failed" />
        <Stat label="Errors" value={s.errors} testId="summary-errors" />
        <Stat label="Flaky" value={s.flaky} />
        <Stat
          label="Tokens"
          value={(s.usage.inputTokens + s.usage.outputTokens).toLocaleString('en')}
        />
        <Stat label="Mean latency" value={formatMs(s.latencyMs)} />
      </dl>
      {Object.keys(s.byTarget).length > 1 ? (
        <table aria-label="By target" className="text-xs">
          <tbody>
            {Object.entries(s.byTarget).map(([label, t]) => (
              <tr key={label}>
                <th scope="row" className="pr-4 text-left font-normal">
                  {label}
                </th>
                <td className="pr-4 tabular-nums">{percent(t.passRate)}</td>
                <td className="text-zinc-500 tabular-nums dark:text-zinc-400">
                  {t.passed} passed, {t.failed} failed, {t.errors} errors
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s.metrics ? <RetrievalMetricsTable metrics={s.metrics} /> : null}
      {tags.length ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="by-tag">
          By tag: {tags.map((t) => `${t.tag} ${t.passed}/${t.judged}`).join(' · ')}
        </p>
      ) : null}
    </div>
  );
}

/** A run's results: the summary, the matrix of cases × targets, errors apart, a case's detail. */
export function RunResults({
  suiteId,
  runs,
  runId,
}: {
  suiteId: string;
  runs: EvalRuns;
  runId: string | undefined;
}) {
  const run = runs.runs.find((r) => r.id === runId) ?? (runId ? undefined : runs.runs[0]);
  const detail = useEvalRunDetail(run);
  const [selected, setSelected] = useState<MatrixCell | null>(null);
  const matrix = useMemo(() => (detail.data ? buildMatrix(detail.data) : null), [detail.data]);

  if (!runs.runs.length) {
    if (runs.loading) return <p className="text-xs text-zinc-500">Loading the runs…</p>;
    return (
      <EmptyState
        icon={<PlayIcon />}
        title="No runs of this suite yet"
        actions={<Button onClick={() => navigate('evals', suiteId, 'run')}>Run it</Button>}
      >
        Run the suite against one or more agents; the results show here as a matrix of cases ×
        targets.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <RunSelect
        id="results-run"
        label="Run"
        className="max-w-xl"
        runs={runs.runs}
        value={run?.id ?? ''}
        onChange={(id) => {
          setSelected(null);
          navigate('evals', suiteId, 'results', id);
        }}
      />
      {!run ? (
        <Banner tone="warning">This run does not exist (any more).</Banner>
      ) : (
        <>
          {run.status === 'running' || run.error ? <RunProgress run={run} /> : null}
          {detail.error ? (
            <Banner tone="error">Could not load the results: {detail.error.message}</Banner>
          ) : null}
          {detail.data && matrix ? (
            <>
              <Summary run={run} detail={detail.data} />
              <ResultsMatrix matrix={matrix} selected={selected} onSelect={setSelected} />
              <Errors detail={detail.data} />
              {selected ? (
                <CaseDetail
                  cell={matrix.cell(selected.caseId, selected.target) ?? selected}
                  run={run}
                  onClose={() => setSelected(null)}
                />
              ) : null}
            </>
          ) : !detail.error ? (
            <p className="text-xs text-zinc-500">Loading the results…</p>
          ) : null}
        </>
      )}
    </div>
  );
}
