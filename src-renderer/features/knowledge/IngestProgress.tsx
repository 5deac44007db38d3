import { useEffect, useMemo, useState } from 'react';
import type { IngestSource } from '@shared/api/ingest';
import { useReconnected } from '../../api/connection';
import { toAppError } from '../../api/core';
import { useAction } from '../../api/use-action';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { FailureNote } from './FailureNote';
import { displayPath, fileName, plural } from './format';
import {
  isFinal,
  jobsOf,
  settledCount,
  useIngest,
  type FileProgress,
  type JobProgress,
} from './ingest-store';
import { StatusPill } from './StatusPill';
import { UploadCard } from './UploadCard';

const sourceLabels: Record<IngestSource, string> = {
  manual: 'Adding documents',
  watch: 'Watched folder',
  reindex: 'Re-index',
  retry: 'Retry',
};

/** How many finished jobs stay in view (newest first). */
const KEEP_FINISHED = 3;
/** How many files of a job are listed; the rest are counted. */
const SHOW_FILES = 50;

/**
 * Live progress of a knowledge base's uploads (bytes sent, file by file) and ingestion jobs (file by
 * file, with typed errors and retry).
 */
export function IngestProgress({ kbId }: { kbId: string }) {
  const all = useIngest((s) => s.jobs);
  const dismissed = useIngest((s) => s.dismissed);
  const allUploads = useIngest((s) => s.uploads);
  const loadJobs = useIngest((s) => s.loadJobs);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    loadJobs(kbId).catch((e: unknown) => setError(toAppError(e).message));
  };
  useEffect(load, [kbId, loadJobs]);
  useReconnected(load);

  const jobs = useMemo(() => {
    const list = jobsOf(all, kbId).filter((j) => !dismissed[j.id]);
    const finished = list.filter((j) => isFinal(j.status)).slice(0, KEEP_FINISHED);
    return list.filter((j) => !isFinal(j.status) || finished.includes(j));
  }, [all, dismissed, kbId]);

  const uploads = useMemo(
    () => Object.values(allUploads).filter((u) => u.kbId === kbId),
    [allUploads, kbId],
  );

  if (!jobs.length && !uploads.length && !error) return null;
  return (
    <section aria-label="Ingestion" className="space-y-2">
      {error ? <Banner tone="error">Could not load the ingestion jobs: {error}</Banner> : null}
      {uploads.map((upload) => (
        <UploadCard key={upload.id} upload={upload} />
      ))}
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} />
      ))}
    </section>
  );
}

