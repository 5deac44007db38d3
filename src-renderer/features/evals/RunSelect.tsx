import type { EvalRun } from '@shared/entities/eval';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { percent, shortDate } from './format';

/** "3 May, 14:02 — 80% (Parrot@1, Parrot@2)" */
export function runLabel(run: EvalRun): string {
  const rate = run.summary ? percent(run.summary.passRate) : run.status;
  const targets = run.targets.map((t) => t.label).join(', ');
  return `${shortDate(run.createdAt)} — ${rate}${targets ? ` (${targets})` : ''}`;
}

/** A labelled choice of one of the suite's runs. */
export function RunSelect({
  id,
  label,
  runs,
  value,
  onChange,
  className,
}: {
  id: string;
  label: string;
  runs: readonly EvalRun[];
  value: string;
  onChange: (runId: string) => void;
  className?: string;
}) {
  return (
    <div className={cx('space-y-1', className)}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <select
        id={id}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {!value ? <option value="">Choose a run…</option> : null}
        {runs.map((run) => (
          <option key={run.id} value={run.id}>
            {runLabel(run)}
          </option>
        ))}
      </select>
    </div>
  );
}
