import type { RunStatus } from '@shared/entities/run';
import { StatusDot, statusTones, type StatusLook } from '../../ui/StatusDot';

export const runStatusMeta: Record<RunStatus, StatusLook> = {
  running: { label: 'Running', ...statusTones.going },
  waiting_approval: {
    label: 'Waiting for approval',
    ...statusTones.warning,
    dot: 'bg-amber-500 animate-pulse',
  },
  succeeded: { label: 'Succeeded', ...statusTones.good },
  failed: { label: 'Failed', ...statusTones.bad },
  cancelled: { label: 'Cancelled', ...statusTones.idle },
  interrupted: { label: 'Interrupted', ...statusTones.warning },
  max_steps: { label: 'Step limit reached', ...statusTones.warning },
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
