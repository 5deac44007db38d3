import type { EvalRun } from '@shared/entities/eval';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { href } from '../../app/route';
import { Button } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusDot, type StatusLook } from '../../ui/StatusDot';
import { StopIcon } from '../../ui/icons';
import { percent, shortDate } from './format';

export const RUN_LOOKS: Record<EvalRun['status'], StatusLook> = {
  running: {
    label: 'Running',
    dot: 'bg-indigo-500 animate-pulse',
    text: 'text-indigo-700 dark:text-indigo-300',
  },
  completed: {
    label: 'Completed',
    dot: 'bg-emerald-500',
    text: 'text-emerald-700 dark:text-emerald-400',
  },
  failed: { label: 'Failed', dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  cancelled: { label: 'Cancelled', dot: 'bg-zinc-400', text: 'text-zinc-600 dark:text-zinc-400' },
};

/** A run's live progress (trials done of all), with Cancel while it runs and its results after. */
export function RunProgress({ run }: { run: EvalRun }) {
  const api = useApi();
  const cancel = useAction();
  const { done, total } = run.progress;
  const summary = run.summary;
  return (
    <div
      data-testid="eval-run-progress"
      data-status={run.status}
      className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex items-center gap-3">
        <StatusDot status={run.status} look={RUN_LOOKS[run.status]} />
        <span
          className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
          data-testid="progress-count"
        >
          {done} of {total} done
        </span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          started {shortDate(run.createdAt)}
        </span>
        <span className="ml-auto flex gap-2">
          {run.status === 'running' ? (
            <Button
              onClick={() => void cancel.run(() => api.call('eval.cancel', { runId: run.id }))}
              disabled={cancel.busy}
            >
              <StopIcon width={12} height={12} /> Cancel
            </Button>
          ) : (
            <a
              href={href('evals', run.suiteId, 'results', run.id)}
              className="text-xs font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400"
            >
              See the results
            </a>
          )}
        </span>
      </div>
      <ProgressBar
        label={`Progress of the run started ${shortDate(run.createdAt)}`}
        segments={[{ value: done, tone: run.status === 'failed' ? 'danger' : 'primary' }]}
        max={total}
        indeterminate={run.status === 'running' && total === 0}
      />
      {summary ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="run-summary-line">
          {summary.passed} passed, {summary.failed} failed, {summary.errors} errors — pass rate{' '}
          {percent(summary.passRate)}
        </p>
      ) : null}
      {run.error ? <p className="text-xs text-red-600 dark:text-red-400">{run.error}</p> : null}
      {cancel.error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          Could not cancel: {cancel.error}
        </p>
      ) : null}
    </div>
  );
}
