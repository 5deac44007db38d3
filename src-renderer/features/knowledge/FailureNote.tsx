import type { ReactNode } from 'react';
import { reasonLabel, retryAdvice, type FileFailure } from './failures';

/** A typed failure: its reason as a badge, the message and what to do; optional actions right. */
export function FailureNote({
  failure,
  actions,
  advice = false,
}: {
  failure: FileFailure;
  actions?: ReactNode;
  /** Add whether a retry can help. */
  advice?: boolean;
}) {
  return (
    <div
      className="mt-1 flex items-start gap-2 text-xs"
      data-testid="failure"
      data-reason={failure.reason}
    >
      <span className="shrink-0 rounded bg-red-50 px-1.5 py-px font-medium text-red-700 dark:bg-red-950/60 dark:text-red-300">
        {reasonLabel(failure.reason)}
      </span>
      <div className="min-w-0 flex-1 text-zinc-600 dark:text-zinc-400">
        <p className="break-words">{failure.message}</p>
        {failure.hint || advice ? (
          <p className="text-zinc-500 dark:text-zinc-500">
            {[failure.hint, advice ? retryAdvice(failure.reason) : ''].filter(Boolean).join(' ')}
          </p>
        ) : null}
      </div>
      {actions ? <div className="flex shrink-0 gap-1">{actions}</div> : null}
    </div>
  );
}
