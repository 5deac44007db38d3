import type { IngestItemStatus, IngestJobStatus } from '@shared/api/ingest';
import type { KbDocument } from '@shared/api/knowledge';
import { StatusDot, type StatusLook } from '../../ui/StatusDot';

export type AnyStatus = KbDocument['status'] | IngestItemStatus | IngestJobStatus;

const meta: Record<AnyStatus, StatusLook> = {
  pending: { label: 'Queued', dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
  running: {
    label: 'Ingesting…',
    dot: 'bg-sky-500 animate-pulse',
    text: 'text-sky-700 dark:text-sky-300',
  },
  ready: { label: 'Ready', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400' },
  done: { label: 'Done', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400' },
  skipped: {
    label: 'Unchanged',
    dot: 'bg-zinc-300 dark:bg-zinc-600',
    text: 'text-zinc-500 dark:text-zinc-400',
  },
  removed: { label: 'Removed', dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
  failed: { label: 'Failed', dot: 'bg-red-500', text: 'text-red-700 dark:text-red-400' },
  cancelled: {
    label: 'Cancelled',
    dot: 'border border-zinc-400',
    text: 'text-zinc-500 dark:text-zinc-400',
  },
};

/** A dot and a word for the state of a document, a file being ingested, or a job. */
export function StatusPill({
  status,
  label,
  className,
}: {
  status: AnyStatus;
  /** Replaces the usual word (e.g. the failure reason). */
  label?: string;
  className?: string;
}) {
  return <StatusDot status={status} look={meta[status]} label={label} className={className} />;
}
