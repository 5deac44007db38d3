import { IngestFailureReason } from '@shared/api/ingest';

/** Why a file was not ingested, as the engine reports it or as the page found before sending. */
export interface FileFailure {
  reason: string;
  code: string;
  message: string;
  hint?: string | undefined;
}

const labels: Record<IngestFailureReason, string> = {
  encrypted: 'Encrypted',
  corrupt: 'Corrupt',
  too_large: 'Too large',
  timeout: 'Timed out',
  unsupported: 'Unsupported format',
  binary: 'Binary file',
  empty: 'Empty',
  zip_bomb: 'Zip bomb',
  too_deep: 'Nested too deep',
  unreadable: 'Unreadable',
  cancelled: 'Cancelled',
  missing: 'File missing',
  embedding: 'Embedding failed',
  storage: 'Storage failed',
  internal: 'Internal error',
};

/** Reasons a retry of the same file cannot fix (the file itself has to change). */
const permanent = new Set<string>([
  'encrypted',
  'corrupt',
  'too_large',
  'unsupported',
  'binary',
  'empty',
  'zip_bomb',
  'too_deep',
]);

/** Reasons the page itself gives, before or while sending a file's bytes. */
export const PAGE_REASONS = {
  /** The file's name or path inside the drop cannot be kept on the server. */
  invalid_name: 'Invalid name',
  /** Two dropped files would land in the same place. */
  duplicate_name: 'Same name twice',
  /** Sending the bytes failed (see the message). */
  upload_failed: 'Upload failed',
} as const;
export type PageReason = keyof typeof PAGE_REASONS;

/** A short label for a failure reason ("Zip bomb"); unknown reasons are shown as given. */
export function reasonLabel(reason: string | undefined): string {
  if (!reason) return 'Failed';
  if (Object.hasOwn(PAGE_REASONS, reason)) return PAGE_REASONS[reason as PageReason];
  const known = IngestFailureReason.safeParse(reason);
  return known.success ? labels[known.data] : reason.replace(/_/g, ' ');
}

/** What to tell the user beside a retry button. */
export function retryAdvice(reason: string | undefined): string {
  return reason && permanent.has(reason)
    ? 'Fix or replace the file, then retry.'
    : 'This may have been temporary: retry.';
}
