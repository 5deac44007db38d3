import type { RunStatus } from '@shared/entities/run';
import { StatusDot, type StatusLook } from '../../ui/StatusDot';

export const runStatusMeta: Record<RunStatus, StatusLook> = {
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
  return (
    <StatusDot
      status={status}
      look={runStatusMeta[status]}
      compact={compact}
      testId="run-status"
      className={className}
    />
  );
}
