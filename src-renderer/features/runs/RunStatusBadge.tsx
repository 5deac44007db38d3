import type { RunStatus } from '@shared/entities/run';
import { cx } from '../../ui/cx';

export const runStatusMeta: Record<RunStatus, { label: string; dot: string; text: string }> = {
  running: {
    label: 'Running',
    dot: 'bg-sky-500 animate-pulse',
    text: 'text-sky-700 dark:text-sky-300',
  },
  waiting_approval: {
    label: 'Waiting for approval',
    dot: 'bg-amber-500 animate-pulse',
    text: 'text-amber-700 dark:text-amber-300',
  },
  succeeded: {
    label: 'Succeeded',
    dot: 'bg-emerald-500',
    text: 'text-emerald-700 dark:text-emerald-400',
  },
  failed: { label: 'Failed', dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  cancelled: { label: 'Cancelled', dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
  interrupted: {
    label: 'Interrupted',
    dot: 'bg-amber-500',
    text: 'text-amber-700 dark:text-amber-300',
  },
  max_steps: {
    label: 'Step limit reached',
    dot: 'bg-amber-500',
    text: 'text-amber-700 dark:text-amber-300',
  },
};

/** A run's status as a dot and a word. */
export function RunStatusBadge({
  status,
  className,
  compact = false,
}: {
  status: RunStatus;
  className?: string;
  /** Only the dot (the word becomes its title). */
  compact?: boolean;
}) {
  const meta = runStatusMeta[status];
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1.5 text-xs font-medium whitespace-nowrap',
        meta.text,
        className,
      )}
      data-testid="run-status"
      data-status={status}
      title={compact ? meta.label : undefined}
    >
      <span className={cx('size-2 shrink-0 rounded-full', meta.dot)} aria-hidden="true" />
      {compact ? <span className="sr-only">{meta.label}</span> : meta.label}
    </span>
  );
}
