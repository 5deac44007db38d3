import type { IngestItemStatus, IngestJobStatus } from '@shared/api/ingest';
import type { KbDocument } from '@shared/api/knowledge';
import { StatusDot, statusTones, type StatusLook } from '../../ui/StatusDot';

export type AnyStatus = KbDocument['status'] | IngestItemStatus | IngestJobStatus;

const meta: Record<AnyStatus, StatusLook> = {
  pending: { label: 'Queued', ...statusTones.idle },
  running: { label: 'Ingesting…', ...statusTones.going },
  ready: { label: 'Ready', ...statusTones.good },
  done: { label: 'Done', ...statusTones.good },
  skipped: { label: 'Unchanged', ...statusTones.faint },
  removed: { label: 'Removed', ...statusTones.idle },
  failed: { label: 'Failed', ...statusTones.bad },
  cancelled: { label: 'Cancelled', ...statusTones.idle, dot: 'border border-zinc-400' },
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