function JobCard({ job }: { job: JobProgress }) {
  const cancelJob = useIngest((s) => s.cancelJob);
  const retryJob = useIngest((s) => s.retryJob);
  const retryDocument = useIngest((s) => s.retryDocument);
  const dismiss = useIngest((s) => s.dismiss);
  const loadFiles = useIngest((s) => s.loadFiles);
  const { busy, error, run } = useAction();

  const { counts } = job;
  const final = isFinal(job.status);
  // Events name files as they finish: once the folders are scanned, list the queued ones too.
  const unlisted = !final && counts.total > job.files.length;
  useEffect(() => {
    if (unlisted) void loadFiles(job.id).catch(() => undefined);
  }, [unlisted, counts.total, job.id, loadFiles]);
  const scanning = !final && counts.total === 0;
  const summary = [
    scanning ? 'Finding files…' : `${settledCount(counts)} of ${plural(counts.total, 'file')}`,
    counts.failed ? `${counts.failed} failed` : '',
    counts.skipped ? `${counts.skipped} unchanged` : '',
    plural(counts.chunks, 'chunk'),
  ].filter(Boolean);
  const files = job.files;

  return (
    <div
      className="rounded-md border border-zinc-200 dark:border-zinc-800"
      data-testid="ingest-job"
      data-job-id={job.id}
      data-status={job.status}
    >
      <div className="space-y-1.5 px-3 py-2">
        <div className="flex items-center justify-between gap-2">
          <div className="flex min-w-0 items-center gap-2">
            <span className="text-[13px] font-medium">{sourceLabels[job.source ?? 'manual']}</span>
            <StatusPill
              status={job.status}
              label={job.status === 'running' ? 'Running' : undefined}
            />
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <span
              className="mr-1 text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
              data-testid="ingest-summary"
            >
              {summary.join(' · ')}
            </span>
            {!final ? (
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() => void run(() => cancelJob(job.id))}
              >
                Cancel
              </Button>
            ) : null}
            {final && (counts.failed || counts.cancelled) ? (
              <Button disabled={busy} onClick={() => void run(() => retryJob(job.id))}>
                Retry failed
              </Button>
            ) : null}
            {final ? (
              <Button variant="ghost" onClick={() => dismiss(job.id)}>
                Dismiss
              </Button>
            ) : null}
          </div>
        </div>
        <ProgressBar
          label={`${sourceLabels[job.source ?? 'manual']}: ${summary[0]}`}
          indeterminate={scanning}
          max={counts.total}
          segments={[
            { value: counts.done, tone: 'primary' },
            { value: counts.skipped, tone: 'muted' },
            { value: counts.failed, tone: 'danger' },
            { value: counts.cancelled, tone: 'muted' },
          ]}
        />
        {error ? <Banner tone="error">{error}</Banner> : null}
      </div>
      {files.length || job.currentFile ? (
        <ul className="max-h-72 divide-y divide-zinc-100 overflow-y-auto border-t border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
          {job.currentFile && !files.some((f) => f.path === job.currentFile) ? (
            <FileRow
              kbId={job.kbId}
              file={{
                path: job.currentFile,
                status: 'running',
                documentId: null,
                chunks: 0,
                error: null,
                seq: 0,
              }}
            />
          ) : null}
          {files.slice(0, SHOW_FILES).map((file) => (
            <FileRow
              key={file.path}
              kbId={job.kbId}
              file={
                file.path === job.currentFile && file.status === 'pending'
                  ? { ...file, status: 'running' }
                  : file
              }
              onRetry={
                file.status === 'failed'
                  ? () =>
                      void run(() =>
                        file.documentId ? retryDocument(file.documentId) : retryJob(job.id),
                      )
                  : undefined
              }
              busy={busy}
            />
          ))}
          {files.length > SHOW_FILES ? (
            <li className="px-3 py-1.5 text-xs text-zinc-500">
              and {plural(files.length - SHOW_FILES, 'more file')}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

function FileRow({
  kbId,
  file,
  onRetry,
  busy,
}: {
  kbId: string;
  file: FileProgress;
  onRetry?: (() => void) | undefined;
  busy?: boolean;
}) {
  return (
    <li
      className="px-3 py-1.5"
      data-testid="ingest-file"
      data-status={file.status}
      data-path={file.path}
    >
      <div className="flex items-center justify-between gap-3">
        <span className="min-w-0 truncate text-xs" title={file.path}>
          <span className="font-medium text-zinc-800 dark:text-zinc-200">
            {fileName(file.path)}
          </span>{' '}
          <span className="font-mono text-[11px] text-zinc-400">
            {displayPath(file.path, kbId)}
          </span>
        </span>
        <span className="flex shrink-0 items-center gap-3">
          {file.chunks ? (
            <span className="text-xs text-zinc-500 tabular-nums">
              {plural(file.chunks, 'chunk')}
            </span>
          ) : null}
          <StatusPill status={file.status} />
        </span>
      </div>
      {file.error ? (
        <FailureNote
          failure={file.error}
          advice
          actions={
            onRetry ? (
              <Button variant="ghost" disabled={busy} onClick={onRetry}>
                Retry
              </Button>
            ) : null
          }
        />
      ) : null}
    </li>
  );
}
