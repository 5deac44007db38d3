import { Button } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { FailureNote } from './FailureNote';
import { fileName, formatBytes, plural } from './format';
import { useIngest, type UploadFileProgress, type UploadProgress } from './ingest-store';
import { StatusPill } from './StatusPill';

/** How many files of an upload are listed; the rest are counted. */
const SHOW_FILES = 50;

function fileState(file: UploadFileProgress, failed: boolean) {
  if (file.skipped) return { status: 'skipped' as const, label: 'Skipped', state: 'skipped' };
  if (file.sent >= file.bytes && (file.sent > 0 || !failed))
    return { status: 'done' as const, label: 'Uploaded', state: 'uploaded' };
  if (failed) return { status: 'cancelled' as const, label: 'Not sent', state: 'failed' };
  if (file.sent > 0) return { status: 'running' as const, label: 'Uploading…', state: 'uploading' };
  return { status: 'pending' as const, label: 'Waiting', state: 'pending' };
}

/** Files whose bytes are being sent, each with how much of it has arrived; then the job takes over. */
export function UploadCard({ upload }: { upload: UploadProgress }) {
  const cancelUpload = useIngest((s) => s.cancelUpload);
  const dismissUpload = useIngest((s) => s.dismissUpload);
  const failed = upload.status === 'failed';
  const sent = upload.files.filter((f) => !f.skipped);
  const total = sent.reduce((n, f) => n + f.bytes, 0);
  const received = sent.reduce((n, f) => n + f.sent, 0);
  const whole = sent.filter((f) => f.sent >= f.bytes).length;
  const summary = `${whole} of ${plural(sent.length, 'file')} · ${formatBytes(received)} of ${formatBytes(total)}`;

  return (
    <div
      className="rounded-md border border-zinc-200 dark:border-zinc-800"
      data-testid="upload"
      data-status={upload.status}
    >
      <div className="space-y-1.5 px-3 py-2">
        <div className="flex items-center justify-between gap-2">
          <div className="flex min-w-0 items-center gap-2">
            <span className="text-[13px] font-medium">Uploading documents</span>
            <StatusPill
              status={failed ? 'failed' : 'running'}
              label={failed ? 'Failed' : 'Sending…'}
            />
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <span
              className="mr-1 text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
              data-testid="upload-summary"
            >
              {summary}
            </span>
            {failed ? (
              <Button variant="ghost" onClick={() => dismissUpload(upload.id)}>
                Dismiss
              </Button>
            ) : (
              <Button variant="ghost" onClick={() => cancelUpload(upload.id)}>
                Cancel
              </Button>
            )}
          </div>
        </div>
        <ProgressBar
          label={`Uploading: ${summary}`}
          max={total}
          segments={[{ value: received, tone: failed ? 'danger' : 'primary' }]}
        />
        {upload.error ? <FailureNote failure={upload.error} /> : null}
      </div>
      <ul className="max-h-72 divide-y divide-zinc-100 overflow-y-auto border-t border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
        {upload.files.slice(0, SHOW_FILES).map((file) => {
          const { status, label, state } = fileState(file, failed);
          return (
            <li
              key={file.relativePath}
              className="flex items-center justify-between gap-3 px-3 py-1.5"
              data-testid="upload-file"
              data-path={file.relativePath}
              data-status={state}
            >
              <span className="min-w-0 truncate text-xs" title={file.relativePath}>
                <span className="font-medium text-zinc-800 dark:text-zinc-200">
                  {fileName(file.relativePath)}
                </span>{' '}
                <span className="font-mono text-[11px] text-zinc-400">{file.relativePath}</span>
              </span>
              <span className="flex shrink-0 items-center gap-3">
                <span className="text-xs text-zinc-500 tabular-nums">
                  {file.skipped
                    ? formatBytes(file.bytes)
                    : `${formatBytes(file.sent)} of ${formatBytes(file.bytes)}`}
                </span>
                <StatusPill status={status} label={label} />
              </span>
            </li>
          );
        })}
        {upload.files.length > SHOW_FILES ? (
          <li className="px-3 py-1.5 text-xs text-zinc-500">
            and {plural(upload.files.length - SHOW_FILES, 'more file')}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
